#pragma once

#include <QDate>
#include <QString>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include "backend/counter/desk.h"
#include "qml/countercontroller.h"

namespace countersign::qml {

/// The back office's reports beside the daily one (issue 21): a range of days of this centre with its
/// charts, every centre side by side (an admin's: the head office), and the certificates expiring in the
/// next N days, each exported as CSV or PDF — the figures of countersignctl report range|centres|expiring.
/// Checks what is typed, then reads and writes only through the counter's door on the database thread
/// (counter::Desk::officeReport), which decides from the session's role what the person may see.
class OfficeReports : public countersign::qml::CounterController {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY messagesChanged)
    Q_PROPERTY(QString message READ message NOTIFY messagesChanged)
    Q_PROPERTY(QString kind READ kind NOTIFY reportChanged)
    Q_PROPERTY(QVariantMap report READ report NOTIFY reportChanged)
    Q_PROPERTY(QString defaultFrom READ defaultFrom CONSTANT)
    Q_PROPERTY(QString defaultTo READ defaultTo CONSTANT)
    Q_PROPERTY(QString exportFolder READ exportFolder NOTIFY servicesChanged)

public:
    explicit OfficeReports(QObject* parent = nullptr);

    bool busy() const { return m_busy; }
    QString errorText() const { return m_error; }
    QString message() const { return m_message; }
    /// The kind of the report shown: "range", "centres" or "expiring"; empty until one is loaded.
    QString kind() const { return m_kind; }
    /// The report shown (empty until loaded):
    ///  range: centreCode, centreName, from, to, closedDays, dayCount, days [row], totals (row),
    ///         byOperation [{kind, completed, failed, compensated, unfinished, total}],
    ///         byMethod [{method, payments, paidFen, refunds, refundedFen, netFen}];
    ///  centres: from, to, centres [row with code, name, closedDays, openDays], totals (row), byMethod;
    ///  expiring: days, centreCode ("" for all), count, certificates [{serial, company, uscc, centre,
    ///         keySerial, notAfter, daysLeft}].
    /// A row: label, closed, total, completed, failed, compensated, unfinished, NEW … UNLOCK, waivers,
    /// waivedFen, cash … alipay (paid by method, fen), paidFen, refunds, refundedFen, netFen,
    /// expectedCashFen, keysIssued, keysReturnedDamaged, letters — the columns of the CSV export.
    QVariantMap report() const { return m_report; }
    /// The range first offered: the last 30 days up to today at the centre.
    QString defaultFrom() const;
    QString defaultTo() const;
    /// Where exports are written ([reports] export_dir, else the documents folder).
    QString exportFolder() const;

public Q_SLOTS:
    /// Checks the dates (YYYY-MM-DD, from ≤ to, at most 366 days) and loads this centre's days.
    void loadRange(const QString& from, const QString& to);
    /// Checks the dates and loads every centre side by side (admins).
    void loadCentres(const QString& from, const QString& to);
    /// Checks the number of days (1–3660; empty: 60) and loads the certificates expiring within it, of this
    /// centre or, for an admin, of every centre.
    void loadExpiring(const QString& days, bool allCentres);
    /// Writes the report shown as "csv" or "pdf"; message() names the file.
    void exportReport(const QString& format);

Q_SIGNALS:
    void busyChanged();
    void messagesChanged();
    void reportChanged();

private:
    bool ready();
    bool datesOf(const QString& from, const QString& to, counter::ReportAsk& ask);
    void fail(const QString& text);
    void load(const counter::ReportAsk& ask, const QString& kind);
    QString failure(const counter::Outcome<counter::OfficeReport>& out) const;

    bool m_busy = false;
    QString m_error, m_message, m_kind;
    QVariantMap m_report;
    counter::ReportAsk m_shown; ///< what the report shown answers (exports read it again)
};

} // namespace countersign::qml
