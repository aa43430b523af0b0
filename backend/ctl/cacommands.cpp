#include "backend/ctl/cacommands.h"

#include <fstream>
#include <iostream>
#include <iterator>

#include <QJsonArray>
#include <QJsonDocument>

#include "backend/ca/builtinca.h"
#include "backend/ca/caconnector.h"
#include "backend/ca/crlpublish.h"
#include "backend/ctl/adminsession.h"

namespace countersign::ctl {

namespace {

const char* const kUsage =
    "countersignctl ca init [--alg ec-p256|rsa2048|rsa3072] |\n"
    "    issue --csr FILE --profile P --subject-from-json FILE --request-id ID --operator NAME |\n"
    "    revoke SERIAL --reason R --operator NAME | crl [--out FILE | --publish DIR] |\n"
    "    export-chain [--out FILE] |\n"
    "    status SERIAL\n"
    "  issue and revoke are an admin's: --operator NAME, the password from --password-fd N or the terminal";

void writeOut(const std::optional<std::string>& path, const std::string& text) {
    if (!path) {
        std::cout << text;
        return;
    }
    std::ofstream out(*path, std::ios::binary);
    out << text;
    if (!out)
        throw Refused("cannot write " + *path);
}

} // namespace

int caCommand(Context& ctx, Arguments& args) {
    const auto sub = args.takeWord();
    if (!sub)
        throw UsageError(std::string("usage: ") + kUsage);
    try {
        if (*sub == "init") {
            const auto alg = args.takeOption("--alg").value_or("ec-p256");
            const auto store = args.takeOption("--key-store").value_or("file");
            const auto tokenSerial = args.takeOption("--token-serial");
            const auto module = args.takeOption("--module");
            const auto pinFd = args.takeOption("--pin-fd");
            args.expectEmpty(
                "countersignctl ca init [--alg ec-p256|rsa2048|rsa3072] [--key-store file|pkcs11 "
                "--token-serial S [--module PATH] [--pin-fd N]]");
            if (store != "file" && store != "pkcs11")
                throw UsageError("--key-store must be file or pkcs11");
            if (store == "pkcs11" && !tokenSerial)
                throw UsageError(
                    "--key-store pkcs11 needs --token-serial (countersignctl token list shows it)");
            ca::CaKeyAlgorithm algorithm;
            if (alg == "ec-p256")
                algorithm = ca::CaKeyAlgorithm::EcP256;
            else if (alg == "rsa2048")
                algorithm = ca::CaKeyAlgorithm::Rsa2048;
            else if (alg == "rsa3072")
                algorithm = ca::CaKeyAlgorithm::Rsa3072;
            else
                throw UsageError("--alg must be ec-p256, rsa2048 or rsa3072");
            auto conn = ctx.connect();
            auto config = ca::builtinCaConfig(ctx.config);
            const std::string rootKey =
                config.rootKeyFile.empty() ? config.keyFile + ".root" : config.rootKeyFile;
            if (store == "pkcs11") {
                if (module)
                    config.pkcs11Module = *module;
                if (config.pkcs11Module.empty())
                    throw UsageError("the token's module: --module PATH or [ca] pkcs11_module");
                const Secret pin = readSecret(pinFd, "--pin-fd", "PIN of the CA token", false);
                ca::BuiltinCa::initialiseOnToken(*conn, config, algorithm, ctx.config.caName.toStdString(),
                                                 *tokenSerial, pin);
                ctx.print({{QStringLiteral("keyStore"), QStringLiteral("pkcs11")},
                           {QStringLiteral("token"), QString::fromStdString(*tokenSerial)}},
                          "built-in CA made; the issuing key was generated on token " + *tokenSerial +
                              " and never leaves it; root key in " + rootKey + " (keep it offline)");
                return 0;
            }
            ca::BuiltinCa::initialise(*conn, config, algorithm, ctx.config.caName.toStdString());
            ca::BuiltinCa madeNow(*conn, config); // proves the new CA loads with this configuration
            ctx.print({{QStringLiteral("keyFile"), QString::fromStdString(config.keyFile)}},
                      "built-in CA made; issuing key in " + config.keyFile + ", root key in " + rootKey +
                          " (keep it offline)");
            return 0;
        }
        auto conn = ctx.connect();
        ca::CaConnector connector(ctx.config, *conn);
        ca::CertificateAuthority& authority = connector.ca();
        if (*sub == "issue") {
            const auto csr = args.takeOption("--csr");
            const auto profile = args.takeOption("--profile").value_or("enterprise-tax");
            const auto subjectFile = args.takeOption("--subject-from-json");
            const auto requestId = args.takeOption("--request-id");
            withoutLogin(args).expectEmpty(kUsage);
            if (!csr || !subjectFile || !requestId)
                throw UsageError("--csr, --subject-from-json and --request-id are required");
            const auto json =
                QJsonDocument::fromJson(QByteArray::fromStdString(readFile(*subjectFile))).object();
            ca::IssueRequest request{readFile(*csr),
                                     profile,
                                     *requestId,
                                     {json.value(QStringLiteral("company")).toString().toStdString(),
                                      json.value(QStringLiteral("uscc")).toString().toStdString()}};
            // The database checks the admin and writes the request down before the CA signs anything.
            const AdminSession admin(*conn, args);
            const long long action =
                admin.begin("ca.issue", *requestId,
                            {{QStringLiteral("profile"), QString::fromStdString(profile)},
                             {QStringLiteral("uscc"), QString::fromStdString(request.subject.uscc)},
                             {QStringLiteral("company"), QString::fromStdString(request.subject.company)}});
            const auto issued = admin.carryOut(action, [&] { return authority.issue(request); });
            admin.finish(action, true,
                         {{QStringLiteral("serial"), QString::fromStdString(issued.serialHex)}});
            if (ctx.json)
                ctx.print({{QStringLiteral("serial"), QString::fromStdString(issued.serialHex)},
                           {QStringLiteral("notBefore"), QString::fromStdString(issued.notBefore)},
                           {QStringLiteral("notAfter"), QString::fromStdString(issued.notAfter)},
                           {QStringLiteral("certificate"), QString::fromStdString(issued.certificatePem)}},
                          "");
            else
                std::cout << issued.certificatePem;
            std::cerr << "certificate " << issued.serialHex << " valid until " << issued.notAfter << '\n';
            return 0;
        }
        if (*sub == "revoke") {
            const auto reasonText = args.takeOption("--reason").value_or("unspecified");
            const auto serial = withoutLogin(args).takePositionals(
                1, "countersignctl ca revoke SERIAL --reason R --operator NAME [--password-fd N]")[0];
            const auto reason = ca::parseReason(reasonText);
            if (!reason)
                throw UsageError(
                    "--reason must be an RFC 5280 reason: keyCompromise, superseded, "
                    "cessationOfOperation, affiliationChanged, privilegeWithdrawn, unspecified …");
            // Revoked on record first (the built-in CA's CRL is read from it), then at the CA.
            const AdminSession admin(*conn, args);
            const long long action = admin.revokeCertificate(serial, ca::reasonName(*reason));
            admin.carryOut(action, [&] {
                authority.revoke(serial, *reason, std::chrono::system_clock::now());
                return 0;
            });
            admin.finish(action, true);
            ctx.print({{QStringLiteral("serial"), QString::fromStdString(serial)},
                       {QStringLiteral("reason"), QLatin1String(ca::reasonName(*reason))}},
                      "certificate " + serial + " revoked (" + ca::reasonName(*reason) + ")");
            return 0;
        }
        if (*sub == "crl") {
            const auto out = args.takeOption("--out");
            const auto publish = args.takeOption("--publish");
            args.expectEmpty("countersignctl ca crl [--out FILE | --publish DIR]");
            if (out && publish)
                throw UsageError("--out or --publish, not both");
            if (publish) {
                std::string path;
                try {
                    path = ca::publishCrl(authority, *publish, ctx.config.caCrlUrl.toStdString());
                } catch (const std::runtime_error& e) {
                    if (dynamic_cast<const ca::CaError*>(&e))
                        throw;
                    throw EnvironmentError(e.what());
                }
                ctx.print({{QStringLiteral("published"), QString::fromStdString(path)}},
                          "CRL published at " + path);
                return 0;
            }
            writeOut(out, authority.crl());
            return 0;
        }
        if (*sub == "export-chain") {
            const auto out = args.takeOption("--out");
            args.expectEmpty("countersignctl ca export-chain [--out FILE]");
            std::string pem;
            for (const auto& c : authority.chain())
                pem += c;
            writeOut(out, pem);
            return 0;
        }
        if (*sub == "status") {
            const auto serial = args.takePositionals(1, "countersignctl ca status SERIAL")[0];
            const auto s = authority.status(serial);
            const char* state = s.status == ca::CertificateStatus::Good      ? "good"
                                : s.status == ca::CertificateStatus::Revoked ? "revoked"
                                                                             : "unknown";
            ctx.print({{QStringLiteral("serial"), QString::fromStdString(serial)},
                       {QStringLiteral("status"), QLatin1String(state)},
                       {QStringLiteral("reason"), QLatin1String(s.reason ? ca::reasonName(*s.reason) : "")},
                       {QStringLiteral("revokedAt"), QString::fromStdString(s.revokedAt)}},
                      serial + ": " + state +
                          (s.reason ? std::string(" (") + ca::reasonName(*s.reason) + ", " + s.revokedAt + ")"
                                    : ""));
            return s.status == ca::CertificateStatus::Unknown ? 1 : 0;
        }
    } catch (const ca::CaError& e) {
        if (e.code == ca::CaErrorCode::Internal || e.code == ca::CaErrorCode::Unreachable)
            throw EnvironmentError(e.what());
        throw Refused(e.what());
    }
    throw UsageError(std::string("usage: ") + kUsage);
}

} // namespace countersign::ctl
