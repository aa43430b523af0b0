// The back office's reports on screen (issue 21): the range, centres and expiring reports and their files, on
// the database thread.
#include "backend/counter/desk.h"

#include <pqxx/transaction>

#include "backend/counter/deskimpl.h"
#include "db/reports.h"
#include "db/workstationstore.h"

namespace countersign::counter {

namespace {

/// The role the database gives the person of the session (an ended or unknown session throws).
auth::Role roleOf(pqxx::transaction_base& tx, const auth::SessionToken& session) {
    const auto row =
        tx.exec_params1("SELECT role FROM countersign.session_whoami($1)", session ? session->c_str() : "");
    const auto role = auth::parseRole(row[0].as<std::string>());
    if (!role)
        throw NotAllowed("the session's person has no role the counter knows");
    return *role;
}

} // namespace

OfficeReport Desk::officeReport(long long counterId, const auth::SessionToken& session,
                                const ReportAsk& ask) {
    // A work, not a read transaction: reading the session touches its last use (the idle time-out).
    pqxx::work tx{d.conn, "office report"};
    const auth::Role role = roleOf(tx, session);
    if (!auth::supervises(role))
        throw NotAllowed("only a supervisor or an admin reads the reports");
    const bool headOffice =
        ask.kind == ReportAsk::Kind::Centres || (ask.kind == ReportAsk::Kind::Expiring && ask.allCentres);
    if (headOffice && !auth::administers(role))
        throw NotAllowed("only an admin reads every centre's figures");
    const long long centre = db::WorkstationStore(tx).centreOfCounter(counterId);
    OfficeReport r;
    switch (ask.kind) {
    case ReportAsk::Kind::Range:
        r.range = reports::range(tx, centre, ask.from, ask.to);
        break;
    case ReportAsk::Kind::Centres:
        r.centres = reports::centres(tx, ask.from, ask.to);
        break;
    case ReportAsk::Kind::Expiring:
        r.expiring =
            reports::expiring(tx, ask.days, ask.allCentres ? std::nullopt : std::optional<long long>(centre));
        break;
    }
    tx.commit();
    return r;
}

reports::WrittenFile Desk::exportOfficeReport(long long counterId, const auth::SessionToken& session,
                                              const ReportAsk& ask, const QString& folder,
                                              reports::FileFormat format) {
    // Read first, then render and write with no transaction open.
    const OfficeReport r = officeReport(counterId, session, ask);
    if (r.range)
        return reports::writeRange(*r.range, folder, format);
    if (r.centres)
        return reports::writeCentres(*r.centres, folder, format);
    return reports::writeExpiring(*r.expiring, folder, format);
}

} // namespace countersign::counter
