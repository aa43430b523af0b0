#include "qml/trustcontroller.h"

#include <QDir>

#include "backend/counter/database.h"
#include "backend/counter/desk.h"

namespace countersign::qml {

void TrustController::load() {
    m_files.clear();
    if (workstation() && !workstation()->scannerFolder().isEmpty()) {
        const QDir folder(workstation()->scannerFolder());
        for (const QString& name :
             folder.entryList({QStringLiteral("*.pem"), QStringLiteral("*.crt")}, QDir::Files, QDir::Name))
            m_files.append(folder.filePath(name));
    }
    runJob<std::vector<papers::TrustEntry>>(
        [](counter::Desk& desk, long long) { return desk.letterTrust(); },
        [this](const std::vector<papers::TrustEntry>& list) {
            m_entries.clear();
            for (const auto& e : list)
                m_entries.append(
                    QVariantMap{{QStringLiteral("id"), static_cast<qint64>(e.id)},
                                {QStringLiteral("kind"), QString::fromStdString(e.kind)},
                                {QStringLiteral("subject"), QString::fromStdString(e.subject)},
                                {QStringLiteral("office"), QString::fromStdString(e.office)},
                                {QStringLiteral("fingerprint"), QString::fromStdString(e.fingerprint)},
                                {QStringLiteral("notBefore"), QString::fromStdString(e.notBefore)},
                                {QStringLiteral("notAfter"), QString::fromStdString(e.notAfter)},
                                {QStringLiteral("active"), e.active}});
        });
}

void TrustController::add(bool anchor, const QString& office, const QString& path) {
    m_message.clear();
    if (!session() || !session()->isAdmin()) {
        m_error = tr("Only an admin trusts a letter signer.");
        Q_EMIT changed();
        return;
    }
    if (path.trimmed().isEmpty()) {
        m_error = tr("Choose the certificate's PEM file.");
        Q_EMIT changed();
        return;
    }
    if (!anchor && office.trimmed().isEmpty()) {
        m_error =
            tr("A signer is registered for the tax office whose letters it signs: enter its office code.");
        Q_EMIT changed();
        return;
    }
    const auth::StaffIdentity admin = session()->staff();
    const auth::SessionToken token = session()->token();
    const std::string o = anchor ? std::string() : office.trimmed().toStdString();
    const std::string p = path.trimmed().toStdString();
    runJob<counter::BackOfficeChange>(
        [admin, token, anchor, o, p](counter::Desk& desk, long long counter) {
            return desk.addLetterTrust(counter, admin, token, anchor, o, p);
        },
        [this](const counter::BackOfficeChange& r) {
            if (!r.refused.empty()) {
                m_error = QString::fromStdString(r.refused);
                return;
            }
            m_message = r.done ? tr("Trusted.") : tr("Already trusted: nothing changed.");
            load();
        });
}

void TrustController::disable(qint64 id) {
    m_message.clear();
    if (!session() || !session()->isAdmin()) {
        m_error = tr("Only an admin disables a letter signer.");
        Q_EMIT changed();
        return;
    }
    const auth::StaffIdentity admin = session()->staff();
    const auth::SessionToken token = session()->token();
    const long long entry = id;
    runJob<counter::BackOfficeChange>(
        [admin, token, entry](counter::Desk& desk, long long counter) {
            return desk.disableLetterTrust(counter, admin, token, entry);
        },
        [this](const counter::BackOfficeChange& r) {
            if (!r.refused.empty()) {
                m_error = QString::fromStdString(r.refused);
                return;
            }
            m_message = r.done ? tr("Disabled: it signs no letter from now on.")
                               : tr("Already disabled: nothing changed.");
            load();
        });
}

} // namespace countersign::qml
