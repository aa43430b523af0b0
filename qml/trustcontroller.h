#pragma once

#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include "qml/countercontroller.h"

namespace countersign::qml {

/// The admin's trusted letter signers page (qml/TrustPage.qml): the tax authority's trust anchors and the
/// registered letter signers, a certificate added from a PEM file (in the scanner folder, or a typed path) as
/// an anchor or as the signer of one tax office, and one disabled. Through backend/papers/lettertrust.h, the
/// door countersignctl letter trust uses too; every query runs on the database thread (counter::Desk).
class TrustController : public countersign::qml::CounterController {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY changed)
    Q_PROPERTY(QString message READ message NOTIFY changed)
    /// Rows {id, kind ("trust_anchor", "signer"), subject, office, fingerprint, notBefore, notAfter, active}.
    Q_PROPERTY(QVariantList entries READ entries NOTIFY changed)
    /// The PEM / CRT files in the scanner folder ([scanner] folder), full paths.
    Q_PROPERTY(QStringList scannerFiles READ scannerFiles NOTIFY changed)

public:
    using CounterController::CounterController;

    bool busy() const { return m_busy; }
    QString errorText() const { return m_error; }
    QString message() const { return m_message; }
    QVariantList entries() const { return m_entries; }
    QStringList scannerFiles() const { return m_files; }

public Q_SLOTS:
    void load();
    /// Trusts the certificate in `path` as an anchor (`anchor`) or as the signer of tax office `office`.
    void add(bool anchor, const QString& office, const QString& path);
    /// Disables the listed entry `id`: it signs no letter from then on.
    void disable(qint64 id);

Q_SIGNALS:
    void busyChanged();
    void changed();

private:
    template <typename R, typename Job, typename Done> void runJob(Job job, Done done);

    bool m_busy = false;
    QString m_error, m_message;
    QVariantList m_entries;
    QStringList m_files;
};

} // namespace countersign::qml
