#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <QJsonObject>
#include <QString>

namespace countersign {

// A sentence for the counter (why a check failed, what the agent must bring), kept as an English template
// with %1..%n and its arguments, so the kiosk can show it in the operator's language while countersignctl,
// the logs and the audit trail keep the English.
//
// Templates are written where the phrase is built, marked for lupdate as QT_TRANSLATE_NOOP("Reason", "…"),
// and translated in the "Reason" context of qml/i18n/*.ts. An argument is either text shown as it is in every
// language (numbers, dates, codes, names, anything a person typed) or a phrase of its own, translated first.
class Phrase {
public:
    // The translation context of every template.
    static constexpr const char* kContext = "Reason";

    // No phrase: english() is empty.
    Phrase() = default;
    // `englishTemplate` must be a literal marked QT_TRANSLATE_NOOP("Reason", …): other text is never
    // translated (use verbatim() for that, which says so).
    explicit Phrase(std::string englishTemplate);

    // Text from elsewhere (an exception's what(), a database message) shown as it is in every language.
    static Phrase verbatim(std::string text);
    // A stored word (a state, a method code) that is its own English: the phrase of that word when it is one
    // of `marked` (each marked QT_TRANSLATE_NOOP("Reason", …)), else the word verbatim.
    static Phrase word(const std::string& text, std::initializer_list<const char*> marked);
    // The parts one after another, separated by "; " in English (QT_TRANSLATE_NOOP("Reason", "%1; %2")).
    // Empty parts are left out; no parts give an empty phrase.
    static Phrase joined(const std::vector<Phrase>& parts);

    // This phrase with its next placeholder filled. Unlike QString::arg, placeholders are filled by number in
    // one pass when the phrase is shown, so a "%1" inside an argument is never replaced again.
    Phrase arg(std::string text) const&;
    Phrase arg(std::string text) &&;
    Phrase arg(const char* text) const& { return arg(std::string(text)); }
    Phrase arg(const char* text) && { return std::move(*this).arg(std::string(text)); }
    template <typename Int,
              typename = std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool> &&
                                          !std::is_same_v<Int, char>>>
    Phrase arg(Int number) const& {
        return arg(std::to_string(number));
    }
    template <typename Int,
              typename = std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool> &&
                                          !std::is_same_v<Int, char>>>
    Phrase arg(Int number) && {
        return std::move(*this).arg(std::to_string(number));
    }
    Phrase arg(Phrase nested) const&;
    Phrase arg(Phrase nested) &&;

    bool empty() const { return m_template.empty(); }
    const std::string& englishTemplate() const { return m_template; }

    // The sentence in English, the language the templates are written in.
    std::string english() const;
    // The sentence in the language of the translators installed in QCoreApplication (English when none).
    QString translated() const;
    // {"template": "…", "args": [{"text": "…"} | {"phrase": {…}}]}: what the kiosk translates with
    // qsTranslate("Reason", template) (qml/CheckList.qml).
    QJsonObject toJson() const;

private:
    struct Arg {
        std::string text;
        std::shared_ptr<const Phrase> phrase; // set: a nested phrase, `text` unused
    };
    std::string m_template;
    std::vector<Arg> m_args;
};

} // namespace countersign
