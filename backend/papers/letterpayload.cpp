#include "backend/papers/letterpayload.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QString>

namespace countersign::papers {

std::optional<AssistanceLetter> readLetterPayload(const QJsonObject& obj, std::vector<Phrase>& problems) {
    const size_t before = problems.size();
    AssistanceLetter letter;
    // `ofAgent`: the key is one of the "agent" object's.
    auto text = [&](const QJsonObject& o, const char* key, bool ofAgent = false) -> std::string {
        const QJsonValue v = o.value(key);
        if (!v.isString() || v.toString().trimmed().isEmpty()) {
            problems.push_back(Phrase(ofAgent
                                          ? QT_TRANSLATE_NOOP("Reason", "agent's \"%1\" is missing or empty")
                                          : QT_TRANSLATE_NOOP("Reason", "\"%1\" is missing or empty"))
                                   .arg(key));
            return {};
        }
        return v.toString().toStdString();
    };
    auto date = [&](const char* key) -> Date {
        const std::string s = text(obj, key);
        if (s.empty())
            return {};
        const auto d = Date::parse(s);
        if (!d)
            problems.push_back(
                Phrase(QT_TRANSLATE_NOOP("Reason", "\"%1\" is not a date (YYYY-MM-DD): %2")).arg(key).arg(s));
        return d.value_or(Date{});
    };

    const QJsonValue ver = obj.value("ver");
    if (!ver.isDouble() || ver.toDouble() != 1.0)
        problems.push_back(Phrase(QT_TRANSLATE_NOOP(
            "Reason", "the letter's version (\"ver\") is not 1, the only version this counter reads")));
    letter.ver = 1;
    letter.no = text(obj, "no");
    letter.office = text(obj, "office");
    letter.officeName = text(obj, "officeName");
    letter.uscc = text(obj, "uscc");
    letter.org = text(obj, "org");
    const QJsonValue agent = obj.value("agent");
    if (!agent.isObject()) {
        problems.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "\"agent\" is missing or not an object")));
    } else {
        letter.agentName = text(agent.toObject(), "name", true);
        letter.agentIdNo = text(agent.toObject(), "idNo", true);
    }
    letter.issued = date("issued");
    letter.expires = date("expires");
    const QJsonValue biz = obj.value("biz");
    bool bizGood = biz.isArray();
    for (const QJsonValue& item : biz.toArray()) {
        bizGood = bizGood && item.isString();
        letter.biz.push_back(item.toString().toStdString());
    }
    if (!bizGood)
        problems.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "\"biz\" is missing or not a list of texts")));
    if (problems.size() != before)
        return std::nullopt;
    return letter;
}

} // namespace countersign::papers
