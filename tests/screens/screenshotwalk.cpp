#include "tests/screens/screenshotwalk.h"

#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>

#include <QAbstractItemModel>
#include <QDate>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QQuickWindow>
#include <QVariant>

#include <dlfcn.h>

#include "backend/counter/desk.h"
#include "backend/identifiers/date.h"
#include "backend/money.h"
#include "backend/papers/demoletterissuer.h"
#include "printing/receipt.h"
#include "qml/idlemonitor.h"
#include "qml/kioskapp.h"
#include "qml/paperpictures.h"
#include "qml/registration.h"
#include "qml/workstation.h"
#include "qml/writer.h"
#include "tests/screens/layoutcheck.h"
#include "tests/screens/screendriver.h"
#include "token/tokenthread.h"

namespace countersign::test {

using qml::IdleMonitor;
using qml::IdleMonitorForeign;
using qml::Kiosk;
using qml::Workstation;
using qml::Writer;

namespace {

const QString kController = QStringLiteral("operationController");

/// The date `days` from today (negative: before).
Date fromToday(int days) {
    const QDate d = QDate::fromString(QString::fromStdString(Date::today().iso()), Qt::ISODate).addDays(days);
    return Date::parse(d.toString(Qt::ISODate).toStdString()).value_or(Date::today());
}

/// The agent's hand on the demo writer: the demo counter's writer is the fault module (deploy/demo.sh,
/// tests/faultmodule), which can pull its key out mid-operation and put it back. Any other PKCS#11 module
/// can't, and the walk leaves that screen out.
class DemoWriterHand {
public:
    explicit DemoWriterHand(const QString& modulePath)
        : m_module(::dlopen(modulePath.toLocal8Bit().constData(), RTLD_NOW | RTLD_NOLOAD)) {
        if (m_module) {
            m_removeAt = reinterpret_cast<RemoveAt>(::dlsym(m_module, "csfault_remove_at"));
            m_removeNow = reinterpret_cast<Reinsert>(::dlsym(m_module, "csfault_remove_now"));
            m_reinsert = reinterpret_cast<Reinsert>(::dlsym(m_module, "csfault_reinsert"));
            m_setLatency = reinterpret_cast<SetLatency>(::dlsym(m_module, "csfault_set_latency"));
            m_clearLatencies = reinterpret_cast<Reinsert>(::dlsym(m_module, "csfault_clear_latencies"));
        }
    }
    ~DemoWriterHand() {
        if (m_module)
            ::dlclose(m_module);
    }
    DemoWriterHand(const DemoWriterHand&) = delete;
    DemoWriterHand& operator=(const DemoWriterHand&) = delete;

    bool canPull() const { return m_removeAt && m_removeNow && m_reinsert; }
    /// The key comes out at the first call of the PKCS#11 function `function` from now on.
    void pullAt(const char* function) { m_removeAt(function, 1, nullptr); }
    /// The key comes out now (a call in progress on it fails).
    void pullNow() { m_removeNow(); }
    void putBack() { m_reinsert(); }
    bool canSlowDown() const { return m_setLatency && m_clearLatencies; }
    /// The key works at a real USB-KEY's pace: a key pair in 8 s, a certificate written in 1.5 s, a login
    /// in 0.3 s; or at SoftHSM2's again.
    void slowDown(bool slow) {
        if (!slow) {
            m_clearLatencies();
            return;
        }
        m_setLatency("C_GenerateKeyPair", nullptr, 8000);
        m_setLatency("C_CreateObject", "certificate", 1500);
        m_setLatency("C_Login", nullptr, 300);
    }

private:
    using RemoveAt = void (*)(const char*, int, const char*);
    using Reinsert = void (*)();
    using SetLatency = int (*)(const char*, const char*, int);
    void* m_module = nullptr;
    RemoveAt m_removeAt = nullptr;
    Reinsert m_removeNow = nullptr;
    Reinsert m_reinsert = nullptr;
    SetLatency m_setLatency = nullptr;
    Reinsert m_clearLatencies = nullptr;
};

class Walker {
public:
    Walker(Kiosk& kiosk, QQuickWindow* window, ScreenshotWalk& walk)
        : m_kiosk(kiosk)
        , m_window(window)
        , m_walk(walk)
        , m_ui(window)
        , m_letters(walk.lettersDir.toStdString()) {}

    void run() {
        m_clock.start();
        QDir().mkpath(m_walk.dir);
        m_ui.settle(300);
        shot(QStringLiteral("login"));
        logIn(m_walk.operatorName);
        shot(QStringLiteral("home"));

        walkIdCard();
        const QString issued = walkNew();
        walkRefusedRenewal(QStringLiteral("RENEW"), QStringLiteral("renew"), issued);
        walkRefusedRenewal(QStringLiteral("UPGRADE"), QStringLiteral("upgrade"), issued);
        walkDemo();
        const QString replacement = walkReplace(issued);
        walkUnlock(replacement);
        walkIdleLock();
        walkBackOffice();
        m_walk.password.wipe();
        std::printf("wrote %d screenshots to %s in %.0f s (%.0f s of it at the sizes beyond the first)\n",
                    m_count, qPrintable(m_walk.dir), m_clock.elapsed() / 1000.0, m_otherSizesMs / 1000.0);
        writeLayoutFindings();
    }

    const LayoutReport& layout() const { return m_layout; }

private:
    static void need(bool ok, const char* what) {
        if (!ok)
            throw std::runtime_error(what);
    }

    void writeLayoutFindings() {
        QFile file(m_walk.dir + QStringLiteral("/layout-findings.txt"));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            throw std::runtime_error("could not write " + file.fileName().toStdString());
        for (const QString& line : m_layout.lines())
            file.write(line.toUtf8() + '\n');
        std::printf("the layout checker found %d problem(s)%s%s\n", m_layout.count(),
                    m_layout.count() ? ": see " : "", m_layout.count() ? qPrintable(file.fileName()) : "");
    }

    void logIn(const QString& username) {
        m_ui.type(QStringLiteral("username"), username);
        m_ui.type(QStringLiteral("password"), QString::fromUtf8(m_walk.password.c_str()));
        m_ui.click(QStringLiteral("loginButton"));
        need(m_ui.waitFor([this] { return m_ui.exists(QStringLiteral("operations")); }), "the login failed");
        m_ui.settle(500);
    }

    /// One PNG per window size and language of what the screen shows now, each checked by the layout
    /// checker. The walk's own size comes last: the window is left as it was.
    void shot(const QString& name) {
        Workstation& w = m_kiosk.workstation();
        const QString original = w.language();
        QList<QSize> sizes = m_walk.sizes;
        sizes.append(sizes.takeFirst());
        for (const QSize size : sizes) {
            QElapsedTimer clock;
            clock.start();
            if (m_window->size() != size) {
                m_window->resize(size);
                m_ui.settle(200);
            }
            const QString suffix = size == kDefaultShotSize
                                       ? QString()
                                       : QStringLiteral(".%1x%2").arg(size.width()).arg(size.height());
            for (const QString& language : {QStringLiteral("zh_CN"), QStringLiteral("en")}) {
                w.setLanguage(language);
                m_ui.settle(120);
                // Grabbing lays the window out (its layouts polish before it is drawn): then it is checked.
                const QImage image = m_window->grabWindow();
                m_layout.add(name, size, language, checkLayout(m_window));
                const QString path = QStringLiteral("%1/%2.%3%4.png").arg(m_walk.dir, name, language, suffix);
                if (image.isNull() || !image.save(path, "PNG"))
                    throw std::runtime_error("could not write " + path.toStdString());
                ++m_count;
            }
            if (size != m_walk.sizes.first())
                m_otherSizesMs += clock.elapsed();
        }
        w.setLanguage(original);
        m_ui.settle(60);
    }

    std::string letter(const std::string& no, int issuedDaysAgo, int expiresInDays) {
        papers::AssistanceLetter l;
        l.no = no;
        l.office = "11201010000";
        l.officeName = "国家税务总局天津市河西区税务局（演示）";
        l.uscc = "91350100M000100Y43";
        l.org = "天津市演示科技有限公司";
        l.agentName = "张三";
        l.agentIdNo = "11010519491231002X";
        l.issued = fromToday(-issuedDaysAgo);
        l.expires = fromToday(expiresInDays);
        l.biz = {"NEW"};
        return m_letters.issue(l);
    }

    bool controllerFlag(const char* name) {
        return m_ui.exists(kController) && m_ui.property(kController, name).toBool();
    }

    /// A property of the running key step's progress (OperationController::stepProgress).
    QVariant stepProgress(const char* name) {
        if (!m_ui.exists(kController))
            return {};
        const auto* progress = m_ui.property(kController, "stepProgress").value<QObject*>();
        return progress ? progress->property(name) : QVariant();
    }

    /// Waits until key step `step` has run for `ms` (and, with `estimated`, shows what it usually takes).
    void waitInStep(const char* step, int ms, bool estimated = false) {
        need(m_ui.waitFor(
                 [&] {
                     return stepProgress("step").toString() == QLatin1String(step) &&
                            stepProgress("elapsedMs").toInt() >= ms &&
                            (!estimated || stepProgress("estimateMs").toInt() > 0);
                 },
                 60000),
             "the slow key step did not show");
    }

    void waitChecked() {
        need(m_ui.waitFor([this] { return controllerFlag("checked") && !controllerFlag("busy"); }),
             "the papers were not checked");
        m_ui.settle(200);
    }

    QString finish(const QString& flow) {
        need(m_ui.waitFor([this] { return controllerFlag("finished") || controllerFlag("paused"); }, 120000),
             "the operation did not end");
        if (!controllerFlag("finished"))
            throw std::runtime_error("the operation stopped: " +
                                     m_ui.property(kController, "errorText").toString().toStdString());
        m_ui.settle(300);
        shot(flow + QStringLiteral("-5-done"));
        if (flow == QLatin1String("new"))
            shotReceipt();
        const QString serial = m_ui.property(kController, "resultKeySerial").toString();
        m_ui.click(QStringLiteral("doneStep/proceedButton"));
        need(m_ui.waitFor([this] { return m_ui.exists(QStringLiteral("operations")); }), "no way home");
        return serial;
    }

    /// The finished transaction's receipt as it prints, a PNG of its page on each paper, first print and
    /// reprint: receipt-<a5|a4|roll80>[-reprint].png (the receipt is in Chinese whatever the screen's
    /// language).
    void shotReceipt() {
        using Sheets = std::optional<std::pair<printing::ReceiptSheet, printing::ReceiptSheet>>;
        const std::string number = m_ui.property(kController, "receiptNumber").toString().toStdString();
        auto found = std::make_shared<std::pair<bool, Sheets>>();
        m_kiosk.workstation().database()->run<Sheets>(
            m_window,
            [number](counter::Desk& desk) -> Sheets {
                auto first = desk.receiptSheet(number, false, false);
                auto again = desk.receiptSheet(number, true, false);
                if (!first || !again)
                    return std::nullopt;
                return std::make_pair(*first, *again);
            },
            [found](const counter::Outcome<Sheets>& out) {
                *found = {true, out.ok() ? *out.value : Sheets()};
            });
        need(m_ui.waitFor([found] { return found->first; }), "the receipt could not be read");
        need(found->second.has_value(), "the finished transaction has no receipt");
        for (const printing::Paper paper :
             {printing::Paper::A5, printing::Paper::A4, printing::Paper::Roll80})
            for (const bool reprint : {false, true}) {
                const QString path = QStringLiteral("%1/receipt-%2%3.png")
                                         .arg(m_walk.dir, printing::paperName(paper),
                                              reprint ? QStringLiteral("-reprint") : QString());
                const auto& sheets = *found->second;
                if (!printing::receiptImage(reprint ? sheets.second : sheets.first, paper, 150)
                         .save(path, "PNG"))
                    throw std::runtime_error("could not write " + path.toStdString());
                ++m_count;
            }
    }

    void home() {
        while (!m_ui.exists(QStringLiteral("operations")) && m_ui.exists(QStringLiteral("backButton")))
            m_ui.click(QStringLiteral("backButton"));
        need(m_ui.waitFor([this] { return m_ui.exists(QStringLiteral("operations")); }), "no way home");
    }

    void newPin(const QString& pin) {
        m_ui.pressPin(QStringLiteral("keyStep/pinPad"), pin);
        m_ui.pressPin(QStringLiteral("keyStep/pinPad"), pin);
    }

    /// The agent's papers on the document scanner (issue 22, scans): each picture the scanner saves into the
    /// scanner folder fills the papers step's next empty slot. Only when the operation requires scans.
    void scanPapers(bool withBack = false) {
        auto* scans = m_ui.property(kController, "scans").value<QObject*>();
        if (!scans || scans->property("missing").toString().isEmpty())
            return;
        const QString folder = m_kiosk.workstation().config().scannerFolder;
        need(!folder.isEmpty(), "the operation requires scans but no [scanner] folder is configured");
        m_ui.settle(100);
        for (const char* what : {"letter", "id_front", "id_back"}) {
            if (!withBack && QLatin1String(what) == QLatin1String("id_back"))
                break;
            qml::writePaperPicture(folder, QString::fromLatin1(what), QStringLiteral("张三"),
                                   QStringLiteral("11010519491231002X"));
            m_ui.settle(60);
        }
        need(m_ui.waitFor(
                 [&] {
                     int attached = 0;
                     for (const QVariant& v : scans->property("items").toList())
                         attached += v.toMap().value(QStringLiteral("attached")).toBool() ? 1 : 0;
                     return attached >= (withBack ? 3 : 2) && scans->property("missing").toString().isEmpty();
                 },
                 20000),
             "the scanned papers did not reach the papers step");
        m_ui.settle(200);
    }

    /// The scans panel of a NEW: what is still needed, the thumbnails, the folder's pictures to pick from.
    void walkScans() {
        if (!m_ui.exists(QStringLiteral("scansPanel")))
            return;
        shot(QStringLiteral("scans-1-needed"));
        scanPapers(true);
        shot(QStringLiteral("scans-2-thumbnails"));
        m_ui.click(QStringLiteral("scanPick_id_back"));
        m_ui.settle(300);
        shot(QStringLiteral("scans-3-picker"));
        m_ui.click(QStringLiteral("scanPickerClose"));
    }

    // The agent's ID card (issue 22): another person's card beside the letter's agent, and the check's
    // refusal naming both. Nothing is written but the refusal's audit entry.
    void walkIdCard() {
        m_ui.openOperation(QStringLiteral("NEW"));
        m_ui.settle(300);
        scanPapers();
        m_ui.scan(QString::fromStdString(
            letter("SHOT-IDCARD-" + std::to_string(QDateTime::currentSecsSinceEpoch()), 1, 30)));
        m_ui.type(QStringLiteral("idCardNo"), QStringLiteral("320102198001010016"));
        m_ui.settle(200);
        shot(QStringLiteral("idcard-1-papers-mismatch"));
        m_ui.click(QStringLiteral("papersStep/proceedButton"));
        waitChecked();
        shot(QStringLiteral("idcard-2-checks-refused"));
        home();
    }

    QString walkNew() {
        m_ui.openOperation(QStringLiteral("NEW"));
        m_ui.settle(300);
        shot(QStringLiteral("new-1-papers"));
        m_ui.click(QStringLiteral("handEntryButton"));
        shot(QStringLiteral("new-1-papers-hand-entry"));
        m_ui.click(QStringLiteral("handEntryApprovalButton"));
        m_ui.settle(300);
        shot(QStringLiteral("new-1-hand-entry-approval"));
        m_ui.click(QStringLiteral("approvalCancel"));
        m_ui.click(QStringLiteral("scanInsteadButton"));
        walkScans();
        // The agent's ID card, read by the ID reader: the letter's agent.
        m_ui.scan(QStringLiteral("11010519491231002X"));

        // A letter past its date is refused, naming the check.
        m_ui.scan(QString::fromStdString(letter("SHOT-EXPIRED-" + Date::today().iso(), 40, -1)));
        waitChecked();
        shot(QStringLiteral("new-2-checks-refused"));
        m_ui.click(QStringLiteral("checksStep/proceedButton"));

        m_ui.scan(QString::fromStdString(
            letter("SHOT-" + std::to_string(QDateTime::currentSecsSinceEpoch()), 1, 30)));
        waitChecked();
        need(controllerFlag("checksPassed"), "the demo letter did not pass its checks");
        shot(QStringLiteral("new-2-checks-passed"));
        m_ui.click(QStringLiteral("checksStep/proceedButton"));
        m_ui.settle(200);
        shot(QStringLiteral("new-4-pin"));
        for (const QChar d : QStringLiteral("123456"))
            m_ui.click(QStringLiteral("keyStep/pinPad/digit") + d);
        shot(QStringLiteral("new-4-pin-refused-by-policy"));
        m_ui.click(QStringLiteral("keyStep/pinPad/clear"));
        DemoWriterHand hand(m_kiosk.workstation().config().pkcs11Module);
        // The demo key works at a real key's pace: the slow step shows its elapsed time and, once runs of it
        // are on record for this key model, what it usually takes.
        if (hand.canSlowDown())
            hand.slowDown(true);
        newPin(QStringLiteral("135790"));
        m_ui.settle(150);
        shot(QStringLiteral("new-4-key-working"));
        if (hand.canSlowDown()) {
            waitInStep("generate", 3000);
            shot(QStringLiteral("new-4-key-slow-step"));
        }
        if (hand.canPull()) {
            // The agent pulls the key out while its certificate is written: the work pauses until it is back.
            waitInStep("write", 300);
            hand.pullNow();
            need(m_ui.waitFor([this] { return controllerFlag("paused"); }, 60000),
                 "the pulled key did not pause the work");
            need(controllerFlag("keyRemoved"), "the pause does not say the key was pulled");
            m_ui.settle(200);
            shot(QStringLiteral("new-4-key-pulled-paused"));
            hand.putBack();
            need(m_ui.waitFor([this] { return !controllerFlag("keyRemoved"); }, 10000),
                 "the key put back was not seen");
            m_ui.click(QStringLiteral("keyStep/resumeButton"));
        } else {
            std::printf(
                "the writer can't pull its key (not the demo's fault module): no key-pulled screen\n");
        }
        return finish(QStringLiteral("new"));
    }

    void walkRefusedRenewal(const QString& kind, const QString& name, const QString& serial) {
        m_ui.openOperation(kind);
        m_ui.settle(300);
        // A demo writer that already holds several enterprise keys: the operator picks the one.
        if (m_ui.property(kController, "keySerial").toString() != serial)
            m_ui.click(QStringLiteral("key_") + serial);
        m_ui.settle(200);
        shot(name + QStringLiteral("-1-papers"));
        m_ui.click(QStringLiteral("papersStep/proceedButton"));
        waitChecked();
        shot(name + QStringLiteral("-2-checks-refused"));
        home();
    }

    /// The demo controls (DESIGN §10, qml/DemoPanel.qml), opened from the home screen: the panel; a fresh
    /// blank key put in, for the REPLACE that follows (the demo's writer holds none after the NEW); a sample
    /// letter, shown as its QR code as no NEW is open.
    void walkDemo() {
        const QString demo = QStringLiteral("demoController");
        if (!m_ui.exists(QStringLiteral("demoPanelButton")))
            return;
        m_ui.click(QStringLiteral("demoPanelButton"));
        need(m_ui.waitFor([this] { return m_ui.exists(QStringLiteral("demoPanel")); }),
             "the demo panel did not open");
        m_ui.settle(400);
        shot(QStringLiteral("demo-panel"));
        Writer& writer = m_kiosk.writer();
        if (writer.blankCount() == 0) {
            m_ui.click(QStringLiteral("demoInsertBlank"));
            need(m_ui.waitFor([&] { return writer.blankCount() == 1; }), "the demo's blank key did not show");
            m_ui.settle(300);
            shot(QStringLiteral("demo-blank-inserted"));
        }
        m_ui.click(QStringLiteral("demoCompany_1"));
        m_ui.click(QStringLiteral("demoIssueLetter"));
        need(m_ui.waitFor([&] { return !m_ui.property(demo, "busy").toBool(); }), "no sample letter came");
        if (m_ui.property(demo, "letter").toMap().isEmpty()) {
            std::printf("no sample letter: %s\n", qPrintable(m_ui.property(demo, "errorText").toString()));
        } else {
            m_ui.settle(500);
            shot(QStringLiteral("demo-sample-letter"));
        }
        m_ui.click(QStringLiteral("demoPanelButton"));
        need(m_ui.waitFor([this] { return !m_ui.exists(QStringLiteral("demoPanel")); }),
             "the demo panel did not close");
    }

    void fillAuthorization() {
        m_ui.type(QStringLiteral("authAgentName"), QStringLiteral("张三"));
        m_ui.type(QStringLiteral("authAgentId"), QStringLiteral("11010519491231002X"));
        m_ui.type(QStringLiteral("authAgentMobile"), QStringLiteral("13800138000"));
        m_ui.type(QStringLiteral("authValidTo"), QString::fromStdString(fromToday(30).iso()));
        m_ui.click(QStringLiteral("authTicked"));
        m_ui.click(QStringLiteral("authSeal"));
        m_ui.scan(QStringLiteral("11010519491231002X")); // the agent's ID card, by the ID reader
    }

    QString walkReplace(const QString& oldKey) {
        m_ui.openOperation(QStringLiteral("REPLACE"));
        m_ui.settle(300);
        shot(QStringLiteral("replace-1-papers"));
        m_ui.click(QStringLiteral("waiverAttested"));
        need(m_ui.waitFor([this] { return m_ui.exists(QStringLiteral("approvalUser")); }),
             "no approval dialog");
        m_ui.settle(300);
        shot(QStringLiteral("replace-1-waiver-approval"));
        m_ui.click(QStringLiteral("approvalCancel"));
        m_ui.click(QStringLiteral("waiverAttested"));
        // The key was lost: the old one on record is revoked and the media fee is due.
        m_ui.click(QStringLiteral("lostButton"));
        m_ui.type(QStringLiteral("oldKeySerial"), oldKey);
        scanPapers();
        fillAuthorization();
        shot(QStringLiteral("replace-1-papers-filled"));
        m_ui.click(QStringLiteral("papersStep/proceedButton"));
        waitChecked();
        need(controllerFlag("checksPassed"), "the replacement's papers did not pass");
        shot(QStringLiteral("replace-2-checks-passed"));
        m_ui.click(QStringLiteral("checksStep/proceedButton"));
        m_ui.settle(200);
        shot(QStringLiteral("replace-3-fee"));
        walkFeeStep();
        shot(QStringLiteral("replace-3-fee-wechat-invoice"));
        m_ui.click(QStringLiteral("feeStep/proceedButton"));
        newPin(QStringLiteral("246813"));
        DemoWriterHand hand(m_kiosk.workstation().config().pkcs11Module);
        if (hand.canSlowDown()) {
            // The NEW's key pair is on record now: the same step on a key of the same model has an estimate.
            waitInStep("generate", 3000, true);
            shot(QStringLiteral("replace-4-key-slow-step"));
        }
        const QString serial = finish(QStringLiteral("replace"));
        if (hand.canSlowDown())
            hand.slowDown(false);
        return serial;
    }

    /// The fee step (issue 22, part "fees"): the fee split over cash and WeChat Pay, the invoice form
    /// refusing a mistyped taxpayer ID and e-mail under the fields, then filled in whole.
    void walkFeeStep() {
        const qint64 total = m_ui.property(kController, "totalFen").toLongLong();
        need(total > 1, "the fee step has nothing to split");
        m_ui.type(QStringLiteral("payment_0/amount"), QString::fromStdString(yuan(total / 2)));
        m_ui.settle(100);
        shot(QStringLiteral("fee-split-1-part-cash"));
        m_ui.click(QStringLiteral("add_wechat_pay"));
        m_ui.type(QStringLiteral("payment_1/reference"),
                  QStringLiteral("WX") + QString::number(QDateTime::currentSecsSinceEpoch()));
        m_ui.settle(100);
        need(m_ui.property(kController, "remainingFen").toLongLong() == 0, "the split leaves a remainder");
        shot(QStringLiteral("fee-split-2-cash-wechat"));
        m_ui.click(QStringLiteral("invoiceWanted"));
        const QString uscc = m_ui.text(QStringLiteral("buyerTaxpayerId"));
        m_ui.type(QStringLiteral("buyerTaxpayerId"), uscc.left(uscc.size() - 1) + QLatin1Char('0'));
        m_ui.type(QStringLiteral("deliveryEmail"), QStringLiteral("finance.example.cn"));
        m_ui.settle(100);
        shot(QStringLiteral("fee-invoice-1-refused-as-typed"));
        m_ui.type(QStringLiteral("buyerTaxpayerId"), uscc);
        m_ui.type(QStringLiteral("addressPhone"), QStringLiteral("天津市河西区友谊路 20 号 022-23456789"));
        m_ui.type(QStringLiteral("bankAccount"),
                  QStringLiteral("中国工商银行天津河西支行 0302 0000 1234 5678 901"));
        m_ui.type(QStringLiteral("deliveryEmail"), QStringLiteral("finance@example.cn"));
        m_ui.settle(100);
        need(m_ui.property(kController, "paymentProblem").toString().isEmpty(),
             "the invoice is not accepted");
        m_ui.settle(700); // the scroll bar the problems needed fades out
        shot(QStringLiteral("fee-invoice-2-filled"));
    }

    void walkUnlock(const QString& serial) {
        // The agent forgot the PIN: six wrong ones lock the key.
        const std::string s = serial.toStdString();
        bool locked = false;
        m_kiosk.tokens().run<bool>(
            m_window,
            [s](token::KeyDevice& keys) {
                for (int i = 0; i < 6; ++i) {
                    try {
                        keys.verifyUserPin(s, Secret("000000"), true);
                    } catch (const std::exception&) {
                    }
                }
                return true;
            },
            [&locked](const token::TokenOutcome<bool>&) { locked = true; });
        need(m_ui.waitFor([&] { return locked && m_kiosk.writer().state() == Writer::State::PinLocked; }),
             "the key did not lock");
        m_ui.openOperation(QStringLiteral("UNLOCK"));
        m_ui.settle(300);
        if (m_ui.property(kController, "keySerial").toString() != serial)
            m_ui.click(QStringLiteral("key_") + serial);
        scanPapers();
        fillAuthorization();
        shot(QStringLiteral("unlock-1-papers"));
        m_ui.click(QStringLiteral("papersStep/proceedButton"));
        waitChecked();
        need(controllerFlag("checksPassed"), "the unlock's papers did not pass");
        shot(QStringLiteral("unlock-2-checks-passed"));
        m_ui.click(QStringLiteral("checksStep/proceedButton"));
        m_ui.settle(200);
        shot(QStringLiteral("unlock-4-pin"));
        newPin(QStringLiteral("975310"));
        finish(QStringLiteral("unlock"));
    }

    void walkIdleLock() {
        if (IdleMonitor* monitor = IdleMonitorForeign::instance) {
            monitor->lock();
            m_ui.settle(400);
            shot(QStringLiteral("idle-lock"));
            monitor->logout();
        }
    }

    /// The back office, as an admin (who supervises too) sees it: each page's walk opens its tab from the
    /// back office and leaves it open.
    void walkBackOffice() {
        if (m_walk.adminName.isEmpty())
            return;
        need(m_ui.waitFor([this] { return m_ui.exists(QStringLiteral("loginButton")); }),
             "the login screen did not come back");
        logIn(m_walk.adminName);
        shot(QStringLiteral("office-home"));
        m_ui.click(QStringLiteral("office_report"));
        need(m_ui.waitFor([this] { return m_ui.exists(QStringLiteral("backOffice")); }),
             "the back office did not open");
        m_ui.settle(800);
        shot(QStringLiteral("office-report-daily"));
        walkReports();
        walkStaff();
        walkFees();
        walkStock();
        walkSearch();
        m_ui.click(QStringLiteral("backButton"));
        need(m_ui.waitFor([this] { return m_ui.exists(QStringLiteral("operations")); }),
             "the back office did not close");
        m_ui.click(QStringLiteral("logoutButton"));
    }

    /// The staff page (issue 21): the accounts with the operator's picked, a temporary password typed twice
    /// and the confirm step — cancelled, so the demo's accounts stay as they are (the forced change at the
    /// next login, login-must-change-password, is shot by tests/qml/test_staff_page.cpp, which resets a
    /// test's account).
    void walkStaff() {
        openTab(QStringLiteral("staff"));
        const QString row = QStringLiteral("staffRow_") + m_walk.operatorName;
        need(m_ui.waitFor([&] { return m_ui.exists(row); }), "the staff list did not show the operator");
        m_ui.click(row);
        m_ui.settle(300);
        shot(QStringLiteral("office-staff-list"));
        m_ui.type(QStringLiteral("staffNewPassword"), QStringLiteral("temporary-2026"));
        m_ui.type(QStringLiteral("staffNewPasswordAgain"), QStringLiteral("temporary-2026"));
        shot(QStringLiteral("office-staff-reset-password"));
        m_ui.click(QStringLiteral("staffResetPassword"));
        need(m_ui.waitFor([this] { return m_ui.exists(QStringLiteral("staffConfirmNo")); }),
             "the staff page did not ask to confirm");
        m_ui.settle(300);
        shot(QStringLiteral("office-staff-reset-password-confirm"));
        m_ui.click(QStringLiteral("staffConfirmNo"));
        need(m_ui.waitFor([this] { return !m_ui.exists(QStringLiteral("staffConfirmNo")); }),
             "the confirm step did not close");
    }

    /// The admin's fee schedules and trusted letter signers (issue 21, part "fees"): the versions, a new
    /// version's form filled, the approval asked for (the operator is no approver: the refusal shows, and
    /// nothing is added), and the trust list.
    void walkFees() {
        openTab(QStringLiteral("fees"));
        need(m_ui.waitFor([this] {
            return !m_ui.property(QStringLiteral("feesController"), "versions").toList().isEmpty();
        }),
             "the fee schedules did not load");
        m_ui.settle(400);
        shot(QStringLiteral("office-fees-list"));
        // The schedule in force here (else the first listed): its new version is the one a centre would add.
        const QVariantList versions = m_ui.property(QStringLiteral("feesController"), "versions").toList();
        QString code = versions.first().toMap().value(QStringLiteral("code")).toString();
        for (const QVariant& v : versions)
            if (v.toMap().value(QStringLiteral("inForceHere")).toBool())
                code = v.toMap().value(QStringLiteral("code")).toString();
        m_ui.click(QStringLiteral("newVersion_") + code);
        need(m_ui.waitFor([this] { return m_ui.exists(QStringLiteral("draftAmount_0")); }),
             "the new version's form did not open");
        m_ui.type(QStringLiteral("draftValidFrom"), QDate::currentDate().addDays(30).toString(Qt::ISODate));
        if (m_ui.exists(QStringLiteral("draftAmount_3")))
            m_ui.type(QStringLiteral("draftAmount_3"), QStringLiteral("30.00"));
        m_ui.settle(300);
        shot(QStringLiteral("office-fees-new-version"));
        m_ui.click(QStringLiteral("draftSubmit"));
        need(m_ui.waitFor([this] { return m_ui.exists(QStringLiteral("approvalUser")); }),
             "the approval dialog did not open");
        m_ui.type(QStringLiteral("approvalUser"), m_walk.operatorName);
        m_ui.type(QStringLiteral("approvalPassword"), QString::fromUtf8(m_walk.password.c_str()));
        m_ui.settle(300);
        shot(QStringLiteral("office-fees-approval"));
        m_ui.click(QStringLiteral("approvalSubmit"));
        need(m_ui.waitFor([this] { return m_ui.exists(QStringLiteral("approvalFailure")); }),
             "the operator's approval was not refused");
        m_ui.settle(300);
        shot(QStringLiteral("office-fees-approval-refused"));
        m_ui.click(QStringLiteral("approvalCancel"));
        m_ui.click(QStringLiteral("draftCancel"));
        openTab(QStringLiteral("trust"));
        need(m_ui.waitFor([this] {
            return !m_ui.property(QStringLiteral("trustController"), "entries").toList().isEmpty();
        }),
             "the trusted signers did not load");
        m_ui.settle(400);
        shot(QStringLiteral("office-trust-list"));
    }

    /// The key models and stock page (as an admin): the levels after an intake in which one serial is
    /// refused, the key models with a model being filled in, a write-off waiting for its confirmation
    /// (cancelled: the demo keeps its keys); then the settings page once doctor's checks are done.
    void walkStock() {
        const QString stock = QStringLiteral("stockController");
        openTab(QStringLiteral("stock"));
        need(m_ui.waitFor([&] { return !m_ui.property(stock, "busy").toBool(); }),
             "the stock page did not load");
        // A serial of this run, scanned twice: the second is refused, named with the database's reason.
        const QString serial =
            QStringLiteral("WALK-") + QDateTime::currentDateTime().toString(QStringLiteral("MMddHHmmss"));
        m_ui.type(QStringLiteral("stockModel"), QStringLiteral("ePass3003"));
        m_ui.type(QStringLiteral("stockReference"), QStringLiteral("DN-2026-118"));
        m_ui.type(QStringLiteral("stockSerials"), serial + QLatin1Char('\n') + serial);
        m_ui.click(QStringLiteral("receiveStock"));
        need(m_ui.waitFor([&] { return m_ui.exists(QStringLiteral("refused_") + serial); }),
             "the stock intake did not answer");
        need(m_ui.waitFor([&] { return !m_ui.property(stock, "busy").toBool(); }),
             "the stock did not reload");
        m_ui.settle(400);
        shot(QStringLiteral("office-stock"));

        // A model recorded without its factory SO PIN file, then the file named: a file this machine doesn't
        // have is refused with the reason.
        m_ui.click(QStringLiteral("stockView_models"));
        m_ui.type(QStringLiteral("modelName"), QStringLiteral("ePass3003"));
        m_ui.type(QStringLiteral("modelManufacturer"), QStringLiteral("Feitian"));
        m_ui.type(QStringLiteral("modelPinMin"), QStringLiteral("6"));
        m_ui.type(QStringLiteral("modelPinMax"), QStringLiteral("16"));
        m_ui.click(QStringLiteral("alg_rsa2048"));
        m_ui.click(QStringLiteral("saveModel"));
        need(m_ui.waitFor([this] { return m_ui.exists(QStringLiteral("model_ePass3003")); }),
             "the key model was not recorded");
        need(m_ui.waitFor([&] { return !m_ui.property(stock, "busy").toBool(); }),
             "the stock did not reload");
        m_ui.type(QStringLiteral("modelSoPinFile"), QStringLiteral("/etc/countersign/epass3003.sopin"));
        m_ui.click(QStringLiteral("saveModel"));
        need(m_ui.waitFor([this] { return m_ui.exists(QStringLiteral("stockError")); }),
             "the factory SO PIN file was not checked");
        m_ui.settle(400);
        shot(QStringLiteral("office-stock-models"));

        m_ui.click(QStringLiteral("stockView_writeoff"));
        m_ui.type(QStringLiteral("writeOffSerial"), serial);
        m_ui.type(QStringLiteral("writeOffReason"), QStringLiteral("casing cracked on delivery"));
        m_ui.type(QStringLiteral("writeOffReference"), QStringLiteral("WO-2026-07"));
        m_ui.click(QStringLiteral("writeOffButton"));
        need(m_ui.waitFor([this] { return m_ui.exists(QStringLiteral("confirmWriteOff")); }),
             "the write-off asked for no confirmation");
        m_ui.settle(400);
        shot(QStringLiteral("office-stock-write-off"));
        m_ui.click(QStringLiteral("cancelWriteOff"));

        openTab(QStringLiteral("settings"));
        need(m_ui.waitFor(
                 [this] {
                     return m_ui.exists(QStringLiteral("doctorChecks")) &&
                            !m_ui.property(QStringLiteral("settingsController"), "checking").toBool() &&
                            m_ui.property(QStringLiteral("settingsController"), "checkedAt").toString() !=
                                QString();
                 },
                 60000),
             "the settings page's checks did not finish");
        m_ui.settle(400);
        shot(QStringLiteral("office-settings"));
    }

    /// The counter's past: the newest transactions, one's detail (the agent masked), and the supervisor's
    /// approval a void asks for after its confirm step — cancelled, so the walk's transactions stay as they
    /// are.
    void walkSearch() {
        openTab(QStringLiteral("search"));
        const QString controller = QStringLiteral("searchController");
        need(m_ui.waitFor([&] {
            return m_ui.property(controller, "searched").toBool() &&
                   !m_ui.property(controller, "busy").toBool();
        }),
             "the search did not answer");
        m_ui.settle(300);
        shot(QStringLiteral("office-search-results"));
        auto* results =
            qobject_cast<QAbstractItemModel*>(m_ui.find(controller)->property("results").value<QObject*>());
        need(results != nullptr, "the search page has no results");
        const auto role = [results](const QByteArray& name) { return results->roleNames().key(name, -1); };
        // The newest with a fee, else the newest with a receipt.
        QString number, paid;
        for (int row = 0; row < results->rowCount(); ++row) {
            const QModelIndex at = results->index(row, 0);
            if (results->data(at, role("receipt")).toString().isEmpty() ||
                results->data(at, role("voided")).toBool())
                continue;
            if (number.isEmpty())
                number = results->data(at, role("number")).toString();
            if (paid.isEmpty() && results->data(at, role("totalFen")).toLongLong() > 0)
                paid = results->data(at, role("number")).toString();
        }
        if (!paid.isEmpty())
            number = paid;
        need(!number.isEmpty(), "the search found no transaction with a receipt");
        m_ui.click(QStringLiteral("result_") + number);
        need(m_ui.waitFor([this] { return m_ui.exists(QStringLiteral("detailVoid")); }),
             "the transaction's detail did not open");
        m_ui.settle(300);
        shot(QStringLiteral("office-transaction-detail"));
        m_ui.click(QStringLiteral("detailVoid"));
        need(m_ui.waitFor([this] { return m_ui.exists(QStringLiteral("pastReason")); }),
             "the void's confirm step did not open");
        m_ui.type(QStringLiteral("pastReason"), QStringLiteral("The company's name on the receipt is wrong"));
        m_ui.click(QStringLiteral("pastContinue"));
        need(m_ui.waitFor([this] { return m_ui.exists(QStringLiteral("approvalUser")); }),
             "the supervisor's approval was not asked");
        m_ui.settle(300);
        shot(QStringLiteral("office-void-approval"));
        m_ui.click(QStringLiteral("approvalCancel"));
        m_ui.click(QStringLiteral("detailBack"));
        m_ui.settle(200);
    }

    /// The reports beside the daily one: this centre's last 30 days with their charts, every centre side by
    /// side (an admin's), and the certificates expiring within 400 days (the walk's are new).
    void walkReports() {
        openTab(QStringLiteral("reports"));
        const auto loaded = [this](const char* kind) {
            return m_ui.waitFor([this, kind] {
                return m_ui.exists(QStringLiteral("officeReports")) &&
                       m_ui.property(QStringLiteral("officeReports"), "kind").toString() ==
                           QLatin1String(kind) &&
                       !m_ui.property(QStringLiteral("officeReports"), "busy").toBool();
            });
        };
        need(loaded("range"), "the range report did not load");
        m_ui.settle(800);
        shot(QStringLiteral("office-report-range"));
        m_ui.click(QStringLiteral("reportKind_centres"));
        need(loaded("centres"), "the centres report did not load");
        m_ui.settle(800);
        shot(QStringLiteral("office-report-centres"));
        m_ui.click(QStringLiteral("reportKind_expiring"));
        need(loaded("expiring"), "the expiring report did not load");
        m_ui.type(QStringLiteral("reportDays"), QStringLiteral("400"));
        m_ui.click(QStringLiteral("reportShow"));
        need(m_ui.waitFor([this] {
            return m_ui.property(QStringLiteral("officeReports"), "report")
                           .toMap()
                           .value(QStringLiteral("days"))
                           .toInt() == 400 &&
                   !m_ui.property(QStringLiteral("officeReports"), "busy").toBool();
        }),
             "the expiring report did not load");
        m_ui.settle(600);
        shot(QStringLiteral("office-report-expiring"));
    }

    /// Opens a tab of the back office (`tab_<id>`) and lets its page load.
    void openTab(const QString& id) {
        m_ui.click(QStringLiteral("tab_") + id);
        m_ui.settle(600);
    }

    Kiosk& m_kiosk;
    QQuickWindow* m_window;
    ScreenshotWalk& m_walk;
    ScreenDriver m_ui;
    papers::DemoLetterIssuer m_letters;
    LayoutReport m_layout;
    QElapsedTimer m_clock;
    qint64 m_otherSizesMs = 0;
    int m_count = 0;
};

} // namespace

int runScreenshotWalk(Kiosk& kiosk, ScreenshotWalk walk) {
    QQuickWindow* window = kiosk.load();
    if (!window)
        return 1;
    if (walk.sizes.isEmpty())
        walk.sizes = {kDefaultShotSize};
    window->resize(walk.sizes.first());
    window->show();
    try {
        if (!kiosk.workstation().config().demo)
            throw std::runtime_error(
                "--screenshots runs on a demo counter only ([demo] enabled=true): it really "
                "issues, replaces and unlocks keys");
        ScreenDriver ui(window);
        if (!ui.waitFor([&] { return kiosk.workstation().ready(); }, 30000))
            throw std::runtime_error("the counter is not ready: " +
                                     kiosk.workstation().setupDetail().toStdString());
        Walker walker(kiosk, window, walk);
        walker.run();
        if (walk.checkLayout && walker.layout().count() > 0) {
            std::fprintf(stderr, "countersign_screenshots: %d layout problem(s):\n", walker.layout().count());
            for (const QString& line : walker.layout().lines())
                std::fprintf(stderr, "  %s\n", qPrintable(line));
            return 3;
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "countersign_screenshots: %s\n", e.what());
        return 1;
    }
}

} // namespace countersign::test
