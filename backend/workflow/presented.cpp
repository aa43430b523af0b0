#include "backend/workflow/internal.h"

#include <QFile>

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include "backend/papers/jws.h"
#include "token/certinfo.h"
#include "token/owned.h"

// The certificates a key the customer brings carries (RENEW, UPGRADE, REPLACE of a damaged key, UNLOCK).
// Anyone can write a home-made certificate onto a key whose PIN they know, so one counts only when it chains
// to a CA this counter trusts (the CA's chain as its connector reports it, or a legacy CA of [trust]
// legacy_ca_file), is the certificate on record for that key — serial, issuer, content and key — and is not
// revoked. A legacy CA's certificate the database does not know yet counts, and is recorded on that key when
// the transaction opens. Whom it names is the database's word, never the key's. That the key holds the
// certificate's private key is proved with the holder's PIN where there is one (renewal.cpp).
namespace countersign::workflow {

namespace {

bool contains(const std::vector<Owned<X509>>& certs, const X509* cert) {
    return std::any_of(certs.begin(), certs.end(),
                       [&](const Owned<X509>& c) { return X509_cmp(c.get(), cert) == 0; });
}

/// The CAs a certificate from a key may chain to: the CA's own chain (issuing CA first) and the legacy ones.
struct Anchors {
    std::vector<Owned<X509>> current; ///< the CA's chain as the connector reports it
    std::vector<Owned<X509>> legacy;
    Phrase problem; ///< why a part could not be read; empty when all could
};

/// Where a certificate's chain ends: nowhere this counter trusts, at the current CA, or at another trusted
/// one.
struct ChainResult {
    bool trusted = false;
    bool legacy = false;    ///< through a legacy CA
    bool retiredCa = false; ///< its issuer is a trusted CA other than the current issuing one
};

ChainResult verifyChain(const Anchors& anchors, X509* cert) {
    ChainResult out;
    const Owned<X509_STORE> store(X509_STORE_new());
    for (const auto* list : {&anchors.current, &anchors.legacy})
        for (const auto& ca : *list)
            X509_STORE_add_cert(store.get(), ca.get());
    // Every configured CA is an anchor (an issuing CA needn't lead to its root here); dates are the renewal
    // window's business, not trust's: an expired certificate may still be renewed in its grace.
    X509_STORE_set_flags(store.get(), X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_NO_CHECK_TIME);
    const Owned<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
    if (!X509_STORE_CTX_init(ctx.get(), store.get(), cert, nullptr)) {
        ERR_clear_error();
        return out;
    }
    out.trusted = X509_verify_cert(ctx.get()) == 1;
    ERR_clear_error();
    if (!out.trusted)
        return out;
    STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx.get());
    for (int i = 1; i < sk_X509_num(chain); ++i)
        out.legacy = out.legacy || contains(anchors.legacy, sk_X509_value(chain, i));
    const X509* issuer = sk_X509_num(chain) > 1 ? sk_X509_value(chain, 1) : nullptr;
    out.retiredCa =
        issuer && (anchors.current.empty() || X509_cmp(anchors.current.front().get(), issuer) != 0);
    return out;
}

} // namespace

PresentedCertificates Workflow::Impl::checkPresented(const token::TokenInfo& key,
                                                     std::vector<Check>& checks) {
    PresentedCertificates out;
    const auto own = ownCertificates(key);
    if (own.empty())
        return out;

    Anchors anchors;
    try {
        for (const auto& pem : s.ca.chain())
            for (auto& cert : papers::jws::certificatesFromPem(pem))
                anchors.current.push_back(std::move(cert));
    } catch (const std::exception& e) {
        anchors.problem =
            Phrase(QT_TRANSLATE_NOOP("Reason", "the CA's chain can't be read: %1")).arg(e.what());
    }
    if (const QString file = s.config.legacyCaFile; !file.isEmpty()) {
        QFile f(file);
        if (f.open(QIODevice::ReadOnly))
            anchors.legacy = papers::jws::certificatesFromPem(f.readAll().toStdString());
        if (anchors.legacy.empty())
            anchors.problem =
                Phrase(QT_TRANSLATE_NOOP("Reason", "the legacy CA file %1 holds no readable certificate"))
                    .arg(file.toStdString());
    }

    pqxx::nontransaction tx{s.conn};
    db::PartyStore parties{tx};
    for (const auto& c : own) {
        const unsigned char* p = reinterpret_cast<const unsigned char*>(c.der.data());
        const Owned<X509> cert(d2i_X509(nullptr, &p, static_cast<long>(c.der.size())));
        const ChainResult chain = cert ? verifyChain(anchors, cert.get()) : ChainResult{};
        if (!chain.trusted) {
            add(checks, "certificate_trust", false,
                anchors.problem.empty()
                    ? Phrase(QT_TRANSLATE_NOOP("Reason", "certificate %1 on the key was not issued by a CA "
                                                         "this counter trusts (its issuer: %2)"))
                          .arg(c.serial)
                          .arg(c.issuer)
                    : anchors.problem);
            continue;
        }
        const auto record = parties.recordedCertificate(c.serial);
        if (!record && chain.legacy) {
            out.live.push_back({c, c.uscc, c.organisation, false, chain.retiredCa, true});
            continue;
        }
        if (!record || record->issuer != c.issuer || record->der != c.der ||
            record->keySerial != key.serial) {
            add(checks, "certificate_record", false,
                !record
                    ? Phrase(QT_TRANSLATE_NOOP("Reason", "certificate %1 on the key is not on record"))
                          .arg(c.serial)
                    : Phrase(QT_TRANSLATE_NOOP("Reason", "certificate %1 on the key is not the one on "
                                                         "record for key %2 (issuer, content or key differ)"))
                          .arg(c.serial)
                          .arg(key.serial));
            continue;
        }
        if (record->status == "revoked" || record->status == "superseded")
            out.stray.push_back(c);
        else
            out.live.push_back({c, record->uscc, record->company, true, chain.retiredCa, chain.legacy});
    }
    return out;
}

std::set<std::string> Workflow::Impl::legacyIssuers() {
    std::set<std::string> out;
    const QString file = s.config.legacyCaFile;
    if (file.isEmpty())
        return out;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const auto& ca : papers::jws::certificatesFromPem(f.readAll().toStdString()))
        out.insert(token::nameLine(X509_get_subject_name(ca.get())));
    try {
        for (const auto& pem : s.ca.chain())
            for (const auto& ca : papers::jws::certificatesFromPem(pem))
                out.erase(token::nameLine(X509_get_subject_name(ca.get())));
    } catch (const std::exception&) {
        // the CA's chain unreadable: the legacy file's names stand
    }
    return out;
}

} // namespace countersign::workflow
