#include "backend/ca/enterpriseprofile.h"

#include <cstring>
#include <regex>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "backend/ca/x509build.h"

namespace countersign::ca {

namespace {

bool acceptableKey(EVP_PKEY* key, std::string& algorithm) {
    const int bits = EVP_PKEY_get_bits(key);
    if (EVP_PKEY_is_a(key, "RSA") && bits >= 2048) {
        algorithm = "RSA-" + std::to_string(bits);
        return true;
    }
    if (EVP_PKEY_is_a(key, "EC")) {
        char group[64] = {};
        size_t len = 0;
        if (EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, &len) == 1 &&
            (std::strcmp(group, "prime256v1") == 0 || std::strcmp(group, "P-256") == 0)) {
            algorithm = "EC-P256";
            return true;
        }
    }
    return false;
}

} // namespace

EnterpriseProfile::EnterpriseProfile(X509* issuing, EVP_PKEY* issuingKey, ProfileSettings settings)
    : m_issuing(issuing)
    , m_key(issuingKey)
    , m_settings(std::move(settings)) {}

SignedCertificate EnterpriseProfile::sign(const std::string& csrPem, const SubjectFields& fields) const {
    return make(check(csrPem), fields);
}

CheckedRequest EnterpriseProfile::check(const std::string& csrPem) {
    Owned<BIO> bio(BIO_new_mem_buf(csrPem.data(), static_cast<int>(csrPem.size())));
    CheckedRequest checked;
    checked.request.reset(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
    if (!checked.request) {
        ERR_clear_error();
        throw CaError(CaErrorCode::CsrInvalid, "not a PEM certificate request");
    }
    EVP_PKEY* publicKey = X509_REQ_get0_pubkey(checked.request.get());
    if (!publicKey || X509_REQ_verify(checked.request.get(), publicKey) != 1) {
        ERR_clear_error();
        throw CaError(CaErrorCode::CsrInvalid, "the request's signature does not verify");
    }
    if (!acceptableKey(publicKey, checked.keyAlgorithm))
        throw CaError(CaErrorCode::CsrInvalid,
                      "the request's key is neither RSA of at least 2048 bits nor EC P-256");
    return checked;
}

SignedCertificate EnterpriseProfile::make(const CheckedRequest& request, const SubjectFields& fields) const {
    static const std::regex usccShape("^[0-9A-Z]{15}$|^[0-9A-Z]{18}$|^[0-9A-Z]{20}$");
    if (fields.company.empty() || !std::regex_match(fields.uscc, usccShape))
        throw CaError(CaErrorCode::ProfileViolation, "the subject needs the company name and its USCC");
    SignedCertificate out;
    out.keyAlgorithm = request.keyAlgorithm;
    EVP_PKEY* publicKey = X509_REQ_get0_pubkey(request.request.get());
    // The subject comes from the checked papers, never from the request.
    out.certificate.reset(X509_new());
    X509* cert = out.certificate.get();
    X509_set_version(cert, X509_VERSION_3);
    X509_NAME* subject = X509_get_subject_name(cert);
    addName(subject, "C", "CN");
    addName(subject, "O", fields.company);
    addName(subject, "CN", fields.company);
    addName(subject, "organizationIdentifier", "NTRCN-" + fields.uscc);
    X509_set_issuer_name(cert, X509_get_subject_name(m_issuing));
    X509_gmtime_adj(X509_getm_notBefore(cert), 0);
    X509_time_adj_ex(X509_getm_notAfter(cert), m_settings.validityDays, 0, nullptr);
    X509_set_pubkey(cert, publicKey);
    addExtension(cert, m_issuing, NID_basic_constraints, "critical,CA:FALSE");
    addExtension(cert, m_issuing, NID_key_usage, "critical,digitalSignature,nonRepudiation");
    addExtension(cert, m_issuing, NID_ext_key_usage, "clientAuth");
    addExtension(cert, m_issuing, NID_subject_key_identifier, "hash");
    addExtension(cert, m_issuing, NID_authority_key_identifier, "keyid:always");
    if (!m_settings.crlUrl.empty())
        addExtension(cert, m_issuing, NID_crl_distribution_points, "URI:" + m_settings.crlUrl);
    if (!m_settings.caIssuersUrl.empty())
        addExtension(cert, m_issuing, NID_info_access, "caIssuers;URI:" + m_settings.caIssuersUrl);
    resign(cert);
    return out;
}

void EnterpriseProfile::resign(X509* certificate) const {
    BN_to_ASN1_INTEGER(randomSerial().get(), X509_get_serialNumber(certificate));
    if (X509_sign(certificate, m_key, EVP_sha256()) <= 0)
        throw CaError(CaErrorCode::Internal, "signing failed: " + opensslErrors());
}

} // namespace countersign::ca
