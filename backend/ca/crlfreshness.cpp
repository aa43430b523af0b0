#include "backend/ca/crlfreshness.h"

#include <fstream>
#include <sstream>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <pqxx/binarystring>
#include <pqxx/result>
#include <pqxx/transaction>

#include "backend/ca/crlpublish.h"
#include "token/certinfo.h"
#include "token/owned.h"

namespace countersign::ca {

namespace {

std::time_t timeOf(const ASN1_TIME* t) {
    std::tm tm{};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
        return 0;
    return timegm(&tm);
}

std::string hours(std::time_t seconds) {
    std::ostringstream s;
    s.precision(1);
    s << std::fixed << static_cast<double>(seconds) / 3600.0 << " h";
    return s.str();
}

} // namespace

Owned<X509_CRL> crlFromBytes(const std::string& bytes) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(bytes.data());
    Owned<X509_CRL> crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(bytes.size())));
    if (!crl) {
        const Owned<BIO> bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
        crl.reset(bio ? PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    }
    ERR_clear_error(); // the DER attempt fails for a PEM CRL
    return crl;
}

CrlFreshness checkCrlFile(const std::string& path, const X509* issuingCa,
                          const std::vector<std::string>& revoked, std::time_t now) {
    CrlFreshness out;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        out.detail = "no CRL published at " + path +
                     " (countersignctl ca crl --publish DIR, or the timer "
                     "countersign-crl.timer)";
        return out;
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return checkCrl(bytes.str(), path, issuingCa, revoked, now);
}

CrlFreshness checkCrl(const std::string& bytes, const std::string& path, const X509* issuingCa,
                      const std::vector<std::string>& revoked, std::time_t now) {
    CrlFreshness out;
    const Owned<X509_CRL> crl = crlFromBytes(bytes);
    if (!crl) {
        out.detail = path + " is not a readable CRL";
        return out;
    }
    X509* ca = const_cast<X509*>(issuingCa);
    if (X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(ca)) != 0 ||
        X509_CRL_verify(crl.get(), X509_get0_pubkey(ca)) != 1) {
        out.detail = path + " is not signed by the issuing CA " + token::nameLine(X509_get_subject_name(ca));
        return out;
    }
    const std::time_t thisUpdate = timeOf(X509_CRL_get0_lastUpdate(crl.get()));
    const std::time_t nextUpdate = timeOf(X509_CRL_get0_nextUpdate(crl.get()));
    if (nextUpdate <= thisUpdate) {
        out.detail = path + " has no nextUpdate after its thisUpdate";
        return out;
    }
    const std::time_t lifetime = nextUpdate - thisUpdate;
    const std::time_t age = now - thisUpdate;
    if (now >= nextUpdate) {
        out.detail = path + " has lapsed: its nextUpdate " +
                     token::isoTime(X509_CRL_get0_nextUpdate(crl.get())) +
                     " is past; relying parties refuse every certificate of this CA";
        return out;
    }
    if (age > lifetime / 2) {
        out.detail = path + " is " + hours(age) + " old, more than half its lifetime of " + hours(lifetime) +
                     " (thisUpdate " + token::isoTime(X509_CRL_get0_lastUpdate(crl.get())) +
                     "): publication has stopped — is countersign-crl.timer enabled?";
        return out;
    }
    for (const auto& serial : revoked) {
        BIGNUM* raw = nullptr;
        if (BN_hex2bn(&raw, serial.c_str()) == 0)
            continue;
        const Owned<BIGNUM> bn(raw);
        const Owned<ASN1_INTEGER> number(BN_to_ASN1_INTEGER(bn.get(), nullptr));
        X509_REVOKED* entry = nullptr;
        if (X509_CRL_get0_by_serial(crl.get(), &entry, number.get()) != 1) {
            out.detail = path + " does not list certificate " + serial +
                         ", revoked on record: a publication after its revocation failed";
            return out;
        }
    }
    out.ok = true;
    out.detail = path + ": " + hours(age) + " old of " + hours(lifetime) + ", " +
                 std::to_string(revoked.size()) + " revocation(s), signed by the issuing CA";
    return out;
}

CrlFreshness checkPublishedCrl(pqxx::connection& conn, const AppConfig& config) {
    if (config.caCrlPublishDir.isEmpty() || config.caConnector != QLatin1String("builtin"))
        return {true, "not published here ([ca] crl_publish_dir is not set)"};
    const std::string path =
        config.caCrlPublishDir.toStdString() + "/" + crlFileName(config.caCrlUrl.toStdString());
    pqxx::read_transaction tx{conn};
    const auto ca = tx.exec("SELECT issuing_der FROM countersign.ca_authority");
    if (ca.empty())
        return {false, "no built-in CA in the database (countersignctl ca init)"};
    const std::string der = pqxx::binarystring(ca[0][0]).str();
    const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
    const Owned<X509> issuing(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!issuing)
        return {false, "the built-in CA's issuing certificate can't be read"};
    std::vector<std::string> revoked;
    for (const auto& r : tx.exec_params("SELECT serial FROM countersign.certificates WHERE issuer = $1 AND "
                                        "revoked_at IS NOT NULL",
                                        token::nameLine(X509_get_subject_name(issuing.get()))))
        revoked.push_back(r[0].c_str());
    return checkCrlFile(path, issuing.get(), revoked, std::time(nullptr));
}

} // namespace countersign::ca
