#include "backend/counter/counter.h"

#include <stdexcept>

#include <pqxx/nontransaction>

#include "backend/ca/caconnector.h"
#include "backend/tokensetup.h"
#include "db/workstationstore.h"

namespace countersign::counter {

namespace {

long long centreOf(pqxx::connection& conn, long long counterId) {
    pqxx::nontransaction tx{conn};
    return db::WorkstationStore(tx).centreOfCounter(counterId);
}

workflow::Common commonOf(const OperationInput& in) {
    workflow::Common c;
    c.operatorId = in.operatorId;
    c.operatorSession = in.operatorSession;
    c.preview = in.preview;
    c.usccOverrideApprovedBy = in.usccOverrideApprovedBy;
    // The scans are checked by the preview too (required ones, size caps): they come before the check.
    c.evidence = in.evidence;
    c.idCardNo = in.idCardNo;
    if (!in.preview) {
        c.payments = in.payments;
        c.invoice = in.invoice;
    }
    return c;
}

} // namespace

struct Counter::Impl {
    Impl(pqxx::connection& c, const AppConfig& config, long long counter, token::KeyDevice& keys,
         std::function<void(const std::string&)> hook)
        : counterId(counter)
        , centreId(centreOf(c, counter))
        , connector(config, c)
        , flow(workflow::Services{c, keys, connector.ca(), config, counterId, centreId, std::move(hook)}) {}

    long long counterId;
    long long centreId;
    ca::CaConnector connector;
    workflow::Workflow flow;
};

Counter::Counter(pqxx::connection& conn, const AppConfig& config, long long counterId, token::KeyDevice& keys,
                 std::function<void(const std::string&)> hook)
    : d(std::make_unique<Impl>(conn, config, counterId, keys, std::move(hook))) {}

Counter::~Counter() = default;

long long Counter::counterId() const {
    return d->counterId;
}

long long Counter::centreId() const {
    return d->centreId;
}

workflow::Outcome Counter::run(const OperationInput& in, const Secret& pin) {
    const auto common = commonOf(in);
    switch (in.operation) {
    case Operation::New: {
        workflow::NewRequest r;
        static_cast<workflow::Common&>(r) = common;
        r.letterJws = in.letterText;
        r.handEntered = in.handEntered;
        r.handEntryApprovedBy = in.handEntryApprovedBy;
        r.keySerial = in.keySerial;
        r.newPin = Secret(pin.view());
        r.algorithm = in.algorithm;
        return d->flow.runNew(std::move(r));
    }
    case Operation::Renew:
    case Operation::Upgrade: {
        workflow::RenewRequest r;
        static_cast<workflow::Common&>(r) = common;
        r.keySerial = in.keySerial;
        r.pin = Secret(pin.view());
        r.algorithm = in.algorithm;
        r.finalTryConfirmed = in.finalTryConfirmed;
        return d->flow.runRenew(std::move(r), in.operation == Operation::Upgrade);
    }
    case Operation::Replace: {
        workflow::ReplaceRequest r;
        static_cast<workflow::Common&>(r) = common;
        r.letter = in.authorization;
        r.damaged = in.damaged;
        r.oldKeySerial = in.oldKeySerial;
        r.waiverAttested = in.waiverAttested;
        r.waiverApprovedBy = in.waiverApprovedBy;
        r.newKeySerial = in.keySerial;
        r.newPin = Secret(pin.view());
        r.algorithm = in.algorithm;
        return d->flow.runReplace(std::move(r));
    }
    case Operation::Unlock: {
        workflow::UnlockRequest r;
        static_cast<workflow::Common&>(r) = common;
        r.letter = in.authorization;
        r.keySerial = in.keySerial;
        r.newPin = Secret(pin.view());
        r.soPinFinalTryApprovedBy = in.soPinFinalTryApprovedBy;
        return d->flow.runUnlock(std::move(r));
    }
    }
    throw std::logic_error("unknown operation");
}

workflow::Outcome Counter::resume(const std::string& transactionNumber, const Secret& pin,
                                  auth::SessionToken session, bool finalTryConfirmed) {
    return d->flow.resume(transactionNumber, pin, std::move(session), finalTryConfirmed);
}

workflow::Outcome Counter::cancel(const std::string& transactionNumber, const std::string& reason,
                                  std::optional<approvals::Approver> refundApprovedBy, long long staffId,
                                  auth::SessionToken session) {
    return d->flow.cancel(transactionNumber, reason, refundApprovedBy, staffId, std::move(session), false);
}

std::vector<workflow::Outcome> Counter::recover(long long staffId, auth::SessionToken session) {
    return d->flow.recover(staffId, std::move(session));
}

std::vector<workflow::Workflow::Pending> Counter::pending() {
    return d->flow.pending();
}

std::string Counter::lastUnfinished() {
    const auto open = d->flow.pending();
    if (open.empty())
        throw std::runtime_error("there is no unfinished transaction at this counter");
    return open.back().number;
}

std::unique_ptr<token::KeyDevice> openKeyDevice(const AppConfig& config) {
    return std::make_unique<token::KeyDevice>(config.pkcs11Module.toStdString(),
                                              token::Pkcs11Uri::parse(config.tokenUri.toStdString()),
                                              makeSoPinDeriver(config));
}

} // namespace countersign::counter
