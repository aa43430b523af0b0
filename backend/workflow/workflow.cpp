#include "backend/workflow/internal.h"

// The workflow's entry points besides the four operations (new.cpp, renewal.cpp, replace.cpp, unlock.cpp):
// resume, cancel, the unfinished transactions and recovery.
namespace countersign::workflow {

Workflow::Workflow(Services services)
    : d(std::make_unique<Impl>(std::move(services))) {}

Workflow::~Workflow() = default;

Outcome Workflow::resume(const std::string& number, const Secret& pin, auth::SessionToken session,
                         bool finalTryConfirmed, std::optional<approvals::Approver> soPinFinalTryApprovedBy) {
    const Impl::Acting acting(*d, std::move(session));
    const Impl::Confirming confirming(*d, {finalTryConfirmed, std::move(soPinFinalTryApprovedBy)});
    TxRow t = d->load(number);
    d->drive(t, pin);
    return d->outcome(number);
}

Outcome Workflow::cancel(const std::string& number, const std::string& reason,
                         std::optional<approvals::Approver> refundApprovedBy, long long staffId,
                         auth::SessionToken session, bool byRecovery) {
    const Impl::Acting acting(*d, std::move(session));
    TxRow t = d->load(number);
    if (finalState(t.state))
        throw std::runtime_error("transaction " + number + " is " + t.state + " already");
    if (Impl::resumeOnly(t))
        throw Refusal(
            "transaction " + number +
                " has its new certificate on the key and recorded; it can only be resumed "
                "(countersignctl recover --transaction " +
                number + "), not cancelled: cancelling would revoke the new certificate",
            {makeCheck("resume_only", false,
                       Phrase(QT_TRANSLATE_NOOP("Reason", "the renewal's new certificate is recorded: "
                                                          "resume it, it can't be cancelled")))});
    std::optional<long long> approvalId;
    if (refundApprovedBy) {
        pqxx::work tx{d->s.conn};
        approvalId = approvals::recordApproval(
            tx, {approvals::ApprovalKind::Refund, staffId, d->s.counterId, t.id, number, reason, "{}"},
            *refundApprovedBy);
        tx.commit();
    } else if (!byRecovery) {
        pqxx::nontransaction tx{d->s.conn};
        if (db::TransactionStore{tx}.hasPayments(t.id))
            throw Refusal(
                "cancelling transaction " + number + " refunds its fee, which needs a supervisor's approval",
                {makeCheck("refund_approved", false,
                           Phrase(QT_TRANSLATE_NOOP("Reason", "a refund needs a supervisor's approval")))});
    }
    return d->compensate(t, reason, approvalId, byRecovery);
}

bool Workflow::Impl::resumeOnly(const TxRow& t) {
    // A renewal whose new certificate is on the key and verified finishes by revoking the old one; giving it
    // up would revoke the new one, and the old one may be revoked already.
    return (t.operation() == Operation::Renew || t.operation() == Operation::Upgrade) &&
           t.state == "verified";
}

std::vector<Workflow::Pending> Workflow::pending() {
    pqxx::nontransaction tx{d->s.conn};
    std::vector<Pending> out;
    for (const auto& p : db::TransactionStore{tx}.pending(d->s.counterId))
        out.push_back(Pending{p.number, p.kind, p.state, p.startedAt});
    return out;
}

std::vector<Outcome> Workflow::recover(long long staffId, auth::SessionToken session) {
    const Impl::Acting acting(*d, std::move(session));
    std::vector<Outcome> out;
    // Each transaction on its own: whatever goes wrong with one (a database error, a refused state move, a
    // step that fails) is recorded on it, audited, and recovery goes on with the next, so that one broken
    // transaction never stops the counter's recovery at every login.
    for (const auto& p : pending()) {
        std::vector<Phrase> notes;
        std::optional<TxRow> loaded;
        try {
            loaded = d->load(p.number);
            d->recoverOne(*loaded, staffId, notes);
        } catch (const StepFailed& e) {
            notes.push_back(Phrase::verbatim(e.what()));
        } catch (const TokenError& e) {
            notes.push_back(phraseOf(e));
        } catch (const ca::CaError& e) {
            notes.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "the CA: %1")).arg(e.what()));
        } catch (const std::exception& e) {
            // Not a step that failed outside (those are recorded already) but the database or the state
            // machine refusing: recorded on the transaction as recovery's failed step.
            const std::string message = std::string("recovery could not finish it: ") + e.what();
            if (loaded)
                d->recordStepFailure(*loaded, "recover", message, false);
            notes.push_back(Phrase::verbatim(message));
        }
        Outcome o;
        try {
            o = d->outcome(p.number);
        } catch (const std::exception&) {
            o.transactionNumber = p.number;
            o.kind = p.kind;
            o.state = p.state;
        }
        o.notes = notes;
        out.push_back(o);
    }
    return out;
}

void Workflow::Impl::recoverOne(TxRow& t, long long staffId, std::vector<Phrase>& notes) {
    // What needs no PIN is finished: an UNLOCK whose key is unlocked, a verified transaction.
    if (t.operation() == Operation::Unlock && (t.state == "fee_recorded" || t.state == "key_initialised")) {
        const auto key = keyInWriter(str(t.work, "key_serial"));
        if (key && key->userPinSet && !key->userPin.locked) {
            if (t.state == "fee_recorded")
                advance(t, "key_initialised", "unlock", {}, "key.unlocked",
                        {{QStringLiteral("found_unlocked"), true}});
            const Secret none;
            verifyUnlock(t, none);
            notes.push_back(
                Phrase(QT_TRANSLATE_NOOP("Reason", "the key had been unlocked; transaction completed")));
        }
    }
    if (t.state == "verified") {
        complete(t, staffId);
        removeOldPair(t, Secret(), &notes);
        notes.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "completed")));
    }
    if (!finalState(t.state)) {
        Outcome o = compensate(t, "interrupted; compensated by recovery", std::nullopt, true);
        notes.insert(notes.begin(), o.notes.begin(), o.notes.end());
    }
}

} // namespace countersign::workflow
