#include "backend/ctl/lettercommands.h"

#include <fstream>
#include <iostream>
#include <iterator>

#include <QJsonArray>

#include <pqxx/transaction>

#include "backend/papers/assistanceletter.h"
#include "backend/papers/demoletterissuer.h"

namespace countersign::ctl {

namespace {

const char* const kUsage = "countersignctl letter verify [--trust-anchor PEM]… [--signer-cert PEM]… "
                           "(--payload TEXT | --payload-file FILE |\n"
                           "                             --image FILE)\n"
                           "       countersignctl letter demo-issuer init --dir DIR\n"
                           "       countersignctl letter demo-issue --dir DIR --uscc U --org O --agent-name "
                           "N --agent-id ID [--office C]\n"
                           "                             [--no N] [--expires YYYY-MM-DD] [--out PREFIX]";

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
    if (anchors.empty())
        throw UsageError("at least one --trust-anchor (the tax authority's root certificate) is needed");
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

    // Whether the letter was used already is in the database: it must be reachable.
    auto conn = ctx.connect();
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
        checks.append(QJsonObject{{QStringLiteral("check"), q(c.id)},
                                  {QStringLiteral("passed"), c.passed},
                                  {QStringLiteral("reason"), q(c.reason)}});
        lines +=
            std::string(c.passed ? "  pass  " : "  FAIL  ") + c.id + (c.passed ? "" : ": " + c.reason) + "\n";
    }
    QJsonObject out{{QStringLiteral("valid"), result.ok()}, {QStringLiteral("checks"), checks}};
    if (result.letter) {
        const auto& l = *result.letter;
        out.insert(QStringLiteral("letter"), QJsonObject{{QStringLiteral("office"), q(l.office)},
                                                         {QStringLiteral("no"), q(l.no)},
                                                         {QStringLiteral("uscc"), q(l.uscc)},
                                                         {QStringLiteral("org"), q(l.org)},
                                                         {QStringLiteral("agent"), q(l.agentName)},
                                                         {QStringLiteral("issued"), q(l.issued.iso())},
                                                         {QStringLiteral("expires"), q(l.expires.iso())}});
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
    ctx.print({{QStringLiteral("text"), q(text)},
               {QStringLiteral("png"), q(prefix + ".png")},
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
            ctx.print({{QStringLiteral("dir"), q(*dir)}, {QStringLiteral("demo"), true}},
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
