#include "backend/ca/databasejournal.h"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <pqxx/binarystring>
#include <pqxx/transaction>

#include "token/certinfo.h"
#include "token/owned.h"

namespace countersign::ca {

namespace {

Owned<X509> parsePem(const std::string& pem) {
    Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    return Owned<X509>(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

std::string pemOf(X509* cert) {
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), cert);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

std::vector<std::string> splitPem(const std::string& pems) {
    std::vector<std::string> out;
    static const std::string end = "-----END CERTIFICATE-----\n";
    std::size_t start = 0;
    for (std::size_t at = pems.find(end); at != std::string::npos; at = pems.find(end, start)) {
        out.push_back(pems.substr(start, at + end.size() - start));
        start = at + end.size();
    }
    return out;
}

IssuedCertificate fromRow(const pqxx::field& der, const pqxx::field& chain) {
    const pqxx::binarystring bytes(der);
    const unsigned char* p = bytes.data();
    Owned<X509> cert(d2i_X509(nullptr, &p, static_cast<long>(bytes.size())));
    const auto info = token::describeCertificate(cert.get());
    return {pemOf(cert.get()), splitPem(chain.as<std::string>()), info.serial, info.notBefore, info.notAfter};
}

} // namespace

IssueJournal::Attempt DatabaseJournal::begin(const std::string& requestId, const std::string& csrSha256) {
    // Committed on its own before the request is sent.
    pqxx::work tx{m_conn, "intent"};
    const auto r =
        tx.exec_params1("SELECT attempt, transaction_id FROM countersign.ca_cmp_intent_begin($1, $2)",
                        requestId, pqxx::binarystring(csrSha256));
    tx.commit();
    return {r[0].as<int>(), pqxx::binarystring(r[1]).str()};
}

void DatabaseJournal::confirmed(const std::string& requestId, int attempt) {
    pqxx::work tx{m_conn, "confirmed"};
    tx.exec_params("SELECT countersign.ca_cmp_intent_confirmed($1, $2)", requestId, attempt);
    tx.commit();
}

std::optional<IssuedCertificate> DatabaseJournal::find(const std::string& requestId) {
    pqxx::read_transaction tx{m_conn};
    const auto r = tx.exec_params("SELECT c.der, r.chain_pem FROM ca_requests r JOIN certificates c ON "
                                  "c.id = r.certificate_id WHERE r.request_id = $1",
                                  requestId);
    if (r.empty())
        return std::nullopt;
    return fromRow(r[0][0], r[0][1]);
}

void DatabaseJournal::record(const std::string& requestId, const IssuedCertificate& issued) {
    Owned<X509> cert = parsePem(issued.certificatePem);
    if (!cert)
        throw CaError(CaErrorCode::Internal, "the CA's certificate can't be recorded: not PEM");
    const auto info = token::describeCertificate(cert.get());
    if (info.uscc.empty() || info.organisation.empty())
        throw CaError(CaErrorCode::ProfileViolation,
                      "the CA's certificate names no enterprise (O, NTRCN-USCC)");
    unsigned char* der = nullptr;
    const int len = i2d_X509(cert.get(), &der);
    const Owned<unsigned char> owned(der);
    const std::string derBytes(reinterpret_cast<char*>(der), static_cast<std::size_t>(len > 0 ? len : 0));
    std::string chain;
    for (const auto& c : issued.chainPem)
        chain += c;

    // The enterprise (found by USCC, or added), the certificate and the request, recorded by the database for
    // a request it knows this counter waits for.
    pqxx::work tx{m_conn, "journal"};
    tx.exec_params1("SELECT countersign.ca_issue_record($1, $2, $3, 'enterprise-tax', $4, $5, $6, NULL, "
                    "$7::timestamptz, $8::timestamptz, $9, $10)",
                    requestId, info.serial, info.issuer, info.subject, info.uscc, info.organisation,
                    info.notBefore, info.notAfter, pqxx::binarystring(derBytes), chain);
    tx.commit();
}

std::optional<std::string> DatabaseJournal::certificateBySerial(const std::string& serialHex) {
    pqxx::read_transaction tx{m_conn};
    const auto r = tx.exec_params("SELECT der FROM certificates WHERE serial = $1", serialHex);
    if (r.empty())
        return std::nullopt;
    const pqxx::binarystring bytes(r[0][0]);
    const unsigned char* p = bytes.data();
    Owned<X509> cert(d2i_X509(nullptr, &p, static_cast<long>(bytes.size())));
    return pemOf(cert.get());
}

} // namespace countersign::ca
