// Benchmark: countersignctl certificates import's product path (legacy::importFile: the file read, every
// certificate verified with X509_verify_cert against the legacy CA, the rows recorded 1000 per database call
// through countersign.legacy_import with an admin's session, as a counter's own login) against its raw
// primitives in the same run: X509_verify_cert alone over the same parsed certificates, and the database
// insert alone (the same enterprise, key and certificate rows written with plain INSERTs as the owner, 1000
// per transaction, no checks). Prints certs/min of each and the ratios.
//   countersign_bench_import [--count N]    (default 10000)
// Needs PostgreSQL: the suite's cluster, PGHOST …, or a throwaway cluster (tests/support/pgcluster.sh).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "backend/legacy/legacyimport.h"
#include "tests/support/benchpostgres.h"
#include "tests/support/legacyca.h"
#include "tests/support/testenv.h"
#include "token/certinfo.h"
#include "token/owned.h"

using namespace countersign;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
}

double perMinute(int n, double s) {
    return 60.0 * n / s;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    int n = 10000;
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
        // Set-up, not timed: the legacy CA and n certificates of n enterprises (EC P-256), as one CSV.
        const test::LegacyCa legacyCa;
        const std::string caFile = scratch + "/legacy-ca.pem";
        {
            FILE* f = std::fopen(caFile.c_str(), "w");
            const std::string pem = legacyCa.certificatePem();
            std::fwrite(pem.data(), 1, pem.size(), f);
            std::fclose(f);
        }
        auto setupStart = Clock::now();
        std::vector<std::string> pems;
        std::vector<std::string> usccs;
        pems.reserve(static_cast<std::size_t>(n));
        std::string csv = "key_serial,uscc,company,certificate_pem\r\n";
        for (int i = 0; i < n; ++i) {
            const std::string uscc = test::usccFor(500000 + i);
            const std::string company = "旧系统企业" + std::to_string(i) + "有限公司";
            pems.push_back(legacyCa.issue(uscc, company));
            usccs.push_back(uscc);
            csv += "LEGACY-" + std::to_string(i) + "," + uscc + "," + company + "," +
                   test::csvQuoted(pems.back()) + "\r\n";
        }
        const double setup = seconds(setupStart);

        // Raw primitive 1: X509_verify_cert alone over the parsed certificates, one store, one context each.
        // (And the parse alone, outside the primitive: OpenSSL 3 decodes each certificate's public key
        // through its provider decoders while parsing.)
        std::vector<Owned<X509>> certs;
        auto parseStart = Clock::now();
        for (const auto& pem : pems) {
            const Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
            certs.emplace_back(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
        }
        const double parse = seconds(parseStart);
        const Owned<X509_STORE> store(X509_STORE_new());
        {
            const std::string pem = legacyCa.certificatePem();
            const Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
            const Owned<X509> ca(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
            X509_STORE_add_cert(store.get(), ca.get());
        }
        int verified = 0;
        auto verifyStart = Clock::now();
        for (const auto& cert : certs) {
            const Owned<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
            X509_STORE_CTX_init(ctx.get(), store.get(), cert.get(), nullptr);
            verified += X509_verify_cert(ctx.get()) == 1 ? 1 : 0;
        }
        const double verify = seconds(verifyStart);

        // Raw primitive 2: the rows alone, plain INSERTs as the owner, 1000 per transaction, in a database of
        // its own (the same JSON unpacking as the product's call).
        const test::TestDatabase rawDb;
        std::vector<QJsonArray> batches;
        for (int i = 0; i < n; ++i) {
            if (i % 1000 == 0)
                batches.emplace_back();
            const auto info = token::describeCertificate(certs[static_cast<std::size_t>(i)].get());
            unsigned char* der = nullptr;
            const int len = i2d_X509(certs[static_cast<std::size_t>(i)].get(), &der);
            const Owned<unsigned char> owned(der);
            batches.back().append(QJsonObject{
                {QStringLiteral("serial"), QString::fromStdString(info.serial)},
                {QStringLiteral("issuer"), QString::fromStdString(info.issuer)},
                {QStringLiteral("subject"), QString::fromStdString(info.subject)},
                {QStringLiteral("uscc"), QString::fromStdString(usccs[static_cast<std::size_t>(i)])},
                {QStringLiteral("key"), QStringLiteral("LEGACY-%1").arg(i)},
                {QStringLiteral("nb"), QString::fromStdString(info.notBefore)},
                {QStringLiteral("na"), QString::fromStdString(info.notAfter)},
                {QStringLiteral("der"),
                 QString::fromLatin1(QByteArray(reinterpret_cast<char*>(der), len).toBase64())}});
        }
        auto raw = rawDb.connect();
        auto insertStart = Clock::now();
        for (const auto& batch : batches) {
            pqxx::work tx{*raw};
            tx.exec_params(
                "WITH r AS (SELECT e.r FROM jsonb_array_elements($1::jsonb) e(r)), "
                "ent AS (INSERT INTO countersign.enterprises (uscc, name) SELECT r->>'uscc', r->>'subject' "
                "FROM r "
                "RETURNING id, uscc), "
                "tok AS (INSERT INTO countersign.tokens (serial, model, state, enterprise_id) "
                "SELECT r->>'key', 'unknown', 'active', ent.id FROM r JOIN ent ON ent.uscc = r->>'uscc' "
                "RETURNING id, serial, enterprise_id) "
                "INSERT INTO countersign.certificates (serial, issuer, token_id, enterprise_id, subject, "
                "uscc, "
                "not_before, not_after, status, der) SELECT r->>'serial', r->>'issuer', tok.id, "
                "tok.enterprise_id, "
                "r->>'subject', r->>'uscc', (r->>'nb')::timestamptz, (r->>'na')::timestamptz, 'active', "
                "decode(r->>'der', 'base64') FROM r JOIN tok ON tok.serial = r->>'key'",
                QJsonDocument(batch).toJson(QJsonDocument::Compact).toStdString());
            tx.commit();
        }
        const double insert = seconds(insertStart);

        // The product path, as countersignctl certificates import runs it: a counter's login, an admin's
        // session, the CSV text in.
        test::TestDatabase db;
        db.addStaff("admin.bench", "bench-password", "admin");
        auto conn = db.connectAsCounter();
        const auto login =
            auth::logIn(*conn, auth::LoginPurpose::Login, "admin.bench", Secret("bench-password"));
        if (login.status != auth::LoginStatus::Ok) {
            std::fprintf(stderr, "the bench admin could not log in\n");
            return 1;
        }
        const legacy::LegacyVerifier verifier(caFile);
        // The product's part before the database: the CSV read, each certificate parsed, described and
        // verified.
        auto checkStart = Clock::now();
        int checkedOk = 0;
        for (const auto& entry : legacy::readImportFile(csv)) {
            legacy::ImportedRow row;
            checkedOk += verifier.verify(entry, row) ? 1 : 0;
        }
        const double checking = seconds(checkStart);
        auto productStart = Clock::now();
        const auto report = legacy::importFile(*conn, *login.session, csv, verifier, 1000);
        const double product = seconds(productStart);
        auto againStart = Clock::now();
        const auto again = legacy::importFile(*conn, *login.session, csv, verifier, 1000);
        const double reimport = seconds(againStart);

        std::printf("legacy certificate import, %d certificates (EC P-256, one legacy CA), CSV %.1f MB, "
                    "PostgreSQL 15 (set-up: %.1f s to make them)\n",
                    n, csv.size() / 1e6, setup);
        std::printf("%-58s %9s %14s\n", "path", "total s", "certs/min");
        std::printf("%-58s %9.3f %14.0f\n", "raw: X509_verify_cert alone (parsed certificates)", verify,
                    perMinute(n, verify));
        std::printf("%-58s %9.3f %14.0f\n", "raw: database insert alone (owner, plain INSERTs, 1000/tx)",
                    insert, perMinute(n, insert));
        std::printf("%-58s %9.3f %14.0f\n", "(PEM_read_bio_X509 alone, not in the primitive)", parse,
                    perMinute(n, parse));
        std::printf("%-58s %9.3f %14.0f\n", "raw: both, one after the other", verify + insert,
                    perMinute(n, verify + insert));
        std::printf("%-58s %9.3f %14.0f\n", "product: importFile (parse, verify, legacy_import, audit)",
                    product, perMinute(n, product));
        std::printf("%-58s %9.3f %14.0f\n", "  of which the file read + verified (no database)", checking,
                    perMinute(n, checking));
        std::printf("%-58s %9.3f %14.0f\n", "  of which the database (legacy_import, 1000/call)",
                    product - checking, perMinute(n, product - checking));
        std::printf("%-58s %9.3f %14.0f\n", "product: the same file again (all known)", reimport,
                    perMinute(n, reimport));
        std::printf(
            "product vs raw verify + insert: %.2f (rate ratio); the product's time is %.1fx the raw's\n",
            (verify + insert) / product, product / (verify + insert));
        std::printf("imported %d, known %d, refused %d; again: imported %d, known %d; raw verified %d\n",
                    report.imported, report.known, report.refused, again.imported, again.known, verified);
        if (report.imported != n || again.known != n || verified != n || checkedOk != n) {
            std::fprintf(stderr, "FAILED: not every certificate was imported / known / verified\n");
            status = 1;
        }
    }
    if (!postgres.stop())
        status = 1;
    return status;
}
