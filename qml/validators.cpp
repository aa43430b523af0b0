#include "qml/validators.h"

#include <string>

#include <QRegularExpression>

#include "backend/identifiers/date.h"
#include "backend/identifiers/idcheck.h"
#include "backend/identifiers/residentid.h"
#include "backend/identifiers/taxpayerid.h"
#include "backend/identifiers/uscc.h"

namespace countersign::qml {

namespace {

// The offending character as typed. Everything before it is ASCII (the checks stop at the first character
// that is not a letter or digit), so the 1-based position counts characters.
QString characterAt(const QString& normalised, int position) {
    if (position < 1 || position > normalised.size())
        return {};
    const int start = position - 1;
    const bool pair = normalised.at(start).isHighSurrogate() && start + 1 < normalised.size();
    return normalised.mid(start, pair ? 2 : 1);
}

// The backend reports a wrong length before a character the code can never hold. While the operator types,
// the length is only "not yet", so a character that can't be there is the more useful news and comes first.
// `allowed(c, position)` says whether character `c` may stand at 1-based `position`.
template <typename Allowed> IdCheck characterFirst(IdCheck check, Allowed allowed) {
    if (check.error != IdError::Length)
        return check;
    for (std::size_t i = 0; i < check.normalised.size(); ++i) {
        if (!allowed(check.normalised[i], static_cast<int>(i) + 1)) {
            check.error = IdError::Character;
            check.position = static_cast<int>(i) + 1;
            check.expected.clear();
            break;
        }
    }
    return check;
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

} // namespace

QString Validators::describe(const IdCheck& check) {
    const QString normalised = QString::fromStdString(check.normalised);
    switch (check.error) {
    case IdError::None:
        return {};
    case IdError::Empty:
        return tr("Nothing entered yet");
    case IdError::Length:
        if (check.expected.find(',') == std::string::npos &&
            check.expected.find(" or ") == std::string::npos &&
            normalised.size() > QString::fromStdString(check.expected).toInt())
            //: %1: the length of the identifier, e.g. 18; %2: how many characters were typed
            return tr("Too long: %1 characters, not %2")
                .arg(QString::fromStdString(check.expected))
                .arg(normalised.size());
        //: %1: the allowed lengths, e.g. "18" or "15, 18 or 20"; %2: how many were typed
        return tr("%1 characters needed (%2 so far)")
            .arg(QString::fromStdString(check.expected).replace(QLatin1String(" or "), tr(" or ")))
            .arg(normalised.size());
    case IdError::Character:
        return tr("Character %1 (“%2”) is not allowed here")
            .arg(check.position)
            .arg(characterAt(normalised, check.position));
    case IdError::CheckCharacter:
        return tr("The check character is wrong: a character was probably mistyped");
    case IdError::BirthDate:
    case IdError::BirthDateInFuture:
    case IdError::BirthDateBefore1900: {
        const QString digits = normalised.mid(check.position > 0 ? check.position - 1 : 0, 8);
        const QString shown =
            digits.size() == 8 ? digits.left(4) + u'-' + digits.mid(4, 2) + u'-' + digits.mid(6, 2) : digits;
        if (check.error == IdError::BirthDate)
            return tr("The birth date %1 in it is not a real day").arg(shown);
        if (check.error == IdError::BirthDateInFuture)
            return tr("The birth date %1 in it lies in the future").arg(shown);
        return tr("The birth date %1 in it lies before 1900").arg(shown);
    }
    }
    return tr("Not valid");
}

QString Validators::usccProblem(const QString& text) const {
    static const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    return describe(characterFirst(checkUscc(text.toStdString()),
                                   [](char c, int) { return alphabet.find(c) != std::string::npos; }));
}

QString Validators::residentIdProblem(const QString& text) const {
    return describe(
        characterFirst(checkResidentId(text.toStdString(), Date::today()),
                       [](char c, int position) { return isDigit(c) || (position == 18 && c == 'X'); }));
}

QString Validators::taxpayerIdProblem(const QString& text) const {
    return describe(checkTaxpayerId(text.toStdString(), Date::today()));
}

QString Validators::dateProblem(const QString& text) const {
    const QString t = text.trimmed();
    if (t.isEmpty())
        return tr("Nothing entered yet");
    static const QRegularExpression shape(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    if (!shape.match(t).hasMatch())
        return tr("Write the date as YYYY-MM-DD");
    if (!Date::parse(t.toStdString()))
        return tr("There is no such day");
    return {};
}

} // namespace countersign::qml
