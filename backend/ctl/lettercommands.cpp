#include "backend/ctl/lettercommands.h"

#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>

#include <QJsonArray>
#include <QJsonObject>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <pqxx/binarystring>
#include <pqxx/result>
#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "backend/ctl/context.h"
#include "backend/papers/assistanceletter.h"
#include "backend/papers/demoletterissuer.h"
#include "backend/secretinput.h"
#include "db/connection.h"
#include "token/certinfo.h"
#include "token/owned.h"

namespace countersign::ctl {

namespace {

const char* const kUsage =
    "countersignctl letter verify [--trust-anchor PEM]… [--signer-cert PEM… --signer-office CODE] "
    "(--payload TEXT |\n"
    "                             --payload-file FILE | --image FILE)\n"
    "       countersignctl letter demo-issuer init --dir DIR\n"
    "       countersignctl letter demo-issue --dir DIR --uscc U --org O --agent-name "
    "N --agent-id ID [--office C]\n"
    "                             [--no N] [--issued YYYY-MM-DD] [--expires YYYY-MM-DD] [--out PREFIX]\n"
    "       countersignctl letter trust add (--anchor PEM | --signer PEM --office CODE)\n"
    "                                       [--operator ADMIN [--password-fd N]]\n"
    "       countersignctl letter trust disable (--anchor PEM | --signer PEM) [--operator ADMIN "
    "[--password-fd N]]\n"
    "       countersignctl letter trust list";

const char* const kDemoOffice = "11201010000";

/// The one certificate in the PEM file `path`, as DER.
std::string certificateDer(const std::string& path, token::CertificateInfo* info = nullptr) {
    const std::string pem = readFile(path);
    Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    Owned<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert)
        throw Refused("no PEM certificate in " + path);
    if (info)
        *info = token::describeCertificate(cert.get());
    unsigned char* buf = nullptr;
    const int len = i2d_X509(cert.get(), &buf);
    const Owned<unsigned char> owned(buf);
    return std::string(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(len));
}

/// Runs `call` in a transaction of its own with the session of the admin `adminName` (their password from
/// `passwordFd` or the terminal, logged out after), or with none: then only the database owner's login (the
/// installer's) is let through. A refusal of the database becomes Refused. Returns what `call` returned.
pqxx::result
runAsAdmin(Context& ctx, pqxx::connection& conn, const std::optional<std::string>& adminName,
           const std::optional<std::string>& passwordFd,
           const std::function<pqxx::result(pqxx::work&, const char* admin, long long counter)>& call) {
    auth::SessionToken admin;
    if (adminName) {
        const Secret password =
            readSecret(passwordFd, "--password-fd", "Password for " + *adminName, /*confirm=*/false);
        admin = logInStaff(conn, *adminName, password).session;
    }
    pqxx::work tx{conn};
    const long long counterId = requireCounter(ctx, tx);
    pqxx::result r;
    try {
        r = call(tx, admin ? admin->c_str() : nullptr, counterId);
    } catch (const pqxx::sql_error& e) {
        if (e.sqlstate() == "42501" || e.sqlstate() == "28000")
            throw Refused(db::describeDatabaseError(e));
        throw;
    }
    tx.commit();
    if (admin)
        auth::logOut(conn, admin);
    return r;
}

/// letter trust disable: an admin disables a trust anchor or signer (countersign.letter_signer_disable); a
/// disabled signer signs no letter from then on.
int disableSigner(Context& ctx, Arguments& args, pqxx::connection& conn) {
    const auto anchor = args.takeOption("--anchor");
    const auto signer = args.takeOption("--signer");
    const auto adminName = args.takeOption("--operator");
    const auto passwordFd = args.takeOption("--password-fd");
    args.expectEmpty(kUsage);
    if ((anchor ? 1 : 0) + (signer ? 1 : 0) != 1)
        throw UsageError("give exactly one of --anchor PEM, --signer PEM");
    const std::string der = certificateDer(anchor ? *anchor : *signer);
    const pqxx::result r = runAsAdmin(
        ctx, conn, adminName, passwordFd, [&](pqxx::work& tx, const char* admin, long long counter) {
            return tx.exec_params("SELECT countersign.letter_signer_disable($1, $2, $3)", admin,
                                  pqxx::binarystring(der), counter);
        });
    const bool disabled = !r[0][0].is_null();
    ctx.print({{QStringLiteral("disabled"), disabled}},
              disabled ? "disabled: it signs no letter from now on"
                       : "not disabled: no such active anchor or signer is registered");
    return disabled ? 0 : 1;
}

/// letter trust add|disable|list: the tax-authority trust anchors and signer certificates the counter checks
/// assistance letters against (letter_signers).
int trust(Context& ctx, Arguments& args) {
    const auto sub = args.takeWord();
    auto conn = ctx.connect();
    if (sub == std::optional<std::string>("list")) {
        args.expectEmpty(kUsage);
        pqxx::read_transaction tx{*conn};
        QJsonArray list;
        std::string text;
        for (const auto& r :
             tx.exec("SELECT kind, subject, coalesce(office_code, ''), "
                     "to_char(not_after, 'YYYY-MM-DD'), active FROM letter_signers ORDER BY id")) {
            const std::string office = r[2].c_str();
            list.append(QJsonObject{{QStringLiteral("kind"), r[0].c_str()},
                                    {QStringLiteral("subject"), QString::fromUtf8(r[1].c_str())},
                                    {QStringLiteral("office"), r[2].c_str()},
                                    {QStringLiteral("not_after"), r[3].c_str()},
                                    {QStringLiteral("active"), r[4].as<bool>()}});
            text += std::string(r[0].c_str()) + (office.empty() ? "" : " of office " + office) + "  " +
                    r[1].c_str() + "  until " + r[3].c_str() + (r[4].as<bool>() ? "" : "  (disabled)") + "\n";
        }
        ctx.print({{QStringLiteral("signers"), list}},
                  text.empty() ? "no letter signers are trusted yet" : text);
        return 0;
    }
    if (sub == std::optional<std::string>("disable"))
        return disableSigner(ctx, args, *conn);
    if (sub != std::optional<std::string>("add"))
        throw UsageError(std::string("usage: ") + kUsage);
    const auto anchor = args.takeOption("--anchor");
    const auto signer = args.takeOption("--signer");
    const auto office = args.takeOption("--office");
    // An admin at a counter (--operator), or nobody: then only the database owner's login (the installer's).
    const auto adminName = args.takeOption("--operator");
    const auto passwordFd = args.takeOption("--password-fd");
    args.expectEmpty(kUsage);
    if ((anchor ? 1 : 0) + (signer ? 1 : 0) != 1)
        throw UsageError("give exactly one of --anchor PEM, --signer PEM");
    // A signer signs the letters of one tax office; an anchor is trusted for none of its own.
    if (signer && !office)
        throw UsageError("--signer needs --office CODE: the tax office whose letters it signs");
    if (anchor && office)
        throw UsageError("--office goes with --signer: a trust anchor is trusted for no office of its own");
    token::CertificateInfo info;
    const std::string der = certificateDer(anchor ? *anchor : *signer, &info);
    const pqxx::result r = runAsAdmin(
        ctx, *conn, adminName, passwordFd, [&](pqxx::work& tx, const char* admin, long long counter) {
            return tx.exec_params("SELECT countersign.letter_signer_add($1, $2, $3, $4, $5, $6::timestamptz, "
                                  "$7::timestamptz, $8)",
                                  admin, anchor ? "trust_anchor" : "signer", office, info.subject,
                                  pqxx::binarystring(der), info.notBefore, info.notAfter, counter);
        });
    const bool added = !r[0][0].is_null();
    ctx.print(
        {{QStringLiteral("added"), added}, {QStringLiteral("subject"), QString::fromStdString(info.subject)}},
        (added ? "trusted: " : "already trusted: ") + info.subject);
    return 0;
}

/// A letter_signers certificate (DER) as PEM.
std::string pemOf(const pqxx::field& field) {
    const pqxx::binarystring der(field);
    const auto* p = der.data();
    Owned<X509> cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    if (!cert || !bio || PEM_write_bio_X509(bio.get(), cert.get()) != 1)
        throw Refused("a certificate in letter_signers can't be read");
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

/// The active trust anchors in letter_signers, as PEM.
std::vector<std::string> trustedAnchors(pqxx::connection& conn) {
    pqxx::read_transaction tx{conn};
    std::vector<std::string> pems;
    for (const auto& r : tx.exec("SELECT der FROM letter_signers WHERE kind = 'trust_anchor' AND active "
                                 "ORDER BY id"))
        pems.push_back(pemOf(r[0]));
    return pems;
}

/// The registered signers in letter_signers, the disabled ones too (they are named as such).
std::vector<papers::RegisteredSigner> registeredSigners(pqxx::connection& conn) {
    pqxx::read_transaction tx{conn};
    std::vector<papers::RegisteredSigner> signers;
    for (const auto& r : tx.exec("SELECT der, coalesce(office_code, ''), active FROM letter_signers "
                                 "WHERE kind = 'signer' ORDER BY id"))
        signers.push_back({pemOf(r[0]), r[1].c_str(), r[2].as<bool>()});
    return signers;
}

int verify(Context& ctx, Arguments& args) {
    std::vector<std::string> anchors;
    std::vector<papers::RegisteredSigner> signers;
    for (const auto& f : args.takeAllOptions("--trust-anchor"))
        anchors.push_back(readFile(f));
    const auto signerFiles = args.takeAllOptions("--signer-cert");
    const auto signerOffice = args.takeOption("--signer-office");
    const auto payload = args.takeOption("--payload");
    const auto payloadFile = args.takeOption("--payload-file");
    const auto image = args.takeOption("--image");
    args.expectEmpty(kUsage);
    if ((payload ? 1 : 0) + (payloadFile ? 1 : 0) + (image ? 1 : 0) != 1)
        throw UsageError("give exactly one of --payload, --payload-file, --image");
    if (signerFiles.empty() != !signerOffice)
        throw UsageError("--signer-cert PEM and --signer-office CODE go together: a signer signs the letters "
                         "of one tax office");
    for (const auto& f : signerFiles)
        signers.push_back({readFile(f), *signerOffice, true});

    // Whether the letter was used already is in the database, so it must be reachable anyway; the anchors
    // and signers the counter trusts are there too, and the options only stand in for them (a kind given on
    // the command line replaces that kind from the database).
    auto conn = ctx.connect();
    if (anchors.empty())
        anchors = trustedAnchors(*conn);
    if (signers.empty())
        signers = registeredSigners(*conn);
    if (anchors.empty())
        throw UsageError("no tax-authority trust anchor is configured: add the tax authority's root "
                         "certificate with 'countersignctl letter trust add --anchor PEM', or give "
                         "--trust-anchor PEM");
    std::string text;
    if (payload)
        text = *payload;
    else if (payloadFile)
        text = readFile(*payloadFile);
    else {
        const auto decoded = papers::decodeQrFromImage(*image);
        if (!decoded)
            throw Refused("no QR code could be read from " + *image);
        text = *decoded;
    }

    papers::LetterRegister usedBy = [&conn](const std::string& office, const std::string& no) {
        pqxx::read_transaction tx{*conn};
        const auto r = tx.exec_params("SELECT t.number FROM letters l JOIN transactions t ON t.id = "
                                      "l.consumed_by_transaction_id WHERE l.kind = 'assistance' AND "
                                      "l.office_code = $1 AND l.letter_no = $2",
                                      office, no);
        return r.empty() ? std::nullopt : std::optional<std::string>(r[0][0].as<std::string>());
    };
    const std::string zone = ctx.config.timeZone.toStdString();
    const papers::AssistanceLetterVerifier verifier(
        anchors, signers, papers::LetterRules{ctx.config.letterMaxValidityDays, zone});
    // The centre's day, not the machine's: a letter's dates are days in the centre's zone.
    const auto result = verifier.verify(text, papers::centreToday(zone), usedBy);

    QJsonArray checks;
    std::string lines;
    for (const auto& c : result.checks) {
        checks.append(QJsonObject{{QStringLiteral("check"), QString::fromStdString(c.id)},
                                  {QStringLiteral("passed"), c.passed},
                                  {QStringLiteral("reason"), QString::fromStdString(c.reason)}});
        lines +=
            std::string(c.passed ? "  pass  " : "  FAIL  ") + c.id + (c.passed ? "" : ": " + c.reason) + "\n";
    }
    QJsonObject out{{QStringLiteral("valid"), result.ok()}, {QStringLiteral("checks"), checks}};
    if (result.letter) {
        const auto& l = *result.letter;
        out.insert(QStringLiteral("letter"),
                   QJsonObject{{QStringLiteral("office"), QString::fromStdString(l.office)},
                               {QStringLiteral("no"), QString::fromStdString(l.no)},
                               {QStringLiteral("uscc"), QString::fromStdString(l.uscc)},
                               {QStringLiteral("org"), QString::fromStdString(l.org)},
                               {QStringLiteral("agent"), QString::fromStdString(l.agentName)},
                               {QStringLiteral("issued"), QString::fromStdString(l.issued.iso())},
                               {QStringLiteral("expires"), QString::fromStdString(l.expires.iso())}});
        lines = "letter " + l.office + "/" + l.no + " for " + l.org + " (" + l.uscc + "), agent " +
                l.agentName + ", valid " + l.issued.iso() + " to " + l.expires.iso() + "\n" + lines;
    }
    ctx.print(out, lines + (result.ok() ? "the letter is valid" : "the letter is REFUSED"));
    return result.ok() ? 0 : 1;
}

int demoIssue(Context& ctx, Arguments& args) {
    const auto dir = args.takeOption("--dir");
    papers::AssistanceLetter letter;
    letter.ver = 1;
    letter.uscc = args.takeOption("--uscc").value_or("");
    letter.org = args.takeOption("--org").value_or("");
    letter.agentName = args.takeOption("--agent-name").value_or("");
    letter.agentIdNo = args.takeOption("--agent-id").value_or("");
    // The demo tax office's code, the one its signer is registered for in the demo (deploy/demo.sh).
    letter.office = args.takeOption("--office").value_or(kDemoOffice);
    letter.officeName = "演示税务机关 DEMO";
    letter.no = args.takeOption("--no").value_or(std::to_string(std::time(nullptr)));
    const auto issued = args.takeOption("--issued");
    const auto expires = args.takeOption("--expires");
    const auto out = args.takeOption("--out");
    args.expectEmpty(kUsage);
    if (!dir || letter.uscc.empty() || letter.org.empty() || letter.agentName.empty() ||
        letter.agentIdNo.empty())
        throw UsageError("--dir, --uscc, --org, --agent-name and --agent-id are required");
    letter.issued = papers::centreToday(ctx.config.timeZone.toStdString());
    if (issued) {
        const auto date = Date::parse(*issued);
        if (!date)
            throw UsageError("--issued needs a date as YYYY-MM-DD");
        letter.issued = *date;
    }
    if (expires) {
        const auto date = Date::parse(*expires);
        if (!date)
            throw UsageError("--expires needs a date as YYYY-MM-DD");
        letter.expires = *date;
    } else {
        Date in30 = letter.issued;
        in30.month += 1;
        if (in30.month > 12) {
            in30.month = 1;
            in30.year += 1;
        }
        in30.day = std::min(in30.day, Date::daysInMonth(in30.year, in30.month));
        letter.expires = in30;
    }
    letter.biz = {"NEW"};
    const papers::DemoLetterIssuer issuer(*dir);
    const std::string text = issuer.issue(letter);
    const std::string prefix = out.value_or(*dir + "/letter-" + letter.no);
    std::ofstream(prefix + ".txt") << text << '\n';
    papers::DemoLetterIssuer::writeQrPng(text, prefix + ".png");
    ctx.print({{QStringLiteral("text"), QString::fromStdString(text)},
               {QStringLiteral("png"), QString::fromStdString(prefix + ".png")},
               {QStringLiteral("demo"), true}},
              text);
    std::cerr << "DEMO letter " << letter.office << "/" << letter.no << " written to " << prefix
              << ".txt and .png (demo issuer: not a tax office)\n";
    return 0;
}

} // namespace

int letterCommand(Context& ctx, Arguments& args) {
    const auto sub = args.takeWord();
    if (!sub)
        throw UsageError(std::string("usage: ") + kUsage);
    try {
        if (*sub == "verify")
            return verify(ctx, args);
        if (*sub == "trust")
            return trust(ctx, args);
        if (*sub == "demo-issue")
            return demoIssue(ctx, args);
        if (*sub == "demo-issuer") {
            if (args.takeWord() != std::optional<std::string>("init"))
                throw UsageError(std::string("usage: ") + kUsage);
            const auto dir = args.takeOption("--dir");
            args.expectEmpty(kUsage);
            if (!dir)
                throw UsageError("--dir is required");
            papers::DemoLetterIssuer::init(*dir);
            ctx.print({{QStringLiteral("dir"), QString::fromStdString(*dir)}, {QStringLiteral("demo"), true}},
                      "DEMO tax-office issuer made in " + *dir +
                          " (demo-root.crt is its trust anchor; for the "
                          "demo and tests only)");
            return 0;
        }
    } catch (const std::runtime_error& e) {
        if (dynamic_cast<const UsageError*>(&e) || dynamic_cast<const Refused*>(&e) ||
            dynamic_cast<const EnvironmentError*>(&e))
            throw;
        throw Refused(e.what());
    }
    throw UsageError(std::string("usage: ") + kUsage);
}

} // namespace countersign::ctl
