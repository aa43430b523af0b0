#include "backend/papers/letterjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace countersign::papers {

namespace {

QJsonObject objectOf(const std::string& json) {
    QJsonParseError error{};
    const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error);
    if (!doc.isObject())
        throw LetterJsonError(doc.isNull() ? "not JSON: " + error.errorString().toStdString()
                                           : std::string("not a JSON object"));
    return doc.object();
}

/// A text field; absent or null reads as "".
std::string textField(const QJsonObject& o, const char* key) {
    const auto v = o.value(QLatin1String(key));
    if (!v.isUndefined() && !v.isNull() && !v.isString())
        throw LetterJsonError(std::string("the letter's ") + key + " must be text");
    return v.toString().toStdString();
}

/// A date field; absent or "" reads as no date.
Date dateField(const QJsonObject& o, const char* key) {
    const auto text = textField(o, key);
    if (text.empty())
        return {};
    const auto d = Date::parse(text);
    if (!d)
        throw LetterJsonError(std::string("the letter's ") + key + " is not a date YYYY-MM-DD: " + text);
    return *d;
}

QJsonArray arrayField(const QJsonObject& o, const char* key) {
    const auto v = o.value(QLatin1String(key));
    if (!v.isUndefined() && !v.isNull() && !v.isArray())
        throw LetterJsonError(std::string("the letter's ") + key + " must be a list");
    return v.toArray();
}

} // namespace

AuthorizationLetter authorizationLetterFromJson(const std::string& json) {
    const QJsonObject o = objectOf(json);
    AuthorizationLetter l;
    l.companyName = textField(o, "company_name");
    l.companyId = textField(o, "company_id");
    l.agentName = textField(o, "agent_name");
    l.agentIdNo = textField(o, "agent_id");
    l.agentMobile = textField(o, "agent_mobile");
    for (const auto& b : arrayField(o, "business")) {
        const auto code = b.toString().toUpper();
        if (code == QLatin1String("REPLACE") || b.toString() == QStringLiteral("补办"))
            l.replaceTicked = true;
        else if (code == QLatin1String("UNLOCK") || b.toString() == QStringLiteral("解锁"))
            l.unlockTicked = true;
        else
            throw LetterJsonError("the letter's business types are REPLACE (补办) and UNLOCK (解锁), not " +
                                  b.toString().toStdString());
    }
    l.validFrom = dateField(o, "valid_from");
    l.validTo = dateField(o, "valid_to");
    l.letterDate = dateField(o, "date");
    const auto seal = o.value(QStringLiteral("seal_confirmed"));
    if (!seal.isUndefined() && !seal.isNull() && !seal.isBool())
        throw LetterJsonError("the letter's seal_confirmed must be true or false");
    l.sealConfirmed = seal.toBool();
    return l;
}

AssistanceLetter handEnteredLetterFromJson(const std::string& json) {
    const QJsonObject o = objectOf(json);
    AssistanceLetter l;
    l.no = textField(o, "no");
    l.office = textField(o, "office");
    l.officeName = textField(o, "officeName");
    l.uscc = textField(o, "uscc");
    l.org = textField(o, "org");
    const auto agentValue = o.value(QStringLiteral("agent"));
    if (!agentValue.isUndefined() && !agentValue.isNull() && !agentValue.isObject())
        throw LetterJsonError("the letter's agent must be an object {name, idNo}");
    const auto agent = agentValue.toObject();
    l.agentName = textField(agent, "name");
    l.agentIdNo = textField(agent, "idNo");
    l.issued = dateField(o, "issued");
    l.expires = dateField(o, "expires");
    for (const auto& b : arrayField(o, "biz")) {
        if (!b.isString())
            throw LetterJsonError("the letter's biz must be a list of business codes");
        l.biz.push_back(b.toString().toStdString());
    }
    return l;
}

} // namespace countersign::papers
