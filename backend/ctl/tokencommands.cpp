#include "backend/ctl/tokencommands.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>

#include <QJsonArray>

#include <pqxx/transaction>

#include "backend/ctl/adminsession.h"
#include "backend/identifiers/residentid.h"
#include "backend/stock/keymodels.h"
#include "backend/tokensetup.h"
#include "db/keymodelstore.h"
#include "db/sopinstore.h"
#include "token/keydevice.h"
#include "token/pinpolicy.h"

namespace countersign::ctl {

namespace {

const char* const kUsage =
    "countersignctl token list | info SERIAL | init [SERIAL] [--label L] [--factory-so-pin-fd N] |\n"
    "                     set-pin SERIAL | verify-pin "
    "SERIAL |\n"
    "                     unlock SERIAL | keygen SERIAL --alg rsa2048|rsa3072|ec-p256 --subject "
    "/C=CN/O=…/CN=… |\n"
    "                     write-cert SERIAL CERT.pem [--chain CHAIN.pem] | selftest SERIAL | retire SERIAL "
    "--yes\n"
    "  common: [--module PATH] [--pin-fd N] [--new-pin-fd N] [--confirm-final-try] [--agent-id ID]\n"
    "  init, set-pin, unlock and retire use the SO PIN: an admin's, --operator NAME with the password from\n"
    "  --password-fd N or the terminal";

QJsonObject flagsJson(const token::PinFlags& f) {
    return {{QStringLiteral("countLow"), f.countLow},
            {QStringLiteral("finalTry"), f.finalTry},
            {QStringLiteral("locked"), f.locked},
            {QStringLiteral("toBeChanged"), f.toBeChanged}};
}

QJsonObject keyJson(const token::TokenInfo& k) {
    QJsonArray certs;
    for (const auto& c : k.certificates) {
        certs.append(QJsonObject{{QStringLiteral("keyId"), QString::fromStdString(c.keyId)},
                                 {QStringLiteral("subject"), QString::fromStdString(c.subject)},
                                 {QStringLiteral("issuer"), QString::fromStdString(c.issuer)},
                                 {QStringLiteral("serial"), QString::fromStdString(c.serial)},
                                 {QStringLiteral("notBefore"), QString::fromStdString(c.notBefore)},
                                 {QStringLiteral("notAfter"), QString::fromStdString(c.notAfter)},
                                 {QStringLiteral("uscc"), QString::fromStdString(c.uscc)},
                                 {QStringLiteral("ca"), c.isCa}});
    }
    return {{QStringLiteral("serial"), QString::fromStdString(k.serial)},
            {QStringLiteral("label"), QString::fromStdString(k.label)},
            {QStringLiteral("manufacturer"), QString::fromStdString(k.manufacturer)},
            {QStringLiteral("model"), QString::fromStdString(k.model)},
            {QStringLiteral("initialized"), k.initialized},
            {QStringLiteral("blank"), k.blank()},
            {QStringLiteral("userPinSet"), k.userPinSet},
            {QStringLiteral("userPin"), flagsJson(k.userPin)},
            {QStringLiteral("soPin"), flagsJson(k.soPin)},
            {QStringLiteral("certificates"), certs}};
}

std::string pinState(const token::PinFlags& f) {
    if (f.locked)
        return "locked";
    if (f.finalTry)
        return "one try left";
    if (f.countLow)
        return "wrong PIN entered before";
    return "ok";
}

std::string keyText(const token::TokenInfo& k) {
    std::string out = (k.serial.empty() ? std::string("(no serial)") : k.serial) + "  " + k.label + "  [" +
                      k.manufacturer + " " + k.model + "]  " +
                      (k.blank() ? "blank" : "PIN " + pinState(k.userPin)) +
                      (k.soPin.locked ? ", SO PIN locked" : "");
    for (const auto& c : k.certificates) {
        out += "\n    " + std::string(c.isCa ? "CA   " : "cert ") + c.serial + "  " + c.subject + "  until " +
               c.notAfter + (c.uscc.empty() ? "" : "  USCC " + c.uscc) + (c.isCa ? "" : "  key " + c.keyId);
    }
    return out;
}

// Turns a key error into the exit status and message a script or a person can act on.
[[noreturn]] void refuse(const token::TokenError& e) {
    std::string message = e.message(false) + " [" + token::errorCodeName(e.code) + "]";
    if (!e.detail.empty())
        message += " — " + e.detail;
    if (e.code == token::TokenErrorCode::ModuleLoadFailed || e.code == token::TokenErrorCode::MasterSecret)
        throw EnvironmentError(message);
    throw Refused(message);
}

// The factory SO PIN token init gives a vendor key, and where it came from (for the record and the messages).
struct FactorySoPinGiven {
    std::optional<Secret> pin;
    std::string source = "none"; ///< "none", "fd" (--factory-so-pin-fd) or "model"
    std::string model;           ///< the key's model, when it was looked up (no SO PIN version recorded)
    std::optional<db::KeyModel> registered; ///< the model the PIN is registered with ("model")
};

// From --factory-so-pin-fd, read once; else the key's model's (0029_keymodels.sql) when the key is not on an
// SO PIN of this system yet (no version recorded for it). Refused before anyone logs in when it can't be
// used.
FactorySoPinGiven factorySoPin(const Context& ctx, token::KeyDevice& device, const std::string& serial,
                               const std::optional<int>& recorded, const std::optional<std::string>& fd) {
    FactorySoPinGiven out;
    if (fd && recorded)
        throw Refused("key " + serial + " is on SO PIN version " + std::to_string(*recorded) +
                      " of this system: its factory SO PIN is no longer used. Nothing was changed.");
    if (fd) {
        out.pin = readSecret(fd, "--factory-so-pin-fd", "Factory SO PIN", false);
        if (out.pin->empty())
            throw Refused("no factory SO PIN was read from --factory-so-pin-fd. Nothing was changed.");
        out.source = "fd";
        return out;
    }
    if (recorded || serial.empty())
        return out;
    const std::string model = device.key(serial).model;
    out.model = model;
    auto conn = ctx.connect();
    pqxx::read_transaction tx{*conn};
    const auto registered = db::KeyModelStore{tx}.find(model);
    if (!registered || registered->factorySoPinFile.empty())
        return out;
    auto read = stock::readFactorySoPin(*registered);
    if (!read.pin)
        throw Refused(read.problem + " (" + stock::factorySoPinSetting(model) + "). Nothing was changed.");
    out.pin = std::move(read.pin);
    out.source = "model";
    out.registered = registered;
    return out;
}

// A key that refused the factory SO PIN, or the derived one (or, its flags saying it is still on its factory
// SO PIN, was not sent one) while no SO PIN of this system is recorded for it: said naming what to set.
[[noreturn]] void refuseInitialisation(const token::TokenError& e, const std::string& serial,
                                       const FactorySoPinGiven& factory, bool recorded) {
    const std::string code = std::string(" [") + token::errorCodeName(e.code) + "]";
    if (e.code == token::TokenErrorCode::FactorySoPinIncorrect && factory.registered)
        throw Refused(stock::factorySoPinRefused(*factory.registered) + code);
    if (e.code == token::TokenErrorCode::FactorySoPinIncorrect)
        throw Refused("The key refused the factory SO PIN given with --factory-so-pin-fd; one SO PIN try was "
                      "spent." +
                      code);
    const bool onFactory = e.code == token::TokenErrorCode::SoPinIncorrect ||
                           e.code == token::TokenErrorCode::FactorySoPinNeeded;
    if (onFactory && !recorded && factory.source == "none")
        throw Refused(e.message(false) + " " + stock::registerFactorySoPin(factory.model) +
                      " Or give it once: countersignctl token init " + serial + " --factory-so-pin-fd N." +
                      code);
    throw e;
}

} // namespace

int tokenCommand(Context& ctx, Arguments& args) {
    const auto sub = args.takeWord();
    if (!sub)
        throw UsageError(std::string("usage: ") + kUsage);
    const auto module = args.takeOption("--module");
    const auto pinFd = args.takeOption("--pin-fd");
    const auto newPinFd = args.takeOption("--new-pin-fd");
    const bool confirmFinalTry = args.takeFlag("--confirm-final-try");
    const auto agentId = args.takeOption("--agent-id");
    if (args.takeOption("--pin") || args.takeOption("--new-pin") || args.takeOption("--so-pin"))
        throw UsageError(
            "PINs are never taken from the command line; use --pin-fd N / --new-pin-fd N or the terminal");

    std::unique_ptr<token::KeyDevice> device;
    auto open = [&](bool needsSoPin) -> token::KeyDevice& {
        try {
            token::Pkcs11Uri writer = token::Pkcs11Uri::parse(ctx.config.tokenUri.toStdString());
            auto deriver = needsSoPin ? makeSoPinDeriver(ctx.config) : nullptr;
            if (needsSoPin && !deriver) // said before anyone logs in: a login is counted and audited
                throw token::TokenError(token::TokenErrorCode::MasterSecret, "opening the key writer", 0, {},
                                        "no SO PIN master secret configured");
            device =
                std::make_unique<token::KeyDevice>(module ? *module : ctx.config.pkcs11Module.toStdString(),
                                                   std::move(writer), std::move(deriver));
        } catch (const std::invalid_argument& e) {
            throw EnvironmentError(std::string("[pkcs11] token_uri: ") + e.what());
        }
        return *device;
    };
    // Work with the SO PIN is an admin's: the database checks the admin and writes the work down before the
    // key is touched (open(true) first, so a writer that can't do it is said before anyone logs in).
    std::unique_ptr<pqxx::connection> conn;
    std::optional<AdminSession> admin;
    auto soWork = [&](const std::string& kind, const std::string& serial, const QJsonObject& detail) {
        conn = ctx.connect();
        admin.emplace(*conn, args);
        return admin->begin(kind, serial, detail);
    };
    // The SO PIN version the database records for a key (0025_sopin.sql), so an SO login is made with that
    // version's SO PIN, never with the current one on a key still on an older version (a wrong SO PIN try);
    // a key never recorded is on the current version (or its factory SO PIN: token init).
    auto recordedVersion = [&](const std::string& serial) -> std::optional<int> {
        if (serial.empty())
            return std::nullopt;
        auto c = ctx.connect();
        pqxx::read_transaction tx{*c};
        return db::SoPinStore{tx}.version(serial);
    };
    auto recordedUse = [&](const std::string& serial) {
        return token::SoPinUse{recordedVersion(serial).value_or(0), false};
    };
    // The new PIN must follow the policy, including "not the agent's birth date".
    auto newPin = [&]() {
        Secret pin = readSecret(newPinFd, "--new-pin-fd", "New PIN", /*confirm=*/!newPinFd);
        std::string birth;
        if (agentId) {
            const auto date = residentIdBirthDate(*agentId);
            if (date)
                birth = date->iso().substr(0, 4) + date->iso().substr(5, 2) + date->iso().substr(8, 2);
        }
        const token::PinPolicy policy = makePinPolicy(ctx.config);
        const auto problem = policy.check(pin, birth);
        if (problem != token::PinProblem::None)
            throw Refused(token::pinProblemMessage(problem, false, policy.minLength, policy.maxLength) +
                          " Nothing was changed.");
        return pin;
    };
    auto pin = [&]() { return readSecret(pinFd, "--pin-fd", "PIN", false); };

    try {
        if (*sub == "list") {
            args.expectEmpty("countersignctl token list");
            const auto keys = open(false).keys();
            QJsonArray list;
            std::string text;
            for (const auto& k : keys) {
                list.append(keyJson(k));
                text += keyText(k) + "\n";
            }
            if (keys.empty())
                text = "no key in the writer\n";
            ctx.print({{QStringLiteral("keys"), list}}, text.substr(0, text.size() - 1));
            return 0;
        }
        if (*sub == "info") {
            const auto serial = args.takePositionals(1, "countersignctl token info SERIAL")[0];
            const auto k = open(false).key(serial);
            ctx.print(keyJson(k), keyText(k));
            return 0;
        }
        if (*sub == "init") {
            const auto label = args.takeOption("--label").value_or("Countersign");
            const auto factoryFd = args.takeOption("--factory-so-pin-fd");
            std::string rest;
            if (const auto word = args.takeWord())
                rest = *word;
            withoutLogin(args).expectEmpty("countersignctl token init [SERIAL] [--label L] "
                                           "[--factory-so-pin-fd N] --operator NAME");
            auto& d = open(true);
            const std::optional<int> recorded = recordedVersion(rest);
            FactorySoPinGiven factory = factorySoPin(ctx, d, rest, recorded, factoryFd);
            const long long action =
                soWork("token.init", rest,
                       {{QStringLiteral("label"), QString::fromStdString(label)},
                        {QStringLiteral("factory_so_pin"), QString::fromStdString(factory.source)}});
            const auto k = admin->carryOut(action, [&] {
                try {
                    auto initialised = d.initialise(rest, label, {recorded.value_or(0), false},
                                                    factory.pin ? &*factory.pin : nullptr);
                    factory.pin.reset();
                    // From now on the key's SO PIN is derived: its factory SO PIN is never used for it again.
                    pqxx::work tx{*conn};
                    db::SoPinStore{tx}.setByAdmin(admin->session(), action, initialised.serial,
                                                  ctx.config.soPinVersion);
                    tx.commit();
                    return initialised;
                } catch (const token::TokenError& e) {
                    refuseInitialisation(e, rest, factory, recorded.has_value());
                }
            });
            admin->finish(action, true,
                          {{QStringLiteral("serial"), QString::fromStdString(k.serial)},
                           {QStringLiteral("label"), QString::fromStdString(k.label)},
                           {QStringLiteral("so_pin_version"), ctx.config.soPinVersion}});
            ctx.print(keyJson(k), "initialised key " + k.serial + " (" + k.label + ")");
            return 0;
        }
        if (*sub == "set-pin" || *sub == "unlock") {
            const auto serial = withoutLogin(args).takePositionals(1, "countersignctl token " + *sub +
                                                                          " SERIAL --operator NAME")[0];
            auto& d = open(true);
            const token::SoPinUse use = recordedUse(serial);
            // An unlock moves a key on an older SO PIN version to the current one, and only the UNLOCK
            // operation records that move: here the key would be left on a version the database doesn't know.
            if (*sub == "unlock" && use.version != 0 && use.version != ctx.config.soPinVersion)
                throw Refused("key " + serial + " is on SO PIN version " + std::to_string(use.version) +
                              " and the current version is " + std::to_string(ctx.config.soPinVersion) +
                              ": unlock it with 'countersignctl unlock', which records its move to the "
                              "current version. Nothing was changed.");
            const Secret p = newPin();
            const long long action = soWork(*sub == "set-pin" ? "token.set_pin" : "token.unlock", serial, {});
            admin->carryOut(action, [&] {
                if (*sub == "set-pin")
                    d.setUserPin(serial, p, use);
                else
                    d.unlock(serial, p, use);
                return 0;
            });
            admin->finish(action, true);
            ctx.print(
                {{QStringLiteral("serial"), QString::fromStdString(serial)}, {QStringLiteral("done"), true}},
                *sub == "set-pin" ? "PIN set on " + serial : "key " + serial + " unlocked with the new PIN");
            return 0;
        }
        if (*sub == "verify-pin") {
            const auto serial = args.takePositionals(1, "countersignctl token verify-pin SERIAL")[0];
            auto& d = open(false);
            const auto flags = d.verifyUserPin(serial, pin(), confirmFinalTry);
            ctx.print({{QStringLiteral("serial"), QString::fromStdString(serial)},
                       {QStringLiteral("userPin"), flagsJson(flags)}},
                      "PIN correct on " + serial);
            return 0;
        }
        if (*sub == "keygen") {
            const auto algText = args.takeOption("--alg").value_or("rsa2048");
            const auto subject = args.takeOption("--subject");
            const auto serial =
                args.takePositionals(1, "countersignctl token keygen SERIAL --alg A --subject S")[0];
            token::KeyAlgorithm alg;
            if (!token::parseAlgorithm(algText, alg))
                throw UsageError("--alg must be rsa2048, rsa3072 or ec-p256");
            if (!subject)
                throw UsageError("--subject is required, e.g. /C=CN/O=Company/CN=Company");
            auto& d = open(false);
            const Secret p = pin();
            const auto pair = d.generateKeyPair(serial, p, alg, confirmFinalTry);
            const std::string csr = d.makeCsr(serial, p, pair.keyId, *subject, confirmFinalTry);
            if (ctx.json)
                ctx.print({{QStringLiteral("keyId"), QString::fromStdString(pair.keyId)},
                           {QStringLiteral("csr"), QString::fromStdString(csr)}},
                          "");
            else
                std::cout << csr;
            std::cerr << "key pair " << pair.keyId << " generated on " << serial << '\n';
            return 0;
        }
        if (*sub == "write-cert") {
            const auto chain = args.takeOption("--chain");
            const auto words = args.takePositionals(
                2, "countersignctl token write-cert SERIAL CERT.pem [--chain CHAIN.pem]");
            const std::string cert = readFile(words[1]);
            const std::string chainPem = chain ? readFile(*chain) : std::string();
            auto& d = open(false);
            d.writeCertificate(words[0], pin(), {}, cert, chainPem, confirmFinalTry);
            ctx.print({{QStringLiteral("serial"), QString::fromStdString(words[0])},
                       {QStringLiteral("done"), true}},
                      "certificate written to " + words[0]);
            return 0;
        }
        if (*sub == "selftest") {
            const auto serial = args.takePositionals(1, "countersignctl token selftest SERIAL")[0];
            auto& d = open(false);
            const auto k = d.key(serial);
            const Secret p = pin();
            QJsonArray tested;
            for (const auto& c : k.certificates) {
                if (c.isCa)
                    continue;
                d.selfTest(serial, p, c.keyId, confirmFinalTry);
                tested.append(QString::fromStdString(c.keyId));
            }
            if (tested.isEmpty())
                throw Refused("no certificate on key " + serial + " to test");
            ctx.print({{QStringLiteral("serial"), QString::fromStdString(serial)},
                       {QStringLiteral("tested"), tested}},
                      "self-test passed on " + serial + " (" + std::to_string(tested.size()) +
                          " key pair(s))");
            return 0;
        }
        if (*sub == "retire") {
            const bool yes = args.takeFlag("--yes");
            const auto serial = withoutLogin(args).takePositionals(
                1, "countersignctl token retire SERIAL --yes --operator NAME")[0];
            if (!yes)
                throw Refused("retiring wipes every key pair and certificate on " + serial +
                              "; run again with --yes to confirm");
            auto& d = open(true);
            const token::SoPinUse use = recordedUse(serial);
            const long long action = soWork("token.retire", serial, {});
            const auto k = admin->carryOut(action, [&] {
                auto retired = d.retire(serial, "Countersign blank", use);
                pqxx::work tx{*conn};
                db::SoPinStore{tx}.setByAdmin(admin->session(), action, serial, ctx.config.soPinVersion);
                tx.commit();
                return retired;
            });
            admin->finish(action, true, {{QStringLiteral("so_pin_version"), ctx.config.soPinVersion}});
            ctx.print(keyJson(k), "key " + serial + " retired: blank again");
            return 0;
        }
    } catch (const token::TokenError& e) {
        refuse(e);
    }
    throw UsageError(std::string("usage: ") + kUsage);
}

} // namespace countersign::ctl
