#include "qml/pinentry.h"

#include <algorithm>

#include <string>

#include "qml/registration.h"

namespace countersign::qml {

namespace {

// Moving a Secret leaves the characters of a short string (kept inside the std::string object, not on the
// heap) behind in the moved-from object, which wipe() then no longer sees. Moving a blank string of exactly
// the inline capacity in, and wiping it, overwrites them.
void scrubMovedFrom(Secret& moved) {
    static const std::string blank(std::string().capacity(), '\0');
    moved = Secret(blank);
    moved.wipe();
}
} // namespace

PinEntry::PinEntry(QObject* parent)
    : QObject(parent) {}

void PinEntry::setWorkstation(Workstation* workstation) {
    if (workstation == m_workstation)
        return;
    m_workstation = workstation;
    m_base = workstation ? workstation->pinPolicy() : counter::PinPolicy{};
    narrow();
}

void PinEntry::setKeyMinLength(int length) {
    if (length == m_keyMin)
        return;
    m_keyMin = std::max(0, length);
    narrow();
}

void PinEntry::setKeyMaxLength(int length) {
    if (length == m_keyMax)
        return;
    m_keyMax = std::max(0, length);
    narrow();
}

void PinEntry::narrow() {
    m_policy = m_base.within(static_cast<std::size_t>(m_keyMin), static_cast<std::size_t>(m_keyMax));
    Q_EMIT changed();
}

void PinEntry::componentComplete() {
    setWorkstation(singletonOf<Workstation>(this, "Workstation"));
}

PinEntry::~PinEntry() {
    m_digits.wipe();
}

counter::PinProblem PinEntry::problemCode() const {
    if (!m_newPin) {
        if (m_digits.empty())
            return counter::PinProblem::TooShort;
        return m_digits.size() > m_policy.maxLength ? counter::PinProblem::TooLong
                                                    : counter::PinProblem::None;
    }
    const std::string birth = m_birthDate.toStdString();
    if (!m_confirmOf)
        return m_policy.check(m_digits, birth);
    // A repeat is judged only when complete, so a half-typed repeat reads as unfinished, not as different.
    if (m_digits.size() < m_confirmOf->m_digits.size() || m_digits.empty())
        return counter::PinProblem::TooShort;
    return m_policy.check(m_confirmOf->m_digits, m_digits, m_confirmOf->m_birthDate.toStdString());
}

QString PinEntry::problem() const {
    const counter::PinProblem p = problemCode();
    return p == counter::PinProblem::None ? QString() : QString::fromLatin1(counter::pinProblemName(p));
}

void PinEntry::setBirthDate(const QString& yyyymmdd) {
    if (yyyymmdd == m_birthDate)
        return;
    m_birthDate = yyyymmdd;
    Q_EMIT birthDateChanged();
    Q_EMIT changed();
}

void PinEntry::setNewPin(bool newPin) {
    if (newPin == m_newPin)
        return;
    m_newPin = newPin;
    Q_EMIT newPinChanged();
    Q_EMIT changed();
}

void PinEntry::setConfirmOf(PinEntry* original) {
    if (original == m_confirmOf || original == this)
        return;
    disconnect(m_originalChanged);
    m_confirmOf = original;
    if (original) {
        // Whatever was repeated no longer repeats anything once the first entry changes.
        m_originalChanged = connect(original, &PinEntry::changed, this, [this] {
            if (!m_digits.empty())
                clear();
            else
                Q_EMIT changed();
        });
    }
    Q_EMIT confirmOfChanged();
    Q_EMIT changed();
}

void PinEntry::replaceDigits(Secret digits) {
    m_digits = std::move(digits); // the move assignment wipes the old buffer
    scrubMovedFrom(digits);
    Q_EMIT changed();
}

void PinEntry::append(const QString& digit) {
    if (digit.size() != 1 || digit.at(0) < QLatin1Char('0') || digit.at(0) > QLatin1Char('9'))
        return;
    if (m_digits.size() >= m_policy.maxLength)
        return;
    // Reserved up front so no reallocation leaves an unwiped copy behind; take() wipes this buffer.
    std::string longer;
    longer.reserve(m_policy.maxLength + 1);
    longer.assign(m_digits.view());
    longer.push_back(digit.at(0).toLatin1());
    replaceDigits(Secret::take(longer));
}

void PinEntry::backspace() {
    if (m_digits.empty())
        return;
    replaceDigits(Secret(m_digits.view().substr(0, m_digits.size() - 1)));
}

void PinEntry::clear() {
    if (m_digits.empty())
        return;
    replaceDigits(Secret());
}

Secret PinEntry::takeSecret() {
    Secret out = std::move(m_digits);
    scrubMovedFrom(m_digits);
    Q_EMIT changed();
    return out;
}

} // namespace countersign::qml
