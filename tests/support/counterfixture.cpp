#include "tests/support/counterfixture.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include <QDate>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <pqxx/result>
#include <pqxx/transaction>

#include <sys/stat.h>

#include "backend/auth/authenticator.h"
#include "backend/ca/caconnector.h"
#include "backend/papers/demoletterissuer.h"
#include "backend/scans.h"
#include "backend/tokensetup.h"
#include "tests/support/faultkey.h"
#include "tests/support/softhsmstore.h"
#include "token/owned.h"
#include "token/tokenerror.h"

namespace countersign::test {

namespace {

// Days from the centre's today (the test configuration's zone, the default Asia/Shanghai): the counter judges
// a letter's dates there, whatever the machine's zone.
Date dayFromToday(int days) {
    const Date today = papers::centreToday("Asia/Shanghai");
    const QDate d = QDate(today.year, today.month, today.day).addDays(days);
    return Date{d.year(), d.month(), d.day()};
}

std::string pemOf(const std::string& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    Owned<X509> cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!cert)
        throw std::runtime_error("not a DER certificate");
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), cert.get());
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

// The workflow and countersignctl tests are not about scans: unless a test's own configuration has a
// [scanner] section, no operation requires any (the default requires the letter and the ID card's front for
// NEW, REPLACE and UNLOCK; tests/qml/test_scans.cpp, test_ui_flows.cpp and the screenshot walk run with it).
std::string noScansRequired(const std::string& extraConfig) {
    if (extraConfig.find("[scanner]") != std::string::npos)
        return {};
    return "\n[scanner]\nrequired_scans_new=none\nrequired_scans_replace=none\nrequired_scans_unlock=none\n";
}

} // namespace

std::string CounterFixture::tinyPng() {
    return QByteArray::fromBase64(
               "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAA"
               "AABJRU5ErkJggg==")
        .toStdString();
}

CounterFixture::CounterFixture(const std::string& feeSchedule, const std::string& extraConfig) {
    dir = scratchDir() + "/" + db.name();
    QDir().mkpath(QString::fromStdString(dir + "/faultstate"));
    ::setenv("CSFAULT_STATE_DIR", (dir + "/faultstate").c_str(), 1);
    operatorId = db.addStaff("op", kOperatorPassword, "operator");
    operator2Id = db.addStaff("op2", kOperatorPassword, "operator");
    supervisorId = db.addStaff("sup", kSupervisorPassword, "supervisor");
    const std::string master = dir + "/master.key";
    {
        std::ofstream out(master);
        out << "counter fixture master secret, 32+ bytes long";
    }
    ::chmod(master.c_str(), 0600);
    configPath = writeTestConfig(
        db, "[pkcs11]\nmodule=" + FaultKey::modulePath() + "\n\n[sopin]\nmaster_file=" + master +
                "\n\n[ca]\nkey_file=" + dir +
                "/issuing.key\ncrl_url=http://ca.example.cn/test.crl\n\n[fees]\nschedule=" + feeSchedule +
                "\n\n" + extraConfig + noScansRequired(extraConfig));
    config = loadConfig(QString::fromStdString(configPath));
    {
        // Setting up the CA is the installer's work, as the database owner.
        auto owner = db.connect();
        ca::BuiltinCa::initialise(*owner, ca::builtinCaConfig(config), ca::CaKeyAlgorithm::EcP256,
                                  "测试中心");
    }
    conn = db.connectAsCounter();
    papers::DemoLetterIssuer::init(dir + "/taxoffice");
    // Trusting the tax office is set-up work, with the owner's login (an admin's at a counter otherwise).
    const std::string ownerConfig = writeTestConfig(db, {}, DatabaseLogin::Owner);
    const auto trust = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"--config", ownerConfig, "letter", "trust", "add"});
        return runProcess(COUNTERSIGNCTL_PATH, args);
    };
    const auto trusted = trust({"--anchor", dir + "/taxoffice/demo-root.crt"});
    // The signer of the tax office whose letters letter() makes.
    const auto signer = trust({"--signer", dir + "/taxoffice/demo-signer.crt", "--office", kOffice});
    if (trusted.exitCode != 0 || signer.exitCode != 0)
        throw std::runtime_error("letter trust add failed: " + trusted.err + signer.err);
}

CounterFixture::~CounterFixture() = default;

const auth::SessionToken& CounterFixture::operatorSession() {
    if (m_operatorSession) {
        // One open session per person and counter: a countersignctl run as "op" since replaced this one.
        auto owner = db.connect();
        pqxx::read_transaction tx{*owner};
        if (!tx.exec_params1("SELECT ended_at IS NULL FROM countersign.staff_sessions "
                             "WHERE token_hash = sha256(decode($1, 'hex'))",
                             m_operatorSession->c_str())[0]
                 .as<bool>())
            m_operatorSession.reset();
    }
    if (!m_operatorSession) {
        const auto login = auth::logIn(*conn, auth::LoginPurpose::Login, "op", Secret(kOperatorPassword));
        if (login.status != auth::LoginStatus::Ok)
            throw std::runtime_error("the fixture's operator could not log in");
        m_operatorSession = login.session;
    }
    return m_operatorSession;
}

approvals::Approver CounterFixture::supervisorApproval() {
    return approvals::verifySupervisor(*conn, operatorSession(), {"sup", Secret(kSupervisorPassword)});
}

std::string CounterFixture::letter(const std::string& no, const std::string& uscc, const std::string& org,
                                   Date issued, Date expires, std::vector<std::string> biz) const {
    papers::DemoLetterIssuer issuer(dir + "/taxoffice");
    return issuer.issue(letterFields(no, uscc, org, issued, expires, std::move(biz)));
}

papers::AssistanceLetter CounterFixture::letterFields(const std::string& no, const std::string& uscc,
                                                      const std::string& org, Date issued, Date expires,
                                                      std::vector<std::string> biz) const {
    papers::AssistanceLetter l;
    l.no = no;
    l.office = kOffice;
    l.officeName = "国家税务总局天津市河西区税务局（演示）";
    l.uscc = uscc;
    l.org = org;
    l.agentName = kAgentName;
    l.agentIdNo = kAgentId;
    l.issued = issued.isValid() ? issued : dayFromToday(-1);
    l.expires = expires.isValid() ? expires : dayFromToday(30);
    l.biz = std::move(biz);
    return l;
}

std::string CounterFixture::letterFile(const std::string& no) const {
    return writeScratchFile(db.name() + "-letter-" + no + ".txt", letter(no));
}

papers::AuthorizationLetter CounterFixture::authorizationLetter(bool replace, bool unlock,
                                                                const std::string& uscc) {
    papers::AuthorizationLetter l;
    l.companyName = kOrg;
    l.companyId = uscc;
    l.agentName = kAgentName;
    l.agentIdNo = kAgentId;
    l.agentMobile = "13800138000";
    l.replaceTicked = replace;
    l.unlockTicked = unlock;
    l.validFrom = dayFromToday(-10);
    l.validTo = dayFromToday(30);
    l.letterDate = dayFromToday(-10);
    l.sealConfirmed = true;
    return l;
}

std::string CounterFixture::authorizationLetterFile(const std::string& name,
                                                    const std::vector<std::string>& business,
                                                    const std::string& uscc, Date from, Date to) const {
    QJsonArray biz;
    for (const auto& b : business)
        biz.append(QString::fromStdString(b));
    const QJsonObject o{
        {QStringLiteral("company_name"), QString::fromUtf8(kOrg)},
        {QStringLiteral("company_id"), QString::fromStdString(uscc)},
        {QStringLiteral("agent_name"), QString::fromUtf8(kAgentName)},
        {QStringLiteral("agent_id"), QString::fromLatin1(kAgentId)},
        {QStringLiteral("agent_mobile"), QStringLiteral("13800138000")},
        {QStringLiteral("business"), biz},
        {QStringLiteral("valid_from"),
         QString::fromStdString((from.isValid() ? from : dayFromToday(-10)).iso())},
        {QStringLiteral("valid_to"), QString::fromStdString((to.isValid() ? to : dayFromToday(30)).iso())},
        {QStringLiteral("date"), QString::fromStdString(dayFromToday(-10).iso())},
        {QStringLiteral("seal_confirmed"), true}};
    return writeScratchFile(db.name() + "-" + name + ".json", QJsonDocument(o).toJson().toStdString());
}

std::vector<std::string> CounterFixture::withIdCard(std::vector<std::string> args) {
    // The command is the first word that is not an option (--json may come first).
    const auto command =
        std::find_if(args.begin(), args.end(), [](const std::string& a) { return a.rfind("--", 0) != 0; });
    if (command == args.end() || (*command != "new" && *command != "replace" && *command != "unlock"))
        return args;
    if (std::find(args.begin(), args.end(), "--id-card") == args.end())
        args.insert(args.end(), {"--id-card", kAgentId});
    return args;
}

ProcessResult CounterFixture::ctl(std::vector<std::string> args, const std::string& input,
                                  std::vector<std::pair<std::string, std::string>> env) const {
    args = withIdCard(std::move(args));
    args.insert(args.begin(), {"--config", configPath});
    env.emplace_back("CSFAULT_STATE_DIR", dir + "/faultstate");
    return runProcess(COUNTERSIGNCTL_PATH, args, input, env);
}

ProcessResult CounterFixture::ctlCrashingAt(const std::string& point, std::vector<std::string> args,
                                            const std::string& input) const {
    args = withIdCard(std::move(args));
    args.insert(args.begin(), {"--crash-at", point, "--config", configPath});
    return runProcess(COUNTERSIGN_CRASHCTL_PATH, args, input, {{"CSFAULT_STATE_DIR", dir + "/faultstate"}});
}

std::vector<std::string> CounterFixture::asOperator(std::vector<std::string> args) {
    args.insert(args.end(), {"--operator", "op", "--password-fd", "0"});
    return withIdCard(std::move(args));
}

CounterFixture::InProcess CounterFixture::open() {
    InProcess p;
    p.keys = std::make_unique<token::KeyDevice>(FaultKey::modulePath(), token::Pkcs11Uri{},
                                                makeSoPinDeriver(config));
    p.ca = std::make_unique<ca::BuiltinCa>(*conn, ca::builtinCaConfig(config));
    long long centre = 0;
    {
        pqxx::read_transaction tx{*conn};
        centre = tx.exec_params1("SELECT centre_id FROM counters WHERE id = $1", db.counterId())[0]
                     .as<long long>();
    }
    p.flow = std::make_unique<workflow::Workflow>(
        workflow::Services{*conn, *p.keys, *p.ca, config, db.counterId(), centre, {}});
    return p;
}

void CounterFixture::lockUserPin(const std::string& serial) {
    token::KeyDevice device(FaultKey::modulePath(), {}, nullptr);
    lockUserPin(device, serial);
}

std::string CounterFixture::issueNew(const std::string& letterNo, const std::string& pin,
                                     std::optional<token::KeyAlgorithm> algorithm) {
    auto p = open();
    workflow::NewRequest r;
    r.operatorId = operatorId;
    r.operatorSession = operatorSession();
    r.letterJws = letter(letterNo);
    r.idCardNo = CounterFixture::kAgentId;
    r.newPin = Secret(pin);
    r.algorithm = algorithm;
    // The scans this configuration requires of a NEW: a tiny real PNG each.
    for (const auto& name : config.requiredScans.at("NEW"))
        r.evidence.push_back({findScanKind(name)->evidenceKind, "image/png", tinyPng()});
    // A key wiped by an earlier compensation is named, as SoftHSM2's uninitialised token is always there too.
    for (const auto& k : p.keys->keys(false))
        if (k.blank() && !k.serial.empty())
            r.keySerial = k.serial;
    const auto o = p.flow->runNew(std::move(r));
    if (o.state != "completed")
        throw std::runtime_error("NEW did not complete: " + o.state);
    return o.keySerial;
}

void CounterFixture::registerKeyModel(const std::string& model, const std::string& factorySoPin) {
    static constexpr const char* kAdminPassword = "admin-password";
    if (scalar("SELECT count(*) FROM countersign.staff WHERE username = 'fixture.admin'") == "0")
        db.addStaff("fixture.admin", kAdminPassword, "admin");
    const std::string file = dir + "/factory-so-pin of " + model;
    {
        std::ofstream out(file);
        out << factorySoPin << "\n";
    }
    ::chmod(file.c_str(), 0600);
    const auto set = ctl({"stock", "model", "set", model, "--factory-so-pin-file", file, "--operator",
                          "fixture.admin", "--password-fd", "0"},
                         std::string(kAdminPassword) + "\n");
    if (set.exitCode != 0)
        throw std::runtime_error("stock model set failed: " + set.err);
}

ProcessResult CounterFixture::opensslVerify(const std::string& certificateDer) {
    ca::BuiltinCa ca(*conn, ca::builtinCaConfig(config));
    const auto chain = ca.chain();
    const std::string root = writeScratchFile(db.name() + "-root.pem", chain.back());
    const std::string issuing = writeScratchFile(db.name() + "-issuing.pem", chain.front());
    const std::string cert = writeScratchFile(db.name() + "-cert.pem", pemOf(certificateDer));
    return runProcess("openssl", {"verify", "-CAfile", root, "-untrusted", issuing, cert});
}

std::string CounterFixture::crlText() {
    ca::BuiltinCa ca(*conn, ca::builtinCaConfig(config));
    const std::string crl = writeScratchFile(db.name() + "-crl.pem", ca.crl());
    const auto r = runProcess("openssl", {"crl", "-in", crl, "-noout", "-text"});
    if (r.exitCode != 0)
        throw std::runtime_error("openssl crl failed: " + r.err);
    return r.out;
}

token::CertificateInfo CounterFixture::certificateOnKey(const std::string& serial) {
    token::KeyDevice device(FaultKey::modulePath(), {}, nullptr);
    std::vector<token::CertificateInfo> own;
    for (const auto& c : device.key(serial).certificates)
        if (!c.isCa)
            own.push_back(c);
    if (own.size() != 1)
        throw std::runtime_error("key " + serial + " carries " + std::to_string(own.size()) +
                                 " certificates");
    return own.front();
}

std::optional<long long> CounterFixture::auditBrokenAt() {
    pqxx::read_transaction tx{*conn};
    const auto r = tx.exec_params1("SELECT countersign.audit_verify($1)", db.counterId());
    if (r[0].is_null())
        return std::nullopt;
    return r[0].as<long long>();
}

std::string CounterFixture::scalar(const std::string& sql, const std::string& param) {
    pqxx::read_transaction tx{*conn};
    const auto r = param.empty() ? tx.exec(sql) : tx.exec_params(sql, param);
    if (r.empty() || r[0][0].is_null())
        return {};
    return r[0][0].c_str();
}

void CounterFixture::lockUserPin(token::KeyDevice& device, const std::string& serial) {
    for (int i = 0; i < 6; ++i) {
        try {
            device.verifyUserPin(serial, Secret("000000"), /*finalTryConfirmed=*/true);
        } catch (const token::TokenError& e) {
            if (e.code == token::TokenErrorCode::PinLocked)
                return;
        }
    }
    if (!device.key(serial).userPin.locked)
        throw std::runtime_error("the key did not lock after 6 wrong PINs");
}

} // namespace countersign::test
