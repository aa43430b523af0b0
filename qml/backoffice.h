#pragma once

#include <QObject>
#include <QString>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace countersign::qml {

/// The supervisor's and the admin's screens (the daily report and the day close are ReportController's): the
/// refunds recovery made that wait for a supervisor's review, the key stock with its intake, and the staff
/// list. Every query runs on the database thread; the role of the person logged in decides what they may do.
class BackOffice : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY changed)
    Q_PROPERTY(QString message READ message NOTIFY changed)
    Q_PROPERTY(QVariantList refunds READ refunds NOTIFY changed)
    Q_PROPERTY(QVariantList stock READ stock NOTIFY changed)
    Q_PROPERTY(QVariantList staff READ staff NOTIFY changed)

public:
    using QObject::QObject;

    bool busy() const { return m_busy; }
    QString errorText() const { return m_error; }
    QString message() const { return m_message; }
    /// Refunds recovery made, not yet reviewed: number, amountFen, method, at.
    QVariantList refunds() const { return m_refunds; }
    /// The centre's key stock by model: model, inStock, damaged.
    QVariantList stock() const { return m_stock; }
    /// username, displayName, role, active, locked.
    QVariantList staff() const { return m_staff; }

public Q_SLOTS:
    void loadRefunds();
    /// A supervisor acknowledges every listed recovery refund (audited "refund.reviewed").
    void reviewRefunds();
    void loadStock();
    /// An admin receives blank keys: one serial per line (or scanned one after another).
    void receiveStock(const QString& model, const QString& serials, const QString& reference);
    void loadStaff();

Q_SIGNALS:
    void busyChanged();
    void changed();

private:
    template <typename R, typename Job, typename Done> void runJob(Job job, Done done);

    bool m_busy = false;
    QString m_error, m_message;
    QVariantList m_refunds, m_stock, m_staff;
};

} // namespace countersign::qml
