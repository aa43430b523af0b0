#pragma once

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace countersign {
struct IdCheck;
}

namespace countersign::qml {

/// The identifier checks of DESIGN §3.4 as the operator types, for ValidatedField: each returns "" when the
/// text passes, else one short translated sentence pointing at the mistake. A check character that is wrong
/// is reported without the right one, so that nobody "fixes" a typo elsewhere by changing the last character.
/// Stateless: the engine makes it, as the QML singleton `Validators`.
class Validators : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

public:
    using QObject::QObject;

    /// A Unified Social Credit Code (18 characters, GB 32100-2015).
    Q_INVOKABLE QString usccProblem(const QString& text) const;
    /// A resident ID number (GB 11643-1999); the birth date must be a real day, not after today.
    Q_INVOKABLE QString residentIdProblem(const QString& text) const;
    /// A date written YYYY-MM-DD.
    Q_INVOKABLE QString dateProblem(const QString& text) const;
    /// The company ID on an authorization letter: a USCC or a 15/20-character legacy taxpayer ID.
    Q_INVOKABLE QString taxpayerIdProblem(const QString& text) const;

    /// The sentence for a failed identifier check ("" when it passed).
    static QString describe(const IdCheck& check);
};

} // namespace countersign::qml
