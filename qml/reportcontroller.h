#pragma once

#include <QDate>
#include <QString>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include "qml/countercontroller.h"

namespace countersign::qml {

/// The supervisor's daily report (日报) of this counter's centre and the day close (日结, DESIGN §8). Shows
/// and asks only: the figures, the close and its rules, and the exports come through the counter's door
/// (counter::Desk), on the database thread, so the GUI thread reads, renders and writes nothing.
class ReportController : public countersign::qml::CounterController {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY messagesChanged)
    Q_PROPERTY(QString message READ message NOTIFY messagesChanged)
    Q_PROPERTY(QString date READ date NOTIFY reportChanged)
    Q_PROPERTY(bool isToday READ isToday NOTIFY reportChanged)
    Q_PROPERTY(QVariantMap report READ report NOTIFY reportChanged)
    Q_PROPERTY(QVariantMap preview READ preview NOTIFY previewChanged)
    Q_PROPERTY(QString exportFolder READ exportFolder CONSTANT)

public:
    explicit ReportController(QObject* parent = nullptr);

    bool busy() const { return m_busy; }
    QString errorText() const { return m_error; }
    QString message() const { return m_message; }
    QString date() const { return m_date.toString(Qt::ISODate); }
    bool isToday() const;
    /// The day's report: centreName, date, closed, generatedAt,
    ///  byOperation [{kind, completed, failed, compensated, unfinished, total, waivers, letters}],
    ///  byOperator [{name, username, completed, failed, compensated, unfinished, total, waivers}],
    ///  byMethod [{method, payments, paidFen, refunds, refundedFen, netFen}],
    ///  totals {completed, failed, compensated, unfinished, total, waivers, waivedFen, letters,
    ///          paidFen, refunds, refundedFen, netFen (paid − refunded), expectedCashFen, keysReceived,
    ///          keysIssued, keysReturnedDamaged, keysReturnedUnused, keysWrittenOff},
    ///  stock [{model, inStock, damaged}],
    ///  close {signedAt, closedBy, countedCashFen, expectedCashFen, differenceFen} — only on a closed day.
    /// Empty until loaded.
    QVariantMap report() const { return m_report; }
    /// Before the close: expectedCashFen, canClose, alreadyClosed, futureDay, obstacles [text],
    /// open [{number, kind, state, counter, operator, startedAt}]. Empty until loaded.
    QVariantMap preview() const { return m_preview; }
    /// Where exports are written.
    QString exportFolder() const;

    /// Counted cash as typed ("1234.5", "1,234.50", "¥78") in fen (Money::parse), or -1 when it is not an
    /// amount a drawer holds.
    Q_INVOKABLE static qint64 parseYuan(const QString& text);

public Q_SLOTS:
    /// Loads the day's report; an empty date: today at the centre (China Standard Time).
    void load(const QString& isoDate = QString());
    /// The day before (-1) or after (+1) the one shown.
    void shiftDay(int days);
    /// Loads what the close of the shown day would sign: live figures, expected cash, what stands in the way.
    void loadPreview();
    /// The logged-in supervisor closes the shown day with the counted cash and their password.
    void closeDay(const QString& countedCash, const QString& password);
    /// Writes the shown report to the export folder as "csv" or "pdf"; message() names the file.
    void exportReport(const QString& format);

Q_SIGNALS:
    void busyChanged();
    void messagesChanged();
    void reportChanged();
    void previewChanged();
    /// The day was closed: the report is now its snapshot.
    void dayClosed();
    /// The close was refused; `reason` says why in words (a wrong password, open transactions …).
    void closeRefused(const QString& reason);

private:
    void setBusy(bool busy);
    bool ready();

    bool m_busy = false;
    QString m_error, m_message;
    QDate m_date;
    QVariantMap m_report, m_preview;
};

} // namespace countersign::qml
