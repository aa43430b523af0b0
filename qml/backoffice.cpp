#include "qml/backoffice.h"

#include <QRegularExpression>

#include <pqxx/result>
#include <pqxx/transaction>

#include "backend/fees/fees.h"
#include "backend/stock/stock.h"
#include "db/dbthread.h"
#include "db/workstationstore.h"
#include "qml/registration.h"
#include "qml/session.h"
#include "qml/workstation.h"

namespace countersign::qml {

namespace {

QString q(const char* s) {
    return QString::fromUtf8(s);
}

} // namespace

template <typename R, typename Job, typename Done> void BackOffice::runJob(Job job, Done done) {
    Workstation* w = WorkstationForeign::instance;
    if (!w || !w->ready()) {
        m_error = tr("This counter is not ready.");
        Q_EMIT changed();
        return;
    }
    m_busy = true;
    Q_EMIT busyChanged();
    m_error.clear();
    m_message.clear();
    const long long counter = w->counterId();
    w->database()->run<R>(
        this, [job, counter](pqxx::connection& conn) { return job(conn, counter); },
        [this, done](const db::DbOutcome<R>& out) {
            m_busy = false;
            Q_EMIT busyChanged();
            if (!out.ok())
                m_error = out.connectionLost ? tr("The database cannot be reached; nothing was changed.")
                                             : QString::fromStdString(out.error);
            else
                done(*out.value);
            Q_EMIT changed();
        });
}

void BackOffice::loadRefunds() {
    runJob<QVariantList>(
        [](pqxx::connection& conn, long long counter) {
            pqxx::read_transaction tx{conn};
            QVariantList list;
            for (const auto& r : fees::refundsToReview(tx, db::WorkstationStore(tx).centreOfCounter(counter)))
                list.append(
                    QVariantMap{{QStringLiteral("number"), QString::fromStdString(r.transactionNumber)},
                                {QStringLiteral("amountFen"), r.amountFen},
                                {QStringLiteral("method"), QString::fromStdString(r.method)},
                                {QStringLiteral("at"), QString::fromStdString(r.at)}});
            return list;
        },
        [this](const QVariantList& list) { m_refunds = list; });
}

void BackOffice::reviewRefunds() {
    Session* session = SessionForeign::instance;
    if (!session || !session->isSupervisor()) {
        m_error = tr("Only a supervisor reviews the refunds recovery made.");
        Q_EMIT changed();
        return;
    }
    const long long staffId = session->staffId();
    runJob<int>(
        [staffId](pqxx::connection& conn, long long counter) {
            pqxx::work tx{conn};
            const int reviewed =
                fees::reviewRefunds(tx, db::WorkstationStore(tx).centreOfCounter(counter), counter, staffId);
            tx.commit();
            return reviewed;
        },
        [this](int n) {
            m_message = tr("%n refund(s) reviewed.", "", n);
            m_refunds.clear();
        });
}

void BackOffice::loadStock() {
    runJob<QVariantList>(
        [](pqxx::connection& conn, long long counter) {
            pqxx::read_transaction tx{conn};
            QVariantList list;
            for (const auto& l : stock::levels(tx, db::WorkstationStore(tx).centreOfCounter(counter)))
                list.append(QVariantMap{{QStringLiteral("model"), QString::fromStdString(l.model)},
                                        {QStringLiteral("inStock"), l.inStock},
                                        {QStringLiteral("damaged"), l.damaged}});
            return list;
        },
        [this](const QVariantList& list) { m_stock = list; });
}

void BackOffice::receiveStock(const QString& model, const QString& serials, const QString& reference) {
    Session* session = SessionForeign::instance;
    if (!session || !session->isAdmin()) {
        m_error = tr("Only an admin receives keys into stock.");
        Q_EMIT changed();
        return;
    }
    std::vector<std::string> list;
    for (const QString& s : serials.split(QRegularExpression(QStringLiteral("[\\s,;]+")), Qt::SkipEmptyParts))
        list.push_back(s.trimmed().toStdString());
    if (model.trimmed().isEmpty() || list.empty()) {
        m_error = tr("Enter the key model and at least one serial.");
        Q_EMIT changed();
        return;
    }
    const long long staffId = session->staffId();
    const std::string m = model.trimmed().toStdString(), ref = reference.trimmed().toStdString();
    struct Received {
        int count = 0;
        std::string refused;
    };
    runJob<Received>(
        [staffId, m, ref, list](pqxx::connection& conn, long long counter) {
            Received r;
            pqxx::work tx{conn};
            try {
                r.count = static_cast<int>(
                    stock::receive(tx, {db::WorkstationStore(tx).centreOfCounter(counter), counter, staffId},
                                   m, list, ref)
                        .size());
                tx.commit();
            } catch (const stock::StockError& e) {
                r.refused = e.what();
            }
            return r;
        },
        [this](const Received& r) {
            // The levels are read again first: that clears the last message, this one stays.
            loadStock();
            if (!r.refused.empty())
                m_error = QString::fromStdString(r.refused);
            else
                m_message = tr("%n key(s) received into stock.", "", r.count);
        });
}

void BackOffice::loadStaff() {
    runJob<QVariantList>(
        [](pqxx::connection& conn, long long counter) {
            pqxx::read_transaction tx{conn};
            QVariantList list;
            for (const auto& r :
                 tx.exec_params("SELECT username, display_name, role, active, coalesce(locked_until > now(), "
                                "false) FROM "
                                "staff WHERE centre_id = $1 OR centre_id IS NULL ORDER BY role, username",
                                db::WorkstationStore(tx).centreOfCounter(counter)))
                list.append(QVariantMap{{QStringLiteral("username"), q(r[0].c_str())},
                                        {QStringLiteral("displayName"), q(r[1].c_str())},
                                        {QStringLiteral("role"), q(r[2].c_str())},
                                        {QStringLiteral("active"), r[3].as<bool>()},
                                        {QStringLiteral("locked"), r[4].as<bool>()}});
            return list;
        },
        [this](const QVariantList& list) { m_staff = list; });
}

} // namespace countersign::qml
