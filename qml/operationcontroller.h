#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <QObject>
#include <QPointer>
#include <QString>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/QQmlParserStatus>
#include <QtQml/qqmlregistration.h>

#include "backend/approvals/approver.h"
#include "backend/counter/secrets.h"
#include "backend/counter/station.h"
#include "qml/pinentry.h"
#include "qml/scancontroller.h"
#include "qml/stepprogress.h"

namespace countersign::qml {

class Session;
class Workstation;
/// What came back from an operation's job on the token thread.
using JobResult = counter::JobResult<workflow::Outcome>;

/// One guided counter operation (NEW, RENEW, UPGRADE, REPLACE, UNLOCK) as its screens see it: the papers the
/// operator scanned or typed, the checks, the fee and payment, the key steps and the outcome. It decides
/// nothing: every rule runs in backend/workflow, on the token thread (which also holds the key, the CA and
/// a database connection of its own), so the GUI thread never waits. QML makes one per flow.
class OperationController : public QObject, public QQmlParserStatus {
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_ELEMENT
    Q_PROPERTY(QString kind READ kind WRITE setKind NOTIFY kindChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorChanged)

    // Papers
    Q_PROPERTY(QString letterText READ letterText WRITE setLetterText NOTIFY papersChanged)
    Q_PROPERTY(QVariantMap handEntered READ handEntered WRITE setHandEntered NOTIFY papersChanged)
    Q_PROPERTY(QVariantMap authorization READ authorization WRITE setAuthorization NOTIFY papersChanged)
    Q_PROPERTY(bool damaged READ damaged WRITE setDamaged NOTIFY papersChanged)
    Q_PROPERTY(bool waiverAttested READ waiverAttested WRITE setWaiverAttested NOTIFY papersChanged)
    Q_PROPERTY(QString keySerial READ keySerial WRITE setKeySerial NOTIFY papersChanged)
    Q_PROPERTY(QString oldKeySerial READ oldKeySerial WRITE setOldKeySerial NOTIFY papersChanged)
    Q_PROPERTY(QString algorithm READ algorithm WRITE setAlgorithm NOTIFY papersChanged)
    Q_PROPERTY(bool finalTryConfirmed READ finalTryConfirmed WRITE setFinalTryConfirmed NOTIFY papersChanged)

    // Approvals (DESIGN §6): who approved what, by name
    Q_PROPERTY(QString handEntryApprovedBy READ handEntryApprovedBy NOTIFY approvalsChanged)
    Q_PROPERTY(QString waiverApprovedBy READ waiverApprovedBy NOTIFY approvalsChanged)
    Q_PROPERTY(QString refundApprovedBy READ refundApprovedBy NOTIFY approvalsChanged)
    Q_PROPERTY(QString usccOverrideApprovedBy READ usccOverrideApprovedBy NOTIFY approvalsChanged)

    // Checks
    Q_PROPERTY(bool checked READ checked NOTIFY checksChanged)
    Q_PROPERTY(bool checksPassed READ checksPassed NOTIFY checksChanged)
    Q_PROPERTY(QVariantList checks READ checks NOTIFY checksChanged)
    Q_PROPERTY(QString company READ company NOTIFY checksChanged)
    Q_PROPERTY(QString uscc READ uscc NOTIFY checksChanged)
    Q_PROPERTY(QString agentName READ agentName NOTIFY checksChanged)
    Q_PROPERTY(QString agentIdNo READ agentIdNo NOTIFY checksChanged)
    /// The new key pair's algorithm the checks chose ("RSA-2048"; the profile's, as the key offers it), empty
    /// for an unlock.
    Q_PROPERTY(QString keyAlgorithm READ keyAlgorithm NOTIFY checksChanged)
    Q_PROPERTY(QString birthDate READ birthDate NOTIFY checksChanged)

    // Fee, payment, invoice
    Q_PROPERTY(QVariantList feeLines READ feeLines NOTIFY checksChanged)
    Q_PROPERTY(qint64 totalFen READ totalFen NOTIFY checksChanged)
    Q_PROPERTY(bool invoiceWanted READ invoiceWanted WRITE setInvoiceWanted NOTIFY paymentChanged)
    Q_PROPERTY(QVariantMap invoice READ invoice WRITE setInvoice NOTIFY paymentChanged)
    Q_PROPERTY(QString paymentProblem READ paymentProblem NOTIFY paymentChanged)

    // The key steps and the outcome
    Q_PROPERTY(QVariantList steps READ steps NOTIFY progressChanged)
    Q_PROPERTY(bool running READ running NOTIFY progressChanged)
    Q_PROPERTY(bool paused READ paused NOTIFY progressChanged)
    Q_PROPERTY(bool keyRemoved READ keyRemoved NOTIFY progressChanged)
    Q_PROPERTY(bool finished READ finished NOTIFY progressChanged)
    Q_PROPERTY(bool cancelled READ cancelled NOTIFY progressChanged)
    Q_PROPERTY(QString transactionNumber READ transactionNumber NOTIFY progressChanged)
    Q_PROPERTY(QString receiptNumber READ receiptNumber NOTIFY progressChanged)
    Q_PROPERTY(QString receiptQr READ receiptQr NOTIFY progressChanged)
    Q_PROPERTY(QString certificateSerial READ certificateSerial NOTIFY progressChanged)
    Q_PROPERTY(QString notAfter READ notAfter NOTIFY progressChanged)
    Q_PROPERTY(QString resultKeySerial READ resultKeySerial NOTIFY progressChanged)
    /// The running key step's elapsed time and what it usually takes on this key model.
    Q_PROPERTY(countersign::qml::StepProgress* stepProgress READ stepProgress CONSTANT)

    // Evidence scans (issue 22, "scans"): the letter and the ID card's front and back, attached before the
    // check; which are required is [scanner] required_scans_<operation>. They are the operation's evidence.
    Q_PROPERTY(countersign::qml::ScanController* scans READ scans CONSTANT)

public:
    explicit OperationController(QObject* parent = nullptr);
    ~OperationController() override;

    void classBegin() override {}
    /// Takes the services from the engine's singletons (Workstation, Session, and the Writer's door).
    void componentComplete() override;

    QString kind() const { return m_kind; }
    void setKind(const QString& kind);
    bool busy() const { return m_busy; }
    QString errorText() const { return m_error; }

    QString letterText() const { return m_letterText; }
    void setLetterText(const QString& text);
    QVariantMap handEntered() const { return m_handEntered; }
    void setHandEntered(const QVariantMap& fields);
    QVariantMap authorization() const { return m_authorization; }
    void setAuthorization(const QVariantMap& fields);
    bool damaged() const { return m_damaged; }
    void setDamaged(bool damaged);
    bool waiverAttested() const { return m_waiverAttested; }
    void setWaiverAttested(bool attested);
    QString keySerial() const { return m_keySerial; }
    void setKeySerial(const QString& serial);
    QString oldKeySerial() const { return m_oldKeySerial; }
    void setOldKeySerial(const QString& serial);
    QString algorithm() const { return m_algorithm; }
    void setAlgorithm(const QString& algorithm);
    bool finalTryConfirmed() const { return m_finalTryConfirmed; }
    void setFinalTryConfirmed(bool confirmed);

    QString handEntryApprovedBy() const { return m_handEntryApproval.name; }
    QString waiverApprovedBy() const { return m_waiverApproval.name; }
    QString refundApprovedBy() const { return m_refundApproval.name; }
    QString usccOverrideApprovedBy() const { return m_usccApproval.name; }

    bool checked() const { return m_checked; }
    bool checksPassed() const { return m_checksPassed; }
    QVariantList checks() const { return m_checks; }
    QString company() const { return m_company; }
    QString uscc() const { return m_uscc; }
    QString agentName() const { return m_agentName; }
    QString agentIdNo() const { return m_agentIdNo; }
    QString keyAlgorithm() const { return m_keyAlgorithm; }
    QString birthDate() const;

    QVariantList feeLines() const { return m_feeLines; }
    qint64 totalFen() const { return m_totalFen; }
    bool invoiceWanted() const { return m_invoiceWanted; }
    void setInvoiceWanted(bool wanted);
    QVariantMap invoice() const { return m_invoice; }
    void setInvoice(const QVariantMap& invoice);
    /// What is wrong with the payment and invoice as entered; empty when the operator can go on.
    QString paymentProblem() const;

    QVariantList steps() const { return m_steps; }
    bool running() const { return m_running; }
    bool paused() const { return m_paused; }
    bool keyRemoved() const { return m_keyRemoved; }
    bool finished() const { return m_finished; }
    bool cancelled() const { return m_cancelled; }
    QString transactionNumber() const { return m_transactionNumber; }
    QString receiptNumber() const { return m_receiptNumber; }
    QString receiptQr() const { return m_receiptQr; }
    QString certificateSerial() const { return m_certificateSerial; }
    QString notAfter() const { return m_notAfter; }
    QString resultKeySerial() const { return m_resultKeySerial; }
    StepProgress* stepProgress() const { return m_stepProgress; }
    ScanController* scans() const { return m_scans; } // scans

public Q_SLOTS:
    /// Checks the papers, the key and the fee (nothing is written but a refusal's audit entry): checked()
    /// or refused() follows.
    void check();
    /// A supervisor approves `what` (hand_entry, waiver, refund, uscc_override) at the counter: approved() or
    /// approvalFailed() follows. The password is wiped once checked.
    void approve(const QString& what, const QString& username, const QString& password);
    /// Runs the operation. `pin` is the holder's PIN (RENEW, UPGRADE) or the agent's new PIN (NEW, REPLACE,
    /// UNLOCK); `repeat` its second entry (new PINs). The secrets are taken from the entries and wiped when
    /// the operation is over.
    void run(countersign::qml::PinEntry* pin, countersign::qml::PinEntry* repeat);
    /// Continues after a pulled key is back in the writer (or the CA answers again).
    void resume();
    /// Gives the started transaction up: the certificate is revoked, the fee refunded (approved by the
    /// supervisor of approve("refund")), the new key wiped and back in stock.
    void cancelTransaction();
    /// Forgets everything but the kind: a new agent at the counter.
    void reset();

Q_SIGNALS:
    void kindChanged();
    void busyChanged();
    void errorChanged();
    void papersChanged();
    void approvalsChanged();
    void checksChanged();
    void paymentChanged();
    void progressChanged();

    void checkDone(bool passed);
    void approved(const QString& what, const QString& supervisor);
    void approvalFailed(const QString& what, const QString& reason);
    void completed();
    void stopped(const QString& reason);

public:
    /// A copy of everything an operation needs, handed to the token thread.
    struct Job {
        long long counterId = 0;
        counter::OperationInput input;
        std::optional<approvals::Approver>
            refundApprovedBy; ///< giving up: the supervisor who approved the refund
    };
    enum class Mode { Run, Resume, Cancel };

private:
    struct Approval {
        std::optional<approvals::Approver> id; ///< who, with the approval session the database spends
        QString name;
    };
    Job makeJob(bool preview) const;
    /// The invoice as the operator filled it in.
    fees::InvoiceInput invoiceInput() const;
    /// Runs `job` on the token thread: the operation, or the resume or giving up of `transaction` (empty: the
    /// one this counter started last); `done(const JobResult&)` follows on the GUI thread.
    template <typename Done> void start(Job job, std::string transaction, Mode mode, Done done);
    void finishRun(const JobResult& result);
    /// The operator reads Chinese (the kiosk's language is not English).
    bool chinese() const;
    /// Why nothing can start now, or empty.
    QString notReady() const;
    void setBusy(bool busy);
    void setError(const QString& error);
    /// An error line made again when the language changes: the frame is translated, the backend's words in
    /// it (an OpenSSL or PostgreSQL message) are not.
    void setLiveError(std::function<QString()> text);
    void resetSteps();
    void onStage(const QString& state);
    void markRunningStep(const QString& state);
    /// Reads what each key step usually takes on the model of the key worked on (on the database thread).
    void readEstimates();
    void applyChecks(const QVariantList& checks, bool passed);

    Workstation* m_workstation = nullptr;
    Session* m_session = nullptr;
    counter::Station* m_station = nullptr;

    QString m_kind = QStringLiteral("NEW");
    bool m_busy = false;
    /// The agent's PIN submitted while another job (a check) was still running: run once that is done.
    struct PendingRun {
        QPointer<PinEntry> pin, repeat;
    };
    std::optional<PendingRun> m_pendingRun;
    QString m_error;
    std::function<QString()> m_errorText; ///< set: m_error follows the language

    QString m_letterText;
    QVariantMap m_handEntered;
    QVariantMap m_authorization;
    bool m_damaged = false;
    bool m_waiverAttested = false;
    QString m_keySerial;
    QString m_oldKeySerial;
    QString m_algorithm = QStringLiteral("rsa2048");
    bool m_finalTryConfirmed = false;

    Approval m_handEntryApproval, m_waiverApproval, m_refundApproval, m_usccApproval;

    bool m_checked = false;
    bool m_checksPassed = false;
    QVariantList m_checks;
    QString m_company, m_uscc, m_agentName, m_agentIdNo, m_keyAlgorithm;
    QVariantList m_feeLines;
    qint64 m_totalFen = 0;
    bool m_invoiceWanted = false;
    QVariantMap m_invoice;

    QVariantList m_steps;
    bool m_running = false;
    bool m_paused = false;
    bool m_keyRemoved = false;
    bool m_finished = false;
    bool m_cancelled = false;
    QString m_transactionNumber, m_receiptNumber, m_receiptQr, m_certificateSerial, m_notAfter,
        m_resultKeySerial;
    StepProgress* m_stepProgress = nullptr; ///< a child
    ScanController* m_scans = nullptr;      ///< a child (scans); its required set follows the kind
    void setRequiredScans();                ///< scans
    /// The PIN the remaining key steps need, kept (only) until the transaction is over.
    std::shared_ptr<Secret> m_pin;

    // --- checks: decision card ---------------------------------------------------------------------------
    // What the operator decides on, from the preview that passed (empty otherwise): agentIdMasked (as the
    // receipt prints it), letterNo, officeCode, officeName, letterValidUntil (YYYY-MM-DD), letterBusiness
    // (["REPLACE", "UNLOCK"] as the authorization letter ticks them), keySerial, oldKeySerial (REPLACE),
    // keyCertificateSerial and keyCertificateNotAfter (the certificate on the key). Whom the papers name is
    // company, uscc and agentName above. Filled in qml/decisioncard.cpp.
    Q_PROPERTY(QVariantMap decision READ decision NOTIFY checksChanged)

public:
    QVariantMap decision() const { return m_decision; }

private:
    void setDecision(const workflow::Outcome* preview);
    QVariantMap m_decision;

    // fees: split payments (issue 22) — the fee paid in several lines (part cash, part WeChat Pay …) until
    // nothing remains, and the invoice form's problems field by field; backend/fees checks both
    // (qml/operationfees.cpp).
    /// The payment lines as the operator entered them: {method ("cash", "bank_card", "wechat_pay", "alipay"),
    /// amount (yuan as typed), reference, amountProblem, referenceProblem (translated, "" when fine)}.
    Q_PROPERTY(QVariantList payments READ payments NOTIFY paymentChanged)
    /// What is still to be paid, in fen: the total less the lines' amounts that parse (negative: over-paid).
    Q_PROPERTY(qint64 remainingFen READ remainingFen NOTIFY paymentChanged)

public:
    QVariantList payments() const;
    qint64 remainingFen() const;
    /// A new line paid by `method`, for what remains (empty when nothing does).
    Q_INVOKABLE void addPayment(const QString& method);
    Q_INVOKABLE void removePayment(int index);
    /// Sets line `index`'s "method", "amount" or "reference" to `value`.
    Q_INVOKABLE void updatePayment(int index, const QString& key, const QString& value);
    /// Sets one field of the invoice ("buyerKind", "buyerName", "buyerTaxpayerId", "addressPhone",
    /// "bankAccount", "deliveryEmail", "deliveryMobile"). A buyer turning from the enterprise to the agent
    /// (individual) takes the agent's name and no taxpayer ID, and back.
    Q_INVOKABLE void setInvoiceField(const QString& key, const QString& value);
    /// What is wrong with the invoice field `key` if it held `text` (the rest as entered): the backend's
    /// check of that field (fees::invoiceProblems), "" when fine.
    Q_INVOKABLE QString invoiceFieldProblem(const QString& key, const QString& text) const;

private:
    struct PaymentLine {
        QString method = QStringLiteral("cash");
        QString amount; ///< yuan as typed
        QString reference;
    };
    /// One cash line for the whole amount due (none when nothing is due): the common case takes no input.
    void resetPayments();
    /// The lines as the backend takes them; an amount that doesn't parse counts as 0.
    std::vector<fees::PaymentInput> paymentInputs() const;
    /// What is wrong with the lines, or "" (part of paymentProblem()).
    QString paymentLinesProblem() const;
    /// An invoice form's fields (the keys of setInvoiceField) as the backend takes them, trimmed.
    static fees::InvoiceInput invoiceInputOf(const QVariantMap& form);
    std::vector<PaymentLine> m_payments;
    // --- idcard: the agent's ID card (NEW, REPLACE, UNLOCK; DESIGN §3.3), qml/operationidcard.cpp ----------
    // The number of the card in front of the operator, typed or scanned (qml/IdCardField.qml); the check
    // "id_card" compares it with the letter's agent. For NEW, the agent the scanned letter's QR names, read
    // for the operator to compare before the check (not verified: the check compares with the verified
    // letter). Changing the number sends the papers to be checked again.
    Q_PROPERTY(QString idCardNo READ idCardNo WRITE setIdCardNo NOTIFY papersChanged)
    Q_PROPERTY(QString letterAgentName READ letterAgentName NOTIFY papersChanged)
    Q_PROPERTY(QString letterAgentIdNo READ letterAgentIdNo NOTIFY papersChanged)

public:
    QString idCardNo() const { return m_idCardNo; }
    void setIdCardNo(const QString& number);
    QString letterAgentName() const;
    QString letterAgentIdNo() const;

private:
    QString m_idCardNo;
};

} // namespace countersign::qml
