#include "backend/ctl/feecommands.h"
#include "backend/ctl/feeschedulecommands.h"

#include <iostream>

#include <QJsonArray>
#include <QJsonDocument>

#include <pqxx/result>
#include <pqxx/transaction>

#include "backend/approvals/approvals.h"
#include "backend/fees/fees.h"
#include "backend/fees/invoices.h"
#include "backend/fees/textcheck.h"
#include "backend/money.h"
#include "backend/privatefile.h"

namespace countersign::ctl {

const char* const kFeeCommandsHelp =
    R"(  invoices export --status pending|issued|cancelled|all [--format csv|json] [--out FILE]
                                the invoice requests (开票信息) of this centre for the invoicing system:
                                CSV (RFC 4180, header row) or JSON, with the transaction and receipt
                                numbers and amounts in fen and yuan; pending ones are marked exported
  invoices mark-issued --file F
                                mark invoice requests issued, from CSV or JSON giving request_id (or
                                transaction_no) and invoice_number — an exported CSV with the numbers
                                filled in will do; all or nothing: a row not pending refuses the file
  refund TRANSACTION_NO --reason TEXT --operator NAME --password-fd N --supervisor NAME
         --supervisor-password-fd N
                                pay back what is unrefunded of a transaction's payments, each by its own
                                method, and cancel its pending invoice request; needs a supervisor's
                                approval (the operator's password is read first when both come from one
                                descriptor)

)";

namespace {

const char* const kInvoicesUsage =
    "countersignctl invoices export --status pending|issued|cancelled|all [--format csv|json] [--out FILE] "
    "--operator NAME [--password-fd N]\n"
    "       countersignctl invoices mark-issued --file F --operator NAME [--password-fd N]\n"
    "(marking requests exported or issued is back-office work: a supervisor's or an admin's)";
const char* const kRefundUsage =
    "countersignctl refund TRANSACTION_NO --reason TEXT --operator NAME --password-fd N "
    "--supervisor NAME --supervisor-password-fd N";

int exportInvoices(Context& ctx, Arguments& args) {
    const auto status = args.takeOption("--status");
    const std::string format = args.takeOption("--format").value_or("csv");
    const auto out = args.takeOption("--out");
    withoutLogin(args).expectEmpty(kInvoicesUsage);
    if (!status)
        throw UsageError("--status pending|issued|cancelled|all is required");
    if (*status != "pending" && *status != "issued" && *status != "cancelled" && *status != "all")
        throw UsageError("--status must be pending, issued, cancelled or all");
    if (format != "csv" && format != "json")
        throw UsageError("--format must be csv or json");

    auto conn = ctx.connect();
    const long long centreId = requireWorkstation(ctx, *conn).centreId;
    // The database decides whether this person may mark requests exported (0020_money_records.sql).
    const auto login = logInOperator(*conn, args);
    args.expectEmpty(kInvoicesUsage);
    pqxx::work tx{*conn, "invoices export"};
    auto records = fees::listInvoiceRequests(tx, centreId, *status);
    const int marked = fees::markExported(tx, *login.session, records);
    const std::string data = format == "csv" ? fees::invoicesCsv(records) : fees::invoicesJson(records);
    // The file is written before the export is committed: an export that could not be written is not marked.
    if (out) {
        try {
            writePrivateFile(*out, data);
        } catch (const PrivateFileError& e) {
            throw Refused(std::string(e.what()) + "; nothing was marked exported");
        }
    }
    tx.commit();
    const std::string summary = std::to_string(records.size()) + " invoice request" +
                                (records.size() == 1 ? "" : "s") + " (" + *status + ") exported" +
                                (out ? " to " + *out : std::string()) + ", " + std::to_string(marked) +
                                " pending marked exported";
    if (out) {
        ctx.print({{QStringLiteral("file"), QString::fromStdString(*out)},
                   {QStringLiteral("format"), QString::fromStdString(format)},
                   {QStringLiteral("count"), static_cast<int>(records.size())},
                   {QStringLiteral("marked_exported"), marked}},
                  summary);
    } else {
        std::cout << data;
        std::cout.flush();
        std::cerr << summary << '\n';
    }
    return 0;
}

int markIssued(Context& ctx, Arguments& args) {
    const auto file = args.takeOption("--file");
    withoutLogin(args).expectEmpty(kInvoicesUsage);
    if (!file)
        throw UsageError("--file F is required: CSV or JSON with request_id (or transaction_no) and "
                         "invoice_number");
    const auto issued = fees::parseIssuedInvoices(readFile(*file));
    auto conn = ctx.connect();
    const long long centreId = requireWorkstation(ctx, *conn).centreId;
    // The database decides whether this person may mark invoices issued (0020_money_records.sql).
    const auto login = logInOperator(*conn, args);
    args.expectEmpty(kInvoicesUsage);
    pqxx::work tx{*conn, "invoices mark-issued"};
    const auto ids = fees::markIssued(tx, centreId, *login.session, issued);
    tx.commit();
    QJsonArray list;
    for (const auto id : ids)
        list.append(static_cast<qint64>(id));
    ctx.print(
        {{QStringLiteral("marked_issued"), list}, {QStringLiteral("count"), static_cast<int>(ids.size())}},
        std::to_string(ids.size()) + " invoice request" + (ids.size() == 1 ? "" : "s") + " marked issued");
    return 0;
}

} // namespace

int invoicesCommand(Context& ctx, Arguments& args) {
    const auto sub = args.takeWord();
    if (!sub)
        throw UsageError(std::string("usage: ") + kInvoicesUsage);
    try {
        if (*sub == "export")
            return exportInvoices(ctx, args);
        if (*sub == "mark-issued")
            return markIssued(ctx, args);
    } catch (const fees::FeeError& e) {
        throw Refused(e.what());
    }
    throw UsageError(std::string("usage: ") + kInvoicesUsage);
}

int feesCommand(Context& ctx, Arguments& args) {
    return feeScheduleCommand(ctx, args, args.takeWord().value_or(""));
}

int refundCommand(Context& ctx, Arguments& args) {
    // The command line is checked whole before anyone's password is read.
    Arguments probe = args;
    for (const char* option : {"--operator", "--password-fd", "--supervisor", "--supervisor-password-fd"})
        probe.takeOption(option);
    const auto reason = probe.takeOption("--reason");
    const std::string number = probe.takePositionals(1, kRefundUsage)[0];
    if (!reason || fees::isBlank(*reason))
        throw UsageError("--reason TEXT is required: why the fee is paid back");
    args.takeOption("--reason");

    auto conn = ctx.connect();
    long long counterId = 0;
    long long transactionId = 0;
    {
        pqxx::read_transaction tx{*conn};
        counterId = requireCounter(ctx, tx);
        const auto t = tx.exec_params("SELECT id FROM transactions WHERE number = $1", number);
        if (t.empty())
            throw Refused("there is no transaction " + fees::printable(number));
        transactionId = t[0][0].as<long long>();
        const auto open =
            tx.exec_params1("SELECT coalesce(sum(p.amount_fen), 0), coalesce(sum(p.amount_fen), 0) - "
                            "       coalesce((SELECT sum(r.amount_fen) FROM refunds r JOIN payments p2 ON "
                            "p2.id = r.payment_id "
                            "                 WHERE p2.transaction_id = $1), 0) "
                            "FROM payments p WHERE p.transaction_id = $1",
                            transactionId);
        if (open[0].as<long long>() == 0)
            throw Refused("nothing was paid for transaction " + number + ", so there is nothing to refund");
        if (open[1].as<long long>() <= 0)
            throw Refused("transaction " + number + " is refunded in full already (" +
                          yuan(open[0].as<long long>()) + ")");
    }
    const auto login = logInOperator(*conn, args);
    const auth::StaffIdentity& op = login.staff;
    const auto credentials = takeSupervisor(args);
    args.takePositionals(1, kRefundUsage);
    const std::string what = "the refund of transaction " + number;
    const approvals::Approver supervisor = requireSupervisor(*conn, login.session, credentials, what);

    std::vector<fees::RefundRecord> refunds;
    long long approvalId = 0;
    try {
        pqxx::work tx{*conn, "refund"};
        approvals::ApprovalRequest request;
        request.kind = approvals::ApprovalKind::Refund;
        request.requestedBy = op.id;
        request.counterId = counterId;
        request.transactionId = transactionId;
        request.subject = number;
        request.reason = *reason;
        approvalId = approvals::recordApproval(tx, request, supervisor);
        refunds = fees::refundTransaction(tx, *login.session, transactionId, *reason, approvalId, false);
        tx.commit();
    } catch (const fees::FeeError& e) {
        throw Refused(what + " was refused: " + e.what());
    } catch (const approvals::ApprovalRefused& e) {
        throw Refused(what + " was not approved: " + e.what());
    }

    QJsonArray list;
    long long total = 0;
    std::string lines;
    for (const auto& r : refunds) {
        total += r.amountFen;
        list.append(QJsonObject{{QStringLiteral("refund_id"), static_cast<qint64>(r.refundId)},
                                {QStringLiteral("payment_id"), static_cast<qint64>(r.paymentId)},
                                {QStringLiteral("method"), QLatin1String(fees::methodCode(r.method))},
                                {QStringLiteral("amount_fen"), static_cast<qint64>(r.amountFen)},
                                {QStringLiteral("amount_yuan"), QString::fromStdString(yuan(r.amountFen))}});
        lines += "\n  " + yuan(r.amountFen) + " by " + fees::methodCode(r.method) + " (payment " +
                 std::to_string(r.paymentId) + ")";
    }
    ctx.print({{QStringLiteral("transaction"), QString::fromStdString(number)},
               {QStringLiteral("refunds"), list},
               {QStringLiteral("total_fen"), static_cast<qint64>(total)},
               {QStringLiteral("total_yuan"), QString::fromStdString(yuan(total))},
               {QStringLiteral("approval_id"), static_cast<qint64>(approvalId)},
               {QStringLiteral("approved_by"), QString::fromStdString(supervisor.staff.username)}},
              "refunded " + yuan(total) + " of transaction " + number + ", approved by " +
                  supervisor.staff.username + lines);
    return 0;
}

} // namespace countersign::ctl
