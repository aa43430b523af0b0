#include "backend/ca/caconnector.h"

#include "backend/ca/builtinca.h"
#include "backend/ca/cmpca.h"
#include "backend/ca/databasejournal.h"

namespace countersign::ca {

namespace {

std::vector<std::string> files(const QStringList& list) {
    std::vector<std::string> out;
    for (const auto& f : list)
        if (!f.trimmed().isEmpty())
            out.push_back(f.trimmed().toStdString());
    return out;
}

} // namespace

BuiltinCaConfig builtinCaConfig(const AppConfig& c) {
    BuiltinCaConfig builtin;
    builtin.keyFile = c.caKeyFile.toStdString();
    builtin.rootKeyFile = c.caRootKeyFile.toStdString();
    builtin.pkcs11Module = c.caPkcs11Module.toStdString();
    builtin.pinFile = c.caPinFile.toStdString();
    builtin.validityDays = c.caValidityDays;
    builtin.crlValidityDays = c.caCrlDays;
    builtin.crlUrl = c.caCrlUrl.toStdString();
    builtin.crlPublishDir = c.caCrlPublishDir.toStdString();
    builtin.caIssuersUrl = c.caIssuersUrl.toStdString();
    return builtin;
}

struct CaConnector::Impl {
    std::unique_ptr<DatabaseJournal> journal;
    std::unique_ptr<CertificateAuthority> ca;
};

CaConnector::CaConnector(const AppConfig& c, pqxx::connection& conn)
    : d(std::make_unique<Impl>()) {
    if (c.caConnector == QLatin1String("cmp")) {
        CmpConfig cmp;
        cmp.server = c.cmpServer.toStdString();
        cmp.path = c.cmpPath.toStdString();
        cmp.trustedCertFiles = files(c.cmpTrustedCerts);
        cmp.caChainFiles = files(c.cmpCaChain);
        cmp.crlUrl = c.cmpCrlUrl.toStdString();
        cmp.reference = c.cmpReference.toStdString();
        cmp.secretFile = c.cmpSecretFile.toStdString();
        cmp.clientCertFile = c.cmpClientCert.toStdString();
        cmp.clientKeyFile = c.cmpClientKey.toStdString();
        cmp.messageTimeoutSeconds = c.cmpMessageTimeout;
        cmp.totalTimeoutSeconds = c.cmpTotalTimeout;
        d->journal = std::make_unique<DatabaseJournal>(conn);
        d->ca = std::make_unique<CmpCa>(std::move(cmp), *d->journal);
        return;
    }
    d->ca = std::make_unique<BuiltinCa>(conn, builtinCaConfig(c));
}

CaConnector::~CaConnector() = default;

CertificateAuthority& CaConnector::ca() {
    return *d->ca;
}

} // namespace countersign::ca
