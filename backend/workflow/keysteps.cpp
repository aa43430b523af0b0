#include "backend/workflow/internal.h"

// The steps on the key: initialise, key pair and CSR, write, verify, unlock, and the old pair's removal after
// a renewal; the order in which a transaction's remaining steps run (drive).
namespace countersign::workflow {

std::optional<token::TokenInfo> Workflow::Impl::keyInWriter(const std::string& serial) {
    if (serial.empty())
        return std::nullopt;
    try {
        return s.keys.key(serial);
    } catch (const TokenError& e) {
        if (e.code == TokenErrorCode::NoKey)
            return std::nullopt;
        throw;
    }
}

std::vector<token::CertificateInfo> Workflow::Impl::ownCertificates(const token::TokenInfo& key) {
    std::vector<token::CertificateInfo> out;
    for (const auto& c : key.certificates)
        if (!c.isCa)
            out.push_back(c);
    return out;
}

long long Workflow::Impl::ensureToken(pqxx::transaction_base& tx, const token::TokenInfo& key,
                                      const std::string& state, std::optional<long long> enterpriseId,
                                      std::string* stateNow) {
    const auto token = db::PartyStore{tx}.presentKey(
        session(), {key.serial, key.model.empty() ? std::string("unknown") : key.model, key.manufacturer,
                    state, s.centreId, enterpriseId});
    if (stateNow)
        *stateNow = token.state;
    return token.id;
}

token::KeyAlgorithm Workflow::Impl::algorithmOf(const TxRow& t) {
    token::KeyAlgorithm a = token::KeyAlgorithm::Rsa2048;
    token::parseAlgorithm(str(t.work, "algorithm"), a);
    return a;
}

int Workflow::Impl::soPinVersionOf(const std::string& serial) {
    return recordedSoPinVersion(serial).value_or(s.config.soPinVersion);
}

void Workflow::Impl::recordSoPinMove(const TxRow& t, const std::string& serial, int from, int to) {
    pqxx::work tx{s.conn};
    db::SoPinStore{tx}.moved(session(), t.id, serial, from, to);
    tx.commit();
}

void Workflow::Impl::recordSoPinFinalTry(const TxRow& t, const std::string& serial) {
    const auto approver = std::move(confirmations.soPinFinalTry);
    confirmations.soPinFinalTry.reset(); // its approval session is spent by this one use
    try {
        pqxx::work tx{s.conn};
        db::SoPinStore{tx}.finalTryConfirmed(session(), t.id, *approver->session, serial,
                                             "unlock: the SO PIN's final try");
        tx.commit();
    } catch (const pqxx::sql_error& e) {
        const std::string message = "the supervisor's confirmation of the SO PIN's final try was refused: " +
                                    db::databaseRefusal(e).value_or(e.what());
        recordStepFailure(t, "unlock", message, false);
        throw StepFailed(t.number, "unlock", message, false);
    }
}

void Workflow::Impl::moveSoPin(const TxRow& t, const std::string& serial) {
    const int version = soPinVersionOf(serial);
    if (version == s.config.soPinVersion)
        return;
    int now = version;
    try {
        now = s.keys.moveSoPin(serial, version);
    } catch (const TokenError&) {
        return; // the renewal does not depend on it: the key moves at a later visit
    }
    if (now != version)
        recordSoPinMove(t, serial, version, now);
}

void Workflow::Impl::needPin(const TxRow& t, const Secret& pin, const std::string& step) {
    if (pin.empty())
        throw StepFailed(t.number, step, "the key's PIN is needed to continue transaction " + t.number,
                         false);
}

std::optional<int> Workflow::Impl::recordedSoPinVersion(const std::string& serial) {
    pqxx::nontransaction tx{s.conn};
    return db::SoPinStore{tx}.version(serial);
}

std::optional<db::KeyModel> Workflow::Impl::keyModel(const std::string& name) const {
    if (name.empty())
        return std::nullopt;
    pqxx::nontransaction tx{s.conn};
    return db::KeyModelStore{tx}.find(name);
}

std::optional<Secret> Workflow::Impl::factorySoPin(const TxRow& t, const std::optional<db::KeyModel>& model) {
    if (!model || model->factorySoPinFile.empty())
        return std::nullopt;
    auto read = stock::readFactorySoPin(*model);
    if (!read.pin) {
        const std::string message = read.problem + " (" + stock::factorySoPinSetting(model->name) + ")";
        recordStepFailure(t, "initialise", message, false);
        throw StepFailed(t.number, "initialise", message, false);
    }
    return std::move(read.pin);
}

token::TokenInfo Workflow::Impl::initialiseFirst(const TxRow& t, const std::string& serial,
                                                 const token::SoPinUse& use, bool factoryMayApply) {
    // A vendor key that no SO PIN of this system was ever recorded for is still on its factory SO PIN, which
    // its model records (0029_keymodels.sql): the key gets it once, then its SO PIN is the derived one.
    std::string modelName;
    std::optional<db::KeyModel> model;
    std::optional<Secret> factory;
    if (factoryMayApply) {
        modelName = s.keys.key(serial).model;
        model = keyModel(modelName);
        factory = factorySoPin(t, model);
    }
    try {
        return s.keys.initialise(serial, t.number, use, factory ? &*factory : nullptr);
    } catch (const TokenError& e) {
        std::string message;
        if (e.code == TokenErrorCode::FactorySoPinIncorrect && model)
            message = stock::factorySoPinRefused(*model);
        else if ((e.code == TokenErrorCode::SoPinIncorrect || e.code == TokenErrorCode::FactorySoPinNeeded) &&
                 factoryMayApply && !factory)
            message = e.message(false) + " " + stock::registerFactorySoPin(modelName);
        else
            throw;
        recordStepFailure(t, "initialise", message, false);
        throw StepFailed(t.number, "initialise", message, false);
    }
}

void Workflow::Impl::initialiseKey(TxRow& t, const Secret& pin) {
    needPin(t, pin, "initialise");
    const std::string wanted = str(t.work, "key_serial");
    const std::string label = t.number;
    const auto info = outside(t, "initialise", [&] {
        // A key this transaction initialised before an interruption carries its number as label.
        std::optional<token::TokenInfo> ours;
        for (auto& k : s.keys.keys(false))
            if (k.initialized && k.label == label)
                ours = k;
        std::string serial = ours ? ours->serial : wanted;
        // A key from stock initialised before (a retired one) is on the SO PIN version recorded for it; one
        // this transaction initialised is on the current version already (or, cut short before its SO PIN
        // moved, still on its factory SO PIN); a key with none recorded is on its factory SO PIN.
        const std::optional<int> recorded = serial.empty() ? std::nullopt : recordedSoPinVersion(serial);
        const token::SoPinUse use{ours ? 0 : recorded.value_or(0), false};
        if (ours && ours->userPinSet)
            s.keys.retire(serial, label, use);
        auto initialised =
            initialiseFirst(t, serial, use, !serial.empty() && !recorded && !(ours && ours->userPinSet));
        s.keys.setUserPin(initialised.serial, pin);
        return s.keys.key(initialised.serial);
    });
    hook("done:key_initialised");
    advance(t, "key_initialised", "initialise",
            {{QStringLiteral("key_serial"), QString::fromStdString(info.serial)}}, "key.initialised",
            {{QStringLiteral("serial"), QString::fromStdString(info.serial)}}, {}, {}, {},
            // The key from stock (received first when the counter meets it for the first time) and its SO PIN
            // version ride in the same call as the move; the database assigns it to the transaction.
            {QJsonObject{{QStringLiteral("op"), QStringLiteral("key_take")},
                         {QStringLiteral("serial"), QString::fromStdString(info.serial)},
                         {QStringLiteral("model"), QString::fromStdString(info.model)},
                         {QStringLiteral("manufacturer"), QString::fromStdString(info.manufacturer)},
                         {QStringLiteral("auto_receive"), true},
                         {QStringLiteral("so_pin_version"), s.config.soPinVersion}}});
}

void Workflow::Impl::generate(TxRow& t, const Secret& pin) {
    needPin(t, pin, "keygen");
    const std::string serial = str(t.work, "key_serial");
    const auto algorithm = algorithmOf(t);
    const std::string subject = subjectOf(t);
    const bool confirmed = confirmations.userPinFinalTry;
    if (t.operation() == Operation::Renew || t.operation() == Operation::Upgrade)
        moveSoPin(t, serial);
    const auto [pair, csr] = outside(t, "keygen", [&] {
        const auto p = s.keys.generateKeyPair(serial, pin, algorithm, confirmed);
        return std::make_pair(p, s.keys.makeCsr(serial, pin, p.keyId, subject, confirmed));
    });
    hook("done:key_generated");
    advance(t, "key_generated", "keygen",
            {{QStringLiteral("key_id"), QString::fromStdString(pair.keyId)},
             {QStringLiteral("csr"), QString::fromStdString(csr)}},
            "key.generated",
            {{QStringLiteral("serial"), QString::fromStdString(serial)},
             {QStringLiteral("algorithm"), QString::fromLatin1(token::algorithmName(algorithm))}});
}

void Workflow::Impl::write(TxRow& t, const Secret& pin) {
    needPin(t, pin, "write");
    const std::string serial = str(t.work, "key_serial");
    std::string chain;
    for (const auto& c : t.work.value(QStringLiteral("chain")).toArray())
        chain += c.toString().toStdString();
    const bool confirmed = confirmations.userPinFinalTry;
    const bool fresh = t.issuedHere;
    t.issuedHere = false; // a write that fails part-way is looked for when it is tried again
    outside(t, "write", [&] {
        // Written before an interruption already? Then it is there, with this serial. (Reading the key's
        // certificates costs as much as a tenth of the write, so only a resumed write looks.)
        if (const auto key = fresh ? std::nullopt : keyInWriter(serial))
            for (const auto& c : key->certificates)
                if (c.serial == str(t.work, "cert_serial"))
                    return 0;
        s.keys.writeCertificate(serial, pin, str(t.work, "key_id"), str(t.work, "cert_pem"), chain,
                                confirmed);
        return 0;
    });
    hook("done:cert_written");
    advance(t, "cert_written", "write", {}, "certificate.written",
            {{QStringLiteral("serial"), QString::fromStdString(str(t.work, "cert_serial"))},
             {QStringLiteral("key"), QString::fromStdString(serial)}});
}

void Workflow::Impl::verify(TxRow& t, const Secret& pin) {
    needPin(t, pin, "verify");
    const std::string serial = str(t.work, "key_serial");
    const bool confirmed = confirmations.userPinFinalTry;
    outside(t, "verify", [&] {
        s.keys.selfTest(serial, pin, str(t.work, "key_id"), confirmed);
        return 0;
    });
    hook("done:verified");
    advance(t, "verified", "verify", {}, "key.verified",
            {{QStringLiteral("serial"), QString::fromStdString(serial)}});
}

void Workflow::Impl::unlockKey(TxRow& t, const Secret& pin) {
    needPin(t, pin, "unlock");
    const std::string serial = str(t.work, "key_serial");
    const int version = soPinVersionOf(serial);
    const int now = outside(t, "unlock", [&] {
        // The SO PIN's final try only with a supervisor's confirmation, recorded before it is spent.
        const auto key = s.keys.key(serial);
        const bool finalTry = key.soPin.finalTry && !key.soPin.locked;
        if (finalTry && !confirmations.soPinFinalTry)
            throw TokenError(TokenErrorCode::SoPinFinalTryNeedsConfirmation, "unlocking the key", 0,
                             key.soPin);
        if (finalTry)
            recordSoPinFinalTry(t, serial);
        return s.keys.unlock(serial, pin, {version, finalTry});
    });
    if (now != version)
        recordSoPinMove(t, serial, version, now);
    hook("done:key_initialised");
    advance(t, "key_initialised", "unlock", {}, "key.unlocked",
            {{QStringLiteral("serial"), QString::fromStdString(serial)}});
}

void Workflow::Impl::verifyUnlock(TxRow& t, const Secret& pin) {
    const std::string serial = str(t.work, "key_serial");
    outside(t, "verify", [&] {
        if (!pin.empty()) {
            s.keys.verifyUserPin(serial, pin);
            return 0;
        }
        const auto key = s.keys.key(serial);
        if (!key.userPinSet || key.userPin.locked)
            throw TokenError(TokenErrorCode::PinLocked, "checking the unlocked key");
        return 0;
    });
    hook("done:verified");
    advance(t, "verified", "verify", {}, "key.verified",
            {{QStringLiteral("serial"), QString::fromStdString(serial)},
             {QStringLiteral("by_pin"), !pin.empty()}});
}

void Workflow::Impl::removeOldPair(const TxRow& t, const Secret& pin, std::vector<Phrase>* notes) {
    const std::string oldKeyId = str(t.work, "old_key_id");
    const std::string serial = str(t.work, "key_serial");
    if (oldKeyId.empty() || oldKeyId == str(t.work, "key_id"))
        return;
    if (pin.empty()) {
        if (notes)
            notes->push_back(
                Phrase(QT_TRANSLATE_NOOP("Reason", "the old (revoked) key pair stays on key %1 until its "
                                                   "next renewal"))
                    .arg(serial));
        return;
    }
    try {
        s.keys.removeKeyPair(serial, pin, oldKeyId, confirmations.userPinFinalTry);
    } catch (const TokenError& e) {
        if (notes)
            notes->push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "the old (revoked) key pair could not be "
                                                                "removed from key %1: %2"))
                                 .arg(serial)
                                 .arg(phraseOf(e)));
    }
}

void Workflow::Impl::drive(TxRow& t, const Secret& pin) {
    const bool issuing = t.operation() == Operation::New || t.operation() == Operation::Replace;
    const bool renewal = t.operation() == Operation::Renew || t.operation() == Operation::Upgrade;
    while (!finalState(t.state)) {
        const std::string& st = t.state;
        if (st == "started" || st == "papers_checked")
            throw StepFailed(t.number, "fee",
                             "transaction " + t.number +
                                 " stopped before its fee was recorded; cancel it and "
                                 "start again",
                             false);
        if (st == "failed")
            throw StepFailed(t.number, "compensate",
                             "transaction " + t.number +
                                 " has failed; it can only be "
                                 "compensated",
                             false);
        if (st == "fee_recorded" && issuing) {
            if (t.operation() == Operation::Replace && !t.work.value(QStringLiteral("old_revoked")).toBool())
                revokeOld(t);
            initialiseKey(t, pin);
        } else if (st == "fee_recorded" && renewal) {
            generate(t, pin);
        } else if (st == "fee_recorded") {
            unlockKey(t, pin);
        } else if (st == "key_initialised" && issuing) {
            generate(t, pin);
        } else if (st == "key_initialised") {
            verifyUnlock(t, pin);
        } else if (st == "key_generated") {
            issue(t);
        } else if (st == "cert_issued") {
            write(t, pin);
        } else if (st == "cert_written") {
            verify(t, pin);
        } else if (st == "verified") {
            complete(t, t.operatorId);
            removeOldPair(t, pin, nullptr);
        } else {
            throw std::runtime_error("transaction " + t.number + " is in an unknown state " + st);
        }
    }
}

} // namespace countersign::workflow
