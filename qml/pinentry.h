#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QtQml/QQmlParserStatus>
#include <QtQml/qqmlregistration.h>

#include "backend/counter/secrets.h"
#include "qml/workstation.h"

namespace countersign::qml {

/// The digits of one PIN as the agent types them on the PIN pad, checked against the PIN policy as they
/// come. The digits live in a wiped Secret only: QML sees the length and the policy's verdict, never the
/// digits, and the controller moves the secret out with takeSecret() to hand it to the token worker. The
/// policy is the workstation's ([pin]), found among the engine's singletons once QML has made the entry;
/// PinPolicy{} before (and for an entry C++ makes without a workstation).
class PinEntry : public QObject, public QQmlParserStatus {
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_ELEMENT
    Q_PROPERTY(int length READ length NOTIFY changed)
    Q_PROPERTY(QString problem READ problem NOTIFY changed)
    Q_PROPERTY(bool acceptable READ acceptable NOTIFY changed)
    Q_PROPERTY(int minLength READ minLength NOTIFY changed)
    Q_PROPERTY(int maxLength READ maxLength NOTIFY changed)
    /// YYYYMMDD from the agent's ID number (residentIdBirthDate), or empty: a PIN made of it is refused.
    Q_PROPERTY(QString birthDate READ birthDate WRITE setBirthDate NOTIFY birthDateChanged)
    /// false: the entry is an existing PIN (login, unlock) and only its length is checked, because keys in
    /// use may carry PINs the current policy would refuse (the 1111 default PIN of some centres).
    Q_PROPERTY(bool newPin READ newPin WRITE setNewPin NOTIFY newPinChanged)
    /// Set: this entry repeats that one. It is acceptable only once it is as long as that one, that one
    /// passes the policy, and both hold the same digits; it is cleared whenever that one changes.
    Q_PROPERTY(
        countersign::qml::PinEntry* confirmOf READ confirmOf WRITE setConfirmOf NOTIFY confirmOfChanged)
    /// The PIN lengths the key in the writer takes (ulMinPinLen, ulMaxPinLen; 0: not known): they narrow the
    /// workstation's policy, so the pad stops at the key's maximum.
    Q_PROPERTY(int keyMinLength READ keyMinLength WRITE setKeyMinLength NOTIFY changed)
    Q_PROPERTY(int keyMaxLength READ keyMaxLength WRITE setKeyMaxLength NOTIFY changed)

public:
    explicit PinEntry(QObject* parent = nullptr);
    ~PinEntry() override;
    PinEntry(const PinEntry&) = delete;
    PinEntry& operator=(const PinEntry&) = delete;

    Workstation* workstation() const { return m_workstation; }
    /// Takes the workstation's PIN policy (componentComplete does, with the engine's Workstation).
    void setWorkstation(Workstation* workstation);

    void classBegin() override {}
    void componentComplete() override;

    int length() const { return static_cast<int>(m_digits.size()); }
    /// counter::pinProblemName of what is wrong now ("TooShort", "Ascending", "Mismatch" …), "" when
    /// acceptable.
    QString problem() const;
    bool acceptable() const { return problemCode() == counter::PinProblem::None; }
    counter::PinProblem problemCode() const;
    int minLength() const { return static_cast<int>(m_policy.minLength); }
    int maxLength() const { return static_cast<int>(m_policy.maxLength); }
    QString birthDate() const { return m_birthDate; }
    void setBirthDate(const QString& yyyymmdd);
    bool newPin() const { return m_newPin; }
    void setNewPin(bool newPin);
    PinEntry* confirmOf() const { return m_confirmOf; }
    void setConfirmOf(PinEntry* original);
    int keyMinLength() const { return m_keyMin; }
    void setKeyMinLength(int length);
    int keyMaxLength() const { return m_keyMax; }
    void setKeyMaxLength(int length);

    /// The digits typed so far. For the controller only; never put them in a QString.
    const Secret& secret() const { return m_digits; }
    /// Moves the digits out (for the token worker) and leaves the entry empty.
    Secret takeSecret();

    /// Adds one digit ("0" … "9"). Anything else, and digits past maxLength, are ignored.
    Q_INVOKABLE void append(const QString& digit);
    Q_INVOKABLE void backspace();
    /// Wipes the digits.
    Q_INVOKABLE void clear();

Q_SIGNALS:
    /// The digits or the verdict changed.
    void changed();
    void birthDateChanged();
    void newPinChanged();
    void confirmOfChanged();

private:
    void replaceDigits(Secret digits);
    void narrow();

    QPointer<Workstation> m_workstation;
    counter::PinPolicy m_base;   ///< the workstation's
    counter::PinPolicy m_policy; ///< m_base within the key's lengths
    int m_keyMin = 0;
    int m_keyMax = 0;
    Secret m_digits;
    QString m_birthDate;
    bool m_newPin = true;
    QPointer<PinEntry> m_confirmOf;
    QMetaObject::Connection m_originalChanged;
};

} // namespace countersign::qml
