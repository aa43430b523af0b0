#include "backend/ctl/recordcommands.h"

#include <iostream>

#include <QJsonArray>
#include <QJsonDocument>

#include <pqxx/pqxx>

#include "backend/money.h"
#include "backend/privatefile.h"
#include "backend/receipts/receiptprinting.h"
#include "backend/receipts/receipts.h"
#include "db/auditlog.h"
#include "db/workstationstore.h"

namespace countersign::ctl {

const char* const kRecordCommandsHelp =
    R"(  audit verify [--counter CODE]
                                check the hash-chained audit log of every counter (or one: CODE of this
                                centre, or CENTRE/COUNTER); names the first entry changed, removed,
                                reordered, missing or cut off; exit 1 when any chain is broken
  audit show [--counter CODE] [--limit N]
                                the last N (default 20) audit entries of this (or that) counter
  receipt verify PAYLOAD | --payload-file FILE
                                check a receipt's QR text: exit 0 when the receipt is genuine and valid,
                                1 with the reason (unknown, forged, changed, voided)
  receipt show NUMBER | --transaction TXNO
                                what a receipt says (e.g. TJ01-2026-000123)
  receipt print NUMBER [--printer QUEUE] [--paper a5|a4|roll80] --operator NAME --password-fd N
                                print a receipt on the CUPS queue ([printer] name, else the default
                                printer); the first print keeps the receipt's PDF with the transaction,
                                every later one says 补打 / REPRINT, a voided one 作废 / VOID; audited.
                                A reprint keeps the paper of the first print unless --paper is given.
                                Exit 1 with the reason when the printer can't print (nothing recorded)
  receipt pdf NUMBER [--out FILE|-] [--paper a5|a4|roll80]
                                the receipt as PDF (default NUMBER.pdf): the document kept at its first
                                print, else drawn on [printer] paper; VOID stamped when voided
)";

namespace {

const char* const kAuditUsage = "countersignctl audit verify [--counter CODE]\n"
                                "       countersignctl audit show [--counter CODE] [--limit N]";
const char* const kReceiptUsage =
    "countersignctl receipt verify PAYLOAD | --payload-file FILE\n"
    "       countersignctl receipt show NUMBER | --transaction TXNO\n"
    "       countersignctl receipt print NUMBER [--printer QUEUE] [--paper a5|a4|roll80] --operator NAME "
    "--password-fd N\n"
    "       countersignctl receipt pdf NUMBER [--out FILE|-] [--paper a5|a4|roll80]";

// ---------------------------------------------------------------------------------------------------------------
// audit
// ---------------------------------------------------------------------------------------------------------------

struct CounterRef {
    long long id = 0;
    std::string centre;
    std::string code;
    std::string label() const { return centre + "/" + code; }
};

CounterRef findCounterRef(const Context& ctx, pqxx::transaction_base& tx, const std::string& code) {
    std::string centre;
    std::string counter = code;
    if (const auto slash = code.find('/'); slash != std::string::npos) {
        centre = code.substr(0, slash);
        counter = code.substr(slash + 1);
    } else {
        if (ctx.config.centreCode.isEmpty())
            throw UsageError("--counter " + code +
                             ": no workstation centre is configured; give the counter as CENTRE/COUNTER");
        centre = ctx.config.centreCode.toStdString();
    }
    if (centre.empty() || counter.empty())
        throw UsageError("--counter needs a counter code, or CENTRE/COUNTER");
    const auto found = db::WorkstationStore{tx}.findCounter(centre, counter);
    if (!found)
        throw Refused("there is no counter " + counter + " of centre " + centre);
    return {found->counterId, centre, counter};
}

std::vector<CounterRef> allCounters(pqxx::transaction_base& tx) {
    std::vector<CounterRef> out;
    for (const auto& row :
         tx.exec_params("SELECT c.id, ce.code, c.code FROM counters c JOIN centres ce ON ce.id = "
                        "c.centre_id ORDER BY ce.code, c.code"))
        out.push_back({row[0].as<long long>(), row[1].as<std::string>(), row[2].as<std::string>()});
    return out;
}

std::string describeProblem(const std::string& problem, long long badSeq) {
    if (problem == "changed")
        return "changed: the entry no longer matches its hash";
    if (problem == "removed")
        return "removed: the entry does not link to the one before it (an entry was removed and the rest "
               "renumbered, or an earlier entry was rewritten)";
    if (problem == "reordered")
        return "reordered: the entry links to another entry of the chain (entries were swapped)";
    if (problem == "gap")
        return "gap: there is no entry with this seq although later ones exist (removed)";
    if (problem == "out_of_sequence")
        return "out of sequence: duplicate or descending seq";
    if (problem == "cut_off_after")
        return "cut off after seq " + std::to_string(badSeq - 1) +
               ": the chain head recorded later entries that are gone";
    if (problem == "head_mismatch")
        return "changed: the entry is not the one the chain head recorded (the chain's end was rewritten)";
    if (problem == "not_anchored")
        return "added behind the chain head's back: entries after the recorded head";
    if (problem == "head_missing")
        return "the counter's chain head is missing (removed from the database)";
    return problem;
}

int auditVerify(Context& ctx, Arguments& args) {
    const auto counter = args.takeOption("--counter");
    args.expectEmpty(kAuditUsage);
    auto conn = ctx.connect();
    pqxx::read_transaction tx{*conn};
    const std::vector<CounterRef> counters =
        counter ? std::vector<CounterRef>{findCounterRef(ctx, tx, *counter)} : allCounters(tx);

    QJsonArray list;
    std::string text;
    bool allIntact = true;
    for (const auto& c : counters) {
        const auto v = tx.exec_params1("SELECT bad_seq, problem, entries, last_seq, head_seq FROM "
                                       "countersign.audit_verify_full($1)",
                                       c.id);
        const long long entries = v[2].as<long long>();
        QJsonObject item{{QStringLiteral("centre"), QString::fromStdString(c.centre)},
                         {QStringLiteral("counter"), QString::fromStdString(c.code)},
                         {QStringLiteral("entries"), entries},
                         {QStringLiteral("head_seq"), v[4].is_null() ? QJsonValue() : v[4].as<long long>()}};
        // Each closed day recorded this counter's chain head in its snapshot: the entry must still be there,
        // unchanged. A chain rewritten whole, consistent in itself, fails here.
        const auto anchors = tx.exec_params(
            "SELECT to_char(d.business_date, 'YYYY-MM-DD'), (h->>'seq')::bigint, a.id IS NOT NULL "
            "FROM countersign.day_closes d CROSS JOIN LATERAL "
            "jsonb_array_elements(d.snapshot->'audit_chain_heads') h "
            "LEFT JOIN countersign.audit_log a ON a.counter_id = (h->>'counter_id')::bigint "
            "  AND a.seq = (h->>'seq')::bigint "
            "WHERE (h->>'counter_id')::bigint = $1 "
            "  AND (a.id IS NULL OR encode(a.hash, 'hex') IS DISTINCT FROM h->>'hash') "
            "ORDER BY d.business_date LIMIT 1",
            c.id);
        const long long closedDays =
            tx.exec_params1("SELECT count(*) FROM countersign.day_closes d "
                            "WHERE d.snapshot->'audit_chain_heads' @> jsonb_build_array(jsonb_build_object("
                            "'counter_id', $1::bigint))",
                            c.id)[0]
                .as<long long>();
        item.insert(QStringLiteral("closed_days_checked"), closedDays);
        if (v[0].is_null() && !anchors.empty()) {
            allIntact = false;
            const std::string day = anchors[0][0].as<std::string>();
            const long long seq = anchors[0][1].as<long long>();
            const std::string description =
                anchors[0][2].as<bool>() ? "entry " + std::to_string(seq) + " is not the one the close of " +
                                               day + " recorded (the chain was rewritten)"
                                         : "entry " + std::to_string(seq) + ", the chain head the close of " +
                                               day + " recorded, is gone";
            item.insert(QStringLiteral("intact"), false);
            item.insert(QStringLiteral("bad_seq"), seq);
            item.insert(QStringLiteral("problem"), QStringLiteral("day_close_head_mismatch"));
            item.insert(QStringLiteral("description"), QString::fromStdString(description));
            text += c.label() + ": BROKEN at seq " + std::to_string(seq) + ": " + description + "\n";
        } else if (v[0].is_null()) {
            item.insert(QStringLiteral("intact"), true);
            text += c.label() + ": intact (" + std::to_string(entries) +
                    (entries == 1 ? " entry" : " entries") +
                    (closedDays > 0 ? ", anchored by " + std::to_string(closedDays) +
                                          (closedDays == 1 ? " closed day)\n" : " closed days)\n")
                                    : std::string(")\n"));
        } else {
            allIntact = false;
            const long long badSeq = v[0].as<long long>();
            const std::string problem = v[1].as<std::string>();
            const std::string description = describeProblem(problem, badSeq);
            item.insert(QStringLiteral("intact"), false);
            item.insert(QStringLiteral("bad_seq"), badSeq);
            item.insert(QStringLiteral("problem"), QString::fromStdString(problem));
            item.insert(QStringLiteral("description"), QString::fromStdString(description));
            text += c.label() + ": BROKEN at seq " + std::to_string(badSeq) + ": " + description;
            const auto entry =
                tx.exec_params("SELECT event, to_char(at AT TIME ZONE 'Asia/Shanghai', "
                               "'YYYY-MM-DD HH24:MI:SS'), coalesce(subject, '') FROM audit_log "
                               "WHERE counter_id = $1 AND seq = $2 ORDER BY id LIMIT 1",
                               c.id, badSeq);
            if (!entry.empty()) {
                item.insert(QStringLiteral("event"), QString::fromStdString(entry[0][0].as<std::string>()));
                item.insert(QStringLiteral("at"), QString::fromStdString(entry[0][1].as<std::string>()));
                text += "\n    entry " + std::to_string(badSeq) + ": " + entry[0][0].as<std::string>() +
                        " at " + entry[0][1].as<std::string>() + " (China Standard Time)";
                if (!entry[0][2].as<std::string>().empty())
                    text += ", subject " + entry[0][2].as<std::string>();
            } else {
                text += "\n    entry " + std::to_string(badSeq) + " is not in the log";
            }
            text += "\n";
        }
        list.append(item);
    }
    if (counters.empty())
        text += "no counters registered\n";
    text += allIntact ? "all audit chains intact" : "the audit log has been TAMPERED WITH";
    ctx.print({{QStringLiteral("intact"), allIntact}, {QStringLiteral("counters"), list}}, text);
    if (!allIntact) {
        std::cerr << "countersignctl: the audit log is broken";
        for (const auto& item : list) {
            const auto o = item.toObject();
            if (!o.value(QStringLiteral("intact")).toBool())
                std::cerr << "; " << o.value(QStringLiteral("centre")).toString().toStdString() << "/"
                          << o.value(QStringLiteral("counter")).toString().toStdString() << " at seq "
                          << o.value(QStringLiteral("bad_seq")).toInteger() << " ("
                          << o.value(QStringLiteral("problem")).toString().toStdString() << ")";
        }
        std::cerr << '\n';
        return 1;
    }
    return 0;
}

int auditShow(Context& ctx, Arguments& args) {
    const auto counter = args.takeOption("--counter");
    const auto limitText = args.takeOption("--limit");
    args.expectEmpty(kAuditUsage);
    int limit = 20;
    if (limitText) {
        try {
            std::size_t used = 0;
            limit = std::stoi(*limitText, &used);
            if (used != limitText->size() || limit < 1)
                throw std::invalid_argument("limit");
        } catch (const std::exception&) {
            throw UsageError("--limit needs a positive whole number");
        }
    }
    auto conn = ctx.connect();
    pqxx::read_transaction tx{*conn};
    CounterRef ref;
    if (counter) {
        ref = findCounterRef(ctx, tx, *counter);
    } else {
        ref.id = requireCounter(ctx, tx);
        ref.centre = ctx.config.centreCode.toStdString();
        ref.code = ctx.config.counterCode.toStdString();
    }
    const auto rows = tx.exec_params(
        "SELECT * FROM (SELECT a.seq, to_char(a.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS'), "
        "coalesce(s.username, ''), a.event, coalesce(a.subject, ''), a.detail::text FROM audit_log a "
        "LEFT JOIN staff s ON s.id = a.actor_staff_id WHERE a.counter_id = $1 ORDER BY a.seq DESC LIMIT $2) "
        "x "
        "ORDER BY 1",
        ref.id, limit);
    QJsonArray entries;
    std::string text = "audit log of counter " + ref.label() + " (last " + std::to_string(rows.size()) +
                       " entries, China Standard Time)\n";
    for (const auto& row : rows) {
        const std::string detail = row[5].as<std::string>();
        entries.append(QJsonObject{
            {QStringLiteral("seq"), row[0].as<long long>()},
            {QStringLiteral("at"), QString::fromStdString(row[1].as<std::string>())},
            {QStringLiteral("actor"), QString::fromStdString(row[2].as<std::string>())},
            {QStringLiteral("event"), QString::fromStdString(row[3].as<std::string>())},
            {QStringLiteral("subject"), QString::fromStdString(row[4].as<std::string>())},
            {QStringLiteral("detail"), QJsonDocument::fromJson(QByteArray::fromStdString(detail)).object()}});
        text += std::to_string(row[0].as<long long>()) + "  " + row[1].as<std::string>() + "  " +
                row[3].as<std::string>();
        if (!row[4].as<std::string>().empty())
            text += "  " + row[4].as<std::string>();
        if (!row[2].as<std::string>().empty())
            text += "  by " + row[2].as<std::string>();
        if (detail != "{}")
            text += "  " + detail;
        text += "\n";
    }
    if (!text.empty() && text.back() == '\n')
        text.pop_back();
    ctx.print({{QStringLiteral("centre"), QString::fromStdString(ref.centre)},
               {QStringLiteral("counter"), QString::fromStdString(ref.code)},
               {QStringLiteral("entries"), entries}},
              text);
    return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// receipt
// ---------------------------------------------------------------------------------------------------------------

std::string yuanCny(qint64 fen) {
    return yuan(fen) + " CNY";
}

QJsonObject contentOf(const receipts::ReceiptRecord& r) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(r.contentJson)).object();
}

std::string str(const QJsonValue& v) {
    return v.toString().toStdString();
}

int receiptVerify(Context& ctx, Arguments& args) {
    const auto file = args.takeOption("--payload-file");
    std::string payload;
    if (file) {
        args.expectEmpty(kReceiptUsage);
        payload = readFile(*file);
    } else {
        payload = args.takePositionals(1, kReceiptUsage)[0];
    }
    auto conn = ctx.connect();
    pqxx::read_transaction tx{*conn};
    const auto check = receipts::verifyPayload(tx, payload);

    QJsonObject out{{QStringLiteral("valid"), check.valid},
                    {QStringLiteral("reason"), QString::fromStdString(check.reason)}};
    std::string text;
    if (check.receipt) {
        const auto content = contentOf(*check.receipt);
        const auto company = content.value(QStringLiteral("company")).toObject();
        const qint64 total = content.value(QStringLiteral("total_fen")).toInteger();
        out.insert(QStringLiteral("receipt"), QString::fromStdString(check.receipt->numberText));
        out.insert(QStringLiteral("company"), company.value(QStringLiteral("name")));
        out.insert(QStringLiteral("uscc"), company.value(QStringLiteral("uscc")));
        out.insert(QStringLiteral("operation"), content.value(QStringLiteral("operation")));
        out.insert(QStringLiteral("transaction"), content.value(QStringLiteral("transaction")));
        out.insert(QStringLiteral("total_fen"), total);
        out.insert(QStringLiteral("issued_at"), content.value(QStringLiteral("issued_at")));
        out.insert(QStringLiteral("voided"), check.receipt->voided);
        text = "receipt " + check.receipt->numberText + "\n  company:     " +
               (company.isEmpty() ? std::string("-")
                                  : str(company.value(QStringLiteral("name"))) + " (" +
                                        str(company.value(QStringLiteral("uscc"))) + ")") +
               "\n  operation:   " + str(content.value(QStringLiteral("operation"))) + " " +
               str(content.value(QStringLiteral("operation_name"))) + ", transaction " +
               str(content.value(QStringLiteral("transaction"))) + "\n  amount:      " + yuanCny(total) +
               "\n  issued:      " + str(content.value(QStringLiteral("issued_at"))) + "\n";
    }
    text += check.valid ? "the receipt is VALID" : "the receipt is NOT VALID: " + check.reason;
    ctx.print(out, text);
    if (!check.valid) {
        std::cerr << "countersignctl: " << check.reason << '\n';
        return 1;
    }
    return 0;
}

std::string readableContent(const receipts::ReceiptRecord& r) {
    const auto c = contentOf(r);
    std::string t =
        "receipt " + r.numberText + (r.voided ? "  *** VOID: " + r.voidReason + " ***" : "") + "\n";
    const auto centre = c.value(QStringLiteral("centre")).toObject();
    const auto counter = c.value(QStringLiteral("counter")).toObject();
    t += "  centre:      " + str(centre.value(QStringLiteral("code"))) + " " +
         str(centre.value(QStringLiteral("name"))) + ", counter " +
         str(counter.value(QStringLiteral("code"))) +
         (counter.value(QStringLiteral("name")).isString() ? " " + str(counter.value(QStringLiteral("name")))
                                                           : "") +
         "\n";
    t += "  operator:    " + str(c.value(QStringLiteral("operator"))) + "\n";
    t += "  operation:   " + str(c.value(QStringLiteral("operation"))) + " " +
         str(c.value(QStringLiteral("operation_name"))) + ", transaction " +
         str(c.value(QStringLiteral("transaction"))) + "\n";
    const auto company = c.value(QStringLiteral("company")).toObject();
    if (!company.isEmpty())
        t += "  company:     " + str(company.value(QStringLiteral("name"))) + " (" +
             str(company.value(QStringLiteral("uscc"))) + ")\n";
    const auto agent = c.value(QStringLiteral("agent")).toObject();
    if (!agent.isEmpty())
        t += "  agent:       " + str(agent.value(QStringLiteral("name"))) + " " +
             str(agent.value(QStringLiteral("id_masked"))) + "\n";
    if (c.value(QStringLiteral("key_serial")).isString())
        t += "  key:         " + str(c.value(QStringLiteral("key_serial"))) + "\n";
    const auto cert = c.value(QStringLiteral("certificate")).toObject();
    if (!cert.isEmpty())
        t += "  certificate: " + str(cert.value(QStringLiteral("serial"))) + ", valid " +
             str(cert.value(QStringLiteral("not_before"))) + " to " +
             str(cert.value(QStringLiteral("not_after"))) + "\n";
    for (const auto& v : c.value(QStringLiteral("fee_lines")).toArray()) {
        const auto line = v.toObject();
        t += "  fee:         " + str(line.value(QStringLiteral("description"))) + "  " +
             yuanCny(line.value(QStringLiteral("amount_fen")).toInteger());
        if (line.contains(QStringLiteral("waiver_reason")))
            t += " (" + str(line.value(QStringLiteral("waiver_reason"))) + ")";
        t += "\n";
    }
    t += "  total:       " + yuanCny(c.value(QStringLiteral("total_fen")).toInteger()) + "\n";
    for (const auto& v : c.value(QStringLiteral("payments")).toArray()) {
        const auto p = v.toObject();
        t += "  paid:        " + str(p.value(QStringLiteral("method"))) + " " +
             yuanCny(p.value(QStringLiteral("amount_fen")).toInteger());
        if (p.value(QStringLiteral("reference")).isString())
            t += ", reference " + str(p.value(QStringLiteral("reference")));
        t += "\n";
    }
    const auto invoice = c.value(QStringLiteral("invoice")).toObject();
    t += "  invoice:     " +
         (invoice.isEmpty() ? std::string("none requested")
                            : str(invoice.value(QStringLiteral("status"))) + " for " +
                                  str(invoice.value(QStringLiteral("buyer_name")))) +
         "\n";
    t += "  issued:      " + str(c.value(QStringLiteral("issued_at"))) + "\n";
    t += "  QR:          " + r.qrPayload;
    return t;
}

int receiptShow(Context& ctx, Arguments& args) {
    const auto transaction = args.takeOption("--transaction");
    std::optional<std::string> number;
    if (transaction)
        args.expectEmpty(kReceiptUsage);
    else
        number = args.takePositionals(1, kReceiptUsage)[0];
    auto conn = ctx.connect();
    pqxx::read_transaction tx{*conn};
    std::optional<receipts::ReceiptRecord> r;
    if (transaction) {
        const auto rows = tx.exec_params("SELECT id FROM transactions WHERE number = $1", *transaction);
        if (rows.empty())
            throw Refused("there is no transaction " + *transaction);
        r = receipts::findByTransaction(tx, rows[0][0].as<long long>());
        if (!r)
            throw Refused("transaction " + *transaction + " has no receipt");
    } else {
        r = receipts::findByNumber(tx, *number);
        if (!r)
            throw Refused("there is no receipt " + *number);
    }
    ctx.print({{QStringLiteral("receipt"), QString::fromStdString(r->numberText)},
               {QStringLiteral("qr_payload"), QString::fromStdString(r->qrPayload)},
               {QStringLiteral("voided"), r->voided},
               {QStringLiteral("void_reason"),
                r->voided ? QJsonValue(QString::fromStdString(r->voidReason)) : QJsonValue()},
               {QStringLiteral("printed_count"), r->printedCount},
               {QStringLiteral("content"), contentOf(*r)}},
              readableContent(*r));
    return 0;
}

std::optional<printing::Paper> takePaper(Arguments& args) {
    const auto name = args.takeOption("--paper");
    if (!name)
        return std::nullopt;
    const auto paper = printing::paperFromName(QString::fromStdString(*name));
    if (!paper)
        throw UsageError("--paper must be a5, a4 or roll80\nusage: " + std::string(kReceiptUsage));
    return paper;
}

receipts::ReceiptRecord requireReceipt(pqxx::transaction_base& tx, const std::string& number) {
    auto r = receipts::findByNumber(tx, number);
    if (!r)
        throw Refused("there is no receipt " + number);
    return *r;
}

int receiptPrint(Context& ctx, Arguments& args) {
    const auto printer = args.takeOption("--printer");
    const auto paper = takePaper(args);
    const std::string number = withoutLogin(args).takePositionals(1, kReceiptUsage)[0];
    auto conn = ctx.connect();
    receipts::ReceiptRecord receipt;
    {
        pqxx::read_transaction tx{*conn};
        requireCounter(ctx, tx);
        receipt = requireReceipt(tx, number);
    }
    const auto login = logInOperator(*conn, args);
    args.takePositionals(1, kReceiptUsage);

    receipts::PrintSettings settings = receipts::printSettingsOf(ctx.config);
    if (printer)
        settings.printerName = QString::fromStdString(*printer);
    if (paper) {
        settings.paper = *paper;
        settings.paperForced = true;
    }
    const auto out = receipts::printReceipt(*conn, *login.session, receipt, settings);
    const QString paperText = printing::paperName(out.paper);
    if (!out.result.ok())
        throw Refused("receipt " + receipt.numberText +
                      " was not printed: " + out.result.message.toStdString());
    const QJsonObject json{{QStringLiteral("receipt"), QString::fromStdString(receipt.numberText)},
                           {QStringLiteral("printer"), out.result.queue},
                           {QStringLiteral("job"), out.result.jobId},
                           {QStringLiteral("paper"), paperText},
                           {QStringLiteral("reprint"), out.reprint},
                           {QStringLiteral("voided"), out.voided},
                           {QStringLiteral("printed_count"), out.printedCount}};
    std::string marks;
    if (out.reprint)
        marks += ", 补打 / REPRINT";
    if (out.voided)
        marks += ", 作废 / VOID";
    ctx.print(json, std::string(out.reprint ? "reprinted" : "printed") + " receipt " + receipt.numberText +
                        " on " + out.result.queue.toStdString() + " (job " +
                        std::to_string(out.result.jobId) + ", " + paperText.toStdString() + marks + ")");
    return 0;
}

int receiptPdfCommand(Context& ctx, Arguments& args) {
    const auto outPath = args.takeOption("--out");
    const auto paper = takePaper(args);
    const std::string number = args.takePositionals(1, kReceiptUsage)[0];
    auto conn = ctx.connect();
    pqxx::read_transaction tx{*conn};
    const auto receipt = requireReceipt(tx, number);
    const printing::Paper configured =
        paper.value_or(printing::paperFromName(ctx.config.printerPaper).value_or(printing::Paper::A5));
    const QByteArray pdf = receipts::receiptPdf(tx, receipt, configured, paper.has_value());
    const std::string path = outPath.value_or(receipt.numberText + ".pdf");
    if (path == "-") {
        std::cout.write(pdf.constData(), pdf.size());
        std::cout.flush();
        return 0;
    }
    try {
        writePrivateFile(path, std::string_view(pdf.constData(), static_cast<std::size_t>(pdf.size())));
    } catch (const PrivateFileError& e) {
        throw Refused(e.what());
    }
    ctx.print({{QStringLiteral("receipt"), QString::fromStdString(receipt.numberText)},
               {QStringLiteral("file"), QString::fromStdString(path)},
               {QStringLiteral("bytes"), static_cast<qint64>(pdf.size())},
               {QStringLiteral("voided"), receipt.voided}},
              "wrote receipt " + receipt.numberText + " to " + path + " (" + std::to_string(pdf.size()) +
                  " bytes" + (receipt.voided ? ", VOID" : "") + ")");
    return 0;
}

} // namespace

int auditCommand(Context& ctx, Arguments& args) {
    const auto sub = args.takeWord();
    if (sub == std::optional<std::string>("verify"))
        return auditVerify(ctx, args);
    if (sub == std::optional<std::string>("show"))
        return auditShow(ctx, args);
    throw UsageError(std::string("usage: ") + kAuditUsage);
}

int receiptCommand(Context& ctx, Arguments& args) {
    const auto sub = args.takeWord();
    if (sub == std::optional<std::string>("verify"))
        return receiptVerify(ctx, args);
    if (sub == std::optional<std::string>("show"))
        return receiptShow(ctx, args);
    if (sub == std::optional<std::string>("print"))
        return receiptPrint(ctx, args);
    if (sub == std::optional<std::string>("pdf"))
        return receiptPdfCommand(ctx, args);
    throw UsageError(std::string("usage: ") + kReceiptUsage);
}

} // namespace countersign::ctl
