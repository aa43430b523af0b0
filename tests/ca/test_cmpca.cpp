// CmpCa against OpenSSL's own CMP mock server (`openssl cmp -port`), run as a separate process on a loopback
// port: an independent peer speaking real CMP over real HTTP. The PKI it answers with is made fresh per test
// process with the openssl command.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QProcess>

#include <pqxx/binarystring>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "backend/ca/cmpca.h"
#include "backend/ca/databasejournal.h"
#include "tests/support/testenv.h"
#include "token/owned.h"

using namespace countersign;
using namespace countersign::ca;

namespace {

const std::string kCompany = "天津市滨海新区海河测试科技有限公司";
const std::string kUscc = "91120116MA06XYZ12K";
const std::string kSerial = "1A2B3C4D5E6F"; // the enterprise certificate the mock hands out
const std::string kValidUscc = "91350100M000100Y43";
const std::string kRef = "counter-tj01-01";
const std::string kSecret = "pbm shared secret 123";

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void openssl(const std::vector<std::string>& args) {
    const auto r = test::runProcess("openssl", args);
    INFO("openssl " << args.front() << ": " << r.err);
    REQUIRE(r.exitCode == 0);
}

/// The throwaway PKI: root → issuing CA → the enterprise's certificate, plus the misfits the tests need.
struct TestPki {
    std::string dir;
    std::string path(const std::string& name) const { return dir + "/" + name; }
    std::string pem(const std::string& name) const { return readFile(path(name)); }
};

const TestPki& pki() {
    static const TestPki made = [] {
        TestPki p{test::scratchDir() + "/cmp"};
        ::mkdir(p.dir.c_str(), 0700);
        const auto at = [&](const std::string& n) { return p.path(n); };
        const auto key = [&](const std::string& n) {
            openssl({"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", at(n)});
            ::chmod(at(n).c_str(), 0600);
        };
        const auto csr = [&](const std::string& keyFile, const std::string& subject, const std::string& out) {
            openssl({"req", "-new", "-utf8", "-key", at(keyFile), "-subj", subject, "-out", at(out)});
        };
        const auto sign = [&](const std::string& csrFile, const std::string& ca, const std::string& section,
                              const std::string& serial, const std::string& out) {
            openssl({"x509", "-req", "-in", at(csrFile), "-CA", at(ca + ".pem"), "-CAkey", at(ca + ".key"),
                     "-set_serial", "0x" + serial, "-days", "30", "-sha256", "-extfile", at("ext.cnf"),
                     "-extensions", section, "-out", at(out)});
        };
        test::writeScratchFile("cmp/ext.cnf", "[ca]\n"
                                              "basicConstraints = critical,CA:TRUE\n"
                                              "keyUsage = critical,keyCertSign,cRLSign\n"
                                              "subjectKeyIdentifier = hash\n"
                                              "authorityKeyIdentifier = keyid:always\n"
                                              "[leaf]\n"
                                              "basicConstraints = critical,CA:FALSE\n"
                                              "keyUsage = critical,digitalSignature,nonRepudiation\n"
                                              "extendedKeyUsage = clientAuth\n"
                                              "subjectKeyIdentifier = hash\n"
                                              "authorityKeyIdentifier = keyid:always\n");
        const std::string enterprise =
            "/C=CN/O=" + kCompany + "/CN=" + kCompany + "/organizationIdentifier=NTRCN-" + kUscc;

        key("root.key");
        openssl({"req", "-x509", "-new", "-key", at("root.key"), "-subj",
                 "/O=Countersign Test/CN=Test Root CA", "-days", "30", "-sha256", "-out", at("root.pem")});
        key("ica.key");
        csr("ica.key", "/O=Countersign Test/CN=Test Issuing CA", "ica.csr");
        sign("ica.csr", "root", "ca", "1001", "ica.pem");

        key("ent.key");
        csr("ent.key", enterprise, "ent.csr");
        sign("ent.csr", "ica", "leaf", kSerial, "ent.pem");
        // The same enterprise's subject on another key, and the right key under another enterprise's subject.
        key("other.key");
        csr("other.key", enterprise, "other.csr");
        sign("other.csr", "ica", "leaf", "2002", "other.pem");
        csr("ent.key", "/C=CN/O=另一家公司/CN=另一家公司/organizationIdentifier=NTRCN-91110000600037341L",
            "elsewhere.csr");
        sign("elsewhere.csr", "ica", "leaf", "3003", "elsewhere.pem");

        // The same key under an enterprise whose USCC's check digit is right: the database records only such.
        csr("ent.key",
            "/C=CN/O=" + kCompany + "/CN=" + kCompany + "/organizationIdentifier=NTRCN-" + kValidUscc,
            "valid.csr");
        sign("valid.csr", "ica", "leaf", "6006", "valid.pem");

        // The CMP server's signing certificate and the counter's client certificate, for signature
        // protection.
        key("srv.key");
        csr("srv.key", "/O=Countersign Test/CN=Test CMP Server", "srv.csr");
        sign("srv.csr", "root", "leaf", "4004", "srv.pem");
        key("client.key");
        csr("client.key", "/O=Countersign Test/CN=Counter TJ01-01", "client.csr");
        sign("client.csr", "ica", "leaf", "5005", "client.pem");
        test::writeScratchFile("cmp/client-chain.pem", p.pem("client.pem") + p.pem("ica.pem"));
        key("stranger.key");
        openssl({"req", "-x509", "-new", "-key", at("stranger.key"), "-subj", "/CN=Some Other Root", "-days",
                 "30", "-out", at("stranger.pem")});

        // Root first and an unrelated certificate in between: CmpCa must put the chain in order itself.
        test::writeScratchFile("cmp/extracerts.pem",
                               p.pem("root.pem") + p.pem("stranger.pem") + p.pem("ica.pem"));
        return p;
    }();
    return made;
}

IssueRequest enterpriseRequest(const std::string& requestId) {
    IssueRequest r;
    r.csrPem = pki().pem("ent.csr");
    r.requestId = requestId;
    r.subject = {kCompany, kUscc};
    return r;
}

/// OpenSSL's CMP mock server in its own process, killed when this goes away.
class MockCmpServer {
public:
    explicit MockCmpServer(const std::vector<std::string>& options, const std::string& rspCert = "ent.pem") {
        // The CA under test is on loopback; a proxy from the environment must not sit in between.
        ::unsetenv("http_proxy");
        ::unsetenv("HTTP_PROXY");
        static int counter = 0;
        m_logPath = pki().path("mock-" + std::to_string(++counter) + ".log");
        QStringList args{"cmp",
                         "-port",
                         "0",
                         "-rsp_cert",
                         QString::fromStdString(pki().path(rspCert)),
                         "-rsp_extracerts",
                         QString::fromStdString(pki().path("extracerts.pem")),
                         "-rsp_capubs",
                         QString::fromStdString(pki().path("root.pem"))};
        for (const auto& o : options)
            args << QString::fromStdString(o);
        m_process.setStandardErrorFile(QString::fromStdString(m_logPath));
        m_process.start(QStringLiteral("openssl"), args);
        if (!m_process.waitForStarted(10000))
            throw std::runtime_error("cannot start the openssl command for the CMP mock server");
        // Port 0: the kernel picks a free port and the server prints "ACCEPT [::]:<port> PID=<pid>" once it
        // listens, so there is neither a race for the port nor a blind sleep.
        std::string out;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (m_port == 0) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0 || !m_process.waitForReadyRead(static_cast<int>(left.count())))
                throw std::runtime_error("the CMP mock server did not start listening: " + out +
                                         readFile(m_logPath));
            out += m_process.readAllStandardOutput().toStdString();
            const auto accept = out.find("ACCEPT ");
            const auto end = accept == std::string::npos ? accept : out.find(' ', accept + 7);
            if (end != std::string::npos) {
                const auto colon = out.rfind(':', end);
                m_port = std::stoi(out.substr(colon + 1, end - colon - 1));
            }
        }
    }
    ~MockCmpServer() { stop(); }
    MockCmpServer(const MockCmpServer&) = delete;
    MockCmpServer& operator=(const MockCmpServer&) = delete;

    void stop() {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    std::string server() const { return "http://localhost:" + std::to_string(m_port); }
    /// How many CMP messages the server has received so far (it logs each request line).
    int requests() const {
        const std::string log = readFile(m_logPath);
        int n = 0;
        for (auto at = log.find("Received request"); at != std::string::npos;
             at = log.find("Received request", at + 1))
            ++n;
        return n;
    }
    std::string log() const { return readFile(m_logPath); }

private:
    QProcess m_process;
    std::string m_logPath;
    int m_port = 0;
};

std::vector<std::string> sharedSecretServer(const std::string& secret = kSecret) {
    return {"-srv_ref", kRef, "-srv_secret", "pass:" + secret};
}

CmpConfig sharedSecretConfig(const std::string& server) {
    CmpConfig c;
    c.server = server;
    c.path = "pkix/";
    c.reference = kRef;
    c.secret = Secret(kSecret);
    // OpenSSL keeps retrying a refused connection until the message timeout, so the tests where nobody
    // listens take this long.
    c.messageTimeoutSeconds = 2;
    c.totalTimeoutSeconds = 20;
    return c;
}

/// A loopback TCP port with a socket bound to it, listening or not.
class LoopbackSocket {
public:
    explicit LoopbackSocket(bool listening) {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
            (listening && ::listen(m_fd, 8) != 0))
            throw std::runtime_error("cannot open a loopback socket");
        m_port = ntohs(addr.sin_port);
    }
    ~LoopbackSocket() { close(); }
    LoopbackSocket(const LoopbackSocket&) = delete;
    LoopbackSocket& operator=(const LoopbackSocket&) = delete;
    void close() {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }
    int fd() const { return m_fd; }
    int port() const { return m_port; }

private:
    int m_fd = -1;
    int m_port = 0;
};

/// A port where nothing listens: bound to find a free one, then released.
int deadPort() {
    LoopbackSocket s(false);
    return s.port();
}

/// Answers every HTTP request with the same response, from a thread of its own.
class FixedHttpServer {
public:
    explicit FixedHttpServer(std::string response)
        : m_socket(true)
        , m_response(std::move(response)) {
        m_thread = std::thread([this] { serve(); });
    }
    ~FixedHttpServer() {
        ::shutdown(m_socket.fd(), SHUT_RDWR); // wakes accept()
        m_thread.join();
    }
    FixedHttpServer(const FixedHttpServer&) = delete;
    FixedHttpServer& operator=(const FixedHttpServer&) = delete;
    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(m_socket.port()) + path;
    }
    int served() const { return m_served; }

private:
    void serve() {
        for (;;) {
            const int client = ::accept(m_socket.fd(), nullptr, nullptr);
            if (client < 0)
                return;
            // Read the whole request, body included: closing with unread input would reset the connection.
            std::string request;
            char buf[4096];
            std::size_t headerEnd = std::string::npos;
            std::size_t wanted = 0;
            while (headerEnd == std::string::npos || request.size() < headerEnd + 4 + wanted) {
                const ssize_t n = ::read(client, buf, sizeof buf);
                if (n <= 0)
                    break;
                request.append(buf, static_cast<std::size_t>(n));
                if (headerEnd == std::string::npos &&
                    (headerEnd = request.find("\r\n\r\n")) != std::string::npos) {
                    const auto cl = request.find("Content-Length:");
                    if (cl != std::string::npos && cl < headerEnd)
                        wanted = std::stoul(request.substr(cl + 15));
                }
            }
            ++m_served; // before answering: the client may look as soon as it has the answer
            for (std::size_t sent = 0; sent < m_response.size();) {
                const ssize_t n = ::write(client, m_response.data() + sent, m_response.size() - sent);
                if (n <= 0)
                    break;
                sent += static_cast<std::size_t>(n);
            }
            ::shutdown(client, SHUT_WR);
            ::close(client);
        }
    }

    LoopbackSocket m_socket;
    std::string m_response;
    std::atomic<int> m_served{0};
    std::thread m_thread;
};

std::string httpOk(const std::string& contentType, const std::string& body) {
    return "HTTP/1.0 200 OK\r\nContent-Type: " + contentType +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

template <typename F> CaError caErrorFrom(F&& call) {
    try {
        call();
    } catch (const CaError& e) {
        return e;
    }
    FAIL("no CaError was thrown");
    throw std::logic_error("unreachable");
}

/// A CRL signed by `ca` (pki file stem) listing kSerial as revoked for keyCompromise on 2025-01-02 03:04:05
/// UTC.
std::string crlDer(const std::string& ca) {
    Owned<BIO> keyBio(BIO_new_file(pki().path(ca + ".key").c_str(), "r"));
    Owned<EVP_PKEY> key(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
    Owned<BIO> certBio(BIO_new_file(pki().path(ca + ".pem").c_str(), "r"));
    Owned<X509> cert(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
    REQUIRE(key);
    REQUIRE(cert);
    Owned<X509_CRL> crl(X509_CRL_new());
    X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2);
    X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(cert.get()));
    ASN1_TIME* now = X509_gmtime_adj(nullptr, 0);
    ASN1_TIME* next = X509_gmtime_adj(nullptr, 86400);
    X509_CRL_set1_lastUpdate(crl.get(), now);
    X509_CRL_set1_nextUpdate(crl.get(), next);
    ASN1_TIME_free(now);
    ASN1_TIME_free(next);

    X509_REVOKED* revoked = X509_REVOKED_new();
    BIGNUM* raw = nullptr;
    BN_hex2bn(&raw, kSerial.c_str());
    Owned<BIGNUM> bn(raw);
    ASN1_INTEGER* serial = BN_to_ASN1_INTEGER(bn.get(), nullptr);
    X509_REVOKED_set_serialNumber(revoked, serial);
    ASN1_INTEGER_free(serial);
    ASN1_TIME* when = ASN1_TIME_new();
    ASN1_TIME_set_string(when, "20250102030405Z");
    X509_REVOKED_set_revocationDate(revoked, when);
    ASN1_TIME_free(when);
    ASN1_ENUMERATED* reason = ASN1_ENUMERATED_new();
    ASN1_ENUMERATED_set(reason, 1);
    X509_REVOKED_add1_ext_i2d(revoked, NID_crl_reason, reason, 0, 0);
    ASN1_ENUMERATED_free(reason);
    X509_CRL_add0_revoked(crl.get(), revoked);
    X509_CRL_sort(crl.get());
    REQUIRE(X509_CRL_sign(crl.get(), key.get(), EVP_sha256()) > 0);

    unsigned char* der = nullptr;
    const int len = i2d_X509_CRL(crl.get(), &der);
    REQUIRE(len > 0);
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
    OPENSSL_free(der);
    return out;
}

std::string crlPem(const std::string& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    Owned<X509_CRL> crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size())));
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509_CRL(bio.get(), crl.get());
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

} // namespace

TEST_CASE("a CMP certificate round-trips and asking again with the same request id does not reach the CA",
          "[ca][cmp]") {
    MockCmpServer mock(sharedSecretServer());
    InMemoryJournal journal;
    CmpCa ca(sharedSecretConfig(mock.server()), journal);

    const IssuedCertificate issued = ca.issue(enterpriseRequest("req-0001"));
    CHECK(issued.certificatePem == pki().pem("ent.pem"));
    CHECK(issued.serialHex == kSerial);
    CHECK(issued.chainPem == std::vector<std::string>{pki().pem("ica.pem"), pki().pem("root.pem")});
    CHECK(issued.notBefore.size() == 20);
    CHECK(issued.notAfter.back() == 'Z');
    CHECK(issued.notBefore < issued.notAfter);
    CHECK(ca.chain() == issued.chainPem);
    const int afterFirst = mock.requests();
    CHECK(afterFirst == 2); // p10cr and certConf

    const IssuedCertificate again = ca.issue(enterpriseRequest("req-0001"));
    CHECK(again.certificatePem == issued.certificatePem);
    CHECK(again.serialHex == issued.serialHex);
    CHECK(mock.requests() == afterFirst);

    // With the CA gone, the journal alone answers for a known request; a new request shows the CA really is
    // gone.
    mock.stop();
    CHECK(ca.issue(enterpriseRequest("req-0001")).certificatePem == issued.certificatePem);
    const CaError gone = caErrorFrom([&] { ca.issue(enterpriseRequest("req-0002")); });
    CHECK(gone.code == CaErrorCode::Unreachable);
}

TEST_CASE("a CA that refuses is reported as Rejected in its own words", "[ca][cmp]") {
    InMemoryJournal journal;
    SECTION("a rejection status with a status string") {
        MockCmpServer mock({"-srv_ref", kRef, "-srv_secret", "pass:" + kSecret, "-pkistatus", "2", "-failure",
                            "2", "-statusstring", "no such enterprise at this CA"});
        CmpCa ca(sharedSecretConfig(mock.server()), journal);
        const CaError e = caErrorFrom([&] { ca.issue(enterpriseRequest("req-rejected")); });
        CHECK(e.code == CaErrorCode::Rejected);
        CHECK_FALSE(e.retryable());
        CHECK_THAT(e.reason, Catch::Contains("rejection") &&
                                 Catch::Contains("no such enterprise at this CA") &&
                                 Catch::Contains("badRequest"));
        CHECK_FALSE(journal.find("req-rejected"));

        // A revocation the CA refuses says so in the same words.
        IssuedCertificate known;
        known.certificatePem = pki().pem("ent.pem");
        known.serialHex = kSerial;
        journal.record("req-earlier", known);
        const CaError rr = caErrorFrom([&] { ca.revoke(kSerial, RevocationReason::KeyCompromise, {}); });
        CHECK(rr.code == CaErrorCode::Rejected);
        CHECK_THAT(rr.reason, Catch::Contains("no such enterprise at this CA"));
    }
    SECTION("an error message") {
        MockCmpServer mock({"-srv_ref", kRef, "-srv_secret", "pass:" + kSecret, "-send_error"});
        CmpCa ca(sharedSecretConfig(mock.server()), journal);
        const CaError e = caErrorFrom([&] { ca.issue(enterpriseRequest("req-error")); });
        CHECK(e.code == CaErrorCode::Rejected);
        CHECK_THAT(e.reason, Catch::Contains("rejection") && Catch::Contains("error processing message"));
        CHECK_FALSE(journal.find("req-error"));
    }
}

TEST_CASE("a certificate for another key or another subject is refused as a ProfileViolation", "[ca][cmp]") {
    InMemoryJournal journal;
    SECTION("another key") {
        MockCmpServer mock(sharedSecretServer(), "other.pem");
        CmpCa ca(sharedSecretConfig(mock.server()), journal);
        const CaError e = caErrorFrom([&] { ca.issue(enterpriseRequest("req-other-key")); });
        CHECK(e.code == CaErrorCode::ProfileViolation);
        CHECK_THAT(e.reason, Catch::Contains("another key"));
        CHECK(mock.requests() == 2); // the refusal went back to the CA as a negative certConf
    }
    SECTION("another subject") {
        MockCmpServer mock(sharedSecretServer(), "elsewhere.pem");
        CmpCa ca(sharedSecretConfig(mock.server()), journal);
        const CaError e = caErrorFrom([&] { ca.issue(enterpriseRequest("req-elsewhere")); });
        CHECK(e.code == CaErrorCode::ProfileViolation);
        CHECK_THAT(e.reason, Catch::Contains("the CA returned a certificate for another subject") &&
                                 Catch::Contains("另一家公司") && Catch::Contains(kCompany));
        CHECK(mock.requests() == 2);
    }
    CHECK_FALSE(journal.find("req-other-key"));
    CHECK_FALSE(journal.find("req-elsewhere"));
    CHECK_FALSE(journal.certificateBySerial(kSerial));
}

TEST_CASE("a CA that cannot be reached or does not answer is Unreachable and worth retrying", "[ca][cmp]") {
    InMemoryJournal journal;
    std::optional<CaError> e;
    SECTION("nothing listening") {
        CmpCa ca(sharedSecretConfig("127.0.0.1:" + std::to_string(deadPort())), journal);
        const auto started = std::chrono::steady_clock::now();
        e = caErrorFrom([&] { ca.issue(enterpriseRequest("req-nobody")); });
        // OpenSSL retries a refused connection until the message timeout (2 s here), then gives up.
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(6));
        CHECK_THAT(e->reason, Catch::Contains("127.0.0.1") && Catch::Contains("connect"));
    }
    SECTION("a server that accepts the connection and never answers") {
        ::unsetenv("http_proxy");
        ::unsetenv("HTTP_PROXY");
        LoopbackSocket silent(true);
        CmpConfig config = sharedSecretConfig("http://127.0.0.1:" + std::to_string(silent.port()));
        config.messageTimeoutSeconds = 1;
        CmpCa ca(std::move(config), journal);
        const auto started = std::chrono::steady_clock::now();
        e = caErrorFrom([&] { ca.issue(enterpriseRequest("req-silent")); });
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
    }
    SECTION("an HTTP error instead of a CMP answer") {
        ::unsetenv("http_proxy");
        ::unsetenv("HTTP_PROXY");
        FixedHttpServer http("HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
        CmpCa ca(sharedSecretConfig(http.url("/")), journal);
        e = caErrorFrom([&] { ca.issue(enterpriseRequest("req-503")); });
        CHECK(http.served() >= 1);
        CHECK_THAT(e->reason, Catch::Contains("503"));
    }
    REQUIRE(e);
    CHECK(e->code == CaErrorCode::Unreachable);
    CHECK(e->retryable());
}

TEST_CASE("revoking a certificate from the journal succeeds at the CA and an unknown serial is NotFound",
          "[ca][cmp]") {
    MockCmpServer mock(sharedSecretServer());
    InMemoryJournal journal;
    CmpCa ca(sharedSecretConfig(mock.server()), journal);
    const IssuedCertificate issued = ca.issue(enterpriseRequest("req-to-revoke"));
    const int beforeRevoke = mock.requests();

    CHECK_NOTHROW(
        ca.revoke(issued.serialHex, RevocationReason::KeyCompromise, std::chrono::system_clock::now()));
    CHECK(mock.requests() == beforeRevoke + 1);
    // Serials as people type them: lower case, a leading zero.
    CHECK_NOTHROW(ca.revoke("0" + std::string("1a2b3c4d5e6f"), RevocationReason::Superseded, {}));
    CHECK(mock.requests() == beforeRevoke + 2);

    for (const std::string unknown : {"DEADBEEF", "not-a-serial", ""}) {
        const CaError e = caErrorFrom([&] { ca.revoke(unknown, RevocationReason::KeyCompromise, {}); });
        CHECK(e.code == CaErrorCode::NotFound);
    }
    CHECK(mock.requests() == beforeRevoke + 2);
}

TEST_CASE(
    "a wrong shared secret ends in an unauthenticated answer that is refused, and the secret may come from a "
    "file only its owner reads",
    "[ca][cmp]") {
    MockCmpServer mock(sharedSecretServer("the CA's real secret"));
    InMemoryJournal journal;

    const std::string wrongFile = test::writeScratchFile("cmp-wrong.secret", "not the secret\n");
    ::chmod(wrongFile.c_str(), 0600);
    CmpConfig wrong = sharedSecretConfig(mock.server());
    wrong.secret = Secret();
    wrong.secretFile = wrongFile;
    CmpCa wrongCa(std::move(wrong), journal);
    const CaError e = caErrorFrom([&] { wrongCa.issue(enterpriseRequest("req-wrong-secret")); });
    // The mock cannot check our MAC and answers with an error protected by its own secret: to the counter an
    // unauthenticated message, whoever sent it, so it is refused as such (openssl cmp's -unprotected_errors
    // is off), never read as the CA's words; asking again won't help.
    CHECK(e.code == CaErrorCode::Internal);
    CHECK_FALSE(e.retryable());
    CHECK_THAT(e.reason, Catch::Contains("could not be authenticated") && Catch::Contains("wrong pbm value"));
    CHECK_FALSE(journal.find("req-wrong-secret"));

    const std::string rightFile = test::writeScratchFile("cmp-right.secret", "the CA's real secret\n");
    ::chmod(rightFile.c_str(), 0644);
    CmpConfig exposed = sharedSecretConfig(mock.server());
    exposed.secret = Secret();
    exposed.secretFile = rightFile;
    const CaError refused = caErrorFrom([&] { CmpCa(std::move(exposed), journal); });
    CHECK(refused.code == CaErrorCode::Internal);
    CHECK_THAT(refused.reason, Catch::Contains("chmod 600"));

    ::chmod(rightFile.c_str(), 0600);
    CmpConfig right = sharedSecretConfig(mock.server());
    right.secret = Secret();
    right.secretFile = rightFile;
    CmpCa rightCa(std::move(right), journal);
    CHECK(rightCa.issue(enterpriseRequest("req-right-secret")).serialHex == kSerial);
}

TEST_CASE(
    "a client certificate authenticates the counter and the CA's signed answers are checked against the "
    "trusted certificates",
    "[ca][cmp]") {
    MockCmpServer mock({"-srv_cert", pki().path("srv.pem"), "-srv_key", pki().path("srv.key"), "-srv_trusted",
                        pki().path("root.pem")});
    InMemoryJournal journal;
    CmpConfig config;
    config.server = mock.server();
    config.path = "pkix/";
    config.clientCertFile = pki().path("client-chain.pem");
    config.clientKeyFile = pki().path("client.key");
    config.messageTimeoutSeconds = 10;

    SECTION("answers signed under a trusted root are accepted") {
        config.trustedCertFiles = {pki().path("root.pem")};
        CmpCa ca(std::move(config), journal);
        const IssuedCertificate issued = ca.issue(enterpriseRequest("req-signed"));
        CHECK(issued.certificatePem == pki().pem("ent.pem"));
        CHECK(issued.chainPem == std::vector<std::string>{pki().pem("ica.pem"), pki().pem("root.pem")});
    }
    SECTION("answers from a server outside the trusted roots are refused") {
        config.trustedCertFiles = {pki().path("stranger.pem")};
        CmpCa ca(std::move(config), journal);
        const CaError e = caErrorFrom([&] { ca.issue(enterpriseRequest("req-untrusted")); });
        CHECK(e.code == CaErrorCode::Internal);
        CHECK_FALSE(e.retryable());
        CHECK_THAT(e.reason,
                   Catch::Contains("could not be authenticated") && Catch::Contains("Test CMP Server"));
        CHECK_FALSE(journal.find("req-untrusted"));
    }
}

TEST_CASE("the CRL is fetched over HTTP as DER or PEM and tells revoked, good and unknown serials apart",
          "[ca][cmp]") {
    ::unsetenv("http_proxy");
    ::unsetenv("HTTP_PROXY");
    InMemoryJournal journal;
    IssuedCertificate good;
    good.certificatePem = pki().pem("other.pem");
    good.serialHex = "2002";
    journal.record("req-good", good);
    CmpConfig config = sharedSecretConfig("127.0.0.1:" + std::to_string(deadPort()));
    config.caChainFiles = {pki().path("ica.pem"), pki().path("root.pem")};

    SECTION("no CRL URL configured") {
        CmpCa ca(std::move(config), journal);
        CHECK(caErrorFrom([&] { ca.crl(); }).code == CaErrorCode::NotSupported);
        CHECK(ca.status("2002").status == CertificateStatus::Unknown);
        CHECK(ca.chain() == std::vector<std::string>{pki().pem("ica.pem"), pki().pem("root.pem")});
    }
    for (const bool pem : {false, true}) {
        DYNAMIC_SECTION("a CRL served as " << (pem ? "PEM" : "DER")) {
            const std::string der = crlDer("ica");
            FixedHttpServer http(pem ? httpOk("application/x-pem-file", crlPem(der))
                                     : httpOk("application/pkix-crl", der));
            config.crlUrl = http.url("/ica.crl");
            CmpCa ca(std::move(config), journal);

            CHECK(ca.crl() == crlPem(der));
            const StatusInfo revoked = ca.status(kSerial);
            CHECK(revoked.status == CertificateStatus::Revoked);
            CHECK(revoked.reason == RevocationReason::KeyCompromise);
            CHECK(revoked.revokedAt == "2025-01-02T03:04:05Z");
            CHECK(ca.status("1a2b3c4d5e6f").status == CertificateStatus::Revoked);
            const StatusInfo fine = ca.status("2002");
            CHECK(fine.status == CertificateStatus::Good);
            CHECK_FALSE(fine.reason);
            CHECK(ca.status("ABCDEF").status == CertificateStatus::Unknown);
        }
    }
    SECTION("a CRL not signed by the issuing CA") {
        FixedHttpServer http(httpOk("application/pkix-crl", crlDer("root")));
        config.crlUrl = http.url("/ica.crl");
        CmpCa ca(std::move(config), journal);
        const CaError e = caErrorFrom([&] { ca.crl(); });
        CHECK(e.code == CaErrorCode::Internal);
        CHECK_THAT(e.reason, Catch::Contains("not signed by the issuing CA"));
    }
    SECTION("no CRL server") {
        config.crlUrl = "http://127.0.0.1:" + std::to_string(deadPort()) + "/ica.crl";
        CmpCa ca(std::move(config), journal);
        const CaError e = caErrorFrom([&] { ca.status(kSerial); });
        CHECK(e.code == CaErrorCode::Unreachable);
    }
}

TEST_CASE("CmpCa refuses configurations it cannot use", "[ca][cmp]") {
    InMemoryJournal journal;
    CmpConfig tls = sharedSecretConfig("https://ca.example:443");
    CHECK(caErrorFrom([&] { CmpCa(std::move(tls), journal); }).code == CaErrorCode::NotSupported);
    CmpConfig none;
    none.server = "ca.example:80";
    CHECK(caErrorFrom([&] { CmpCa(std::move(none), journal); }).code == CaErrorCode::Internal);
    CmpConfig noReference = sharedSecretConfig("ca.example:80");
    noReference.reference.clear();
    CHECK(caErrorFrom([&] { CmpCa(std::move(noReference), journal); }).code == CaErrorCode::Internal);

    CmpCa ca(sharedSecretConfig("ca.example:80"), journal);
    CHECK(caErrorFrom([&] { ca.chain(); }).code == CaErrorCode::NotSupported);
    IssueRequest bad = enterpriseRequest("req-bad-csr");
    bad.csrPem = "-----BEGIN CERTIFICATE REQUEST-----\nnot base64\n-----END CERTIFICATE REQUEST-----\n";
    CHECK(caErrorFrom([&] { ca.issue(bad); }).code == CaErrorCode::CsrInvalid);
    IssueRequest noPapers = enterpriseRequest("req-no-papers");
    noPapers.subject = {};
    CHECK(caErrorFrom([&] { ca.issue(noPapers); }).code == CaErrorCode::ProfileViolation);
}

namespace {

/// How many times `what` occurs in `text`.
int occurrences(const std::string& text, const std::string& what) {
    int n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

/// The CMP transactionID the counter derives for attempt `attempt` at `requestId`, computed here on its own.
std::string expectedTransactionId(const std::string& requestId, int attempt) {
    const std::string text = "countersign-cmp:" + requestId + ":" + std::to_string(attempt);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    REQUIRE(EVP_Digest(text.data(), text.size(), md, &len, EVP_sha256(), nullptr) == 1);
    return std::string(reinterpret_cast<char*>(md), 16);
}

} // namespace

TEST_CASE("a counter killed between the CA's answer and its record leaves exactly one certificate counted",
          "[ca][cmp][db]") {
    test::TestDatabase database;
    const std::string requestId = "TJ01-CMP-CRASH-1";
    {
        // The request is one the counter waits for: an admin's open "ca.issue" at counter 01.
        auto owner = database.connect();
        pqxx::work tx{*owner};
        const long long admin = database.addStaff("cmpadmin", "not used here", "admin");
        tx.exec_params("INSERT INTO countersign.admin_actions (kind, subject, staff_id, counter_id) "
                       "VALUES ('ca.issue', $1, $2, $3)",
                       requestId, admin, database.counterId());
        tx.commit();
    }
    // At verbosity 7 the mock logs each message it receives by type.
    std::vector<std::string> options = sharedSecretServer();
    options.insert(options.end(), {"-verbosity", "7"});
    MockCmpServer mock(options, "valid.pem");
    IssueRequest request = enterpriseRequest(requestId);
    request.csrPem = pki().pem("valid.csr");
    request.subject.uscc = kValidUscc;

    // The record waits behind a lock the test holds (reading goes on), and the counter's process is killed
    // there: after the CA answered, before the certificate is on record.
    auto locker = database.connect();
    pqxx::work lock{*locker};
    lock.exec("LOCK TABLE countersign.certificates IN SHARE MODE");
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        int code = 1;
        const std::string diagnosis = test::scratchDir() + "/cmp-crash-child.txt";
        try {
            auto conn = database.connectAsCounter();
            DatabaseJournal journal(*conn);
            CmpCa ca(sharedSecretConfig(mock.server()), journal);
            ca.issue(request);
            code = 0;
        } catch (const std::exception& e) {
            std::ofstream(diagnosis) << e.what();
        }
        ::_exit(code);
    }
    bool waiting = false;
    int status = 0;
    {
        auto watcher = database.connect();
        for (int i = 0; i < 300 && !waiting; ++i) {
            if (::waitpid(child, &status, WNOHANG) == child)
                break;
            pqxx::nontransaction tx{*watcher};
            waiting = tx.exec1("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = "
                               "'countersign.certificates'::regclass")[0]
                          .as<int>() > 0;
            if (!waiting)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    INFO(mock.log() << readFile(test::scratchDir() + "/cmp-crash-child.txt"));
    if (!waiting)
        ::kill(child, SIGKILL);
    REQUIRE(waiting);
    // What the CA saw until the crash: the request, and no confirmation (the counter had recorded nothing).
    const std::string beforeCrash = mock.log();
    ::kill(child, SIGKILL);
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    lock.abort();
    CHECK(occurrences(mock.log(), "received CERTCONF") == 0);
    (void)beforeCrash;

    // Resumed with the same request: one certificate on record, and one confirmation ever sent.
    auto conn = database.connectAsCounter();
    DatabaseJournal journal(*conn);
    CmpCa ca(sharedSecretConfig(mock.server()), journal);
    const IssuedCertificate issued = ca.issue(request);
    CHECK(issued.serialHex == "6006");
    CHECK(occurrences(mock.log(), "received P10CR") == 2);
    CHECK(occurrences(mock.log(), "received CERTCONF") == 1);
    pqxx::read_transaction tx{*conn};
    CHECK(tx.exec_params1("SELECT count(*) FROM countersign.ca_requests WHERE request_id = $1", requestId)[0]
              .as<int>() == 1);
    CHECK(tx.exec1("SELECT count(*) FROM countersign.certificates")[0].as<int>() == 1);
    // The intent of each attempt was on record before it was sent, with its transactionID derived from the
    // request id: the first, never confirmed, is void; the second is confirmed.
    const auto intents = tx.exec_params("SELECT attempt, state, transaction_id, csr_sha256 FROM "
                                        "countersign.ca_cmp_intents WHERE request_id = "
                                        "$1 ORDER BY attempt",
                                        requestId);
    REQUIRE(intents.size() == 2);
    CHECK(intents[0][1].as<std::string>() == "void");
    CHECK(intents[1][1].as<std::string>() == "confirmed");
    CHECK(pqxx::binarystring(intents[0][2]).str() == expectedTransactionId(requestId, 1));
    CHECK(pqxx::binarystring(intents[1][2]).str() == expectedTransactionId(requestId, 2));
    CHECK(pqxx::binarystring(intents[0][3]).str() == pqxx::binarystring(intents[1][3]).str());
}

TEST_CASE("an intent is recorded only for a request the counter waits for, as the counter's own login",
          "[ca][cmp][db]") {
    test::TestDatabase database;
    MockCmpServer mock(sharedSecretServer());
    auto conn = database.connectAsCounter();
    DatabaseJournal journal(*conn);
    CmpCa ca(sharedSecretConfig(mock.server()), journal);
    // Nothing reaches the CA for a request this counter does not wait for: the intent is refused first.
    CHECK_THROWS_WITH(ca.issue(enterpriseRequest("NOT-WAITED-FOR")),
                      Catch::Contains("not a certificate this counter is waiting for"));
    CHECK(mock.requests() == 0);
    // And a counter writes no intent, nor confirms one, behind the functions' back.
    pqxx::work tx{*conn};
    CHECK_THROWS(tx.exec("INSERT INTO countersign.ca_cmp_intents (request_id, attempt, transaction_id, "
                         "csr_sha256) VALUES ('x', 1, '\\x00000000000000000000000000000000', "
                         "'\\x0000000000000000000000000000000000000000000000000000000000000000')"));
}

TEST_CASE("the counter confirms every certificate even when the CA would grant implicit confirmation",
          "[ca][cmp]") {
    MockCmpServer mock(
        {"-srv_ref", kRef, "-srv_secret", "pass:" + kSecret, "-grant_implicitconf", "-verbosity", "7"});
    InMemoryJournal journal;
    CmpCa ca(sharedSecretConfig(mock.server()), journal);
    CHECK(ca.issue(enterpriseRequest("req-confirmed")).serialHex == kSerial);
    CHECK(occurrences(mock.log(), "received CERTCONF") == 1);
}
