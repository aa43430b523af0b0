#include "backend/legacy/legacyimport.h"

#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <pqxx/transaction>

#include "backend/papers/jws.h"
#include "token/certinfo.h"
#include "token/owned.h"

namespace countersign::legacy {

namespace {

std::string keyAlgorithm(X509* cert) {
    // From the key's algorithm identifier, without decoding the key itself: OpenSSL 3 decodes a public key
    // through its provider decoders, which cost more than verifying the certificate's signature.
    ASN1_OBJECT* algorithm = nullptr;
    const X509_ALGOR* parameters = nullptr;
    if (X509_PUBKEY_get0_param(&algorithm, nullptr, nullptr, const_cast<X509_ALGOR**>(&parameters),
                               X509_get_X509_PUBKEY(cert)) != 1)
        return {};
    const int nid = OBJ_obj2nid(algorithm);
    if (nid == NID_X9_62_id_ecPublicKey) {
        int type = 0;
        const void* value = nullptr;
        X509_ALGOR_get0(nullptr, &type, &value, parameters);
        const int curve =
            type == V_ASN1_OBJECT ? OBJ_obj2nid(static_cast<const ASN1_OBJECT*>(value)) : NID_undef;
        if (curve == NID_X9_62_prime256v1)
            return "EC-P256";
        if (curve == NID_sm2)
            return "SM2";
        return curve == NID_undef ? "EC" : std::string("EC-") + OBJ_nid2sn(curve);
    }
    if (nid == NID_rsaEncryption)
        if (const EVP_PKEY* key = X509_get0_pubkey(cert))
            return "RSA-" + std::to_string(EVP_PKEY_get_bits(key));
    return nid == NID_undef ? std::string() : OBJ_nid2sn(nid);
}

std::string organisation(const X509_NAME* name) {
    const int i = X509_NAME_get_index_by_NID(name, NID_organizationName, -1);
    if (i < 0)
        return {};
    unsigned char* utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
    if (len < 0)
        return {};
    const Owned<unsigned char> owned(utf8);
    return std::string(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(len));
}

} // namespace

struct LegacyVerifier::Impl {
    Owned<X509_STORE> store{X509_STORE_new()};
};

LegacyVerifier::LegacyVerifier(const std::string& legacyCaFile)
    : d(std::make_unique<Impl>()) {
    if (legacyCaFile.empty())
        throw std::runtime_error("no legacy CA is configured: set [trust] legacy_ca_file to the PEM file of "
                                 "the CA (and its chain) that issued the certificates");
    std::ifstream in(legacyCaFile, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read the legacy CA file " + legacyCaFile);
    std::ostringstream text;
    text << in.rdbuf();
    const auto cas = papers::jws::certificatesFromPem(text.str());
    if (cas.empty())
        throw std::runtime_error("the legacy CA file " + legacyCaFile + " holds no readable certificate");
    for (const auto& ca : cas)
        X509_STORE_add_cert(d->store.get(), ca.get());
    X509_STORE_set_flags(d->store.get(), X509_V_FLAG_PARTIAL_CHAIN);
}

LegacyVerifier::~LegacyVerifier() = default;

std::optional<db::LegacyCertificateRow> LegacyVerifier::verify(const ImportEntry& entry,
                                                               ImportedRow& report) const {
    report.index = entry.index;
    report.line = entry.line;
    auto refuse = [&](const std::string& why) -> std::optional<db::LegacyCertificateRow> {
        report.outcome = "refused";
        report.reason = why;
        return std::nullopt;
    };
    const Owned<BIO> bio(BIO_new_mem_buf(entry.pem.data(), static_cast<int>(entry.pem.size())));
    const Owned<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    ERR_clear_error();
    if (!cert)
        return refuse("no readable certificate (PEM) in this row");
    const token::CertificateInfo info = token::describeCertificate(cert.get());
    report.serial = info.serial;
    report.subject = info.subject;
    if (X509_check_ca(cert.get()) != 0)
        return refuse("a CA certificate, not an enterprise's");

    // Trust: a chain to a legacy CA, checked at the time the certificate was issued.
    std::tm tm{};
    if (ASN1_TIME_to_tm(X509_get0_notBefore(cert.get()), &tm) != 1)
        return refuse("its notBefore can't be read");
    const Owned<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
    if (!X509_STORE_CTX_init(ctx.get(), d->store.get(), cert.get(), nullptr)) {
        ERR_clear_error();
        return refuse("OpenSSL could not set up the check");
    }
    X509_STORE_CTX_set_time(ctx.get(), 0, timegm(&tm));
    if (X509_verify_cert(ctx.get()) != 1) {
        const int error = X509_STORE_CTX_get_error(ctx.get());
        ERR_clear_error();
        return refuse(std::string("does not chain to the legacy CA (issuer ") + info.issuer +
                      "): " + X509_verify_cert_error_string(error));
    }

    db::LegacyCertificateRow row;
    row.index = entry.index;
    row.serial = info.serial;
    row.issuer = info.issuer;
    row.subject = info.subject;
    row.keyAlgorithm = keyAlgorithm(cert.get());
    row.notBefore = info.notBefore;
    row.notAfter = info.notAfter;
    row.der = info.der;
    if (row.der.empty()) {
        unsigned char* raw = nullptr;
        const int len = i2d_X509(cert.get(), &raw);
        const Owned<unsigned char> der(raw);
        // A length of -1 read as size_t would copy past the buffer.
        if (len <= 0)
            return refuse("the certificate can't be encoded as DER");
        row.der.assign(reinterpret_cast<char*>(raw), static_cast<std::size_t>(len));
    }
    row.keySerial = entry.keySerial;
    if (row.keySerial.empty())
        return refuse("no key serial: the CSV's key_serial column, or a \"Key-Serial:\" line before the "
                      "certificate in a PEM bundle");
    // The enterprise: the file's words, and the certificate's must not say otherwise.
    row.uscc = entry.uscc.empty() ? info.uscc : entry.uscc;
    if (!entry.uscc.empty() && !info.uscc.empty() && entry.uscc != info.uscc)
        return refuse("the file says USCC " + entry.uscc + ", the certificate " + info.uscc);
    if (row.uscc.empty())
        return refuse("no USCC: neither the file nor the certificate (organizationIdentifier) names one");
    row.company = entry.company.empty() ? organisation(X509_get_subject_name(cert.get())) : entry.company;
    if (row.company.empty())
        return refuse("no company name: neither the file nor the certificate (O) names one");
    report.expired = X509_cmp_current_time(X509_get0_notAfter(cert.get())) < 0;
    return row;
}

std::string sha256Hex(const std::string& content) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(content.data(), content.size(), md, &len, EVP_sha256(), nullptr);
    static const char* const hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

ImportReport importFile(pqxx::connection& conn, const Secret& session, const std::string& content,
                        const LegacyVerifier& verifier, int batchSize) {
    ImportReport report;
    report.fileDigest = sha256Hex(content);
    const auto entries = readImportFile(content);
    report.rows.resize(entries.size());
    std::size_t next = 0;
    while (next < entries.size()) {
        std::vector<db::LegacyCertificateRow> batch;
        int refusedHere = 0;
        for (; next < entries.size() && static_cast<int>(batch.size()) < batchSize; ++next) {
            if (auto row = verifier.verify(entries[next], report.rows[next]))
                batch.push_back(std::move(*row));
            else
                ++refusedHere;
        }
        pqxx::work tx{conn, "legacy_import"};
        const auto outcomes = db::LegacyStore{tx}.importBatch(session, report.fileDigest, refusedHere, batch);
        tx.commit();
        for (const auto& o : outcomes) {
            ImportedRow& row = report.rows.at(static_cast<std::size_t>(o.index - 1));
            row.outcome = o.outcome;
            if (o.outcome == "refused")
                row.reason = o.detail;
        }
    }
    for (auto& row : report.rows) {
        if (row.outcome == "imported") {
            ++report.imported;
            report.expired += row.expired ? 1 : 0;
        } else if (row.outcome == "known") {
            ++report.known;
        } else {
            row.outcome = "refused";
            ++report.refused;
        }
    }
    return report;
}

} // namespace countersign::legacy
