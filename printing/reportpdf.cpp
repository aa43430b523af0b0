#include "printing/reportpdf.h"

#include <stdexcept>

#include <QBuffer>

#include "printing/reportcharts.h"
#include "printing/reportdocument.h"

namespace countersign::printing {

namespace {

using reportpdf::Bar;
using reportpdf::charts;
using reportpdf::count;
using reportpdf::day;
using reportpdf::Document;
using reportpdf::kCompensated;
using reportpdf::kCompleted;
using reportpdf::kGrey;
using reportpdf::kindName;
using reportpdf::kInk;
using reportpdf::local;
using reportpdf::methodName;
using reportpdf::yuan;

std::vector<Bar> operationBars(const reports::Figures& f) {
    std::vector<Bar> bars;
    for (const auto& o : f.byOperation)
        bars.push_back({kindName(o.kind), o.counts});
    return bars;
}

void operationTable(Document& doc, const reports::Figures& f) {
    std::vector<std::vector<QString>> rows;
    const auto row = [](const QString& name, const reports::Counts& c, long long waivers, long long waived,
                        long long letters) {
        return std::vector<QString>{name,
                                    count(c.completed),
                                    count(c.failed),
                                    count(c.compensated),
                                    count(c.unfinished),
                                    count(c.total()),
                                    count(waivers),
                                    yuan(waived),
                                    count(letters)};
    };
    for (const auto& o : f.byOperation)
        rows.push_back(row(kindName(o.kind) + QStringLiteral(" ") + QString::fromStdString(o.kind), o.counts,
                           o.waivers, o.waivedFen, o.lettersConsumed));
    rows.push_back(row(QStringLiteral("合计 TOTAL"), f.counts, f.waivers, f.waivedFen, f.lettersConsumed));
    doc.table({{QStringLiteral("业务 Operation"), 2.0, false},
               {QStringLiteral("完成"), 1},
               {QStringLiteral("失败"), 1},
               {QStringLiteral("已冲正"), 1},
               {QStringLiteral("未完成"), 1},
               {QStringLiteral("合计"), 1},
               {QStringLiteral("减免笔数"), 1},
               {QStringLiteral("减免 CNY"), 1.2},
               {QStringLiteral("用函"), 0.9}},
              rows, true);
}

void operatorTable(Document& doc, const reports::Figures& f) {
    if (f.byOperator.empty())
        return;
    std::vector<std::vector<QString>> rows;
    for (const auto& o : f.byOperator)
        rows.push_back({QString::fromStdString(o.username), QString::fromStdString(o.displayName),
                        count(o.counts.completed), count(o.counts.failed), count(o.counts.compensated),
                        count(o.counts.unfinished), count(o.counts.total()), count(o.waivers),
                        yuan(o.waivedFen)});
    doc.table({{QStringLiteral("受理员 Operator"), 1.6, false},
               {QStringLiteral("姓名 Name"), 1.8, false},
               {QStringLiteral("完成"), 1},
               {QStringLiteral("失败"), 1},
               {QStringLiteral("已冲正"), 1},
               {QStringLiteral("未完成"), 1},
               {QStringLiteral("合计"), 1},
               {QStringLiteral("减免笔数"), 1},
               {QStringLiteral("减免 CNY"), 1.2}},
              rows);
}

void methodTable(Document& doc, const reports::Figures& f) {
    std::vector<std::vector<QString>> rows;
    for (const auto& m : f.byMethod)
        rows.push_back({methodName(m.method) + QStringLiteral(" ") + QString::fromStdString(m.method),
                        count(m.payments), yuan(m.paidFen), count(m.refunds), yuan(m.refundedFen),
                        yuan(m.netFen())});
    rows.push_back({QStringLiteral("合计 TOTAL"), count(f.payments), yuan(f.paidFen), count(f.refunds),
                    yuan(f.refundedFen), yuan(f.paidFen - f.refundedFen)});
    doc.table({{QStringLiteral("支付方式 Method"), 2.2, false},
               {QStringLiteral("笔数"), 1},
               {QStringLiteral("收款 CNY"), 1.4},
               {QStringLiteral("退款笔数"), 1},
               {QStringLiteral("退款 CNY"), 1.4},
               {QStringLiteral("净额 CNY"), 1.4}},
              rows, true);
}

void stockFacts(Document& doc, const reports::Figures& f) {
    doc.facts({{QStringLiteral("领用库存 keys taken from stock"), count(f.keysIssued)},
               {QStringLiteral("损坏交回 returned damaged"), count(f.keysReturnedDamaged)},
               {QStringLiteral("未用退库 returned unused"), count(f.keysReturnedUnused)},
               {QStringLiteral("入库 received"), count(f.keysReceived)},
               {QStringLiteral("报废 written off"), count(f.keysWrittenOff)},
               {QStringLiteral("消耗函件 letters consumed"), count(f.lettersConsumed)}});
}

std::vector<std::pair<QString, QString>> moneyFacts(const reports::Figures& f) {
    return {{QStringLiteral("业务笔数 transactions"), count(f.counts.total())},
            {QStringLiteral("完成 completed"), count(f.counts.completed)},
            {QStringLiteral("失败/冲正 failed/compensated"),
             count(f.counts.failed) + QStringLiteral(" / ") + count(f.counts.compensated)},
            {QStringLiteral("收款 paid CNY"), yuan(f.paidFen)},
            {QStringLiteral("退款 refunded CNY"), yuan(f.refundedFen)},
            {QStringLiteral("应有现金 expected cash CNY"), yuan(f.expectedCashFen())},
            {QStringLiteral("减免 waivers"), count(f.waivers) + QStringLiteral(" / ") + yuan(f.waivedFen)}};
}

template <typename Paint> QByteArray render(const QString& title, Paint paint) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        Document doc(buffer, title);
        paint(doc);
        doc.finish();
    }
    buffer.close();
    if (bytes.isEmpty())
        throw std::runtime_error("the PDF came out empty");
    return bytes;
}

/// What a report over many days opens with: the money, the bar chart over `bars` beside the payment pie, the
/// operations and the payments.
void overview(Document& doc, const reports::Figures& f, const std::vector<Bar>& bars,
              const QString& barTitle) {
    doc.facts(moneyFacts(f));
    charts(doc, bars, barTitle, f);
    doc.heading(QStringLiteral("业务 Operations"));
    operationTable(doc, f);
    doc.heading(QStringLiteral("收款与退款 Payments and refunds"));
    methodTable(doc, f);
}

} // namespace

QByteArray dailyReportPdf(const reports::DailyReport& r) {
    const QString title =
        QStringLiteral("日报 Daily report · %1 %2 · %3")
            .arg(QString::fromStdString(r.centre.name), QString::fromStdString(r.centre.code), day(r.date));
    return render(title, [&](Document& doc) {
        const reports::Figures& f = r.figures;
        if (r.close) {
            const auto& c = *r.close;
            doc.text(QStringLiteral("已日结 CLOSED — 签字 signed by %1 (%2), %3%4")
                         .arg(QString::fromStdString(c.closedBy), QString::fromStdString(c.closedByName),
                              local(c.signedAt),
                              c.requestedBy.empty() ? QString()
                                                    : QStringLiteral(", 申请 asked by %1")
                                                          .arg(QString::fromStdString(c.requestedBy))),
                     9, kCompleted, true);
            doc.text(
                QStringLiteral("本报表为日结时冻结的快照。This report is the snapshot frozen at the close."),
                8, kGrey);
        } else {
            doc.text(QStringLiteral("未日结 OPEN — 数据截至 figures as at %1 (北京时间 CST)")
                         .arg(local(r.generatedAt)),
                     9, kCompensated, true);
        }
        auto facts = moneyFacts(f);
        if (r.close) {
            facts.push_back({QStringLiteral("实点现金 counted cash CNY"), yuan(r.close->countedCashFen)});
            facts.push_back({QStringLiteral("差额 difference CNY"), yuan(r.close->differenceFen())});
        }
        doc.facts(facts);
        charts(doc, operationBars(f), QStringLiteral("按业务 Transactions by operation"), f);
        doc.heading(QStringLiteral("业务 Operations"));
        operationTable(doc, f);
        if (!f.byOperator.empty()) {
            doc.heading(QStringLiteral("受理员 Operators"));
            operatorTable(doc, f);
        }
        doc.heading(QStringLiteral("收款与退款 Payments and refunds"));
        methodTable(doc, f);
        doc.text(QStringLiteral(
                     "应有现金 = 现金收款 %1 − 现金退款 %2 = %3 CNY   (expected cash = cash taken − cash "
                     "refunded)")
                     .arg(yuan(f.cashTakenFen), yuan(f.cashRefundedFen), yuan(f.expectedCashFen())),
                 8);
        doc.heading(QStringLiteral("库存与函件 Keys and letters"));
        stockFacts(doc, f);
        if (!r.stockLevels.empty()) {
            std::vector<std::vector<QString>> rows;
            for (const auto& l : r.stockLevels)
                rows.push_back({QString::fromStdString(l.model), count(l.inStock), count(l.damaged)});
            doc.text(r.close ? QStringLiteral("日结时库存 Stock at the close")
                             : QStringLiteral("当前库存 Stock now"),
                     8, kGrey);
            doc.table({{QStringLiteral("型号 Model"), 3, false},
                       {QStringLiteral("在库 in stock"), 1},
                       {QStringLiteral("损坏 damaged"), 1}},
                      rows);
        }
        if (!r.chainHeads.empty()) {
            doc.heading(QStringLiteral("审计链锚点 Audit chain heads at the close"));
            std::vector<std::vector<QString>> rows;
            for (const auto& h : r.chainHeads)
                rows.push_back(
                    {QString::fromStdString(h.counterCode), count(h.seq), QString::fromStdString(h.hashHex)});
            doc.table({{QStringLiteral("窗口 Counter"), 1, false},
                       {QStringLiteral("序号 seq"), 1},
                       {QStringLiteral("哈希 SHA-256"), 6, false}},
                      rows);
        }
    });
}

QByteArray rangeReportPdf(const reports::RangeReport& r) {
    const QString title = QStringLiteral("区间报表 Range report · %1 %2 · %3 – %4")
                              .arg(QString::fromStdString(r.centre.name),
                                   QString::fromStdString(r.centre.code), day(r.from), day(r.to));
    return render(title, [&](Document& doc) {
        const reports::Figures& f = r.totals;
        doc.text(QStringLiteral("已日结 %1 / %2 天 days closed").arg(r.closedDays()).arg(r.days.size()), 9,
                 kInk, true);
        std::vector<Bar> bars;
        for (const auto& d : r.days)
            bars.push_back(
                {d.date.toString(r.days.size() > 31 ? QStringLiteral("MM-dd") : QStringLiteral("dd")),
                 d.figures.counts});
        overview(doc, f, bars, QStringLiteral("每日业务 Transactions per day"));
        if (!f.byOperator.empty()) {
            doc.heading(QStringLiteral("受理员 Operators"));
            operatorTable(doc, f);
        }
        doc.heading(QStringLiteral("每日 Day by day"));
        std::vector<std::vector<QString>> rows;
        for (const auto& d : r.days)
            rows.push_back({day(d.date), d.closed ? QStringLiteral("已日结") : QStringLiteral("未日结"),
                            count(d.figures.counts.total()), count(d.figures.counts.completed),
                            count(d.figures.counts.failed), count(d.figures.counts.compensated),
                            yuan(d.figures.paidFen), yuan(d.figures.refundedFen),
                            yuan(d.figures.expectedCashFen())});
        rows.push_back({QStringLiteral("合计 TOTAL"), QString(), count(f.counts.total()),
                        count(f.counts.completed), count(f.counts.failed), count(f.counts.compensated),
                        yuan(f.paidFen), yuan(f.refundedFen), yuan(f.expectedCashFen())});
        doc.table({{QStringLiteral("日期 Date"), 1.5, false},
                   {QStringLiteral("状态"), 1, false},
                   {QStringLiteral("合计"), 1},
                   {QStringLiteral("完成"), 1},
                   {QStringLiteral("失败"), 1},
                   {QStringLiteral("已冲正"), 1},
                   {QStringLiteral("收款 CNY"), 1.4},
                   {QStringLiteral("退款 CNY"), 1.3},
                   {QStringLiteral("应有现金 CNY"), 1.4}},
                  rows, true);
    });
}

QByteArray centresReportPdf(const reports::CentresReport& r) {
    const QString title = QStringLiteral("各中心报表 All centres · %1 – %2").arg(day(r.from), day(r.to));
    return render(title, [&](Document& doc) {
        const reports::Figures& f = r.totals;
        std::vector<Bar> bars;
        for (const auto& c : r.centres)
            bars.push_back({QString::fromStdString(c.centre.code), c.figures.counts});
        overview(doc, f, bars, QStringLiteral("各中心业务 Transactions by centre"));
        doc.heading(QStringLiteral("各中心 By centre"));
        std::vector<std::vector<QString>> rows;
        for (const auto& c : r.centres)
            rows.push_back({QString::fromStdString(c.centre.code), QString::fromStdString(c.centre.name),
                            QStringLiteral("%1/%2").arg(c.closedDays).arg(c.closedDays + c.openDays),
                            count(c.figures.counts.total()), count(c.figures.counts.completed),
                            count(c.figures.counts.failed), yuan(c.figures.paidFen),
                            yuan(c.figures.refundedFen), yuan(c.figures.expectedCashFen())});
        rows.push_back({QStringLiteral("合计"), QStringLiteral("TOTAL"), QString(), count(f.counts.total()),
                        count(f.counts.completed), count(f.counts.failed), yuan(f.paidFen),
                        yuan(f.refundedFen), yuan(f.expectedCashFen())});
        doc.table({{QStringLiteral("中心"), 0.9, false},
                   {QStringLiteral("名称 Name"), 2.6, false},
                   {QStringLiteral("已日结"), 0.9},
                   {QStringLiteral("合计"), 1},
                   {QStringLiteral("完成"), 1},
                   {QStringLiteral("失败"), 0.8},
                   {QStringLiteral("收款 CNY"), 1.4},
                   {QStringLiteral("退款 CNY"), 1.2},
                   {QStringLiteral("应有现金 CNY"), 1.4}},
                  rows, true);
    });
}

QByteArray expiringReportPdf(const reports::ExpiringReport& r) {
    const QString title = QStringLiteral("即将到期证书 Certificates expiring in %1 days%2")
                              .arg(r.days)
                              .arg(r.centre ? QStringLiteral(" · %1 %2")
                                                  .arg(QString::fromStdString(r.centre->name),
                                                       QString::fromStdString(r.centre->code))
                                            : QString());
    return render(title, [&](Document& doc) {
        doc.text(QStringLiteral("共 %1 张 %1 certificate(s), 截至 as at %2")
                     .arg(r.certificates.size())
                     .arg(local(r.generatedAt)),
                 9, kInk, true);
        std::vector<std::vector<QString>> rows;
        for (const auto& c : r.certificates)
            rows.push_back({local(c.notAfter).left(10), count(c.daysLeft), QString::fromStdString(c.company),
                            QString::fromStdString(c.uscc), QString::fromStdString(c.centreCode),
                            QString::fromStdString(c.keySerial), QString::fromStdString(c.serial)});
        doc.table({{QStringLiteral("到期 Expires"), 1.3, false},
                   {QStringLiteral("剩余天数"), 0.9},
                   {QStringLiteral("企业 Company"), 3, false},
                   {QStringLiteral("统一社会信用代码"), 2.2, false},
                   {QStringLiteral("中心"), 0.8, false},
                   {QStringLiteral("介质 Key"), 1.4, false},
                   {QStringLiteral("证书序列号 Serial"), 2.6, false}},
                  rows);
    });
}

} // namespace countersign::printing
