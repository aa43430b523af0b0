#include "token/certinfo.h"

#include <ctime>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include "token/owned.h"

namespace countersign::token {

namespace {

std::string entry(const X509_NAME* name, int nid) {
    const int index = X509_NAME_get_index_by_NID(name, nid, -1);
    if (index < 0)
        return {};
    const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    unsigned char* utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, value);
    if (len < 0)
        return {};
    std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(len));
    OPENSSL_free(utf8);
    return out;
}

} // namespace

std::string nameLine(const X509_NAME* name) {
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

std::string isoTime(const ASN1_TIME* t) {
    struct tm tm {};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
        return {};
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string usccFromSubject(const X509_NAME* subject) {
    const std::string id = entry(subject, NID_organizationIdentifier);
    static const std::string prefix = "NTRCN-";
    if (id.compare(0, prefix.size(), prefix) != 0)
        return {};
    return id.substr(prefix.size());
}

CertificateInfo describeCertificate(const X509* cert) {
    CertificateInfo info;
    const X509_NAME* subject = X509_get_subject_name(cert);
    info.subject = nameLine(subject);
    info.issuer = nameLine(X509_get_issuer_name(cert));
    info.organisation = entry(subject, NID_organizationName);
    info.uscc = usccFromSubject(subject);
    Owned<BIGNUM> serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
    if (serial) {
        Owned<char> hex(BN_bn2hex(serial.get()));
        info.serial = hex ? hex.get() : "";
    }
    info.notBefore = isoTime(X509_get0_notBefore(cert));
    info.notAfter = isoTime(X509_get0_notAfter(cert));
    info.isCa = X509_check_ca(const_cast<X509*>(cert)) > 0;
    return info;
}

} // namespace countersign::token
