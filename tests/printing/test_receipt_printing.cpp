// Receipts on paper (DESIGN §5): the three layouts, printing through QPrinter on a real CUPS (a private cupsd
// whose capture backend keeps each job's bytes), reprints, void receipts, printers that can't print, and
// countersignctl's receipt print and receipt pdf. What is checked is what a person gets: the PDF's text
// (pdftotext), its picture (pdftoppm) and the QR read back from that picture.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <sstream>

#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/pqxx>

#include "backend/papers/assistanceletter.h"
#include "backend/receipts/receiptprinting.h"
#include "backend/receipts/receipts.h"
#include "printing/printqueue.h"
#include "printing/receipt.h"
#include "tests/support/counterfixture.h"
#include "tests/support/privatecups.h"
#include "tests/support/testenv.h"

using namespace countersign;
using printing::Paper;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A NEW transaction with everything a receipt shows: company, agent, key, certificate, a fee, a WeChat
// payment and an invoice request; its receipt issued.
receipts::ReceiptRecord issueFullReceipt(pqxx::connection& conn, const test::TestDatabase& database,
                                         long long operatorId, const std::string& number) {
    pqxx::work tx{conn};
    const auto enterprise =
        tx.exec1("INSERT INTO enterprises (uscc, name) VALUES ('91350100M000100Y43', "
                 "'天津示例科技有限公司') ON CONFLICT (uscc) DO UPDATE SET name = EXCLUDED.name "
                 "RETURNING id")[0]
            .as<long long>();
    const auto agent =
        tx.exec1("INSERT INTO agents (name, id_number) VALUES ('张伟', '11010519491231002X') ON "
                 "CONFLICT (id_number) DO UPDATE SET name = EXCLUDED.name RETURNING id")[0]
            .as<long long>();
    const auto token =
        tx.exec_params1("INSERT INTO tokens (serial, model, state, centre_id) VALUES ($1, 'ePass3003', "
                        "'active', $2) RETURNING id",
                        "KEY-" + number, database.centreId())[0]
            .as<long long>();
    const auto id =
        tx.exec_params1(
              "INSERT INTO transactions (number, kind, operator_staff_id, counter_id, centre_id, "
              "enterprise_id, agent_id, token_id, business_date) VALUES ($1, 'NEW', $2, $3, $4, $5, "
              "$6, $7, '2026-03-02') RETURNING id",
              number, operatorId, database.counterId(), database.centreId(), enterprise, agent, token)[0]
            .as<long long>();
    tx.exec_params0(
        "INSERT INTO certificates (serial, issuer, token_id, enterprise_id, transaction_id, subject, "
        "not_before, not_after, status, der) VALUES ($1, 'CN=Test CA', $2, $3, $4, 'CN=x', "
        "'2026-03-02 10:00+08', '2027-03-02 10:00+08', 'active', $5)",
        "5A3F9C0E21B47D8812AA90C3" + number, token, enterprise, id,
        pqxx::binarystring(std::string("der-") + number));
    tx.exec_params0(
        "INSERT INTO fee_lines (transaction_id, description, amount_fen) VALUES ($1, 'further certificate', "
        "18000)",
        id);
    tx.exec_params0(
        "INSERT INTO payments (transaction_id, centre_id, method, amount_fen, reference, received_by) "
        "VALUES ($1, $2, 'wechat_pay', 18000, 'WX4200001234202603021234567890', $3)",
        id, database.centreId(), operatorId);
    tx.exec_params0(
        "INSERT INTO invoice_requests (transaction_id, buyer_name, buyer_taxpayer_id, delivery_email, "
        "amount_fen, requested_by) VALUES ($1, '天津示例科技有限公司', '91350100M000100Y43', "
        "'a@example.com', 18000, $2)",
        id, operatorId);
    tx.commit();
    // Completed and issued the product's way, on the counter's own login.
    const auto counter = database.connectAsCounter();
    return test::completeAndIssueReceipt(database, *counter, Secret(test::plantSession(database, operatorId)),
                                         id);
}

std::string str(const QByteArray& bytes) {
    return bytes.toStdString();
}

/// The PDF's page as pdftoppm draws it.
QImage renderPdf(const std::string& pdfPath, int dpi) {
    const std::string prefix = pdfPath + "-" + std::to_string(dpi);
    const auto r =
        test::runProcess("pdftoppm", {"-r", std::to_string(dpi), "-png", "-singlefile", pdfPath, prefix});
    INFO("pdftoppm: " << r.err);
    REQUIRE(r.exitCode == 0);
    QImage image(QString::fromStdString(prefix + ".png"));
    REQUIRE_FALSE(image.isNull());
    return image.convertToFormat(QImage::Format_Grayscale8);
}

std::string pngOf(const std::string& pdfPath, int dpi) {
    renderPdf(pdfPath, dpi);
    return pdfPath + "-" + std::to_string(dpi) + ".png";
}

/// How much of the page is ink.
double inkShare(const QImage& page) {
    long dark = 0;
    for (int y = 0; y < page.height(); ++y) {
        const uchar* line = page.constScanLine(y);
        for (int x = 0; x < page.width(); ++x)
            dark += line[x] < 128 ? 1 : 0;
    }
    return double(dark) / (double(page.width()) * page.height());
}

/// Whether there is ink in the columns [from, to) or rows [top, bottom) — what a clipped page shows.
bool inkInColumns(const QImage& page, int from, int to) {
    for (int y = 0; y < page.height(); ++y) {
        const uchar* line = page.constScanLine(y);
        for (int x = std::max(0, from); x < std::min(page.width(), to); ++x)
            if (line[x] < 200)
                return true;
    }
    return false;
}

bool inkInRows(const QImage& page, int top, int bottom) {
    for (int y = std::max(0, top); y < std::min(page.height(), bottom); ++y) {
        const uchar* line = page.constScanLine(y);
        for (int x = 0; x < page.width(); ++x)
            if (line[x] < 200)
                return true;
    }
    return false;
}

/// pdfinfo's page size in points.
std::pair<double, double> pageSizePoints(const std::string& pdfPath) {
    const auto r = test::runProcess("pdfinfo", {pdfPath});
    REQUIRE(r.exitCode == 0);
    const auto at = r.out.find("Page size:");
    REQUIRE(at != std::string::npos);
    std::istringstream in(r.out.substr(at + 10));
    double w = 0, h = 0;
    std::string x;
    in >> w >> x >> h;
    return {w, h};
}

/// Every font of the PDF is embedded (pdffonts' "emb" column).
void requireFontsEmbedded(const std::string& pdfPath) {
    const auto r = test::runProcess("pdffonts", {pdfPath});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    std::istringstream lines(r.out);
    std::string line;
    int fonts = 0;
    for (int n = 0; std::getline(lines, line); ++n) {
        if (n < 2 || line.empty())
            continue;
        ++fonts;
        CHECK(contains(line, " yes "));
    }
    CHECK(fonts >= 1);
}

/// The lines of a text without empty ones and without those that contain `without`.
std::vector<std::string> linesOf(const std::string& text, const std::string& without = {}) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line == "\f" || (!without.empty() && contains(line, without)))
            continue;
        out.push_back(line);
    }
    return out;
}

/// The text without its spaces and line breaks: a value wrapped on a narrow roll is still the value.
std::string flat(const std::string& text) {
    std::string out;
    for (const char c : text)
        if (c != ' ' && c != '\n' && c != '\f')
            out += c;
    return out;
}

/// Everything the receipt of issueFullReceipt says, as the paper says it.
void requireFullContent(const std::string& paperText, const receipts::ReceiptRecord& r) {
    INFO(paperText);
    const std::string text = flat(paperText);
    for (const char* part :
         {"受理回执", "回执编号", "TJ01", "证书新办", "天津示例科技有限公司", "91350100M000100Y43", "张伟",
          "110105********002X", "证书序列号", "2026-03-02 10:00 至 2027-03-02 10:00", "新增证书", "180.00",
          "合计", "微信支付", "WX4200001234202603021234567890", "待开具", "扫描二维码核验本回执"})
        CHECK(contains(text, flat(part)));
    CHECK(contains(text, r.numberText));
    CHECK(contains(text, "KEY-" + QJsonDocument::fromJson(QByteArray::fromStdString(r.contentJson))
                                      .object()
                                      .value(QStringLiteral("transaction"))
                                      .toString()
                                      .toStdString()));
    // The agent's full ID number is never on paper.
    CHECK_FALSE(contains(text, "11010519491231002X"));
}

long long scalarInt(pqxx::connection& conn, const std::string& sql, long long param) {
    pqxx::read_transaction tx{conn};
    return tx.exec_params1(sql, param)[0].as<long long>();
}

receipts::PrintSettings onQueue(const std::string& queue, Paper paper = Paper::A5) {
    receipts::PrintSettings s;
    s.printerName = QString::fromStdString(queue);
    s.paper = paper;
    return s;
}

/// A database with an operator and a supervisor, and a receipt to print.
struct ReceiptScene {
    test::TestDatabase database;
    long long op = database.addStaff("li.na", "password-1");
    long long supervisor = database.addStaff("zhao.lei", "password-2", "supervisor");
    std::unique_ptr<pqxx::connection> conn = database.connect();
    receipts::ReceiptRecord receipt = issueFullReceipt(*conn, database, op, "T0001");
    /// Printing runs as the counter, by the operator's session.
    std::unique_ptr<pqxx::connection> counter = database.connectAsCounter();
    const Secret session{test::plantSession(database, op)};

    receipts::PrintOutcome print(const receipts::PrintSettings& settings) {
        std::optional<receipts::ReceiptRecord> current;
        {
            pqxx::read_transaction tx{*conn};
            current = receipts::findByNumber(tx, receipt.numberText);
        }
        return receipts::printReceipt(*counter, session, current.value(), settings);
    }
    std::optional<std::string> storedPdf() {
        pqxx::read_transaction tx{*conn};
        const auto f = tx.exec_params1("SELECT pdf FROM receipts WHERE id = $1", receipt.id)[0];
        if (f.is_null())
            return std::nullopt;
        return pqxx::binarystring(f).str();
    }
    long long printedCount() {
        return scalarInt(*conn, "SELECT printed_count FROM receipts WHERE id = $1", receipt.id);
    }
    long long audited(const std::string& event) {
        pqxx::read_transaction tx{*conn};
        return tx
            .exec_params1("SELECT count(*) FROM audit_log WHERE event = $1 AND subject = $2", event,
                          receipt.numberText)[0]
            .as<long long>();
    }
};

} // namespace

TEST_CASE("receipt layouts A5, A4 and 80 mm roll: every field, fonts embedded, nothing clipped, QR readable",
          "[receipts][print][db]") {
    ReceiptScene s;
    for (const Paper paper : {Paper::A5, Paper::A4, Paper::Roll80}) {
        const std::string name = printing::paperName(paper).toStdString();
        INFO("paper " << name);
        QByteArray pdf;
        {
            pqxx::read_transaction tx{*s.conn};
            pdf = receipts::receiptPdf(tx, s.receipt, paper);
        }
        // Exporting is not printing: nothing is stored or counted.
        CHECK_FALSE(s.storedPdf());
        CHECK(printing::paperOfPdf(pdf) == paper);
        const std::string path = test::writeBytes("layout-" + name + ".pdf", str(pdf));
        requireFontsEmbedded(path);
        const std::string text = test::pdfText(path);
        requireFullContent(text, s.receipt);
        CHECK_FALSE(contains(text, "补打"));
        CHECK_FALSE(contains(text, "作废"));

        const auto [w, h] = pageSizePoints(path);
        const double wMm = w * 25.4 / 72, hMm = h * 25.4 / 72;
        if (paper == Paper::A5) {
            CHECK(std::abs(wMm - 148) < 1);
            CHECK(std::abs(hMm - 210) < 1);
        } else if (paper == Paper::A4) {
            CHECK(std::abs(wMm - 210) < 1);
            CHECK(std::abs(hMm - 297) < 1);
        } else {
            CHECK(std::abs(wMm - 80) < 1);
            // As long as the receipt, not a sheet's length.
            CHECK(hMm > 120);
            CHECK(hMm < 320);
        }

        constexpr int dpi = 150;
        const QImage page = renderPdf(path, dpi);
        const double ink = inkShare(page);
        CHECK(ink > 0.015);
        CHECK(ink < 0.4);
        // Nothing runs into the paper's edges (3 mm), and the roll's end is the tear-off margin, blank.
        const int edge = 3 * dpi * 10 / 254;
        CHECK_FALSE(inkInColumns(page, 0, edge));
        CHECK_FALSE(inkInColumns(page, page.width() - edge, page.width()));
        CHECK_FALSE(inkInRows(page, 0, edge));
        CHECK_FALSE(inkInRows(page, page.height() - edge * 2, page.height()));
        const auto qr = papers::decodeQrFromImage(path + "-" + std::to_string(dpi) + ".png");
        REQUIRE(qr);
        CHECK(*qr == s.receipt.qrPayload);

        // The picture the screenshots show is the same drawing.
        const QImage picture = printing::receiptImage(receipts::sheetOf(s.receipt, false, false), paper, dpi);
        CHECK(std::abs(picture.width() - page.width()) <= 2);
        CHECK(std::abs(picture.height() - page.height()) <= 2);
    }
}

TEST_CASE("a receipt printed through CUPS arrives with its number, the masked ID and a QR that verifies",
          "[receipts][print][db]") {
    ReceiptScene s;
    test::PrivateCups cups;
    cups.addCaptureQueue("RECEIPTS");

    const auto out = s.print(onQueue("RECEIPTS"));
    INFO(out.result.message.toStdString());
    REQUIRE(out.result.ok());
    CHECK_FALSE(out.reprint);
    CHECK(out.printedCount == 1);
    CHECK(out.result.queue == QStringLiteral("RECEIPTS"));
    const std::string job = cups.waitForJob(out.result.jobId);
    REQUIRE(job.substr(0, 5) == "%PDF-");
    CHECK(cups.capturedJobs().size() == 1);

    const std::string path = test::writeBytes("printed.pdf", job);
    const std::string text = test::pdfText(path);
    requireFullContent(text, s.receipt);
    CHECK_FALSE(contains(text, "REPRINT"));
    requireFontsEmbedded(path);
    const QImage page = renderPdf(path, 150);
    CHECK(inkShare(page) > 0.015);
    const auto qr = papers::decodeQrFromImage(pngOf(path, 150));
    REQUIRE(qr);
    CHECK(*qr == s.receipt.qrPayload);
    {
        pqxx::read_transaction tx{*s.conn};
        const auto check = receipts::verifyPayload(tx, *qr);
        CHECK(check.valid);
    }

    // The PDF is kept with the transaction: the document that was printed.
    const auto stored = s.storedPdf();
    REQUIRE(stored);
    CHECK(test::pdfText(test::writeBytes("stored.pdf", *stored)) == text);
    CHECK(s.printedCount() == 1);
    CHECK(s.audited("receipt.printed") == 1);
    CHECK(s.audited("receipt.reprinted") == 0);
}

TEST_CASE("a receipt reprint says 补打 / REPRINT and is otherwise the same document",
          "[receipts][print][db]") {
    ReceiptScene s;
    test::PrivateCups cups;
    cups.addCaptureQueue("RECEIPTS");
    // The first print on the roll; the counter's paper is A5 by the time of the reprint: a reprint keeps the
    // paper of the document kept with the transaction.
    const auto first = s.print(onQueue("RECEIPTS", Paper::Roll80));
    REQUIRE(first.result.ok());
    const auto storedAfterFirst = s.storedPdf();
    REQUIRE(storedAfterFirst);
    const auto second = s.print(onQueue("RECEIPTS", Paper::A5));
    INFO(second.result.message.toStdString());
    REQUIRE(second.result.ok());
    CHECK(second.reprint);
    CHECK(second.paper == Paper::Roll80);
    CHECK(second.printedCount == 2);

    const std::string firstPath = test::writeBytes("first.pdf", cups.waitForJob(first.result.jobId));
    const std::string secondPath = test::writeBytes("reprint.pdf", cups.waitForJob(second.result.jobId));
    const std::string firstText = test::pdfText(firstPath);
    const std::string secondText = test::pdfText(secondPath);
    CHECK_FALSE(contains(firstText, "补打"));
    CHECK(contains(secondText, "补打 / REPRINT"));
    // Without its mark, the reprint says word for word what the first print said …
    CHECK(linesOf(secondText, "REPRINT") == linesOf(firstText));
    CHECK(pageSizePoints(secondPath) == pageSizePoints(firstPath));
    // … and looks the same everywhere but in the band that holds the mark.
    constexpr int dpi = 100;
    const QImage a = renderPdf(firstPath, dpi);
    const QImage b = renderPdf(secondPath, dpi);
    REQUIRE(a.size() == b.size());
    const auto band =
        printing::receiptGeometry(receipts::sheetOf(s.receipt, true, false), Paper::Roll80).markBand;
    const int bandTop = static_cast<int>(band.top() * dpi / 25.4) - 1;
    const int bandBottom = static_cast<int>(band.bottom() * dpi / 25.4) + 2;
    int insideBand = 0, outsideBand = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x)
            if (a.pixel(x, y) != b.pixel(x, y))
                ++(y >= bandTop && y < bandBottom ? insideBand : outsideBand);
    CHECK(insideBand > 100);
    CHECK(outsideBand == 0);
    const auto qr = papers::decodeQrFromImage(pngOf(secondPath, 150));
    REQUIRE(qr);
    CHECK(*qr == s.receipt.qrPayload);

    // The kept document is the first print's; reprints are counted and audited as such.
    CHECK(s.storedPdf() == storedAfterFirst);
    CHECK(s.printedCount() == 2);
    CHECK(scalarInt(*s.conn, "SELECT reprinted_count FROM receipts WHERE id = $1", s.receipt.id) == 1);
    CHECK(s.audited("receipt.printed") == 1);
    CHECK(s.audited("receipt.reprinted") == 1);
}

TEST_CASE("a receipt voided after printing prints 作废 / VOID", "[receipts][print][db]") {
    ReceiptScene s;
    test::PrivateCups cups;
    cups.addCaptureQueue("RECEIPTS");
    const auto valid = s.print(onQueue("RECEIPTS"));
    REQUIRE(valid.result.ok());
    test::voidReceiptAsCounter(s.database, s.receipt, "wrong company", s.op, s.supervisor);

    const auto out = s.print(onQueue("RECEIPTS"));
    REQUIRE(out.result.ok());
    CHECK(out.voided);
    CHECK(out.reprint);
    const std::string path = test::writeBytes("void.pdf", cups.waitForJob(out.result.jobId));
    const std::string text = test::pdfText(path);
    CHECK(contains(text, "作废 / VOID"));
    CHECK(contains(text, "补打 / REPRINT"));
    CHECK(contains(text, s.receipt.numberText));
    // The stamp across the page: much more ink than the valid receipt has.
    const std::string validPath = test::writeBytes("valid.pdf", cups.waitForJob(valid.result.jobId));
    CHECK(inkShare(renderPdf(path, 100)) > inkShare(renderPdf(validPath, 100)) * 1.15);

    // The PDF export of a voided receipt is stamped too, on the paper it was printed on.
    QByteArray exported;
    {
        pqxx::read_transaction tx{*s.conn};
        exported =
            receipts::receiptPdf(tx, receipts::findByNumber(tx, s.receipt.numberText).value(), Paper::A4);
    }
    CHECK(printing::paperOfPdf(exported) == Paper::A5);
    const std::string exportedText = test::pdfText(test::writeBytes("void-export.pdf", str(exported)));
    CHECK(contains(exportedText, "作废 / VOID"));
    CHECK_FALSE(contains(exportedText, "补打"));
}

TEST_CASE("receipt printing: a stopped, missing or paperless printer is a clear error with a retry, and the "
          "transaction stays completed",
          "[receipts][print][workflow]") {
    test::CounterFixture f;
    f.issueNew("RCPT-1");
    const std::string txn = f.scalar("SELECT number FROM countersign.transactions ORDER BY id DESC LIMIT 1");
    REQUIRE(f.scalar("SELECT state FROM countersign.transactions WHERE number = $1", txn) == "completed");
    receipts::ReceiptRecord receipt;
    {
        pqxx::read_transaction tx{*f.conn};
        receipt =
            receipts::findByTransaction(
                tx, tx.exec_params1("SELECT id FROM transactions WHERE number = $1", txn)[0].as<long long>())
                .value();
    }
    const auto print = [&](const std::string& queue) {
        return receipts::printReceipt(*f.conn, *f.operatorSession(), receipt, onQueue(queue));
    };
    const auto nothingRecorded = [&] {
        CHECK(f.scalar("SELECT printed_count FROM countersign.receipts WHERE id = $1",
                       std::to_string(receipt.id)) == "0");
        CHECK(f.scalar("SELECT pdf IS NULL FROM countersign.receipts WHERE id = $1",
                       std::to_string(receipt.id)) == "t");
        CHECK(f.scalar("SELECT count(*) FROM countersign.audit_log WHERE event LIKE 'receipt.%printed'") ==
              "0");
        CHECK(f.scalar("SELECT state FROM countersign.transactions WHERE number = $1", txn) == "completed");
    };

    test::PrivateCups cups;
    cups.addCaptureQueue("RECEIPTS");

    SECTION("a stopped queue, then started again") {
        cups.tool("cupsdisable", {"RECEIPTS"});
        const auto stopped = print("RECEIPTS");
        CHECK(stopped.result.problem == printing::PrintProblem::Stopped);
        const std::string message = stopped.result.message.toStdString();
        CHECK(contains(message, "The printer RECEIPTS is stopped"));
        CHECK(contains(message, "cupsenable RECEIPTS"));
        CHECK(contains(message, "Nothing was printed"));
        CHECK(cups.capturedJobs().empty());
        nothingRecorded();

        cups.tool("cupsenable", {"RECEIPTS"});
        const auto retried = print("RECEIPTS");
        INFO(retried.result.message.toStdString());
        REQUIRE(retried.result.ok());
        CHECK_FALSE(retried.reprint); // the failed attempt left no trace: this is the first print
        CHECK_FALSE(cups.waitForJob(retried.result.jobId).empty());
    }
    SECTION("a queue that does not exist") {
        const auto missing = print("NO-SUCH-QUEUE");
        CHECK(missing.result.problem == printing::PrintProblem::NoSuchQueue);
        CHECK(contains(missing.result.message.toStdString(), "There is no printer NO-SUCH-QUEUE"));
        nothingRecorded();
    }
    SECTION("a queue that rejects jobs") {
        cups.tool("cupsreject", {"RECEIPTS"});
        const auto rejecting = print("RECEIPTS");
        CHECK(rejecting.result.problem == printing::PrintProblem::NotAccepting);
        CHECK(contains(rejecting.result.message.toStdString(), "does not accept print jobs"));
        nothingRecorded();
    }
    SECTION("a printer out of paper: the waiting job is cancelled, the retry prints once") {
        cups.setOutOfPaper(true);
        const auto empty = print("RECEIPTS");
        CHECK(empty.result.problem == printing::PrintProblem::OutOfPaper);
        CHECK(contains(empty.result.message.toStdString(), "The printer RECEIPTS is out of paper"));
        REQUIRE(empty.result.jobId > 0);
        CHECK(printing::jobPhase(QStringLiteral("RECEIPTS"), empty.result.jobId) ==
              printing::JobPhase::Cancelled);
        nothingRecorded();

        cups.setOutOfPaper(false);
        const auto retried = print("RECEIPTS");
        INFO(retried.result.message.toStdString());
        REQUIRE(retried.result.ok());
        CHECK_FALSE(retried.reprint);
        CHECK_FALSE(cups.waitForJob(retried.result.jobId).empty());
        // Only the retry came out: the cancelled job never reached the paper.
        CHECK(cups.capturedJobs() == std::vector<int>{retried.result.jobId});
    }
    SECTION("no print service at all") {
        const std::string running = cups.server();
        setenv("CUPS_SERVER", "127.0.0.1:9", 1); // discard: nothing listens
        const auto none = print("RECEIPTS");
        setenv("CUPS_SERVER", running.c_str(), 1);
        printing::rereadPrintServer();
        CHECK(none.result.problem == printing::PrintProblem::NoPrintService);
        CHECK(contains(none.result.message.toStdString(), "The print service (CUPS) is not running"));
        nothingRecorded();
    }
    CHECK(f.scalar("SELECT state FROM countersign.transactions WHERE number = $1", txn) == "completed");
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("countersignctl receipt pdf and receipt print, end to end", "[ctl][receipts][print]") {
    ReceiptScene s;
    test::PrivateCups cups;
    cups.addCaptureQueue("RECEIPTS");
    const std::string config = test::writeTestConfig(s.database, "[printer]\nname=RECEIPTS\npaper=roll80\n");
    const auto ctl = [&](std::vector<std::string> args, const std::string& input = {}) {
        args.insert(args.begin(), {"--config", config});
        return test::runProcess(COUNTERSIGNCTL_PATH, args, input, {{"CUPS_SERVER", cups.server()}});
    };
    const std::string number = s.receipt.numberText;

    // Before any print: drawn on the configured paper, nothing stored.
    const std::string firstPdf = test::scratchDir() + "/ctl-first.pdf";
    const auto pdf = ctl({"receipt", "pdf", number, "--out", firstPdf});
    INFO(pdf.out << pdf.err);
    REQUIRE(pdf.exitCode == 0);
    CHECK(contains(pdf.out, "wrote receipt " + number));
    requireFullContent(test::pdfText(firstPdf), s.receipt);
    CHECK(std::abs(pageSizePoints(firstPdf).first * 25.4 / 72 - 80) < 1);
    CHECK_FALSE(s.storedPdf());

    const auto printed =
        ctl({"receipt", "print", number, "--operator", "li.na", "--password-fd", "0"}, "password-1\n");
    INFO(printed.out << printed.err);
    REQUIRE(printed.exitCode == 0);
    CHECK(contains(printed.out, "printed receipt " + number + " on RECEIPTS"));
    CHECK(contains(printed.out, "roll80"));
    const auto jobs = cups.capturedJobs();
    REQUIRE(jobs.size() == 1);
    const std::string firstText = test::pdfText(test::writeBytes("ctl-job1.pdf", cups.waitForJob(jobs[0])));
    requireFullContent(firstText, s.receipt);

    const auto again = ctl(
        {"--json", "receipt", "print", number, "--operator", "li.na", "--password-fd", "0"}, "password-1\n");
    INFO(again.out << again.err);
    REQUIRE(again.exitCode == 0);
    const QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(again.out)).object();
    CHECK(json.value(QStringLiteral("reprint")).toBool());
    CHECK(json.value(QStringLiteral("printed_count")).toInt() == 2);
    const int reprintJob = json.value(QStringLiteral("job")).toInt();
    const std::string reprintText =
        test::pdfText(test::writeBytes("ctl-job2.pdf", cups.waitForJob(reprintJob)));
    CHECK(contains(reprintText, "补打 / REPRINT"));
    CHECK(linesOf(reprintText, "REPRINT") == linesOf(firstText));

    // Once printed, the PDF is the document kept with the transaction, byte for byte; to stdout with "-".
    const auto kept = ctl({"receipt", "pdf", number, "--out", "-"});
    REQUIRE(kept.exitCode == 0);
    CHECK(kept.out == s.storedPdf().value());

    // A printer that isn't there: exit 1 with the reason, nothing recorded.
    const auto missing =
        ctl({"receipt", "print", number, "--printer", "NOPE", "--operator", "li.na", "--password-fd", "0"},
            "password-1\n");
    CHECK(missing.exitCode == 1);
    CHECK(contains(missing.err, "was not printed: There is no printer NOPE"));
    CHECK(s.printedCount() == 2);

    CHECK(ctl({"receipt", "pdf"}).exitCode == 2);
    CHECK(ctl({"receipt", "pdf", number, "--paper", "a3"}).exitCode == 2);
    CHECK(ctl({"receipt", "pdf", "TJ01-2026-000099"}).exitCode == 1);
}
