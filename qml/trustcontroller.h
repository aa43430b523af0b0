#pragma once

#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include "qml/officecontroller.h"

namespace countersign::qml {

/// The admin's trusted letter signers page (qml/TrustPage.qml): the tax authority's trust anchors and the
/// registered letter signers, a certificate added from a PEM file (in the scanner folder, or a typed path) as
/// an anchor or as the signer of one tax office, and one disabled. Through backend/papers/lettertrust.h, the
/// door countersignctl letter trust uses too; every query runs on the database thread (counter::Desk).
class TrustController : public countersign::qml::OfficeController {
    Q_OBJECT
    QML_ELEMENT
    /// Rows {id, kind ("trust_anchor", "signer"), subject, office, fingerprint, notBefore, notAfter, active}.
    Q_PROPERTY(QVariantList entries READ entries NOTIFY changed)
    /// The PEM / CRT files in the scanner folder ([scanner] folder), full paths.
    Q_PROPERTY(QStringList scannerFiles READ scannerFiles NOTIFY changed)

public:
    using OfficeController::OfficeController;

    QVariantList entries() const { return m_entries; }
    QStringList scannerFiles() const { return m_files; }

public Q_SLOTS:
    void load();
    /// Trusts the certificate in `path` as an anchor (`anchor`) or as the signer of tax office `office`.
    void add(bool anchor, const QString& office, const QString& path);
    /// Disables the listed entry `id`: it signs no letter from then on.
    void disable(qint64 id);

private:
    QVariantList m_entries;
    QStringList m_files;
};

} // namespace countersign::qml
