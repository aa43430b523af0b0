#include "backend/ctl/lettercommands.h"

#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>

#include <QJsonArray>
#include <QJsonObject>

#include <pqxx/result>
#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "backend/ctl/context.h"
#include "backend/papers/assistanceletter.h"
#include "backend/papers/demoletterissuer.h"
#include "backend/papers/lettertrust.h"
#include "backend/privatefile.h"
#include "backend/secretinput.h"
#include "db/connection.h"

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

/// The one certificate in the PEM file `path` (papers::readTrustCertificate), Refused when it can't be read.
papers::TrustCertificate certificateOf(const std::string& path) {
    try {
        return papers::readTrustCertificate(path);
    } catch (const papers::TrustError& e) {
        throw Refused(e.what());
    }
}

/// Runs `call` in a transaction of its own with the session of the admin `adminName` (their password from
/// `passwordFd` or the terminal, logged out after), or with none: then only the database owner's login (the
/// installer's) is let through. A refusal of the database becomes Refused. Returns what `call` returned.
bool runAsAdmin(Context& ctx, pqxx::connection& conn, const std::optional<std::string>& adminName,
                const std::optional<std::string>& passwordFd,
                const std::function<bool(pqxx::work&, const char* admin, long long counter)>& call) {
    auth::SessionToken admin;
    if (adminName) {
        const Secret password =
            readSecret(passwordFd, "--password-fd", "Password for " + *adminName, /*confirm=*/false);
        admin = logInStaff(conn, *adminName, password).session;
    }
    pqxx::work tx{conn};
    const long long counterId = requireCounter(ctx, tx);
    bool r = false;
    try {
        r = call(tx, admin ? admin->c_str() : nullptr, counterId);
    } catch (const papers::TrustError& e) {
        throw Refused(e.what());
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
    const std::string der = certificateOf(anchor ? *anchor : *signer).der;
    const bool disabled = runAsAdmin(ctx, conn, adminName, passwordFd,
                                     [&](pqxx::work& tx, const char* admin, long long counter) {
                                         return papers::disableTrust(tx, admin, der, counter);
                                     });
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
        for (const auto& e : papers::listTrust(tx)) {
            list.append(QJsonObject{{QStringLiteral("id"), static_cast<qint64>(e.id)},
                                    {QStringLiteral("kind"), QString::fromStdString(e.kind)},
                                    {QStringLiteral("subject"), QString::fromStdString(e.subject)},
                                    {QStringLiteral("office"), QString::fromStdString(e.office)},
                                    {QStringLiteral("sha256"), QString::fromStdString(e.fingerprint)},
                                    {QStringLiteral("not_before"), QString::fromStdString(e.notBefore)},
                                    {QStringLiteral("not_after"), QString::fromStdString(e.notAfter)},
                                    {QStringLiteral("active"), e.active}});
            text += e.kind + (e.office.empty() ? "" : " of office " + e.office) + "  " + e.subject +
                    "  until " + e.notAfter + (e.active ? "" : "  (disabled)") + "\n";
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
    const papers::TrustCertificate cert = certificateOf(anchor ? *anchor : *signer);
    const auto& info = cert;
    const bool added = runAsAdmin(
        ctx, *conn, adminName, passwordFd, [&](pqxx::work& tx, const char* admin, long long counter) {
            return papers::addTrust(tx, admin, anchor.has_value(), office.value_or(""), cert, counter);
        });
    ctx.print(
        {{QStringLiteral("added"), added}, {QStringLiteral("subject"), QString::fromStdString(info.subject)}},
        (added ? "trusted: " : "already trusted: ") + info.subject);
    return 0;
}

/// The active trust anchors in letter_signers, as PEM.
std::vector<std::string> trustedAnchors(pqxx::connection& conn) {
    pqxx::read_transaction tx{conn};
    return papers::trustedAnchorPems(tx);
}

/// The registered signers in letter_signers, the disabled ones too (they are named as such).
std::vector<papers::RegisteredSigner> registeredSigners(pqxx::connection& conn) {
    pqxx::read_transaction tx{conn};
    return papers::registeredSigners(tx);
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
    try {
        writePrivateFile(prefix + ".txt", text + '\n');
    } catch (const PrivateFileError& e) {
        throw Refused(e.what());
    }
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
