#include "tests/support/newpapers.h"

#include <pqxx/binarystring>
#include <pqxx/transaction>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "backend/papers/demoletterissuer.h"
#include "tests/support/testenv.h"
#include "token/owned.h"

namespace countersign::test {

namespace {

const char* const kOffice = "11201010000";

/// One DEMO tax office for the test process: key generation is the slow part.
const papers::DemoLetterIssuer& office() {
    static const std::string dir = [] {
        const std::string d = scratchDir() + "/newpapers-tax-office";
        papers::DemoLetterIssuer::init(d);
        return d;
    }();
    static const papers::DemoLetterIssuer issuer(dir);
    return issuer;
}

} // namespace

db::PapersRecord newPapers(const std::string& letterNo) {
    db::PapersRecord papers;
    papers.named = db::NamedParties{
        "91350100M000100Y43", "天津测试科技有限公司", true, std::nullopt, "11010519491231002X", "张三", ""};
    db::AssistanceLetterRecord l;
    l.officeCode = kOffice;
    l.officeName = "国家税务总局天津市河西区税务局（演示）";
    l.letterNo = letterNo;
    l.orgName = papers.named->name;
    l.uscc = papers.named->uscc;
    l.agentName = papers.named->agentName;
    l.agentIdNumber = papers.named->agentIdNumber;
    l.biz = {"NEW"};
    l.validFrom = "2020-01-01";
    l.validTo = "2099-12-31";
    l.entryMode = "qr";
    signNewPapersLetter(l);
    papers.assistanceLetter = l;
    return papers;
}

void signNewPapersLetter(db::AssistanceLetterRecord& l) {
    papers::AssistanceLetter fields;
    fields.no = l.letterNo;
    fields.office = l.officeCode;
    fields.officeName = l.officeName;
    fields.uscc = l.uscc;
    fields.org = l.orgName;
    fields.agentName = l.agentName;
    fields.agentIdNo = l.agentIdNumber;
    fields.issued = *Date::parse(l.validFrom);
    fields.expires = *Date::parse(l.validTo);
    fields.biz = l.biz;
    l.jws = office().issue(fields);
}

void registerNewPapersSigner(pqxx::connection& owner) {
    const std::string pem = office().signerCertPem();
    Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    Owned<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    unsigned char* der = nullptr;
    const int len = i2d_X509(cert.get(), &der);
    const Owned<unsigned char> owned(der);
    pqxx::work tx{owner};
    tx.exec_params(
        "SELECT countersign.letter_signer_add(NULL, 'signer', $1, 'CN=newPapers DEMO signer', $2, "
        "'2020-01-01T00:00:00Z', '2049-12-31T23:59:59Z', NULL)",
        kOffice,
        pqxx::binarystring(std::string(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len))));
    tx.commit();
}

} // namespace countersign::test
