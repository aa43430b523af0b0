// Benchmark: the counter operations as durable transactions (Workflow::runNew, runUnlock) against the raw
// primitives they wrap, in the same run, on SoftHSM2 behind the test fault module (as the counter's writer)
// with the built-in CA and one PostgreSQL connection. Prints median and p95 of each, the ratio
// workflow / sum of the raw medians, for RSA the ratio outside key generation, and where the workflow's extra
// time goes (its steps timed at the workflow's own crash points).
// The raw side is the fair floor of a crash-safe issuance (issue "the database is the authority"): the
// primitives plus what a durable protocol needs at least — three single-row commits (intent before the key is
// touched, the issued certificate before it is written, completion) and the letter's signature check; for
// UNLOCK the SO login + C_InitPIN, reading the key's certificate and two single-row commits. It also counts
// the database round trips one NEW and one UNLOCK take (libpq's trace: each Sync or simple Query is one).
// Goals (issue): EC NEW <= 1.15, RSA NEW outside key generation <= 1.15, UNLOCK <= 1.3. It also prints the
// ratios against the floor once the database is the authority: each durable step of the workflow (one per
// crash point) as one authorised call — the acting counter, the staff session checked, one row, one audit
// entry — instead of a bare single-row commit.
//   countersign_bench_workflow [--iterations N]    (default 30)
// Needs PostgreSQL: COUNTERSIGN_TEST_PGENV (the suite's cluster), PGHOST/PGPORT/PGUSER of a server where it
// may create a database, or it starts a throwaway cluster with tests/support/pgcluster.sh.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <QCoreApplication>
#include <QDate>
#include <QTemporaryDir>

#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <pqxx/transaction>

#include "backend/ca/builtinca.h"
#include "backend/ca/caconnector.h"
#include "backend/tokensetup.h"
#include "backend/workflow/workflow.h"
#include "tests/support/benchpostgres.h"
#include "tests/support/counterfixture.h"
#include "tests/support/faultkey.h"
#include "tests/support/softhsmstore.h"
#include "tests/support/testenv.h"
#include "token/keydevice.h"

using namespace countersign;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point since) {
    return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

struct Stats {
    double median = 0, p95 = 0;
};

Stats stats(std::vector<double> ms) {
    if (ms.empty())
        return {};
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, (ms.size() * 95 + 99) / 100 - 1)]};
}

double median(const std::vector<double>& ms) {
    return stats(ms).median;
}

/// The CA as the workflow sees it, with the time spent in issue() kept aside.
class TimedCa : public ca::CertificateAuthority {
public:
    explicit TimedCa(ca::CertificateAuthority& inner)
        : m_inner(inner) {}
    ca::IssuedCertificate issue(const ca::IssueRequest& request) override {
        const auto start = Clock::now();
        auto out = m_inner.issue(request);
        issueMs += msSince(start);
        return out;
    }
    std::optional<ca::IssuedCertificate> findIssued(const std::string& requestId) override {
        return m_inner.findIssued(requestId);
    }
    void revoke(const std::string& serialHex, ca::RevocationReason reason,
                std::chrono::system_clock::time_point when) override {
        m_inner.revoke(serialHex, reason, when);
    }
    std::string crl() override { return m_inner.crl(); }
    std::vector<std::string> chain() override { return m_inner.chain(); }
    ca::StatusInfo status(const std::string& serialHex) override { return m_inner.status(serialHex); }
    double issueMs = 0;

private:
    ca::CertificateAuthority& m_inner;
};

/// The crash points a run passed, with the time since it started: the workflow's own step boundaries.
struct Trace {
    Clock::time_point start;
    std::vector<std::pair<std::string, double>> points;
    void reset() {
        points.clear();
        start = Clock::now();
    }
    double at(const std::string& point) const {
        for (const auto& [name, ms] : points)
            if (name == point)
                return ms;
        std::fprintf(stderr, "the workflow never passed %s\n", point.c_str());
        std::exit(1);
    }
};

/// Everything a measurement needs, with a writer holding one fresh blank key (its own SoftHSM2 store, so
/// every measurement enumerates the same number of keys). The previous writer is unloaded first: SoftHSM2
/// reads SOFTHSM2_CONF at C_Initialize only.
class Bench {
public:
    Bench(test::CounterFixture& f, const std::string& scratch)
        : m_f(f)
        , m_scratch(scratch)
        , m_builtin(*f.conn, ca::builtinCaConfig(f.config))
        , m_ca(m_builtin)
        , m_rawConn(f.db.connect())
        , m_rawCa(*m_rawConn, ca::builtinCaConfig(f.config)) {
        pqxx::read_transaction tx{*f.conn};
        m_centre = tx.exec_params1("SELECT centre_id FROM counters WHERE id = $1", f.db.counterId())[0]
                       .as<long long>();
    }

    /// A new writer with one blank key, and a workflow over it.
    void freshWriter() {
        flow.reset();
        keys.reset();
        test::SoftHsmStore store(m_scratch + "/hsm-" + std::to_string(++m_stores));
        keys = std::make_unique<token::KeyDevice>(test::FaultKey::modulePath(), token::Pkcs11Uri{},
                                                  makeSoPinDeriver(m_f.config));
        reopenFlow();
    }

    /// The same writer, unloaded and loaded again (after another device in this process used the module).
    void reloadWriter() {
        flow.reset();
        keys.reset();
        keys = std::make_unique<token::KeyDevice>(test::FaultKey::modulePath(), token::Pkcs11Uri{},
                                                  makeSoPinDeriver(m_f.config));
        reopenFlow();
    }

    void closeWriter() {
        flow.reset();
        keys.reset();
    }

    std::unique_ptr<token::KeyDevice> keys;
    std::unique_ptr<workflow::Workflow> flow;
    /// The raw side's CA: the same built-in CA on the owner's login, which may record a request no
    /// transaction waits for (a counter's login records only those, 0019).
    ca::BuiltinCa& builtin() { return m_rawCa; }
    TimedCa& timedCa() { return m_ca; }
    Trace trace;

private:
    void reopenFlow() {
        flow = std::make_unique<workflow::Workflow>(workflow::Services{
            *m_f.conn, *keys, m_ca, m_f.config, m_f.db.counterId(), m_centre,
            [this](const std::string& point) { trace.points.emplace_back(point, msSince(trace.start)); }});
    }

    test::CounterFixture& m_f;
    std::string m_scratch;
    ca::BuiltinCa m_builtin;
    TimedCa m_ca;
    std::unique_ptr<pqxx::connection> m_rawConn;
    ca::BuiltinCa m_rawCa;
    long long m_centre = 0;
    int m_stores = 0;
};

/// One measured quantity across the iterations.
using Series = std::vector<double>;

void row(const char* name, const Series& s) {
    const auto st = stats(s);
    std::printf("  %-46s %10.2f %10.2f\n", name, st.median, st.p95);
}

/// The workflow's NEW split at its crash points (ms per segment), and the CA's share.
struct NewSegments {
    Series papers, fee, initKey, initRecord, keygen, keygenRecord, caCall, caOther, issueRecord, write,
        writeRecord, verify, verifyRecord, complete, outcome;
};

void splitNew(const Trace& t, double total, double caMs, NewSegments& s) {
    const double papers = t.at("at:papers_checked"), fee = t.at("at:fee_recorded"),
                 initDone = t.at("done:key_initialised"), init = t.at("at:key_initialised"),
                 keygenDone = t.at("done:key_generated"), keygen = t.at("at:key_generated"),
                 issueDone = t.at("done:cert_issued"), issued = t.at("at:cert_issued"),
                 writeDone = t.at("done:cert_written"), written = t.at("at:cert_written"),
                 verifyDone = t.at("done:verified"), verified = t.at("at:verified"),
                 completed = t.at("at:completed");
    s.papers.push_back(papers);
    s.fee.push_back(fee - papers);
    s.initKey.push_back(initDone - fee);
    s.initRecord.push_back(init - initDone);
    s.keygen.push_back(keygenDone - init);
    s.keygenRecord.push_back(keygen - keygenDone);
    s.caCall.push_back(caMs);
    s.caOther.push_back(issueDone - keygen - caMs);
    s.issueRecord.push_back(issued - issueDone);
    s.write.push_back(writeDone - issued);
    s.writeRecord.push_back(written - writeDone);
    s.verify.push_back(verifyDone - written);
    s.verifyRecord.push_back(verified - verifyDone);
    s.complete.push_back(completed - verified);
    s.outcome.push_back(total - completed);
}

struct NewResult {
    Series workflow;
    NewSegments seg;
    Series init, login, keygen, csr, caIssue, write, selfTest, dbTx, rawTotal;
    Series letterSig; ///< the letter's ES256 signature checked with OpenSSL
    Series floor;     ///< the durable floor: three single-row commits and the letter's signature check
    Series step;      ///< one authorised durable step (authorizedStep)
    Series keyList;   ///< keys(true) on the writer, as the papers check lists it
    Series wfOutside, rawOutside; ///< each iteration without its own key generation + CSR
};

struct UnlockResult {
    Series workflow, papers, fee, unlockKey, unlockRecord, verifyKey, verifyRecord, complete, outcome;
    Series unlock, verifyPin, dbTx, rawTotal;
    Series floor;   ///< the issue's floor: SO login + C_InitPIN, reading the key's certificates, two commits
    Series step;    ///< one authorised durable step (authorizedStep)
    Series keyList; ///< keys(true) on the writer, as the papers check reads the key
};

/// One representative database transaction of the raw side: one parameterised INSERT and its COMMIT.
double oneDbTransaction(pqxx::connection& conn, int i) {
    const auto start = Clock::now();
    pqxx::work tx{conn};
    tx.exec_params0("INSERT INTO bench_rows (iteration, detail) VALUES ($1, $2::jsonb)", i,
                    std::string("{\"step\":\"raw\",\"iteration\":") + std::to_string(i) + "}");
    tx.commit();
    return msSince(start);
}

/// The durable steps the workflows record, one per crash point the standards ask for ("state is written
/// before every step that changes the key or the CA"): NEW opens with its papers, records the fee, the key
/// initialised, the key pair, the certificate issued, written, verified, and completes; UNLOCK opens, records
/// the fee, the unlock, the verification, and completes.
constexpr int kNewSteps = 8;
constexpr int kUnlockSteps = 5;

/// The least a durable step costs once the database is the authority: one call of a SECURITY DEFINER function
/// (made by the benchmark, as the owner) that finds the acting counter, checks the person's staff session,
/// writes one row and appends one entry to the counter's audit chain, and its COMMIT. Returns its time.
double authorizedStep(pqxx::connection& conn, const auth::SessionToken& session, int i) {
    const auto start = Clock::now();
    pqxx::work tx{conn};
    tx.exec_params("SELECT public.bench_authorized_step($1, $2)", session->c_str(), i);
    tx.commit();
    return msSince(start);
}

/// The letter's ES256 signature over its signing input, checked with OpenSSL against the signer's key: what
/// any letter check must do at least. Returns its time.
double letterSignatureCheck(const std::string& jws, EVP_PKEY* signer) {
    const auto start = Clock::now();
    const auto dot2 = jws.rfind('.');
    const std::string input = jws.substr(0, dot2);
    QByteArray raw = QByteArray::fromBase64(QByteArray::fromStdString(jws.substr(dot2 + 1)),
                                            QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    if (raw.size() != 64)
        throw std::runtime_error("not an ES256 signature");
    ECDSA_SIG* sig = ECDSA_SIG_new();
    ECDSA_SIG_set0(sig, BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.constData()), 32, nullptr),
                   BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.constData()) + 32, 32, nullptr));
    unsigned char* der = nullptr;
    const int derLen = i2d_ECDSA_SIG(sig, &der);
    ECDSA_SIG_free(sig);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, signer) == 1 &&
                    EVP_DigestVerify(ctx, der, static_cast<std::size_t>(derLen),
                                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
    EVP_MD_CTX_free(ctx);
    OPENSSL_free(der);
    if (!ok)
        throw std::runtime_error("the letter's signature did not verify");
    return msSince(start);
}

/// The tax office's signer key of the fixture's letters.
EVP_PKEY* letterSigner(const test::CounterFixture& f) {
    std::FILE* in = std::fopen((f.dir + "/taxoffice/demo-signer.crt").c_str(), "r");
    if (!in)
        throw std::runtime_error("no demo-signer.crt");
    X509* cert = PEM_read_X509(in, nullptr, nullptr, nullptr);
    std::fclose(in);
    EVP_PKEY* key = cert ? X509_get_pubkey(cert) : nullptr;
    X509_free(cert);
    if (!key)
        throw std::runtime_error("demo-signer.crt has no key");
    return key;
}

const char* const kPin = "135790";

/// The database round trips `run` makes on `conn`: libpq's trace of what the client sent, where each Sync
/// (the end of an extended-protocol statement) and each simple Query waits for the server once.
int countRoundTrips(pqxx::connection& conn, const std::function<void()>& run) {
    std::FILE* out = std::tmpfile();
    if (!out)
        throw std::runtime_error("no temporary file for the trace");
    conn.trace(out);
    try {
        run();
    } catch (...) {
        conn.trace(nullptr);
        std::fclose(out);
        throw;
    }
    conn.trace(nullptr);
    std::string text;
    std::rewind(out);
    char buffer[65536];
    for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, out)) > 0;)
        text.append(buffer, got);
    std::fclose(out);
    int trips = 0;
    for (std::size_t at = 0, end; at < text.size(); at = end + 1) {
        end = text.find('\n', at);
        if (end == std::string::npos)
            end = text.size();
        const std::string line = text.substr(at, end - at);
        const auto f = line.find("\tF\t");
        if (f == std::string::npos)
            continue;
        const auto name = line.find('\t', f + 3);
        if (name != std::string::npos &&
            (line.compare(name + 1, 4, "Sync") == 0 || line.compare(name + 1, 5, "Query") == 0))
            ++trips;
    }
    return trips;
}

NewResult benchNew(test::CounterFixture& f, Bench& b, token::KeyAlgorithm algorithm, int n, int& letterNo) {
    NewResult r;
    const Secret pin(kPin);
    const std::string subject = std::string("/C=CN/CN=") + test::CounterFixture::kUscc +
                                "/organizationIdentifier=NTRCN-" + test::CounterFixture::kUscc;
    const ca::SubjectFields fields{test::CounterFixture::kOrg, test::CounterFixture::kUscc};
    EVP_PKEY* signer = letterSigner(f);
    for (int i = -1; i < n; ++i) { // i == -1: warm-up of both paths, not counted
        // The workflow.
        {
            const std::string letter = f.letter("BENCH-" + std::to_string(++letterNo));
            b.freshWriter();
            workflow::NewRequest req;
            req.operatorId = f.operatorId;
            req.operatorSession = f.operatorSession();
            req.letterJws = letter;
            req.idCardNo = test::CounterFixture::kAgentId;
            req.newPin = Secret(kPin);
            req.algorithm = algorithm;
            b.timedCa().issueMs = 0;
            b.trace.reset();
            const auto o = b.flow->runNew(std::move(req));
            const double total = msSince(b.trace.start);
            if (o.state != "completed") {
                std::fprintf(stderr, "NEW did not complete: %s\n", o.state.c_str());
                std::exit(1);
            }
            if (i >= 0) {
                r.workflow.push_back(total);
                splitNew(b.trace, total, b.timedCa().issueMs, r.seg);
                r.wfOutside.push_back(total - r.seg.keygen.back());
            }
        }
        // The raw primitives it wraps, on a blank key of the same kind.
        {
            b.freshWriter();
            auto& k = *b.keys;
            auto t = Clock::now();
            k.keys(true);
            const double keyList = msSince(t);
            t = Clock::now();
            const std::string serial = k.initialise("", "bench raw " + std::to_string(i)).serial;
            k.setUserPin(serial, pin);
            const double init = msSince(t);
            t = Clock::now();
            k.verifyUserPin(serial, pin);
            const double login = msSince(t);
            t = Clock::now();
            const auto pair = k.generateKeyPair(serial, pin, algorithm);
            const double keygen = msSince(t);
            t = Clock::now();
            const std::string csr = k.makeCsr(serial, pin, pair.keyId, subject);
            const double csrMs = msSince(t);
            t = Clock::now();
            const auto issued = b.builtin().issue(
                {csr, "enterprise-tax", "bench-raw-" + std::to_string(letterNo) + "-" + std::to_string(i),
                 fields});
            const double caMs = msSince(t);
            std::string chain;
            for (const auto& c : issued.chainPem)
                chain += c;
            t = Clock::now();
            k.writeCertificate(serial, pin, pair.keyId, issued.certificatePem, chain);
            const double writeMs = msSince(t);
            t = Clock::now();
            k.selfTest(serial, pin, pair.keyId);
            const double selfTest = msSince(t);
            const double db = oneDbTransaction(*f.conn, i);
            const double step = authorizedStep(*f.conn, f.operatorSession(), i);
            const double floor =
                db + oneDbTransaction(*f.conn, i) + oneDbTransaction(*f.conn, i) +
                letterSignatureCheck(
                    f.letter("BENCH-RAW-" + std::to_string(letterNo) + "-" + std::to_string(i)), signer);
            if (i >= 0) {
                r.init.push_back(init);
                r.login.push_back(login);
                r.keygen.push_back(keygen);
                r.csr.push_back(csrMs);
                r.caIssue.push_back(caMs);
                r.write.push_back(writeMs);
                r.selfTest.push_back(selfTest);
                r.dbTx.push_back(db);
                r.floor.push_back(floor);
                r.step.push_back(step);
                r.rawTotal.push_back(init + login + keygen + csrMs + caMs + writeMs + selfTest + floor);
                r.rawOutside.push_back(init + login + caMs + writeMs + selfTest + floor);
                r.keyList.push_back(keyList);
            }
        }
    }
    b.closeWriter();
    EVP_PKEY_free(signer);
    return r;
}

/// An authorization letter for UNLOCK, for the fixture's enterprise and agent.
papers::AuthorizationLetter unlockLetter() {
    const QDate today = QDate::currentDate();
    const auto day = [](const QDate& d) { return Date{d.year(), d.month(), d.day()}; };
    papers::AuthorizationLetter l;
    l.companyName = test::CounterFixture::kOrg;
    l.companyId = test::CounterFixture::kUscc;
    l.agentName = test::CounterFixture::kAgentName;
    l.agentIdNo = test::CounterFixture::kAgentId;
    l.agentMobile = "13800138000";
    l.unlockTicked = true;
    l.validFrom = day(today.addDays(-10));
    l.validTo = day(today.addDays(30));
    l.letterDate = day(today.addDays(-10));
    l.sealConfirmed = true;
    return l;
}

/// A writer with an issued key whose user PIN is locked (6 wrong PINs), loaded again for the measurement.
std::string lockedKey(test::CounterFixture& f, Bench& b, int& letterNo) {
    b.freshWriter();
    workflow::NewRequest req;
    req.operatorId = f.operatorId;
    req.operatorSession = f.operatorSession();
    req.letterJws = f.letter("BENCH-" + std::to_string(++letterNo));
    req.idCardNo = test::CounterFixture::kAgentId;
    req.newPin = Secret(kPin);
    req.algorithm = token::KeyAlgorithm::EcP256;
    const auto o = b.flow->runNew(std::move(req));
    if (o.state != "completed") {
        std::fprintf(stderr, "NEW for the unlock did not complete: %s\n", o.state.c_str());
        std::exit(1);
    }
    b.closeWriter();
    f.lockUserPin(o.keySerial);
    b.reloadWriter();
    return o.keySerial;
}

UnlockResult benchUnlock(test::CounterFixture& f, Bench& b, int n, int& letterNo) {
    UnlockResult r;
    const Secret newPin("246801");
    for (int i = -1; i < n; ++i) {
        {
            const std::string serial = lockedKey(f, b, letterNo);
            workflow::UnlockRequest req;
            req.operatorId = f.operatorId;
            req.operatorSession = f.operatorSession();
            req.letter = unlockLetter();
            req.idCardNo = req.letter.agentIdNo;
            req.keySerial = serial;
            req.newPin = Secret("246801");
            b.trace.reset();
            const auto o = b.flow->runUnlock(std::move(req));
            const double total = msSince(b.trace.start);
            if (o.state != "completed") {
                std::fprintf(stderr, "UNLOCK did not complete: %s\n", o.state.c_str());
                std::exit(1);
            }
            if (i >= 0) {
                const Trace& t = b.trace;
                const double papers = t.at("at:papers_checked"), fee = t.at("at:fee_recorded"),
                             unlockDone = t.at("done:key_initialised"), unlocked = t.at("at:key_initialised"),
                             verifyDone = t.at("done:verified"), verified = t.at("at:verified"),
                             completed = t.at("at:completed");
                r.workflow.push_back(total);
                r.papers.push_back(papers);
                r.fee.push_back(fee - papers);
                r.unlockKey.push_back(unlockDone - fee);
                r.unlockRecord.push_back(unlocked - unlockDone);
                r.verifyKey.push_back(verifyDone - unlocked);
                r.verifyRecord.push_back(verified - verifyDone);
                r.complete.push_back(completed - verified);
                r.outcome.push_back(total - completed);
            }
        }
        {
            const std::string serial = lockedKey(f, b, letterNo);
            auto t = Clock::now();
            b.keys->keys(true);
            const double keyList = msSince(t);
            t = Clock::now();
            b.keys->unlock(serial, newPin);
            const double unlock = msSince(t);
            t = Clock::now();
            b.keys->verifyUserPin(serial, newPin);
            const double verify = msSince(t);
            const double db = oneDbTransaction(*f.conn, i);
            const double second = oneDbTransaction(*f.conn, i);
            const double step = authorizedStep(*f.conn, f.operatorSession(), i);
            if (i >= 0) {
                r.step.push_back(step);
                r.unlock.push_back(unlock);
                r.verifyPin.push_back(verify);
                r.dbTx.push_back(db);
                r.floor.push_back(unlock + keyList + db + second);
                r.rawTotal.push_back(unlock + keyList + verify + db + second);
                r.keyList.push_back(keyList);
            }
        }
    }
    b.closeWriter();
    return r;
}

double rawSumOfMedians(const NewResult& r) {
    return median(r.init) + median(r.login) + median(r.keygen) + median(r.csr) + median(r.caIssue) +
           median(r.write) + median(r.selfTest) + median(r.floor);
}

/// One segment of the workflow between two of its crash points, and the raw primitive it wraps (0: none).
struct Seg {
    const char* name;
    const Series* ms;
    const char* kind;
    double raw;
};

/// Prints the segments' medians and p95, then their sum by kind, which it returns.
std::map<std::string, double> printSegments(const Seg* begin, const Seg* end) {
    std::printf("    %-44s %6s %10s %10s %10s\n", "segment", "kind", "median", "p95", "raw");
    std::map<std::string, double> byKind;
    for (const Seg* g = begin; g != end; ++g) {
        const auto st = stats(*g->ms);
        byKind[g->kind] += st.median;
        if (g->raw > 0)
            std::printf("    %-44s %6s %10.2f %10.2f %10.2f\n", g->name, g->kind, st.median, st.p95, g->raw);
        else
            std::printf("    %-44s %6s %10.2f %10.2f %10s\n", g->name, g->kind, st.median, st.p95, "-");
    }
    std::printf("  by kind (sum of segment medians): ");
    for (const auto& [kind, ms] : byKind)
        std::printf("%s %.2f  ", kind.c_str(), ms);
    return byKind;
}

void printNew(const char* title, const NewResult& r, bool outsideKeygen, double goal) {
    std::printf("\n%s (ms)                                     median        p95\n", title);
    row("workflow: Workflow::runNew", r.workflow);
    row("raw: token init + set user PIN", r.init);
    row("raw: login (verifyUserPin)", r.login);
    row("raw: key generation", r.keygen);
    row("raw: CSR", r.csr);
    row("raw: CA sign (BuiltinCa::issue)", r.caIssue);
    row("raw: certificate write", r.write);
    row("raw: selfTest", r.selfTest);
    row("raw: one DB transaction (INSERT + COMMIT)", r.dbTx);
    row("raw: durable floor: 3 commits + letter signature", r.floor);
    row("raw: primitives + floor, per iteration", r.rawTotal);
    const double wf = median(r.workflow), raw = rawSumOfMedians(r);
    const double ratio = wf / raw;
    std::printf("  ratio workflow / raw sum of medians: %.3f (%.2f / %.2f)%s\n", ratio, wf, raw,
                outsideKeygen ? "" : (ratio <= goal ? "  goal <= 1.15: met" : "  goal <= 1.15: MISSED"));
    const double keygen = median(r.keygen);
    const double outside = (wf - keygen) / (raw - keygen);
    std::printf(
        "  ratio outside key generation, (workflow - keygen) / (raw - keygen) with the raw keygen median: "
        "%.3f (%.2f / %.2f)\n",
        outside, wf - keygen, raw - keygen);
    // Key generation time is random (RSA: a prime search), so the fair figure takes each run's own: the
    // workflow without its key pair + CSR segment against the raw primitives without keygen and CSR.
    const double wfOut = median(r.wfOutside), rawOut = median(r.rawOutside);
    std::printf("  ratio outside key generation + CSR, each run's own (median %.2f / median %.2f): %.3f%s\n",
                wfOut, rawOut, wfOut / rawOut,
                outsideKeygen ? (wfOut / rawOut <= goal ? "  goal <= 1.15: met" : "  goal <= 1.15: MISSED")
                              : "");
    // The floor once the database is the authority: each of the workflow's durable steps one authorised call
    // instead of a bare single-row commit.
    const double authorityFloor = raw - 3 * median(r.dbTx) + kNewSteps * median(r.step);
    row("raw: one authorised step (session, row, audit entry)", r.step);
    std::printf(
        "  ratio workflow / (primitives + letter signature + %d authorised steps): %.3f (%.2f / %.2f)\n",
        kNewSteps, wf / authorityFloor, wf, authorityFloor);
    if (outsideKeygen) {
        const double outsideFloor = rawOut - 3 * median(r.dbTx) + kNewSteps * median(r.step);
        std::printf("  the same outside key generation + CSR: %.3f (%.2f / %.2f)\n", wfOut / outsideFloor,
                    wfOut, outsideFloor);
    }
    const auto& s = r.seg;
    std::printf("  where the workflow's time goes (median per segment, between its crash points):\n");
    const Seg segs[] = {
        {"papers: letter, key list, fee check, open", &s.papers, "db+crypto+token", 0},
        {"fee recorded", &s.fee, "db", 0},
        {"key initialised: token", &s.initKey, "token", median(r.init)},
        {"key initialised: record (stock)", &s.initRecord, "db", 0},
        {"key pair + CSR: token (+ subject read)", &s.keygen, "token", median(r.keygen) + median(r.csr)},
        {"key pair + CSR: record", &s.keygenRecord, "db", 0},
        {"CA issue(): inside the CA", &s.caCall, "ca", median(r.caIssue)},
        {"CA issue(): subject read around it", &s.caOther, "db", 0},
        {"certificate issued: record", &s.issueRecord, "db", 0},
        {"write: token (+ key list)", &s.write, "token", median(r.write)},
        {"write: record", &s.writeRecord, "db", 0},
        {"verify: selfTest", &s.verify, "token", median(r.selfTest)},
        {"verify: record", &s.verifyRecord, "db", 0},
        {"complete: receipt + states", &s.complete, "db", 0},
        {"outcome read", &s.outcome, "db", 0},
    };
    auto byKind = printSegments(segs, segs + sizeof segs / sizeof segs[0]);
    std::printf("\n  of the papers segment: listing the keys with their certificates (keys(true)) %.2f ms",
                median(r.keyList));
    std::printf(
        "\n  workflow DB-only segments %.2f ms vs raw's durable floor %.2f ms; token segments %.2f vs "
        "raw token %.2f\n",
        byKind["db"], median(r.floor), byKind["token"],
        median(r.init) + median(r.keygen) + median(r.csr) + median(r.write) + median(r.selfTest));
}

void printUnlock(const UnlockResult& r) {
    std::printf("\nUNLOCK (ms)                                                median        p95\n");
    row("workflow: Workflow::runUnlock", r.workflow);
    row("raw: KeyDevice::unlock (SO login + C_InitPIN)", r.unlock);
    row("raw: verifyUserPin", r.verifyPin);
    row("raw: one DB transaction (INSERT + COMMIT)", r.dbTx);
    row("raw: reading the keys with their certificates", r.keyList);
    row("raw: floor: unlock + certificates read + 2 commits", r.floor);
    row("raw: floor + verifyUserPin, per iteration", r.rawTotal);
    const double wf = median(r.workflow), raw = median(r.floor);
    std::printf("  ratio workflow / floor: %.3f (%.2f / %.2f)  goal <= 1.3: %s\n", wf / raw, wf, raw,
                wf / raw <= 1.3 ? "met" : "MISSED");
    const double authorityFloor = raw - 2 * median(r.dbTx) + kUnlockSteps * median(r.step);
    row("raw: one authorised step (session, row, audit entry)", r.step);
    std::printf(
        "  ratio workflow / (SO login + C_InitPIN + certificates read + %d authorised steps): %.3f (%.2f / "
        "%.2f)\n",
        kUnlockSteps, wf / authorityFloor, wf, authorityFloor);
    const double withVerify = raw + median(r.verifyPin);
    std::printf(
        "  ratio workflow / (floor + the new PIN's verification the workflow also does): %.3f (%.2f / "
        "%.2f)\n",
        wf / withVerify, wf, withVerify);
    std::printf("  where the workflow's time goes (median per segment, between its crash points):\n");
    const Seg segs[] = {
        {"papers: key read, letter, fee check, open", &r.papers, "db+token", 0},
        {"fee recorded", &r.fee, "db", 0},
        {"unlock: token", &r.unlockKey, "token", median(r.unlock)},
        {"unlock: record", &r.unlockRecord, "db", 0},
        {"verify: PIN login", &r.verifyKey, "token", median(r.verifyPin)},
        {"verify: record", &r.verifyRecord, "db", 0},
        {"complete: receipt + states", &r.complete, "db", 0},
        {"outcome read", &r.outcome, "db", 0},
    };
    auto byKind = printSegments(segs, segs + sizeof segs / sizeof segs[0]);
    std::printf("\n  of the papers segment: reading the keys with their certificates (keys(true)) %.2f ms\n",
                median(r.keyList));
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    int n = 30;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--iterations") == 0)
            n = std::max(3, std::atoi(argv[i + 1]));

    QTemporaryDir dir;
    const std::string scratch = dir.path().toStdString();
    test::BenchPostgres postgres(scratch);
    if (!postgres.ok())
        return 1;
    int status = 0;
    try {
        // The first writer before the fixture: its countersignctl runs need none, the workflow needs one.
        test::SoftHsmStore first(scratch + "/hsm-0");
        test::CounterFixture f;
        {
            // The raw side's table, made by the owner and written by the counter's own login, as the workflow
            // is.
            auto owner = f.db.connect();
            pqxx::work tx{*owner};
            tx.exec0("CREATE TABLE public.bench_rows (id bigserial PRIMARY KEY, iteration integer NOT NULL, "
                     "at timestamptz NOT NULL DEFAULT now(), detail jsonb NOT NULL)");
            const std::string grant =
                "GRANT INSERT ON public.bench_rows TO " + tx.quote_name(f.db.counterRole());
            tx.exec0(grant);
            const std::string sequence =
                "GRANT USAGE ON SEQUENCE public.bench_rows_id_seq TO " + tx.quote_name(f.db.counterRole());
            tx.exec0(sequence);
            // The least an authorised durable step does (authorizedStep), as the product's step functions are
            // made: SECURITY DEFINER, search_path pinned, the person from the session.
            tx.exec0("CREATE FUNCTION public.bench_authorized_step(p_session text, p_iteration integer) "
                     "RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER "
                     "SET search_path = pg_catalog, pg_temp AS $fn$ "
                     "DECLARE v_counter bigint := countersign.require_acting_counter(); "
                     "v_staff countersign.staff := countersign.session_staff(p_session); "
                     "BEGIN "
                     "INSERT INTO public.bench_rows (iteration, detail) "
                     "VALUES (p_iteration, jsonb_build_object('step', 'authorised', 'staff', v_staff.id)); "
                     "PERFORM countersign.audit_append(v_counter, v_staff.id, 'bench.step', 'bench', "
                     "jsonb_build_object('iteration', p_iteration)); "
                     "END $fn$");
            const std::string execute =
                "GRANT EXECUTE ON FUNCTION public.bench_authorized_step(text, integer) TO " +
                tx.quote_name(f.db.counterRole());
            tx.exec0(execute);
            tx.commit();
        }
        Bench b(f, scratch);
        int letterNo = 0;
        const auto ec = benchNew(f, b, token::KeyAlgorithm::EcP256, n, letterNo);
        const auto rsa = benchNew(f, b, token::KeyAlgorithm::Rsa2048, n, letterNo);
        const auto unlock = benchUnlock(f, b, n, letterNo);

        std::printf(
            "Countersign workflow benchmark: %d iterations each (after one warm-up), SoftHSM2 2.6 behind "
            "the test fault module,\nbuilt-in CA (EC P-256 issuing key), one PostgreSQL connection; each "
            "measurement on a writer holding one fresh key\n",
            n);
        printNew("NEW, EC P-256", ec, false, 1.15);
        printNew("NEW, RSA-2048", rsa, true, 1.15);
        printUnlock(unlock);

        // Round trips of one NEW and one UNLOCK (the built-in CA's own statements included: it shares the
        // connection).
        b.freshWriter();
        const auth::SessionToken session = f.operatorSession();
        const int newTrips = countRoundTrips(*f.conn, [&] {
            workflow::NewRequest req;
            req.operatorId = f.operatorId;
            req.operatorSession = session;
            req.letterJws = f.letter("BENCH-RT-" + std::to_string(++letterNo));
            req.idCardNo = test::CounterFixture::kAgentId;
            req.newPin = Secret(kPin);
            req.algorithm = token::KeyAlgorithm::EcP256;
            if (b.flow->runNew(std::move(req)).state != "completed")
                throw std::runtime_error("the counted NEW did not complete");
        });
        const std::string locked = lockedKey(f, b, letterNo);
        const int unlockTrips = countRoundTrips(*f.conn, [&] {
            workflow::UnlockRequest req;
            req.operatorId = f.operatorId;
            req.operatorSession = session;
            req.letter = unlockLetter();
            req.idCardNo = req.letter.agentIdNo;
            req.keySerial = locked;
            req.newPin = Secret("246801");
            if (b.flow->runUnlock(std::move(req)).state != "completed")
                throw std::runtime_error("the counted UNLOCK did not complete");
        });
        b.closeWriter();
        std::printf("\ndatabase round trips (libpq trace: Sync + simple Query): NEW EC P-256 %d, UNLOCK %d\n",
                    newTrips, unlockTrips);
        if (f.auditBrokenAt()) {
            std::fprintf(stderr, "the audit chain does not verify after the benchmark\n");
            status = 1;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "countersign_bench_workflow: %s\n", e.what());
        status = 1;
    }
    if (!postgres.stop())
        status = 1;
    return status;
}
