#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/connection>

#include "backend/approvals/approvals.h"
#include "backend/ca/builtinca.h"
#include "backend/config.h"
#include "backend/identifiers/date.h"
#include "backend/papers/assistanceletter.h"
#include "backend/papers/papercheck.h"
#include "backend/workflow/workflow.h"
#include "tests/support/testenv.h"
#include "token/keydevice.h"

namespace countersign::test {

/// A whole counter for workflow tests: a fresh database with centre TJ01 / counter 01, an operator, a second
/// operator and a supervisor, the built-in CA (issuing key in a file), an SO PIN master secret, the DEMO tax
/// office (its root trusted for assistance letters), and the writer: SoftHSM2 behind the test fault module,
/// whose PIN counters are shared with countersignctl processes (CSFAULT_STATE_DIR). No operation requires
/// scans ([scanner] required_scans_* none) unless `extraConfig` has a [scanner] section of its own: then the
/// configuration's defaults (or its own settings) hold.
class CounterFixture {
public:
    explicit CounterFixture(const std::string& feeSchedule = "tianjin-2018",
                            const std::string& extraConfig = {});
    ~CounterFixture();

    TestDatabase db;
    long long operatorId = 0;
    long long operator2Id = 0;
    long long supervisorId = 0;
    static constexpr const char* kOperatorPassword = "operator-password";
    static constexpr const char* kSupervisorPassword = "supervisor-password";
    std::string dir;        ///< this fixture's scratch directory
    std::string configPath; ///< countersign.conf for countersignctl
    AppConfig config;
    std::unique_ptr<pqxx::connection> conn; ///< as counter 01's own login role (db.connect() is the owner)

private:
    auth::SessionToken m_operatorSession;

public:
    /// The agent and enterprise of the default letters (valid USCC and resident ID).
    static constexpr const char* kUscc = "91350100M000100Y43";
    static constexpr const char* kOrg = "天津测试科技有限公司";
    static constexpr const char* kAgentName = "张三";
    static constexpr const char* kAgentId = "11010519491231002X";
    /// The tax office of the default letters, the one the demo signer is registered for.
    static constexpr const char* kOffice = "11201010000";

    /// A DEMO-signed assistance letter (JWS text); `no` must be unique per test unless reuse is the point.
    std::string letter(const std::string& no, const std::string& uscc = kUscc, const std::string& org = kOrg,
                       Date issued = {}, Date expires = {}, std::vector<std::string> biz = {"NEW"}) const;
    /// That letter's fields, unsigned: of kOffice, valid from yesterday for 30 days unless given.
    papers::AssistanceLetter letterFields(const std::string& no, const std::string& uscc = kUscc,
                                          const std::string& org = kOrg, Date issued = {}, Date expires = {},
                                          std::vector<std::string> biz = {"NEW"}) const;
    std::string letterFile(const std::string& no) const;
    /// An authorization letter for this enterprise and agent, valid from 10 days ago for 30 days, sealed.
    static papers::AuthorizationLetter authorizationLetter(bool replace, bool unlock,
                                                           const std::string& uscc = kUscc);
    /// An authorization letter (JSON file for countersignctl) for this enterprise and agent.
    std::string authorizationLetterFile(const std::string& name, const std::vector<std::string>& business,
                                        const std::string& uscc = kUscc, Date from = {}, Date to = {}) const;

    /// countersignctl with this counter's configuration and the shared fault-module state.
    ProcessResult ctl(std::vector<std::string> args, const std::string& input = {},
                      std::vector<std::pair<std::string, std::string>> env = {}) const;
    /// The same command line built with the crash tests' hook (tests/workflow/crashctl.cpp): the process
    /// kills itself with SIGKILL when the workflow reaches `point` ("done:cert_issued" …).
    ProcessResult ctlCrashingAt(const std::string& point, std::vector<std::string> args,
                                const std::string& input = {}) const;
    /// The operator's options: --operator op --password-fd 0 (the password is the first line of `input`);
    /// withIdCard's too.
    static std::vector<std::string> asOperator(std::vector<std::string> args);
    /// new, replace and unlock without --id-card get the default letters' agent's (kAgentId), as the agent
    /// in person would present it; ctl and ctlCrashingAt add it too. A test of the option's absence runs
    /// countersignctl itself.
    static std::vector<std::string> withIdCard(std::vector<std::string> args);

    /// The workflow in this process, over the fault module and the built-in CA.
    struct InProcess {
        std::unique_ptr<token::KeyDevice> keys;
        std::unique_ptr<ca::BuiltinCa> ca;
        std::unique_ptr<workflow::Workflow> flow;
    };
    InProcess open();

    /// The operator's staff session at this counter (logged in at the first call, and again when a
    /// countersignctl run as "op" replaced it): what the workflow's requests carry, as the kiosk's and
    /// countersignctl's do, for the database to record the person.
    const auth::SessionToken& operatorSession();

    /// The supervisor's approval at this counter: their password checked for it (approvals::verifySupervisor
    /// for the operator), carrying the approval session the database spends.
    approvals::Approver supervisorApproval();

    /// A valid 1×1 PNG: a scan for operations that require one.
    static std::string tinyPng();
    /// Locks a key's user PIN the way a holder does: 6 wrong PINs.
    void lockUserPin(const std::string& serial);
    /// Issues a NEW certificate in this process and returns the key's serial; the scans the configuration
    /// requires of a NEW are attached (tinyPng()). `algorithm`: the key pair's
    /// (EC P-256 unless given); nullopt leaves it to the profile and the key's mechanisms, as the kiosk does.
    std::string issueNew(const std::string& letterNo, const std::string& pin = "135790",
                         std::optional<token::KeyAlgorithm> algorithm = token::KeyAlgorithm::EcP256);
    /// Registers a vendor's key model (as its keys report it, CK_TOKEN_INFO.model) with its factory SO PIN in
    /// a file of mode 0600, as an admin does (countersignctl stock model set MODEL --factory-so-pin-file):
    /// NEW and REPLACE then initialise a key of the model still on its factory SO PIN with it, once.
    void registerKeyModel(const std::string& model, const std::string& factorySoPin);

    /// `openssl verify` of the certificate (DER) against the built-in CA's chain; returns its output.
    ProcessResult opensslVerify(const std::string& certificateDer);
    /// The CA's current CRL as `openssl crl -text` prints it.
    std::string crlText();
    /// The one certificate (not a CA's) on the key in the writer with this serial.
    token::CertificateInfo certificateOnKey(const std::string& serial);
    /// NULL (nullopt) when the counter's audit chain is intact, else the first bad sequence number.
    std::optional<long long> auditBrokenAt();
    /// A single value from the database, as text.
    std::string scalar(const std::string& sql, const std::string& param = {});

    /// lockUserPin through a device this process already has open (from open()): a second device would
    /// finalise the module under the first when it goes away.
    static void lockUserPin(token::KeyDevice& device, const std::string& serial);
};

} // namespace countersign::test
