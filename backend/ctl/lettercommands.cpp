#include "backend/ctl/lettercommands.h"

#include <fstream>
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
    "countersignctl letter verify [--trust-anchor PEM]… [--signer-cert PEM]… "
    "(--payload TEXT | --payload-file FILE |\n"
    "                             --image FILE)\n"
    "       countersignctl letter demo-issuer init --dir DIR\n"
    "       countersignctl letter demo-issue --dir DIR --uscc U --org O --agent-name "
    "N --agent-id ID [--office C]\n"
    "                             [--no N] [--expires YYYY-MM-DD] [--out PREFIX]\n"
    "       countersignctl letter trust add (--anchor PEM | --signer PEM) [--office CODE]\n"
    "                                       [--operator ADMIN [--password-fd N]]\n"
    "       countersignctl letter trust list";

/// letter trust add|list: the tax-authority trust anchors and signer certificates the counter checks
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
            list.append(QJsonObject{{QStringLiteral("kind"), r[0].c_str()},
                                    {QStringLiteral("subject"), QString::fromUtf8(r[1].c_str())},
                                    {QStringLiteral("office"), r[2].c_str()},
                                    {QStringLiteral("not_after"), r[3].c_str()},
                                    {QStringLiteral("active"), r[4].as<bool>()}});
            text += std::string(r[0].c_str()) + "  " + r[1].c_str() + "  until " + r[3].c_str() +
                    (r[4].as<bool>() ? "" : "  (inactive)") + "\n";
        }
        ctx.print({{QStringLiteral("signers"), list}},
                  text.empty() ? "no letter signers are trusted yet" : text);
        return 0;
    }
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
    const std::string pem = readFile(anchor ? *anchor : *signer);
    Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    Owned<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert)
        throw Refused("no PEM certificate in " + (anchor ? *anchor : *signer));
    const auto info = token::describeCertificate(cert.get());
    unsigned char* buf = nullptr;
    const int len = i2d_X509(cert.get(), &buf);
    const Owned<unsigned char> owned(buf);
    const std::string der(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(len));
    auth::SessionToken admin;
    if (adminName) {
        const Secret password =
            readSecret(passwordFd, "--password-fd", "Password for " + *adminName, /*confirm=*/false);
        admin = logInStaff(*conn, *adminName, password).session;
    }
    pqxx::work tx{*conn};
    const long long counterId = requireCounter(ctx, tx);
    pqxx::result r;
    try {
        r = tx.exec_params("SELECT countersign.letter_signer_add($1, $2, $3, $4, $5, $6::timestamptz, "
                           "$7::timestamptz, $8)",
                           admin ? admin->c_str() : nullptr, anchor ? "trust_anchor" : "signer", office,
                           info.subject, pqxx::binarystring(der), info.notBefore, info.notAfter, counterId);
    } catch (const pqxx::sql_error& e) {
        if (e.sqlstate() == "42501" || e.sqlstate() == "28000")
            throw Refused(db::describeDatabaseError(e));
        throw;
    }
    tx.commit();
    if (admin)
        auth::logOut(*conn, admin);
    const bool added = !r[0][0].is_null();
    ctx.print(
        {{QStringLiteral("added"), added}, {QStringLiteral("subject"), QString::fromStdString(info.subject)}},
        (added ? "trusted: " : "already trusted: ") + info.subject);
    return 0;
}

/// The active certificates of one kind ("trust_anchor" or "signer") in letter_signers, as PEM.
std::vector<std::string> trustedCertificates(pqxx::connection& conn, const std::string& kind) {
    pqxx::read_transaction tx{conn};
    std::vector<std::string> pems;
    for (const auto& r :
         tx.exec_params("SELECT der FROM letter_signers WHERE kind = $1 AND active ORDER BY id", kind)) {
        const pqxx::binarystring der(r[0]);
        const auto* p = der.data();
        Owned<X509> cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
        Owned<BIO> bio(BIO_new(BIO_s_mem()));
        if (!cert || !bio || PEM_write_bio_X509(bio.get(), cert.get()) != 1)
            throw Refused("a " + kind + " certificate in letter_signers can't be read");
        char* data = nullptr;
        const long len = BIO_get_mem_data(bio.get(), &data);
        pems.emplace_back(data, static_cast<std::size_t>(len));
    }
    return pems;
}

int verify(Context& ctx, Arguments& args) {
    std::vector<std::string> anchors, signers;
    for (const auto& f : args.takeAllOptions("--trust-anchor"))
        anchors.push_back(readFile(f));
    for (const auto& f : args.takeAllOptions("--signer-cert"))
        signers.push_back(readFile(f));
    const auto payload = args.takeOption("--payload");
    const auto payloadFile = args.takeOption("--payload-file");
    const auto image = args.takeOption("--image");
    args.expectEmpty(kUsage);
    if ((payload ? 1 : 0) + (payloadFile ? 1 : 0) + (image ? 1 : 0) != 1)
        throw UsageError("give exactly one of --payload, --payload-file, --image");

    // Whether the letter was used already is in the database, so it must be reachable anyway; the anchors
    // and signers the counter trusts are there too, and the options only stand in for them (a kind given on
    // the command line replaces that kind from the database).
    auto conn = ctx.connect();
    if (anchors.empty())
        anchors = trustedCertificates(*conn, "trust_anchor");
    if (signers.empty())
        signers = trustedCertificates(*conn, "signer");
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
    const papers::AssistanceLetterVerifier verifier(anchors, signers);
    const auto result = verifier.verify(text, Date::today(), usedBy);

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
    letter.office = args.takeOption("--office").value_or("13101");
    letter.officeName = "演示税务机关 DEMO";
    letter.no = args.takeOption("--no").value_or(std::to_string(std::time(nullptr)));
    letter.issued = Date::today();
    const auto expires = args.takeOption("--expires");
    const auto out = args.takeOption("--out");
    args.expectEmpty(kUsage);
    if (!dir || letter.uscc.empty() || letter.org.empty() || letter.agentName.empty() ||
        letter.agentIdNo.empty())
        throw UsageError("--dir, --uscc, --org, --agent-name and --agent-id are required");
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
