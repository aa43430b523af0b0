#include "printing/receipt.h"

#include <cmath>
#include <stdexcept>

#include <QBuffer>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>

#include "printing/cjkfont.h"
#include "printing/receiptlayout.h"

namespace countersign::printing {

namespace {

using receiptlayout::Builder;
using receiptlayout::kDots;
using receiptlayout::Laid;
using receiptlayout::mm;
using receiptlayout::pageSizeOf;
using receiptlayout::paintLayout;
using receiptlayout::Spec;
using receiptlayout::specOf;
using receiptlayout::toMm;

QString yuan(qint64 fen) {
    const qint64 a = fen < 0 ? -fen : fen;
    return QStringLiteral("%1%2.%3")
        .arg(fen < 0 ? QStringLiteral("-") : QString())
        .arg(a / 100)
        .arg(a % 100, 2, 10, QLatin1Char('0'));
}

// "2026-03-01T09:30:00+08:00" (China Standard Time, as receipts store it) as a person reads it.
QString dateTime(const QString& iso, bool seconds) {
    if (iso.size() < 16 || iso.at(10) != QLatin1Char('T'))
        return iso;
    return iso.left(10) + QLatin1Char(' ') + iso.mid(11, seconds ? 8 : 5);
}

// The fee lines of the seeded schedules (db/migrations/0004_fees.sql) in Chinese; a line of another schedule
// prints as the schedule wrote it.
QString feeText(const QString& description) {
    static const struct {
        const char* english;
        const char* chinese;
    } words[] = {
        {"new certificate: no fee", "证书新办（免费）"},
        {"certificate renewal: no fee", "证书更新（免费）"},
        {"certificate upgrade: no fee", "证书升级（免费）"},
        {"USB-KEY media fee", "USB-KEY介质费"},
        {"key failed without human damage, exterior intact", "减免：USB-KEY非人为损坏且外观完好"},
        {"USB-KEY unlock: no fee", "USBKEY解锁（免费）"},
        {"first certificate subsidised", "首张证书（政府补贴）"},
        {"further certificate", "新增证书"},
        {"annual service fee", "年度服务费"},
        {"replacement certificate incl. USB-KEY", "补办证书（含USB-KEY）"},
    };
    for (const auto& w : words)
        if (description == QLatin1String(w.english))
            return QString::fromUtf8(w.chinese);
    return description;
}

QString paymentText(const QString& method) {
    if (method == QLatin1String("cash"))
        return QStringLiteral("现金");
    if (method == QLatin1String("bank_card"))
        return QStringLiteral("银行卡");
    if (method == QLatin1String("wechat_pay"))
        return QStringLiteral("微信支付");
    if (method == QLatin1String("alipay"))
        return QStringLiteral("支付宝");
    return method;
}

QString invoiceText(const QJsonValue& invoice) {
    if (!invoice.isObject())
        return QStringLiteral("未申请");
    const QJsonObject o = invoice.toObject();
    const QString status = o.value(QStringLiteral("status")).toString();
    QString s = status == QLatin1String("pending")     ? QStringLiteral("已登记，待开具电子发票")
                : status == QLatin1String("issued")    ? QStringLiteral("已开具")
                : status == QLatin1String("cancelled") ? QStringLiteral("已取消")
                                                       : status;
    const QString buyer = o.value(QStringLiteral("buyer_name")).toString();
    if (!buyer.isEmpty() && status != QLatin1String("cancelled"))
        s += QStringLiteral("（购买方：%1）").arg(buyer);
    return s;
}

QJsonObject contentOf(const ReceiptSheet& sheet) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(sheet.contentJson, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        throw std::runtime_error("receipt: the stored content is not a JSON object (" +
                                 error.errorString().toStdString() + ")");
    return doc.object();
}

QString fontFamily() {
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        throw std::runtime_error(
            "receipt: drawing a receipt needs a QGuiApplication (QT_QPA_PLATFORM=offscreen "
            "will do)");
    const QString family = cjkFontFamily();
    if (family.isEmpty())
        throw std::runtime_error(
            "receipt: no font with Chinese glyphs is installed (Debian: fonts-wqy-microhei), "
            "the receipt would print boxes");
    return family;
}

Laid layOut(const ReceiptSheet& sheet, Paper paper) {
    const QJsonObject c = contentOf(sheet);
    const Spec spec = specOf(paper);
    Builder b(spec, fontFamily());

    const QJsonObject centre = c.value(QStringLiteral("centre")).toObject();
    const QJsonObject counter = c.value(QStringLiteral("counter")).toObject();
    const QJsonObject company = c.value(QStringLiteral("company")).toObject();
    const QJsonObject agent = c.value(QStringLiteral("agent")).toObject();
    const QJsonObject cert = c.value(QStringLiteral("certificate")).toObject();

    b.setLabelColumn({QStringLiteral("统一社会信用代码"), QStringLiteral("经办人身份证号"),
                      QStringLiteral("USB-KEY序列号")});

    // Title: the centre, then what the paper is.
    b.paragraph(centre.value(QStringLiteral("name")).toString(), b.font(spec.centrePt, true),
                Qt::AlignHCenter);
    b.skip(0.8);
    b.paragraph(QStringLiteral("受理回执"), b.font(spec.titlePt, true), Qt::AlignHCenter);
    b.skip(0.5);
    b.markBand(sheet.reprint, sheet.voided);

    b.rule(0.5, 1.2);
    b.row(QStringLiteral("回执编号"), c.value(QStringLiteral("receipt_number")).toString(), true);
    b.row(QStringLiteral("办理时间"), dateTime(c.value(QStringLiteral("issued_at")).toString(), true));
    b.row(QStringLiteral("服务中心"), QStringLiteral("%1（%2）")
                                          .arg(centre.value(QStringLiteral("name")).toString(),
                                               centre.value(QStringLiteral("code")).toString()));
    QString counterText = counter.value(QStringLiteral("code")).toString();
    if (counter.value(QStringLiteral("name")).isString())
        counterText += QLatin1Char(' ') + counter.value(QStringLiteral("name")).toString();
    b.row(QStringLiteral("受理窗口"), counterText);
    b.row(QStringLiteral("受理员"), c.value(QStringLiteral("operator")).toString());
    b.row(QStringLiteral("业务类型"), c.value(QStringLiteral("operation_name")).toString().isEmpty()
                                          ? c.value(QStringLiteral("operation")).toString()
                                          : c.value(QStringLiteral("operation_name")).toString());
    b.row(QStringLiteral("业务流水号"), c.value(QStringLiteral("transaction")).toString());

    if (!company.isEmpty() || !agent.isEmpty()) {
        b.section(QStringLiteral("单位及经办人"));
        if (!company.isEmpty()) {
            b.row(QStringLiteral("单位名称"), company.value(QStringLiteral("name")).toString());
            b.row(QStringLiteral("统一社会信用代码"), company.value(QStringLiteral("uscc")).toString());
        }
        if (!agent.isEmpty()) {
            b.row(QStringLiteral("经办人"), agent.value(QStringLiteral("name")).toString());
            b.row(QStringLiteral("经办人身份证号"), agent.value(QStringLiteral("id_masked")).toString());
        }
    }

    b.section(QStringLiteral("USB-KEY及证书"));
    b.row(QStringLiteral("USB-KEY序列号"), c.value(QStringLiteral("key_serial")).toString(), false, true);
    if (!cert.isEmpty()) {
        b.row(QStringLiteral("证书序列号"), cert.value(QStringLiteral("serial")).toString(), false, true);
        b.row(QStringLiteral("证书有效期"),
              QStringLiteral("%1 至 %2")
                  .arg(dateTime(cert.value(QStringLiteral("not_before")).toString(), false),
                       dateTime(cert.value(QStringLiteral("not_after")).toString(), false)));
    } else {
        b.row(QStringLiteral("证书"), QStringLiteral("本次业务未签发证书"));
    }

    b.section(QStringLiteral("收费明细（元）"));
    for (const auto& v : c.value(QStringLiteral("fee_lines")).toArray()) {
        const QJsonObject line = v.toObject();
        const QString description = line.value(QStringLiteral("description")).toString();
        const QString reason = line.value(QStringLiteral("waiver_reason")).toString();
        const QString note = reason.isEmpty() || reason == description
                                 ? QString()
                                 : QStringLiteral("减免原因：%1").arg(feeText(reason));
        b.amountRow(feeText(description), yuan(line.value(QStringLiteral("amount_fen")).toInteger()), false,
                    note);
    }
    b.rule(0.15, 0.6);
    const qint64 total = c.value(QStringLiteral("total_fen")).toInteger();
    b.amountRow(QStringLiteral("合计"), yuan(total), true);
    QStringList paid;
    for (const auto& v : c.value(QStringLiteral("payments")).toArray()) {
        const QJsonObject p = v.toObject();
        QString s = paymentText(p.value(QStringLiteral("method")).toString()) + QLatin1Char(' ') +
                    yuan(p.value(QStringLiteral("amount_fen")).toInteger()) + QStringLiteral(" 元");
        if (p.value(QStringLiteral("reference")).isString())
            s += QStringLiteral("（交易参考号 %1）").arg(p.value(QStringLiteral("reference")).toString());
        paid << s;
    }
    b.row(QStringLiteral("支付方式"),
          paid.isEmpty() ? (total == 0 ? QStringLiteral("无需缴费") : QStringLiteral("未收款"))
                         : paid.join(QLatin1Char('\n')));
    b.row(QStringLiteral("发票"), invoiceText(c.value(QStringLiteral("invoice"))));

    b.rule();
    b.qrBlock(sheet.qrPayload, QStringLiteral("扫描二维码核验本回执"),
              QStringLiteral("核验码：") + sheet.qrPayload);
    b.rule(0.25);
    b.paragraph(QStringLiteral("本回执为办理业务的凭证，请妥善保管。"), b.small(), Qt::AlignHCenter);
    if (sheet.voided)
        b.voidStamp();
    Laid laid;
    const double contentBottom = b.y();
    laid.layout = b.finish();
    laid.contentHeight = contentBottom + mm(spec.bottomMm);
    return laid;
}

} // namespace

std::optional<Paper> paperFromName(const QString& name) {
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("a5"))
        return Paper::A5;
    if (n == QLatin1String("a4"))
        return Paper::A4;
    if (n == QLatin1String("roll80"))
        return Paper::Roll80;
    return std::nullopt;
}

QString paperName(Paper paper) {
    switch (paper) {
    case Paper::A4:
        return QStringLiteral("a4");
    case Paper::Roll80:
        return QStringLiteral("roll80");
    case Paper::A5:
        break;
    }
    return QStringLiteral("a5");
}

ReceiptPageGeometry receiptGeometry(const ReceiptSheet& sheet, Paper paper) {
    const Laid laid = layOut(sheet, paper);
    const QRectF band = laid.layout.markBand;
    return {QSizeF(toMm(laid.layout.width), toMm(laid.layout.height)),
            QRectF(toMm(band.left()), toMm(band.top()), toMm(band.width()), toMm(band.height())),
            pageSizeOf(paper, laid.layout)};
}

void paintReceipt(QPainter& painter, const ReceiptSheet& sheet, Paper paper, double dotsPerInch) {
    paintLayout(painter, layOut(sheet, paper), dotsPerInch);
}

QByteArray receiptPdf(const ReceiptSheet& sheet, Paper paper) {
    const Laid laid = layOut(sheet, paper);
    QByteArray pdf;
    QBuffer buffer(&pdf);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setResolution(static_cast<int>(kDots));
        writer.setPageSize(pageSizeOf(paper, laid.layout));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
        writer.setTitle(QStringLiteral("受理回执 ") +
                        contentOf(sheet).value(QStringLiteral("receipt_number")).toString());
        writer.setCreator(QStringLiteral("Countersign"));
        QPainter p;
        if (!p.begin(&writer))
            throw std::runtime_error("receipt: can't start the PDF");
        paintLayout(p, laid, kDots);
        if (!p.end())
            throw std::runtime_error("receipt: can't finish the PDF");
    }
    return pdf;
}

QImage receiptImage(const ReceiptSheet& sheet, Paper paper, int dotsPerInch) {
    const Laid laid = layOut(sheet, paper);
    const double scale = dotsPerInch / kDots;
    QImage image(static_cast<int>(std::ceil(laid.layout.width * scale)),
                 static_cast<int>(std::ceil(laid.layout.height * scale)), QImage::Format_RGB32);
    image.fill(Qt::white);
    const int dotsPerMetre = static_cast<int>(std::lround(dotsPerInch / 0.0254));
    image.setDotsPerMeterX(dotsPerMetre);
    image.setDotsPerMeterY(dotsPerMetre);
    QPainter p(&image);
    paintLayout(p, laid, dotsPerInch);
    p.end();
    return image;
}

std::optional<Paper> paperOfPdf(const QByteArray& pdf) {
    static const QRegularExpression mediaBox(
        QStringLiteral(R"(/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\])"));
    const auto match = mediaBox.match(QString::fromLatin1(pdf));
    if (!match.hasMatch())
        return std::nullopt;
    const double width = match.captured(3).toDouble() - match.captured(1).toDouble();
    const double height = match.captured(4).toDouble() - match.captured(2).toDouble();
    const auto near = [](double points, double millimetres) {
        return std::abs(points - millimetres * 72.0 / 25.4) < 1.5;
    };
    if (near(width, 148) && near(height, 210))
        return Paper::A5;
    if (near(width, 210) && near(height, 297))
        return Paper::A4;
    if (near(width, 80))
        return Paper::Roll80;
    return std::nullopt;
}

} // namespace countersign::printing
