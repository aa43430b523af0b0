#include "backend/papers/lettertrust.h"

#include <fstream>
#include <iterator>

#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <pqxx/binarystring>
#include <pqxx/result>

#include "db/connection.h"
#include "token/certinfo.h"
#include "token/owned.h"

namespace countersign::papers {

namespace {

std::string hex(const unsigned char* data, std::size_t size) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 15];
    }
    return out;
}

/// A certificate stored as DER, as PEM.
std::string pemOf(const pqxx::field& field) {
    const pqxx::binarystring der(field);
    const auto* p = der.data();
    Owned<X509> cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    if (!cert || !bio || PEM_write_bio_X509(bio.get(), cert.get()) != 1)
        throw TrustError("a certificate in letter_signers can't be read");
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

/// A refusal of the database's function as a TrustError; anything else goes on as it was.
[[noreturn]] void refused(const pqxx::sql_error& e) {
    if (const auto why = db::databaseRefusal(e))
        throw TrustError(*why);
    throw;
}

} // namespace

TrustCertificate readTrustCertificate(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw TrustError("can't read " + path);
    std::string pem;
    pem.resize(64 * 1024 + 1);
    in.read(pem.data(), static_cast<std::streamsize>(pem.size()));
    pem.resize(static_cast<std::size_t>(in.gcount()));
    return trustCertificateFromPem(pem, path);
}

TrustCertificate trustCertificateFromPem(const std::string& pem, const std::string& path) {
    if (pem.size() > 64 * 1024)
        throw TrustError(path + " is larger than a certificate (64 KiB)");
    Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    Owned<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert)
        throw TrustError("no PEM certificate in " + path);
    const token::CertificateInfo info = token::describeCertificate(cert.get());
    unsigned char* buf = nullptr;
    const int len = i2d_X509(cert.get(), &buf);
    if (len <= 0)
        throw TrustError("the certificate in " + path + " can't be encoded");
    const Owned<unsigned char> owned(buf);
    TrustCertificate out;
    out.der.assign(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(len));
    out.subject = info.subject;
    out.notBefore = info.notBefore;
    out.notAfter = info.notAfter;
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(buf, static_cast<std::size_t>(len), digest);
    out.fingerprint = hex(digest, sizeof digest);
    return out;
}

std::vector<TrustEntry> listTrust(pqxx::transaction_base& tx) {
    std::vector<TrustEntry> list;
    for (const auto& r :
         tx.exec("SELECT id, kind, subject, coalesce(office_code, ''), encode(x5t_s256, 'hex'), "
                 "to_char(not_before AT TIME ZONE 'UTC', 'YYYY-MM-DD'), "
                 "to_char(not_after AT TIME ZONE 'UTC', 'YYYY-MM-DD'), active "
                 "FROM countersign.letter_signers ORDER BY id"))
        list.push_back({r[0].as<long long>(), r[1].c_str(), r[2].c_str(), r[3].c_str(), r[4].c_str(),
                        r[5].c_str(), r[6].c_str(), r[7].as<bool>()});
    return list;
}

std::vector<std::string> trustedAnchorPems(pqxx::transaction_base& tx) {
    std::vector<std::string> pems;
    for (const auto& r : tx.exec("SELECT der FROM countersign.letter_signers "
                                 "WHERE kind = 'trust_anchor' AND active ORDER BY id"))
        pems.push_back(pemOf(r[0]));
    return pems;
}

std::vector<RegisteredSigner> registeredSigners(pqxx::transaction_base& tx) {
    std::vector<RegisteredSigner> signers;
    for (const auto& r :
         tx.exec("SELECT der, coalesce(office_code, ''), active FROM countersign.letter_signers "
                 "WHERE kind = 'signer' ORDER BY id"))
        signers.push_back({pemOf(r[0]), r[1].c_str(), r[2].as<bool>()});
    return signers;
}

bool addTrust(pqxx::transaction_base& tx, const char* adminSession, bool anchor, const std::string& office,
              const TrustCertificate& cert, long long counterId) {
    if (!anchor && office.empty())
        throw TrustError("a letter signer is registered for the tax office whose letters it signs");
    if (anchor && !office.empty())
        throw TrustError("a trust anchor is trusted for no office of its own");
    try {
        const std::optional<std::string> officeCode =
            office.empty() ? std::nullopt : std::optional<std::string>(office);
        const auto r =
            tx.exec_params("SELECT countersign.letter_signer_add($1, $2, $3, $4, $5, "
                           "$6::timestamptz, $7::timestamptz, $8)",
                           adminSession, anchor ? "trust_anchor" : "signer", officeCode, cert.subject,
                           pqxx::binarystring(cert.der), cert.notBefore, cert.notAfter, counterId);
        return !r[0][0].is_null();
    } catch (const pqxx::sql_error& e) {
        refused(e);
    }
}

bool disableTrust(pqxx::transaction_base& tx, const char* adminSession, const std::string& der,
                  long long counterId) {
    try {
        const auto r = tx.exec_params("SELECT countersign.letter_signer_disable($1, $2, $3)", adminSession,
                                      pqxx::binarystring(der), counterId);
        return !r[0][0].is_null();
    } catch (const pqxx::sql_error& e) {
        refused(e);
    }
}

bool disableTrustById(pqxx::transaction_base& tx, const char* adminSession, long long id,
                      long long counterId) {
    const auto r = tx.exec_params("SELECT der FROM countersign.letter_signers WHERE id = $1", id);
    if (r.empty())
        throw TrustError("there is no trust anchor or signer " + std::to_string(id));
    const pqxx::binarystring der(r[0][0]);
    return disableTrust(tx, adminSession, der.str(), counterId);
}

} // namespace countersign::papers
