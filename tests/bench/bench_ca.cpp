// Benchmark: the built-in CA's issue() (profile, signing and its database record) against raw OpenSSL signing
// of the same certificate, in the same run. Prints the rates, the ratio of the signing part to raw OpenSSL
// (goal >= 0.8) and the database's share of issue().
//   countersign_bench_ca [--count N]    (default 1000)
// Needs PostgreSQL: PGHOST/PGPORT/PGUSER of a server where it may create a database, or it starts a
// throwaway cluster with tests/support/pgcluster.sh.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <QCoreApplication>
#include <QTemporaryDir>

#include <pqxx/nontransaction>

#include "backend/ca/builtinca.h"
#include "backend/ca/enterpriseprofile.h"
#include "backend/ca/x509build.h"
#include "db/connection.h"
#include "db/migrations.h"
#include "tests/support/benchpostgres.h"

using namespace countersign;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
}

std::string makeCsr() {
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    X509_REQ* req = X509_REQ_new();
    X509_NAME_add_entry_by_txt(X509_REQ_get_subject_name(req), "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>("bench"), -1, -1, 0);
    X509_REQ_set_pubkey(req, key);
    X509_REQ_sign(req, key, EVP_sha256());
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509_REQ(bio, req);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(len));
    BIO_free(bio);
    X509_REQ_free(req);
    EVP_PKEY_free(key);
    return pem;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    int n = 1000;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--count") == 0)
            n = std::max(10, std::atoi(argv[i + 1]));

    QTemporaryDir dir;
    const std::string scratch = dir.path().toStdString();
    test::BenchPostgres postgres(scratch);
    if (!postgres.ok())
        return 1;
    int status = 0;
    {
        const std::string dbName = "countersign_bench_ca_" + std::to_string(::getpid());
        {
            pqxx::connection admin{"dbname=postgres"};
            pqxx::nontransaction tx{admin};
            // Database and role names can't be bound as parameters: quote_name escapes them.
            const std::string statement = "CREATE DATABASE " + tx.quote_name(dbName);
            tx.exec0(statement);
        }
        auto conn = db::openConnection("dbname=" + dbName);
        db::Migrator().migrate(*conn);
        ca::BuiltinCaConfig config;
        config.keyFile = scratch + "/issuing.key";
        config.crlUrl = "http://ca.example.cn/countersign.crl";
        ca::BuiltinCa::initialise(*conn, config, ca::CaKeyAlgorithm::EcP256, "Bench");
        ca::BuiltinCa builtin(*conn, config);
        const std::string csr = makeCsr();
        const ca::SubjectFields subject{"天津市测试科技有限公司", "91350100M000100Y43"};

        // The issuing CA's certificate and key as the built-in CA uses them, for the other two paths.
        const std::string chain = builtin.chain()[0];
        BIO* bio = BIO_new_mem_buf(chain.data(), static_cast<int>(chain.size()));
        X509* issuing = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
        BIO_free(bio);
        bio = BIO_new_file(config.keyFile.c_str(), "r");
        EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
        BIO_free(bio);
        const ca::EnterpriseProfile profile(issuing, key, {365, config.crlUrl, {}});
        BIO* csrBio = BIO_new_mem_buf(csr.data(), static_cast<int>(csr.size()));
        X509_REQ* req = PEM_read_bio_X509_REQ(csrBio, nullptr, nullptr, nullptr);
        BIO_free(csrBio);

        // Raw OpenSSL: the same certificate, built and signed with no checks and no record.
        auto rawStart = Clock::now();
        for (int i = 0; i < n; ++i) {
            X509* cert = X509_new();
            X509_set_version(cert, X509_VERSION_3);
            BN_to_ASN1_INTEGER(ca::randomSerial().get(), X509_get_serialNumber(cert));
            X509_NAME* name = X509_get_subject_name(cert);
            ca::addName(name, "C", "CN");
            ca::addName(name, "O", subject.company);
            ca::addName(name, "CN", subject.company);
            ca::addName(name, "organizationIdentifier", "NTRCN-" + subject.uscc);
            X509_set_issuer_name(cert, X509_get_subject_name(issuing));
            X509_gmtime_adj(X509_getm_notBefore(cert), 0);
            X509_time_adj_ex(X509_getm_notAfter(cert), 365, 0, nullptr);
            X509_set_pubkey(cert, X509_REQ_get0_pubkey(req));
            ca::addExtension(cert, issuing, NID_basic_constraints, "critical,CA:FALSE");
            ca::addExtension(cert, issuing, NID_key_usage, "critical,digitalSignature,nonRepudiation");
            ca::addExtension(cert, issuing, NID_ext_key_usage, "clientAuth");
            ca::addExtension(cert, issuing, NID_subject_key_identifier, "hash");
            ca::addExtension(cert, issuing, NID_authority_key_identifier, "keyid:always");
            ca::addExtension(cert, issuing, NID_crl_distribution_points, "URI:" + config.crlUrl);
            X509_sign(cert, key, EVP_sha256());
            X509_free(cert);
        }
        const double raw = seconds(rawStart);

        // The product's signing part: the profile making and signing the certificate for a checked request.
        const auto checked = ca::EnterpriseProfile::check(csr);
        auto signStart = Clock::now();
        for (int i = 0; i < n; ++i)
            profile.make(checked, subject);
        const double signing = seconds(signStart);

        // Checking the request: PEM parsed, its signature verified, its key type checked.
        auto checkStart = Clock::now();
        for (int i = 0; i < n; ++i)
            ca::EnterpriseProfile::check(csr);
        const double checking = seconds(checkStart);

        // The whole of issue(): the above plus the request-id lookup and the certificate's database record.
        auto issueStart = Clock::now();
        for (int i = 0; i < n; ++i)
            builtin.issue({csr, "enterprise-tax", "bench-" + std::to_string(i), subject});
        const double issue = seconds(issueStart);

        std::printf("built-in CA, %d certificates (EC P-256 issuing key), one connection to PostgreSQL 15\n",
                    n);
        std::printf("%-44s %10s %12s\n", "path", "total s", "certs/s");
        std::printf("%-44s %10.3f %12.0f\n", "raw OpenSSL build + sign", raw, n / raw);
        std::printf("%-44s %10.3f %12.0f\n", "profile: build + sign (the signing part)", signing,
                    n / signing);
        std::printf("%-44s %10.3f %12.0f\n", "CSR check: parse + verify signature + key", checking,
                    n / checking);
        std::printf("%-44s %10.3f %12.0f\n", "issue(): check + sign + database record", issue, n / issue);
        const double ratio = raw / signing;
        std::printf("signing part vs raw OpenSSL: %.3f (goal >= 0.8: %s)\n", ratio,
                    ratio >= 0.8 ? "met" : "MISSED");
        std::printf("share of issue(): signing %.1f %%, CSR check %.1f %%, database %.1f %%\n",
                    100.0 * signing / issue, 100.0 * checking / issue,
                    100.0 * (issue - signing - checking) / issue);
        X509_REQ_free(req);
        X509_free(issuing);
        EVP_PKEY_free(key);
        conn.reset();
        pqxx::connection admin{"dbname=postgres"};
        pqxx::nontransaction tx{admin};
        // Database and role names can't be bound as parameters: quote_name escapes them.
        const std::string statement = "DROP DATABASE " + tx.quote_name(dbName) + " WITH (FORCE)";
        tx.exec0(statement);
    }
    if (!postgres.stop())
        status = 1;
    return status;
}
