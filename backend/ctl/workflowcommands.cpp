#include "backend/ctl/workflowcommands.h"

#include <iostream>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include "backend/ca/ca.h"
#include "backend/counter/counter.h"
#include "backend/ctl/ctl.h"
#include "backend/ctl/idcardoption.h"
#include "backend/money.h"
#include "backend/papers/letterjson.h"
#include "backend/papers/scan.h"
#include "backend/tokensetup.h"
#include "backend/workflow/workflow.h"
#include "db/auditlog.h"
#include "token/tokenerror.h"

namespace countersign::ctl {

const char* const kWorkflowCommandsHelp =
    R"(counter operations (each one transaction, recorded step by step; --operator NAME signs it, with the password
from --password-fd N; PINs only from --pin-fd / --new-pin-fd or the terminal; secrets given on one descriptor
are read in this order: password, supervisor password, PIN, new PIN):
  new (--letter-qr TEXT | --letter-qr-file FILE | --letter-image FILE | --hand-entered FILE.json)
      --id-card NUMBER [--key SERIAL] [--alg rsa2048|rsa3072|ec-p256] --new-pin-fd N
                                a first certificate on a blank key from the tax office's assistance letter;
                                a hand-entered letter needs --supervisor
  renew|upgrade --key SERIAL --pin-fd N [--alg …] [--confirm-final-try]
                                a new key pair and certificate on the holder's key; the old one is revoked
                                (superseded) once the new one works
  replace --letter-json FILE --id-card NUMBER --reason lost|damaged [--old-key SERIAL] [--key SERIAL]
      --new-pin-fd N [--waiver --supervisor NAME]
                                a new key for a lost or damaged one; everything the old key carried is revoked
                                (lost: keyCompromise, damaged: superseded); --waiver: the operator attests the
                                key failed without human damage, exterior intact (needs a supervisor)
  unlock --letter-json FILE --id-card NUMBER --key SERIAL --new-pin-fd N
      [--confirm-so-final-try --supervisor NAME]
                                unlock a locked PIN with the key's derived SO PIN
    operation options: --payment METHOD:AMOUNT[:REFERENCE] (cash, bank_card, wechat_pay, alipay; yuan) …,
    --payments-json FILE, --invoice-json FILE, --letter-scan FILE, --id-scan FILE (the ID card's front),
    --id-back-scan FILE (its back) — the scans [scanner] required_scans_<operation> asks for (default: the
    letter and the ID card's front for new, replace and unlock) —, --supervisor NAME with
    --supervisor-password-fd N, --uscc-override (new, replace, unlock: a supervisor confirmed a USCC that fails
    its check, DESIGN §3.4). --id-card: the agent's ID card as typed or read, which must be the letter's agent
    (new, replace, unlock). The authorization letter (--letter-json) has company_name, company_id,
    agent_name, agent_id, agent_mobile, business (["REPLACE","UNLOCK"]), valid_from, valid_to, date,
    seal_confirmed.
  recover [--transaction NO [--pin-fd N [--confirm-final-try] | --no-pin]]
                                finish or compensate this counter's unfinished transactions; with
                                --transaction (and the key's PIN), resume that one where it stopped
  transaction list              this counter's unfinished transactions, and the refunds recovery made that
                                await a supervisor's review
  transaction review-refunds --operator SUPERVISOR
                                the supervisor acknowledges those refunds
  transaction show NO           one transaction, its steps and fee
  transaction cancel NO --reason TEXT --supervisor NAME
                                give an unfinished transaction up: certificate revoked, fee refunded, key wiped

)";

namespace {

/// Everything an operation command needs open at once: the connection and the counter, and once open() is
/// called the key device and the counter's door (backend/counter).
struct Counter {
    std::unique_ptr<pqxx::connection> conn;
    long long counterId = 0;
    long long centreId = 0;
    std::unique_ptr<token::KeyDevice> keys;
    std::unique_ptr<counter::Counter> door;

    explicit Counter(const Context& ctx) {
        conn = ctx.connect();
        const db::CounterRecord workstation = requireWorkstation(ctx, *conn);
        counterId = workstation.counterId;
        centreId = workstation.centreId;
    }

    void open(const Context& ctx) {
        try {
            keys = counter::openKeyDevice(ctx.config);
        } catch (const std::invalid_argument& e) {
            throw EnvironmentError(std::string("[pkcs11] token_uri: ") + e.what());
        } catch (const token::TokenError& e) {
            throw EnvironmentError(e.message(false));
        }
        try {
            door = std::make_unique<counter::Counter>(*conn, ctx.config, counterId, *keys, ctx.stepHook);
        } catch (const ca::CaError& e) {
            throw EnvironmentError(std::string("the CA can't be used: ") + e.what());
        }
    }
};

QJsonObject outcomeJson(const workflow::Outcome& o) {
    QJsonArray lines;
    for (const auto& l : o.feeLines)
        lines.append(QJsonObject{{QStringLiteral("description"), QString::fromStdString(l.description)},
                                 {QStringLiteral("amount_fen"), static_cast<qint64>(l.amountFen)},
                                 {QStringLiteral("amount"), QString::fromStdString(yuan(l.amountFen))},
                                 {QStringLiteral("waiver_reason"), QString::fromStdString(l.waiverReason)}});
    QJsonArray notes;
    for (const auto& n : o.notes)
        notes.append(QString::fromStdString(n.english()));
    return {{QStringLiteral("transaction"), QString::fromStdString(o.transactionNumber)},
            {QStringLiteral("kind"), QString::fromStdString(o.kind)},
            {QStringLiteral("state"), QString::fromStdString(o.state)},
            {QStringLiteral("key_serial"), QString::fromStdString(o.keySerial)},
            {QStringLiteral("certificate_serial"), QString::fromStdString(o.certificateSerial)},
            {QStringLiteral("not_before"), QString::fromStdString(o.notBefore)},
            {QStringLiteral("not_after"), QString::fromStdString(o.notAfter)},
            {QStringLiteral("fee_lines"), lines},
            {QStringLiteral("total_fen"), static_cast<qint64>(o.totalFen)},
            {QStringLiteral("receipt_number"), QString::fromStdString(o.receiptNumber)},
            {QStringLiteral("receipt_qr"), QString::fromStdString(o.receiptQr)},
            {QStringLiteral("notes"), notes}};
}

std::string outcomeText(const workflow::Outcome& o) {
    std::string t = "transaction " + o.transactionNumber + " (" + o.kind + "): " + o.state + "\n";
    if (!o.keySerial.empty())
        t += "  key          " + o.keySerial + "\n";
    if (!o.certificateSerial.empty())
        t += "  certificate  " + o.certificateSerial + ", valid " + o.notBefore.substr(0, 10) + " to " +
             o.notAfter.substr(0, 10) + "\n";
    for (const auto& l : o.feeLines)
        t += "  fee          " + yuan(l.amountFen) + "  " + l.description +
             (l.waiverReason.empty() ? "" : " (" + l.waiverReason + ")") + "\n";
    if (!o.feeLines.empty())
        t += "  total        " + yuan(o.totalFen) + " CNY\n";
    if (!o.receiptNumber.empty())
        t += "  receipt      " + o.receiptNumber + "\n";
    for (const auto& n : o.notes)
        t += "  note         " + n.english() + "\n";
    if (!t.empty() && t.back() == '\n')
        t.pop_back();
    return t;
}

std::vector<fees::PaymentInput> takePayments(Arguments& args) {
    std::vector<fees::PaymentInput> out;
    try {
        if (const auto file = args.takeOption("--payments-json"))
            out = fees::parsePaymentsJson(readFile(*file));
        for (const auto& p : args.takeAllOptions("--payment")) {
            try {
                out.push_back(fees::parsePaymentOption(p));
            } catch (const fees::FeeError& e) {
                throw UsageError(e.what());
            }
        }
    } catch (const fees::FeeError& e) {
        throw Refused(e.what());
    }
    return out;
}

std::optional<fees::InvoiceInput> takeInvoice(Arguments& args) {
    const auto file = args.takeOption("--invoice-json");
    if (!file)
        return std::nullopt;
    try {
        return fees::parseInvoiceJson(readFile(*file));
    } catch (const fees::FeeError& e) {
        throw Refused(e.what());
    }
}

std::vector<workflow::Evidence> takeEvidence(Arguments& args) {
    // Each scan checked before it is read whole (a regular file, its size, an image's pixels); its type is
    // what its content says, not its name.
    std::vector<workflow::Evidence> out;
    const auto take = [&](const char* option, const char* kind) {
        for (const auto& f : args.takeAllOptions(option)) {
            papers::Scan scan = papers::readScan(f);
            if (!scan)
                throw Refused("the scan " + papers::scanProblemText(scan.problem, f));
            out.push_back({kind, scan.mimeType, std::move(scan.bytes)});
        }
    };
    take("--letter-scan", "letter_scan");
    take("--id-scan", "id_card_scan");
    take("--id-back-scan", "id_card_back_scan");
    return out;
}

papers::AuthorizationLetter readAuthorizationLetter(const std::string& path) {
    try {
        return papers::authorizationLetterFromJson(readFile(path));
    } catch (const papers::LetterJsonError& e) {
        throw Refused(path + ": " + e.what());
    }
}

papers::AssistanceLetter readHandEnteredLetter(const std::string& path) {
    try {
        return papers::handEnteredLetterFromJson(readFile(path));
    } catch (const papers::LetterJsonError& e) {
        throw Refused(path + ": " + e.what());
    }
}

std::optional<token::KeyAlgorithm> takeAlgorithm(Arguments& args) {
    const auto alg = args.takeOption("--alg");
    token::KeyAlgorithm a{};
    if (!alg)
        return std::nullopt;
    if (!token::parseAlgorithm(*alg, a))
        throw UsageError("--alg is rsa2048, rsa3072 or ec-p256");
    return a;
}

/// Prints a refusal with every failed check, and returns exit status 1.
int refused(const Context& ctx, const workflow::Refusal& r) {
    if (ctx.json)
        std::cout << compact({{QStringLiteral("error"), QString::fromStdString(r.what())},
                              {QStringLiteral("refused"), true},
                              {QStringLiteral("checks"),
                               workflow::checksJson(r.checks, workflow::CheckWording::EnglishOnly)}})
                  << '\n';
    std::cerr << "countersignctl: " << r.what() << '\n';
    for (const auto& c : r.failed())
        std::cerr << "  failed: " << c.id << ": " << c.reason << '\n';
    return ExitRefused;
}

int stopped(const Context& ctx, const workflow::StepFailed& e) {
    const std::string hint = e.keyRemoved ? "put the key back and " : "";
    const std::string message = std::string(e.what()) + "\ntransaction " + e.transactionNumber +
                                " stopped at '" + e.step + "'; nothing is lost: " + hint +
                                "run countersignctl recover --transaction " + e.transactionNumber +
                                " --pin-fd N to continue it, or transaction cancel to give it up";
    if (ctx.json)
        std::cout << compact({{QStringLiteral("error"), QString::fromStdString(e.what())},
                              {QStringLiteral("transaction"), QString::fromStdString(e.transactionNumber)},
                              {QStringLiteral("step"), QString::fromStdString(e.step)},
                              {QStringLiteral("key_removed"), e.keyRemoved}})
                  << '\n';
    std::cerr << "countersignctl: " << message << '\n';
    return ExitRefused;
}

template <typename F> int guarded(const Context& ctx, F&& f) {
    try {
        return f();
    } catch (const workflow::Refusal& r) {
        return refused(ctx, r);
    } catch (const workflow::StepFailed& e) {
        return stopped(ctx, e);
    } catch (const token::TokenError& e) {
        throw Refused(e.message(false));
    } catch (const ca::CaError& e) {
        throw Refused(std::string("the CA: ") + e.what());
    } catch (const fees::FeeError& e) {
        throw Refused(e.what());
    }
}

} // namespace

int operationCommand(Context& ctx, Arguments& args, const std::string& operation) {
    // Options first, so a usage error is reported before anything is asked or opened.
    const auto pinFd = args.takeOption("--pin-fd");
    const auto newPinFd = args.takeOption("--new-pin-fd");
    if (args.takeOption("--pin") || args.takeOption("--new-pin"))
        throw UsageError("PINs are never taken from the command line; use --pin-fd N / --new-pin-fd N");
    const auto key = args.takeOption("--key").value_or("");
    const auto payments = takePayments(args);
    const auto invoice = takeInvoice(args);
    auto evidence = takeEvidence(args);
    const auto idCard = takeIdCard(args, operation);

    Counter counter(ctx);
    const auto login = logInOperator(*counter.conn, args);
    const auto& staff = login.staff;
    const auto supervisor = takeSupervisor(args);
    const bool usccOverride = args.takeFlag("--uscc-override");
    counter::OperationInput in;
    in.operation = *parseOperation(operation);
    in.operatorId = staff.id;
    in.operatorSession = login.session;
    in.keySerial = key;
    in.payments = payments;
    in.invoice = invoice;
    in.evidence = std::move(evidence);
    in.idCardNo = idCard;
    // The supervisor's password is read once, whatever they approve.
    // The supervisor's password is read once, whatever they approve: one approval session, spent by the
    // approvals of this one operation (0014_session_approvals.sql).
    std::optional<approvals::Approver> approvedBy;
    const auto approve = [&](const std::string& what) {
        if (!approvedBy)
            approvedBy = requireSupervisor(*counter.conn, login.session, supervisor, what);
        return *approvedBy;
    };
    if (usccOverride) {
        if (operation == "renew" || operation == "upgrade")
            throw UsageError(
                "--uscc-override is for new, replace and unlock: a renewal takes the USCC from the key");
        in.usccOverrideApprovedBy = approve("accepting a USCC that fails its check");
    }
    const auto newPin = [&] {
        return readSecret(newPinFd, "--new-pin-fd", "New PIN", /*confirm=*/!newPinFd);
    };

    Secret pin;
    if (operation == "new") {
        const auto qr = args.takeOption("--letter-qr");
        const auto qrFile = args.takeOption("--letter-qr-file");
        const auto image = args.takeOption("--letter-image");
        const auto hand = args.takeOption("--hand-entered");
        in.algorithm = takeAlgorithm(args);
        args.expectEmpty("countersignctl new … (see --help)");
        if ((qr ? 1 : 0) + (qrFile ? 1 : 0) + (image ? 1 : 0) + (hand ? 1 : 0) != 1)
            throw UsageError(
                "give the letter once: --letter-qr, --letter-qr-file, --letter-image or --hand-entered");
        if (qr)
            in.letterText = *qr;
        else if (qrFile)
            in.letterText = readFile(*qrFile);
        else if (image) {
            const auto decoded = papers::decodeQrFromImage(*image);
            if (!decoded)
                throw Refused("no QR code could be read from " + *image +
                              "; enter the letter by hand (--hand-entered) with a supervisor");
            in.letterText = *decoded;
        } else {
            in.handEntered = readHandEnteredLetter(*hand);
            in.handEntryApprovedBy = approve("entering an assistance letter by hand");
        }
        while (!in.letterText.empty() && (in.letterText.back() == '\n' || in.letterText.back() == '\r'))
            in.letterText.pop_back();
        pin = newPin();
    } else if (operation == "renew" || operation == "upgrade") {
        in.finalTryConfirmed = args.takeFlag("--confirm-final-try");
        in.algorithm = takeAlgorithm(args);
        args.expectEmpty("countersignctl " + operation + " --key SERIAL --pin-fd N …");
        if (key.empty())
            throw UsageError("--key SERIAL is required: the holder's key in the writer");
        pin = readSecret(pinFd, "--pin-fd", "PIN", false);
    } else if (operation == "replace") {
        const auto letter = args.takeOption("--letter-json");
        const auto reason = args.takeOption("--reason");
        in.oldKeySerial = args.takeOption("--old-key").value_or("");
        in.waiverAttested = args.takeFlag("--waiver");
        in.algorithm = takeAlgorithm(args);
        args.expectEmpty("countersignctl replace --letter-json FILE --reason lost|damaged …");
        if (!letter)
            throw UsageError("--letter-json FILE is required: the enterprise's authorization letter");
        if (reason != std::optional<std::string>("lost") && reason != std::optional<std::string>("damaged"))
            throw UsageError("--reason is lost or damaged");
        in.authorization = readAuthorizationLetter(*letter);
        in.damaged = *reason == "damaged";
        if (in.waiverAttested)
            in.waiverApprovedBy = approve("waiving the media fee");
        pin = newPin();
    } else {
        const auto letter = args.takeOption("--letter-json");
        if (args.takeFlag("--confirm-so-final-try"))
            in.soPinFinalTryApprovedBy = approve("spending the final try of the key's SO PIN");
        args.expectEmpty("countersignctl unlock --letter-json FILE --key SERIAL --new-pin-fd N …");
        if (!letter)
            throw UsageError("--letter-json FILE is required: the enterprise's authorization letter");
        if (key.empty())
            throw UsageError("--key SERIAL is required: the locked key in the writer");
        in.authorization = readAuthorizationLetter(*letter);
        pin = newPin();
    }
    counter.open(ctx);
    return guarded(ctx, [&] {
        const auto o = counter.door->run(in, pin);
        ctx.print(outcomeJson(o), outcomeText(o));
        return ExitOk;
    });
}

int recoverCommand(Context& ctx, Arguments& args) {
    const auto number = args.takeOption("--transaction");
    const auto pinFd = args.takeOption("--pin-fd");
    if (args.takeOption("--pin"))
        throw UsageError("PINs are never taken from the command line; use --pin-fd N");
    Counter counter(ctx);
    const auto login = logInOperator(*counter.conn, args);
    const bool noPinFlag = args.takeFlag("--no-pin");
    // Asked again at every resume: the confirmation is never kept with the transaction.
    const bool confirmFinalTry = args.takeFlag("--confirm-final-try");
    args.expectEmpty(
        "countersignctl recover [--transaction NO [--pin-fd N [--confirm-final-try] | --no-pin]] "
        "--operator NAME");
    // Resuming one transaction: its remaining key steps need the holder's PIN (NEW, REPLACE, UNLOCK: the new
    // one). `--no-pin` resumes only what needs none (a verified transaction is completed).
    const bool noPin = noPinFlag;
    Secret pin;
    if (number && !noPin)
        pin = readSecret(pinFd, "--pin-fd", "PIN of the key", false);
    counter.open(ctx);
    return guarded(ctx, [&] {
        if (number) {
            const auto o = counter.door->resume(*number, pin, login.session, confirmFinalTry);
            ctx.print(outcomeJson(o), outcomeText(o));
            return ExitOk;
        }
        const auto outcomes = counter.door->recover(login.staff.id, login.session);
        QJsonArray list;
        std::string text;
        bool allFinal = true;
        for (const auto& o : outcomes) {
            list.append(outcomeJson(o));
            text += outcomeText(o) + "\n";
            allFinal = allFinal && (o.state == "completed" || o.state == "compensated");
        }
        ctx.print({{QStringLiteral("transactions"), list}, {QStringLiteral("all_finished"), allFinal}},
                  outcomes.empty()
                      ? "nothing to recover: no unfinished transaction at this counter"
                      : text + (allFinal ? "all finished" : "some could not be finished yet (see notes)"));
        return allFinal ? ExitOk : ExitRefused;
    });
}

int transactionCommand(Context& ctx, Arguments& args) {
    const auto sub = args.takeWord();
    const std::string usage = "countersignctl transaction list | review-refunds | show NO | cancel NO "
                              "--reason TEXT --supervisor NAME";
    if (sub == std::optional<std::string>("list")) {
        args.expectEmpty(usage);
        Counter counter(ctx);
        counter.open(ctx);
        QJsonArray list;
        std::string text;
        for (const auto& p : counter.door->pending()) {
            list.append(QJsonObject{{QStringLiteral("transaction"), QString::fromStdString(p.number)},
                                    {QStringLiteral("kind"), QString::fromStdString(p.kind)},
                                    {QStringLiteral("state"), QString::fromStdString(p.state)},
                                    {QStringLiteral("started_at"), QString::fromStdString(p.startedAt)}});
            text += p.number + "  " + p.kind + "  " + p.state + "  since " + p.startedAt + "\n";
        }
        // Fees paid back by recovery wait for a supervisor's review (DESIGN §7).
        QJsonArray refunds;
        std::string refundText;
        {
            pqxx::nontransaction tx{*counter.conn};
            for (const auto& r : fees::refundsToReview(tx, counter.centreId)) {
                refunds.append(
                    QJsonObject{{QStringLiteral("refund"), r.refundId},
                                {QStringLiteral("transaction"), QString::fromStdString(r.transactionNumber)},
                                {QStringLiteral("amount_fen"), r.amountFen},
                                {QStringLiteral("method"), QString::fromStdString(r.method)},
                                {QStringLiteral("at"), QString::fromStdString(r.at)}});
                refundText += "  refund " + std::to_string(r.refundId) + "  " + r.transactionNumber + "  " +
                              yuan(r.amountFen) + " " + r.method + "  " + r.at + "\n";
            }
        }
        if (!refundText.empty())
            text += "recovery refunds awaiting a supervisor's review (transaction review-refunds):\n" +
                    refundText;
        ctx.print({{QStringLiteral("unfinished"), list}, {QStringLiteral("refunds_to_review"), refunds}},
                  text.empty() ? "no unfinished transaction at this counter"
                               : text.substr(0, text.size() - 1));
        return ExitOk;
    }
    if (sub == std::optional<std::string>("review-refunds")) {
        Counter counter(ctx);
        const auto login = logInOperator(*counter.conn, args);
        const auto& staff = login.staff;
        args.expectEmpty("countersignctl transaction review-refunds --operator SUPERVISOR");
        if (staff.role != auth::Role::Supervisor)
            throw Refused("only a supervisor reviews the refunds recovery made");
        pqxx::work tx{*counter.conn};
        const int reviewed = fees::reviewRefunds(tx, login.session->c_str());
        tx.commit();
        ctx.print({{QStringLiteral("reviewed"), reviewed}},
                  std::to_string(reviewed) + " recovery refund(s) reviewed");
        return ExitOk;
    }
    if (sub == std::optional<std::string>("show")) {
        const auto number = args.takePositionals(1, usage)[0];
        auto conn = ctx.connect();
        pqxx::read_transaction tx{*conn};
        const auto r = tx.exec_params("SELECT id, kind, state, coalesce(failure_reason, ''), work::text FROM "
                                      "transactions WHERE number = $1",
                                      number);
        if (r.empty())
            throw Refused("no transaction " + number);
        QJsonArray steps;
        std::string text = number + " (" + r[0][1].c_str() + "): " + r[0][2].c_str() + "\n";
        if (*r[0][3].c_str())
            text += "  reason: " + std::string(r[0][3].c_str()) + "\n";
        for (const auto& s : tx.exec_params("SELECT step, coalesce(state_after, ''), outcome, "
                                            "to_char(at, 'YYYY-MM-DD HH24:MI:SS'), detail::text FROM "
                                            "transaction_steps WHERE transaction_id = $1 ORDER BY at, id",
                                            r[0][0].as<long long>())) {
            steps.append(QJsonObject{{QStringLiteral("step"), s[0].c_str()},
                                     {QStringLiteral("state"), s[1].c_str()},
                                     {QStringLiteral("outcome"), s[2].c_str()},
                                     {QStringLiteral("at"), s[3].c_str()}});
            text += std::string("  ") + s[3].c_str() + "  " + s[0].c_str() + " -> " + s[1].c_str() + "  " +
                    s[2].c_str() + "\n";
        }
        text.pop_back();
        ctx.print({{QStringLiteral("transaction"), QString::fromStdString(number)},
                   {QStringLiteral("kind"), r[0][1].c_str()},
                   {QStringLiteral("state"), r[0][2].c_str()},
                   {QStringLiteral("failure_reason"), QString::fromUtf8(r[0][3].c_str())},
                   {QStringLiteral("steps"), steps}},
                  text);
        return ExitOk;
    }
    if (sub == std::optional<std::string>("cancel")) {
        const auto reason = args.takeOption("--reason");
        Counter counter(ctx);
        const auto login = logInOperator(*counter.conn, args);
        const auto& staff = login.staff;
        const auto supervisor = takeSupervisor(args);
        const auto number = args.takePositionals(1, usage)[0];
        if (!reason || reason->empty())
            throw UsageError("--reason is required");
        const std::string problem = workflow::textProblem(*reason, 500);
        if (!problem.empty())
            throw Refused("the reason " + problem);
        std::optional<approvals::Approver> approver;
        if (supervisor)
            approver = requireSupervisor(*counter.conn, login.session, supervisor, "refunding the fee");
        counter.open(ctx);
        return guarded(ctx, [&] {
            const auto o = counter.door->cancel(number, *reason, approver, staff.id, login.session);
            ctx.print(outcomeJson(o), outcomeText(o));
            return o.state == "compensated" ? ExitOk : ExitRefused;
        });
    }
    throw UsageError("usage: " + usage);
}

} // namespace countersign::ctl
