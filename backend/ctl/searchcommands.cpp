#include "backend/ctl/searchcommands.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <pqxx/transaction>

#include "backend/fees/textcheck.h"
#include "backend/money.h"
#include "backend/privatefile.h"
#include "backend/receipts/voiding.h"
#include "db/transactionsearch.h"

namespace countersign::ctl {

const char* const kSearchCommandsHelp =
    R"(the counter's past (an operator sees this counter's transactions, a supervisor or admin the centre's;
agent ID numbers and mobiles are shown masked):
  transaction search [--number N] [--receipt R] [--company TEXT] [--uscc U] [--serial KEY] [--cert-serial C]
         [--agent-id ID] [--from YYYY-MM-DD --to YYYY-MM-DD] [--state S] [--operation OP] [--limit N]
         [--offset N] --operator NAME [--password-fd N]
                                past transactions, newest first (company: a part of its name; agent ID:
                                the whole number)
  transaction show NO --operator NAME [--password-fd N] [--reveal-agent]
                                the detail: steps, fee lines, payments, refunds, approvals, certificates,
                                keys, receipts, evidence scans; --reveal-agent shows the agent's whole ID
                                number and mobile (a supervisor's act, audited)
  transaction evidence ID --out FILE --operator SUPERVISOR [--password-fd N]
                                writes an evidence scan's bytes to FILE (0600; a supervisor's act, audited)
  receipt void NUMBER --reason TEXT --operator NAME [--password-fd N] --supervisor NAME
         [--supervisor-password-fd N]
                                voids a receipt (it stays, marked 作废) and pays back what is unrefunded of
                                its transaction by each payment's method; needs a supervisor's approval

)";

namespace {

const char* const kSearchUsage =
    "countersignctl transaction search [--number N] [--receipt R] [--company TEXT] [--uscc U] [--serial KEY] "
    "[--cert-serial C] [--agent-id ID] [--from D] [--to D] [--state S] [--operation OP] [--limit N] "
    "[--offset N] --operator NAME [--password-fd N]";
const char* const kShowUsage =
    "countersignctl transaction show NO --operator NAME [--password-fd N] [--reveal-agent]";
const char* const kEvidenceUsage =
    "countersignctl transaction evidence ID --out FILE --operator SUPERVISOR [--password-fd N]";
const char* const kVoidUsage =
    "countersignctl receipt void NUMBER --reason TEXT --operator NAME [--password-fd N] "
    "--supervisor NAME [--supervisor-password-fd N]";

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

int parseCount(const std::optional<std::string>& value, const char* option, int fallback, int min, int max) {
    if (!value)
        return fallback;
    try {
        std::size_t used = 0;
        const int n = std::stoi(*value, &used);
        if (used == value->size() && n >= min && n <= max)
            return n;
    } catch (const std::exception&) {
    }
    throw UsageError(std::string(option) + " must be a number from " + std::to_string(min) + " to " +
                     std::to_string(max));
}

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width)
        s.resize(width, ' ');
    return s;
}

int searchTransactions(Context& ctx, Arguments& args) {
    db::SearchFilter f;
    const std::pair<const char*, std::string*> options[] = {
        {"--number", &f.number},    {"--receipt", &f.receipt},    {"--company", &f.company},
        {"--uscc", &f.uscc},        {"--serial", &f.keySerial},   {"--cert-serial", &f.certSerial},
        {"--agent-id", &f.agentId}, {"--from", &f.from},          {"--to", &f.to},
        {"--state", &f.state},      {"--operation", &f.operation}};
    for (const auto& [option, field] : options) {
        if (const auto v = args.takeOption(option)) {
            if (fees::isBlank(*v))
                throw UsageError(std::string(option) + " needs a value");
            *field = *v;
        }
    }
    const int limit = parseCount(args.takeOption("--limit"), "--limit", 50, 1, 500);
    const int offset = parseCount(args.takeOption("--offset"), "--offset", 0, 0, 1000000000);
    withoutLogin(args).expectEmpty(kSearchUsage);
    auto conn = ctx.connect();
    const auto login = logInOperator(*conn, args);
    args.expectEmpty(kSearchUsage);
    std::vector<db::SearchRow> rows;
    {
        pqxx::work tx{*conn, "transaction search"};
        rows = db::TransactionSearch(tx).search(*login.session, f, limit, offset);
        tx.commit();
    }
    QJsonArray list;
    std::string text;
    for (const auto& r : rows) {
        list.append(QJsonObject{{QStringLiteral("transaction"), qs(r.number)},
                                {QStringLiteral("operation"), qs(r.operation)},
                                {QStringLiteral("state"), qs(r.state)},
                                {QStringLiteral("business_date"), qs(r.businessDate)},
                                {QStringLiteral("started_at"), qs(r.startedAt)},
                                {QStringLiteral("counter"), qs(r.counterCode)},
                                {QStringLiteral("operator"), qs(r.operatorName)},
                                {QStringLiteral("company"), qs(r.companyName)},
                                {QStringLiteral("uscc"), qs(r.uscc)},
                                {QStringLiteral("agent"), qs(r.agentName)},
                                {QStringLiteral("agent_id_masked"), qs(r.agentIdMasked)},
                                {QStringLiteral("key_serial"), qs(r.keySerial)},
                                {QStringLiteral("receipt"), qs(r.receiptNumber)},
                                {QStringLiteral("receipt_voided"), r.receiptVoided},
                                {QStringLiteral("total_fen"), static_cast<qint64>(r.totalFen)},
                                {QStringLiteral("refunded_fen"), static_cast<qint64>(r.refundedFen)}});
        text += pad(r.startedAt, 17) + "  " + pad(r.number, 22) + " " + pad(r.operation, 8) +
                pad(r.state, 16) + pad(r.companyName.empty() ? "-" : r.companyName, 24) + " " +
                pad(r.agentIdMasked, 19) +
                pad(r.receiptNumber.empty() ? "-" : r.receiptNumber + (r.receiptVoided ? " 作废" : ""), 24) +
                yuan(r.totalFen) + (r.refundedFen ? " (refunded " + yuan(r.refundedFen) + ")" : "") + "\n";
    }
    text += std::to_string(rows.size()) + " transaction" + (rows.size() == 1 ? "" : "s") + " found" +
            (static_cast<int>(rows.size()) == limit
                 ? " (more may follow: --offset " + std::to_string(offset + limit) + ")"
                 : "");
    ctx.print({{QStringLiteral("transactions"), list},
               {QStringLiteral("count"), static_cast<int>(rows.size())},
               {QStringLiteral("limit"), limit},
               {QStringLiteral("offset"), offset}},
              text);
    return 0;
}

std::string detailText(const QJsonObject& d) {
    const auto s = [](const QJsonValue& v) { return v.toString().toStdString(); };
    const auto fen = [](const QJsonValue& v) { return yuan(v.toVariant().toLongLong()); };
    std::string t = s(d[QStringLiteral("number")]) + " (" + s(d[QStringLiteral("operation")]) +
                    "): " + s(d[QStringLiteral("state")]) + ", started " +
                    s(d[QStringLiteral("started_at")]) + " by " +
                    s(d[QStringLiteral("operator")].toObject()[QStringLiteral("name")]) + " at counter " +
                    s(d[QStringLiteral("counter")].toObject()[QStringLiteral("code")]) + "\n";
    if (!d[QStringLiteral("failure_reason")].isNull())
        t += "  reason: " + s(d[QStringLiteral("failure_reason")]) + "\n";
    const auto company = d[QStringLiteral("company")].toObject();
    if (!company.isEmpty())
        t += "  company: " + s(company[QStringLiteral("name")]) + " (" + s(company[QStringLiteral("uscc")]) +
             ")\n";
    const auto agent = d[QStringLiteral("agent")].toObject();
    if (!agent.isEmpty())
        t += "  agent: " + s(agent[QStringLiteral("name")]) + ", ID " +
             s(agent[QStringLiteral("id_masked")]) +
             (agent.contains(QStringLiteral("id_number")) ? "" : " (masked)") + ", mobile " +
             s(agent[QStringLiteral("mobile_masked")]) + "\n";
    const auto key = d[QStringLiteral("key")].toObject();
    if (!key.isEmpty())
        t += "  key: " + s(key[QStringLiteral("serial")]) + " (" + s(key[QStringLiteral("model")]) + ", " +
             s(key[QStringLiteral("state")]) + ")\n";
    for (const auto& v : d[QStringLiteral("steps")].toArray()) {
        const auto o = v.toObject();
        t += "  step " + s(o[QStringLiteral("at")]) + "  " + s(o[QStringLiteral("step")]) + " -> " +
             s(o[QStringLiteral("state_after")]) + "  " + s(o[QStringLiteral("outcome")]) + "  " +
             s(o[QStringLiteral("by")]) + "\n";
    }
    for (const auto& v : d[QStringLiteral("fee_lines")].toArray()) {
        const auto o = v.toObject();
        t += "  fee " + fen(o[QStringLiteral("amount_fen")]) + "  " + s(o[QStringLiteral("description")]) +
             "\n";
    }
    for (const auto& v : d[QStringLiteral("payments")].toArray()) {
        const auto o = v.toObject();
        t +=
            "  paid " + fen(o[QStringLiteral("amount_fen")]) + " by " + s(o[QStringLiteral("method")]) + "\n";
    }
    for (const auto& v : d[QStringLiteral("refunds")].toArray()) {
        const auto o = v.toObject();
        t += "  refunded " + fen(o[QStringLiteral("amount_fen")]) + " by " + s(o[QStringLiteral("method")]) +
             " (" + s(o[QStringLiteral("reason")]) + ")\n";
    }
    for (const auto& v : d[QStringLiteral("approvals")].toArray()) {
        const auto o = v.toObject();
        t += "  approval " + s(o[QStringLiteral("kind")]) + ": asked by " +
             s(o[QStringLiteral("requested_by")]) + ", approved by " + s(o[QStringLiteral("approved_by")]) +
             " (" + s(o[QStringLiteral("reason")]) + ")\n";
    }
    for (const auto& v : d[QStringLiteral("certificates")].toArray()) {
        const auto o = v.toObject();
        t += "  certificate " + s(o[QStringLiteral("serial")]) + " " + s(o[QStringLiteral("role")]) + ", " +
             s(o[QStringLiteral("status")]) + ", valid " + s(o[QStringLiteral("not_before")]) + " to " +
             s(o[QStringLiteral("not_after")]) + "\n";
    }
    for (const auto& v : d[QStringLiteral("receipts")].toArray()) {
        const auto o = v.toObject();
        t += "  receipt " + s(o[QStringLiteral("number")]) +
             (o[QStringLiteral("voided")].toBool()
                  ? " 作废 (void: " + s(o[QStringLiteral("void_reason")]) + ")"
                  : std::string()) +
             "\n";
    }
    for (const auto& v : d[QStringLiteral("evidence")].toArray()) {
        const auto o = v.toObject();
        t += "  evidence " + std::to_string(o[QStringLiteral("id")].toInt()) + ": " +
             s(o[QStringLiteral("kind")]) + ", " + std::to_string(o[QStringLiteral("size")].toInt()) +
             " bytes, sha256 " + s(o[QStringLiteral("sha256")]) + "\n";
    }
    t.pop_back();
    return t;
}

int showTransaction(Context& ctx, Arguments& args) {
    const bool reveal = args.takeFlag("--reveal-agent");
    const std::string number = withoutLogin(args).takePositionals(1, kShowUsage)[0];
    auto conn = ctx.connect();
    const auto login = logInOperator(*conn, args);
    args.takePositionals(1, kShowUsage);
    QJsonObject detail;
    {
        pqxx::work tx{*conn, "transaction show"};
        db::TransactionSearch search(tx);
        detail = QJsonDocument::fromJson(QByteArray::fromStdString(search.detailJson(*login.session, number)))
                     .object();
        if (reveal) {
            const auto agent = search.revealAgent(*login.session, number);
            auto a = detail[QStringLiteral("agent")].toObject();
            a.insert(QStringLiteral("id_number"), qs(agent.idNumber));
            a.insert(QStringLiteral("id_masked"), qs(agent.idNumber));
            a.insert(QStringLiteral("mobile_masked"), qs(agent.mobile));
            a.insert(QStringLiteral("mobile"), qs(agent.mobile));
            detail.insert(QStringLiteral("agent"), a);
        }
        tx.commit();
    }
    ctx.print(detail, detailText(detail));
    return 0;
}

int openEvidence(Context& ctx, Arguments& args) {
    const auto out = args.takeOption("--out");
    const std::string id = withoutLogin(args).takePositionals(1, kEvidenceUsage)[0];
    if (!out)
        throw UsageError("--out FILE is required: where the scan is written");
    const long long evidenceId = parseCount(id, "ID", 0, 1, 2147483647);
    auto conn = ctx.connect();
    const auto login = logInOperator(*conn, args);
    args.takePositionals(1, kEvidenceUsage);
    pqxx::work tx{*conn, "transaction evidence"};
    const auto scan = db::TransactionSearch(tx).openEvidence(*login.session, evidenceId);
    try {
        writePrivateFile(*out, scan.bytes);
    } catch (const PrivateFileError& e) {
        throw Refused(e.what());
    }
    tx.commit();
    ctx.print({{QStringLiteral("evidence_id"), static_cast<qint64>(evidenceId)},
               {QStringLiteral("kind"), qs(scan.kind)},
               {QStringLiteral("mime_type"), qs(scan.mimeType)},
               {QStringLiteral("size"), static_cast<qint64>(scan.bytes.size())},
               {QStringLiteral("file"), qs(*out)}},
              "evidence " + id + " (" + scan.kind + ", " + std::to_string(scan.bytes.size()) +
                  " bytes) written to " + *out + "; its opening is audited");
    return 0;
}

int voidReceipt(Context& ctx, Arguments& args) {
    // The command line is checked whole before anyone's password is read.
    Arguments probe = withoutLogin(args);
    probe.takeOption("--supervisor");
    probe.takeOption("--supervisor-password-fd");
    const auto reason = probe.takeOption("--reason");
    const std::string number = probe.takePositionals(1, kVoidUsage)[0];
    if (!reason || fees::isBlank(*reason))
        throw UsageError("--reason TEXT is required: why the receipt is voided");
    args.takeOption("--reason");

    auto conn = ctx.connect();
    long long counterId = 0;
    receipts::ReceiptRecord receipt;
    {
        pqxx::read_transaction tx{*conn};
        counterId = requireCounter(ctx, tx);
        const auto found = receipts::findByNumber(tx, number);
        if (!found)
            throw Refused("there is no receipt " + fees::printable(number));
        receipt = *found;
        if (receipt.voided)
            throw Refused("receipt " + number + " is void already: " + receipt.voidReason);
    }
    const auto login = logInOperator(*conn, args);
    const auto credentials = takeSupervisor(args);
    args.takePositionals(1, kVoidUsage);
    const std::string what = "voiding receipt " + number;
    const approvals::Approver supervisor = requireSupervisor(*conn, login.session, credentials, what);
    receipts::PastAction done;
    try {
        pqxx::work tx{*conn, "receipt void"};
        done = receipts::voidWithRefund(tx, *login.session, login.staff.id, counterId, receipt, *reason,
                                        supervisor);
        tx.commit();
    } catch (const receipts::ReceiptError& e) {
        throw Refused(what + " was refused: " + e.what());
    } catch (const approvals::ApprovalRefused& e) {
        throw Refused(what + " was not approved: " + e.what());
    }
    QJsonArray list;
    std::string lines;
    for (const auto& r : done.refunds) {
        list.append(QJsonObject{{QStringLiteral("refund_id"), static_cast<qint64>(r.refundId)},
                                {QStringLiteral("payment_id"), static_cast<qint64>(r.paymentId)},
                                {QStringLiteral("method"), qs(r.method)},
                                {QStringLiteral("amount_fen"), static_cast<qint64>(r.amountFen)},
                                {QStringLiteral("amount_yuan"), qs(yuan(r.amountFen))}});
        lines += "\n  refunded " + yuan(r.amountFen) + " by " + r.method + " (payment " +
                 std::to_string(r.paymentId) + ")";
    }
    ctx.print({{QStringLiteral("receipt"), qs(number)},
               {QStringLiteral("voided"), true},
               {QStringLiteral("reason"), qs(*reason)},
               {QStringLiteral("refunds"), list},
               {QStringLiteral("total_fen"), static_cast<qint64>(done.totalFen)},
               {QStringLiteral("approval_id"), static_cast<qint64>(done.approvalId)},
               {QStringLiteral("approved_by"), qs(done.approvedBy)}},
              "receipt " + number + " voided (作废), approved by " + done.approvedBy + "; refunded " +
                  yuan(done.totalFen) + lines);
    return 0;
}

} // namespace

bool isSearchCommand(const std::string& command, const Arguments& args) {
    Arguments probe = args;
    const auto sub = probe.takeWord();
    if (command == "receipt")
        return sub == std::optional<std::string>("void");
    if (command != "transaction" || !sub)
        return false;
    if (*sub == "search" || *sub == "evidence")
        return true;
    return *sub == "show" && probe.takeOption("--operator").has_value();
}

int searchCommand(Context& ctx, const std::string& command, Arguments& args) {
    const auto sub = args.takeWord();
    if (command == "receipt")
        return voidReceipt(ctx, args);
    if (*sub == "search")
        return searchTransactions(ctx, args);
    if (*sub == "evidence")
        return openEvidence(ctx, args);
    return showTransaction(ctx, args);
}

} // namespace countersign::ctl
