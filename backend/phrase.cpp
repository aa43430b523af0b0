#include "backend/phrase.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace countersign {

namespace {

int digitValue(char c) {
    return c >= '0' && c <= '9' ? c - '0' : -1;
}
int digitValue(QChar c) {
    return c.unicode() >= u'0' && c.unicode() <= u'9' ? c.unicode() - u'0' : -1;
}
bool isPercent(char c) {
    return c == '%';
}
bool isPercent(QChar c) {
    return c.unicode() == u'%';
}

// Replaces %1..%99 in `text` by `args` in one pass (as QString::arg(a1, a2, …) does): placeholders beyond the
// arguments, and a '%' not followed by a digit, stay as they are. Works on std::string (English, byte for
// byte as built) and on QString (a translation).
template <typename Text> Text substitute(const Text& text, const std::vector<Text>& args) {
    const int count = static_cast<int>(args.size());
    Text out;
    for (decltype(text.size()) i = 0; i < text.size(); ++i) {
        const int first = i + 1 < text.size() && isPercent(text[i]) ? digitValue(text[i + 1]) : -1;
        if (first > 0) {
            auto end = i + 2;
            int number = first;
            const int second = end < text.size() ? digitValue(text[end]) : -1;
            if (second >= 0 && number * 10 + second <= count) {
                number = number * 10 + second;
                ++end;
            }
            if (number <= count) {
                out += args[static_cast<std::size_t>(number - 1)];
                i = end - 1;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

} // namespace

Phrase::Phrase(std::string englishTemplate)
    : m_template(std::move(englishTemplate)) {}

Phrase Phrase::verbatim(std::string text) {
    // Not marked for lupdate on purpose: "%1" is the same in every language.
    return Phrase("%1").arg(std::move(text));
}

Phrase Phrase::word(const std::string& text, std::initializer_list<const char*> marked) {
    for (const char* known : marked)
        if (text == known)
            return Phrase(known);
    return verbatim(text);
}

Phrase Phrase::joined(const std::vector<Phrase>& parts) {
    Phrase out;
    for (const Phrase& part : parts) {
        if (part.empty())
            continue;
        out =
            out.empty() ? part : Phrase(QT_TRANSLATE_NOOP("Reason", "%1; %2")).arg(std::move(out)).arg(part);
    }
    return out;
}

Phrase Phrase::arg(std::string text) const& {
    return Phrase(*this).arg(std::move(text));
}

Phrase Phrase::arg(std::string text) && {
    m_args.push_back(Arg{std::move(text), nullptr});
    return std::move(*this);
}

Phrase Phrase::arg(Phrase nested) const& {
    return Phrase(*this).arg(std::move(nested));
}

Phrase Phrase::arg(Phrase nested) && {
    m_args.push_back(Arg{{}, std::make_shared<const Phrase>(std::move(nested))});
    return std::move(*this);
}

std::string Phrase::english() const {
    std::vector<std::string> args;
    args.reserve(m_args.size());
    for (const Arg& a : m_args)
        args.push_back(a.phrase ? a.phrase->english() : a.text);
    return substitute(m_template, args);
}

QString Phrase::translated() const {
    if (empty())
        return {};
    std::vector<QString> args;
    args.reserve(m_args.size());
    for (const Arg& a : m_args)
        args.push_back(a.phrase ? a.phrase->translated() : QString::fromStdString(a.text));
    return substitute(QCoreApplication::translate(kContext, m_template.c_str()), args);
}

QJsonObject Phrase::toJson() const {
    QJsonArray args;
    for (const Arg& a : m_args) {
        if (a.phrase)
            args.append(QJsonObject{{QStringLiteral("phrase"), a.phrase->toJson()}});
        else
            args.append(QJsonObject{{QStringLiteral("text"), QString::fromStdString(a.text)}});
    }
    return {{QStringLiteral("template"), QString::fromStdString(m_template)}, {QStringLiteral("args"), args}};
}

} // namespace countersign
