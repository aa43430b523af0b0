#include "backend/dayclose/dayclose.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/except>
#include <pqxx/transaction>

#include "db/prepared.h"
#include "db/reportexport.h"

namespace countersign::dayclose {

namespace {

std::string iso(const QDate& d) {
    return d.toString(Qt::ISODate).toStdString();
}

std::string json(const QJsonObject& o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

std::vector<OpenTransaction> openTransactions(pqxx::transaction_base& tx, long long centreId,
                                              const QDate& date) {
    std::vector<OpenTransaction> out;
    for (const auto& r : db::execPrepared(tx,
                                          "SELECT t.number, t.kind, t.state, co.code, s.username, "
                                          "(extract(epoch FROM t.started_at) * 1000)::bigint "
                                          "FROM countersign.transactions t "
                                          "JOIN countersign.counters co ON co.id = t.counter_id "
                                          "JOIN countersign.staff s ON s.id = t.operator_staff_id "
                                          "WHERE t.centre_id = $1 AND t.business_date = $2::date "
                                          "AND t.state NOT IN ('completed', 'failed', 'compensated') "
                                          "ORDER BY t.started_at, t.number",
                                          centreId, iso(date)))
        out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                       r[3].as<std::string>(), r[4].as<std::string>(),
                       QDateTime::fromMSecsSinceEpoch(r[5].as<long long>(), Qt::UTC)});
    return out;
}

std::string openMessage(const std::string& day, const std::vector<OpenTransaction>& open) {
    std::string m = day + " still has " + std::to_string(open.size()) + " open transaction" +
                    (open.size() == 1 ? "" : "s") + ": ";
    for (std::size_t i = 0; i < open.size(); ++i) {
        if (i)
            m += ", ";
        if (i == 5) {
            m += "…";
            break;
        }
        m += open[i].number + " (" + open[i].kind + ", " + open[i].state + ", counter " +
             open[i].counterCode + ")";
    }
    return m + "; finish them or give them up first";
}

std::vector<reports::ChainHead> chainHeads(pqxx::transaction_base& tx, long long centreId) {
    std::vector<reports::ChainHead> out;
    for (const auto& r : db::execPrepared(tx,
                                          "SELECT co.id, co.code, h.seq, encode(h.hash, 'hex') "
                                          "FROM countersign.counters co "
                                          "JOIN countersign.audit_heads h ON h.counter_id = co.id "
                                          "WHERE co.centre_id = $1 ORDER BY co.code",
                                          centreId))
        out.push_back(
            {r[0].as<long long>(), r[1].as<std::string>(), r[2].as<long long>(), r[3].as<std::string>()});
    return out;
}

} // namespace

Preview preview(pqxx::connection& conn, long long centreId, const QDate& date) {
    pqxx::read_transaction tx{conn};
    Preview p;
    const QDate today = reports::businessToday(tx);
    p.report = reports::daily(tx, centreId, date);
    p.futureDay = date > today;
    p.alreadyClosed = p.report.closed();
    p.expectedCashFen =
        p.alreadyClosed ? p.report.close->expectedCashFen : p.report.figures.expectedCashFen();
    const std::string day = "business day " + iso(date) + " of centre " + p.report.centre.code;
    if (p.alreadyClosed)
        p.obstacles.push_back(day + " is already closed");
    else if (p.futureDay)
        p.obstacles.push_back(day + " has not come yet");
    if (!p.alreadyClosed) {
        p.open = openTransactions(tx, centreId, date);
        if (!p.open.empty())
            p.obstacles.push_back(openMessage(day, p.open));
    }
    return p;
}

reports::DailyReport close(pqxx::connection& conn, const CloseRequest& request) {
    if (!request.date.isValid())
        throw CloseRefused(Refusal::BadAmount, "the day to close is not a valid date");
    if (request.countedCashFen < 0)
        throw CloseRefused(Refusal::BadAmount, "the counted cash can't be below zero");

    // The signature: the signer's password checked exactly as a login (failures count towards the lockout and
    // every attempt is audited), in its own committed transaction.
    const auth::LoginResult signature =
        auth::logIn(conn, auth::LoginPurpose::DayClose, request.signer.username, request.signer.password);
    switch (signature.status) {
    case auth::LoginStatus::Ok:
        break;
    case auth::LoginStatus::Locked:
        throw CloseRefused(Refusal::WrongCredentials, "the account " + request.signer.username +
                                                          " is locked until " + signature.lockedUntil);
    case auth::LoginStatus::Disabled:
        throw CloseRefused(Refusal::WrongCredentials,
                           "the account " + request.signer.username + " is disabled");
    case auth::LoginStatus::WrongCredentials:
        throw CloseRefused(Refusal::WrongCredentials,
                           "wrong user name or password for " + request.signer.username);
    }
    const auth::StaffIdentity& signer = signature.staff;

    std::string centreCode;
    {
        pqxx::read_transaction tx{conn};
        centreCode = reports::centreById(tx, request.centreId).code;
    }
    const auto refuse = [&](Refusal reason, const std::string& code, const std::string& message,
                            std::vector<OpenTransaction> open = {}) {
        // Audited by the database with the signer as the person; the signature can sign nothing else.
        pqxx::work tx{conn};
        QJsonObject detail;
        if (!open.empty())
            detail.insert(QStringLiteral("open_transactions"), static_cast<qint64>(open.size()));
        db::execPrepared(tx, "SELECT countersign.day_close_refused($1, $2, $3::date, $4, $5::jsonb)",
                         signature.session->c_str(), request.centreId, iso(request.date), code, json(detail));
        tx.commit();
        throw CloseRefused(reason, message, std::move(open));
    };

    // Who may sign: a supervisor or admin of this centre (or of the head office, which has no centre).
    {
        pqxx::read_transaction tx{conn};
        const auto r =
            db::execPrepared1(tx, "SELECT role, centre_id FROM countersign.staff WHERE id = $1", signer.id);
        const std::string role = r[0].as<std::string>();
        const bool ownCentre = r[1].is_null() || r[1].as<long long>() == request.centreId;
        if (role != "supervisor" && role != "admin") {
            tx.abort();
            refuse(Refusal::NotAllowed, "not_supervisor",
                   signer.username + " is " + role + ": a supervisor or an admin closes the day");
        }
        if (!ownCentre) {
            tx.abort();
            refuse(Refusal::NotAllowed, "other_centre",
                   signer.username + " belongs to another centre and may not close the day of " + centreCode);
        }
    }

    pqxx::work tx{conn, "day_close"};
    // The day's lock first: writes to this centre-day in flight are waited for, new ones wait for this close
    // (and are then refused), so the figures read below are the ones frozen.
    db::execPrepared(tx, "SELECT countersign.day_close_lock($1, $2::date)", request.centreId,
                     iso(request.date));
    const std::string day = "business day " + iso(request.date) + " of centre " + centreCode;
    if (request.date > reports::businessToday(tx)) {
        tx.abort();
        refuse(Refusal::FutureDay, "future_day", day + " has not come yet: it can't be closed");
    }
    if (db::execPrepared1(tx, "SELECT countersign.day_is_closed($1, $2::date)", request.centreId,
                          iso(request.date))[0]
            .as<bool>()) {
        tx.abort();
        refuse(Refusal::AlreadyClosed, "already_closed", day + " is already closed");
    }
    if (auto open = openTransactions(tx, request.centreId, request.date); !open.empty()) {
        tx.abort();
        const std::string message = openMessage(day, open);
        refuse(Refusal::OpenTransactions, "open_transactions", message, std::move(open));
    }

    reports::DailyReport report = reports::dailyLive(tx, request.centreId, request.date);
    report.chainHeads = chainHeads(tx, request.centreId);
    reports::DayClose closeInfo;
    closeInfo.signedAt = report.generatedAt;
    closeInfo.closedBy = signer.username;
    closeInfo.closedByName = signer.displayName;
    closeInfo.countedCashFen = request.countedCashFen;
    closeInfo.expectedCashFen = report.figures.expectedCashFen();
    report.close = closeInfo;
    const std::string snapshot = json(reports::toJson(report));

    try {
        // The signer is the person of the signature's session and the one who asked that of the requester's,
        // never an id sent from here; when someone else asked and a supervisor signs, the database records
        // the day_close approval naming both and uses it for this close (0023), and it audits "day.closed"
        // with the day's figures below under what it knows itself (0022).
        QJsonObject figures{{QStringLiteral("transactions"), report.figures.counts.total()},
                            {QStringLiteral("paid_fen"), report.figures.paidFen},
                            {QStringLiteral("refunded_fen"), report.figures.refundedFen}};
        db::execPrepared(
            tx, "SELECT countersign.day_close_record($1, $2, $3, $4::date, $5, $6, $7::jsonb, $8::jsonb)",
            signature.session->c_str(), request.requester ? request.requester->c_str() : nullptr,
            request.centreId, iso(request.date), request.countedCashFen, closeInfo.expectedCashFen, snapshot,
            json(figures));
    } catch (const pqxx::unique_violation&) {
        // Another counter closed it a moment ago (its close held the lock we waited for).
        tx.abort();
        refuse(Refusal::AlreadyClosed, "already_closed", day + " is already closed");
    }
    tx.commit();

    pqxx::read_transaction read{conn};
    return reports::daily(read, request.centreId, request.date);
}

} // namespace countersign::dayclose
