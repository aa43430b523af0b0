// The Desk's fee schedule versions and trusted letter signers (issue 21, part "fees").
#include <pqxx/transaction>

#include "backend/approvals/approvals.h"
#include "backend/counter/desk.h"
#include "backend/counter/deskimpl.h"
#include "backend/fees/schedules.h"
#include "backend/papers/lettertrust.h"

namespace countersign::counter {

namespace {

long long centreOfCounter(pqxx::transaction_base& tx, long long counterId) {
    return tx.exec_params1("SELECT centre_id FROM countersign.counters WHERE id = $1", counterId)[0]
        .as<long long>();
}

/// Today at the centre, as the database sees it (the business date).
Date businessToday(pqxx::transaction_base& tx) {
    return *Date::parse(
        tx.exec1("SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date)::text")[0].as<std::string>());
}

} // namespace

std::vector<fees::FeeScheduleVersion> Desk::feeScheduleVersions(long long counterId,
                                                                const std::string& configuredCode) {
    pqxx::read_transaction tx{d.conn};
    return fees::listScheduleVersions(tx, centreOfCounter(tx, counterId), configuredCode, businessToday(tx));
}

fees::NewScheduleVersion Desk::feeScheduleVersion(const std::string& code, int version) {
    pqxx::read_transaction tx{d.conn};
    const auto info = fees::scheduleVersion(tx, code, version, std::nullopt);
    fees::NewScheduleVersion v;
    v.code = info.code;
    v.name = info.name;
    v.validFrom = info.validFrom;
    for (const auto& r : info.rules)
        v.rules.push_back({r.operation, r.condition, r.amountFen, r.description});
    return v;
}

fees::NewScheduleVersion Desk::feeScheduleDraft(const std::string& code) {
    pqxx::read_transaction tx{d.conn};
    return fees::nextVersionDraft(tx, code, businessToday(tx));
}

SupervisorCheck Desk::verifyFeeApprover(const auth::SessionToken& requester, const std::string& username,
                                        const Secret& password) {
    SupervisorCheck check;
    try {
        check.supervisor = approvals::verifyApprover(d.conn, requester, {username, Secret(password.view())},
                                                     approvals::ApprovalKind::FeeSchedule);
    } catch (const approvals::ApprovalRefused& e) {
        check.refused = e.what();
    }
    return check;
}

BackOfficeChange Desk::addFeeScheduleVersion(long long counterId, const auth::StaffIdentity& admin,
                                             const auth::SessionToken& session,
                                             const approvals::Approver& approver,
                                             const fees::NewScheduleVersion& version,
                                             const std::string& reason) {
    if (!auth::administers(admin.role))
        throw NotAllowed("only an admin adds a fee schedule version");
    BackOfficeChange r;
    static const Secret none;
    pqxx::work tx{d.conn};
    try {
        fees::checkScheduleVersion(version, businessToday(tx));
        approvals::ApprovalRequest request;
        request.kind = approvals::ApprovalKind::FeeSchedule;
        request.requestedBy = admin.id;
        request.counterId = counterId;
        request.subject = "fee schedule " + version.code + " from " + version.validFrom;
        request.reason = reason.empty() ? "new fee schedule version" : reason;
        request.approves = fees::scheduleVersionApprovalText(version);
        const long long approval = approvals::recordApproval(tx, request, approver);
        r.version = fees::addScheduleVersion(tx, session ? *session : none, approval, version);
        tx.commit();
        r.done = true;
    } catch (const fees::FeeError& e) {
        r.refused = e.what();
    } catch (const approvals::ApprovalRefused& e) {
        r.refused = e.what();
    }
    return r;
}

std::vector<papers::TrustEntry> Desk::letterTrust() {
    pqxx::read_transaction tx{d.conn};
    return papers::listTrust(tx);
}

BackOfficeChange Desk::addLetterTrust(long long counterId, const auth::StaffIdentity& admin,
                                      const auth::SessionToken& session, bool anchor,
                                      const std::string& office, const std::string& path) {
    if (!auth::administers(admin.role))
        throw NotAllowed("only an admin trusts a letter signer");
    BackOfficeChange r;
    try {
        const papers::TrustCertificate cert = papers::readTrustCertificate(path);
        pqxx::work tx{d.conn};
        r.done = papers::addTrust(tx, session ? session->c_str() : "", anchor, office, cert, counterId);
        tx.commit();
    } catch (const papers::TrustError& e) {
        r.refused = e.what();
    }
    return r;
}

BackOfficeChange Desk::disableLetterTrust(long long counterId, const auth::StaffIdentity& admin,
                                          const auth::SessionToken& session, long long id) {
    if (!auth::administers(admin.role))
        throw NotAllowed("only an admin disables a letter signer");
    BackOfficeChange r;
    try {
        pqxx::work tx{d.conn};
        r.done = papers::disableTrustById(tx, session ? session->c_str() : "", id, counterId);
        tx.commit();
    } catch (const papers::TrustError& e) {
        r.refused = e.what();
    }
    return r;
}

} // namespace countersign::counter
