// Refusal reasons as phrases: the English stays word for word what countersignctl and the logs always said,
// and the kiosk's Chinese comes from the compiled-in translations (qml/i18n/countersign_zh_CN.ts, "Reason").
#include <catch2/catch.hpp>

#include <algorithm>

#include <QCoreApplication>
#include <QJsonArray>
#include <QTranslator>

#include "backend/fees/fees.h"
#include "backend/identifiers/idcheck.h"
#include "backend/identifiers/taxpayerid.h"
#include "backend/identifiers/uscc.h"
#include "backend/papers/papercheck.h"
#include "backend/phrase.h"
#include "backend/tokenphrase.h"

using namespace countersign;

namespace {

const Date kToday{2026, 11, 22};

/// The kiosk's Chinese for as long as it lives, as Workstation::setLanguage("zh_CN") installs it.
class Chinese {
public:
    Chinese() {
        REQUIRE(m_translator.load(QStringLiteral(":/i18n/countersign_zh_CN.qm")));
        QCoreApplication::installTranslator(&m_translator);
    }
    ~Chinese() { QCoreApplication::removeTranslator(&m_translator); }
    Chinese(const Chinese&) = delete;
    Chinese& operator=(const Chinese&) = delete;

private:
    QTranslator m_translator;
};

papers::AuthorizationLetter expiredLetter() {
    papers::AuthorizationLetter l;
    l.companyName = "天津市测试科技有限公司";
    l.companyId = "91350100M000100Y44"; // check character should be 3
    l.agentName = "张三";
    l.agentIdNo = "11010519491231002X";
    l.agentMobile = "13800138000";
    l.unlockTicked = true;
    l.validFrom = {2026, 1, 1};
    l.validTo = {2026, 10, 31};
    l.sealConfirmed = true;
    return l;
}

const papers::PaperCheck& check(const papers::PaperReport& report, const std::string& id) {
    const auto it =
        std::find_if(report.checks.begin(), report.checks.end(), [&](const auto& c) { return c.id == id; });
    REQUIRE(it != report.checks.end());
    return *it;
}

} // namespace

TEST_CASE("reasons: an authorization letter's reasons read in English as before and in Chinese with their "
          "dates and codes",
          "[phrase][papers]") {
    const auto report = papers::checkAuthorizationLetter(expiredLetter(), papers::Operation::Unlock, kToday,
                                                         "91350100M000100Y43");
    const auto& validity = check(report, "validity");
    const auto& company = check(report, "company_id");
    CHECK(validity.reason == "the letter expired on 2026-10-31; the enterprise must issue a new one");
    CHECK(validity.why.english() == validity.reason);
    CHECK(company.reason == "the company ID check character is '4', expected '3'");
    CHECK(company.why.english() == company.reason);
    // A passed check has neither.
    CHECK(check(report, "seal").reason.empty());
    CHECK(check(report, "seal").why.empty());

    // Without a translator (countersignctl, the tests) the phrase is its English.
    CHECK(validity.why.translated().toStdString() == validity.reason);

    const Chinese zh;
    const QString expired = validity.why.translated();
    CHECK(expired.contains(QStringLiteral("过期")));
    CHECK(expired.contains(QStringLiteral("2026-10-31")));
    CHECK_FALSE(expired.contains(QStringLiteral("expired")));
    // Nested: "the %1 check character is %2, expected '%3'" with %1 = "company ID", translated too.
    const QString wrongCheck = company.why.translated();
    CHECK(wrongCheck.contains(QStringLiteral("单位证件号码")));
    CHECK(wrongCheck.contains(QStringLiteral("校验位")));
    CHECK(wrongCheck.contains(QStringLiteral("'4'")));
    CHECK(wrongCheck.contains(QStringLiteral("'3'")));
    CHECK_FALSE(wrongCheck.contains(QStringLiteral("company")));
}

TEST_CASE("reasons: identifier descriptions keep their English and translate what was checked", "[phrase]") {
    const Phrase uscc(QT_TRANSLATE_NOOP("Reason", "USCC"));
    CHECK(describe(checkUscc("91350100M000100Y4"), uscc).english() ==
          "the USCC has 17 characters, expected 18");
    CHECK(describe(checkUscc("9135\t0100M000100Y43"), uscc).english() ==
          describe(checkUscc("9135\t0100M000100Y43"), "USCC"));
    CHECK(describe(checkTaxpayerId("1234", kToday), Phrase(QT_TRANSLATE_NOOP("Reason", "company ID")))
              .english() == "the company ID has 4 characters, expected 15, 18 or 20");

    const Chinese zh;
    const QString lengths =
        describe(checkTaxpayerId("1234", kToday), Phrase(QT_TRANSLATE_NOOP("Reason", "company ID")))
            .translated();
    CHECK(lengths.contains(QStringLiteral("单位证件号码")));
    CHECK(lengths.contains(QStringLiteral("4")));
    CHECK_FALSE(lengths.contains(QStringLiteral(" or ")));
    CHECK(describe(checkUscc("91350100M000100Y4"), uscc)
              .translated()
              .contains(QStringLiteral("统一社会信用代码")));
}

TEST_CASE("reasons: arguments are filled in one pass, so a placeholder someone typed stays as it is",
          "[phrase]") {
    const Phrase p = Phrase(QT_TRANSLATE_NOOP("Reason", "the letter is for %1 but the certificate is for %2"))
                         .arg("%2%1")
                         .arg("B");
    CHECK(p.english() == "the letter is for %2%1 but the certificate is for B");
    CHECK(Phrase::joined({Phrase::verbatim("a"), Phrase(), Phrase::verbatim("b"), Phrase::verbatim("c")})
              .english() == "a; b; c");
    CHECK(Phrase::joined({}).empty());

    const QJsonObject json = p.toJson();
    CHECK(json.value(QStringLiteral("template")).toString() ==
          QStringLiteral("the letter is for %1 but the certificate is for %2"));
    const QJsonArray args = json.value(QStringLiteral("args")).toArray();
    REQUIRE(args.size() == 2);
    CHECK(args.at(0).toObject().value(QStringLiteral("text")).toString() == QStringLiteral("%2%1"));
    const QJsonObject nested =
        Phrase(QT_TRANSLATE_NOOP("Reason", "Not checked: %1."))
            .arg(Phrase(QT_TRANSLATE_NOOP("Reason", "the signing algorithm is not accepted")))
            .toJson();
    CHECK(nested.value(QStringLiteral("args"))
              .toArray()
              .at(0)
              .toObject()
              .value(QStringLiteral("phrase"))
              .toObject()
              .value(QStringLiteral("template"))
              .toString() == QStringLiteral("the signing algorithm is not accepted"));
}

TEST_CASE("reasons: fee problems are phrases whose English is what the fee checks always said", "[phrase]") {
    fees::FeeQuote quote;
    quote.lines.push_back({std::nullopt, "USB-KEY media fee", 2600, {}, std::nullopt, std::nullopt});
    const auto problems = fees::checkPayments(quote, {{fees::PaymentMethod::WeChatPay, 2000, ""}});
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].english() ==
          "payment 1 (wechat_pay): a non-cash payment needs its reference number (terminal or wallet)");
    CHECK(problems[1].english() == "the payments add up to 20.00 but the fee is 26.00: 6.00 short");

    const Chinese zh;
    const QString reference = problems[0].translated();
    CHECK(reference.contains(QStringLiteral("微信支付")));
    CHECK_FALSE(reference.contains(QStringLiteral("payment")));
    CHECK(problems[1].translated().contains(QStringLiteral("6.00")));
}

TEST_CASE("reasons: key errors and PIN rules say in the check list what the PIN pad says",
          "[phrase][token]") {
    using token::PinProblem;
    using token::TokenErrorCode;
    const TokenErrorCode codes[] = {TokenErrorCode::PinIncorrect,
                                    TokenErrorCode::PinLocked,
                                    TokenErrorCode::FinalTryNeedsConfirmation,
                                    TokenErrorCode::SoPinLocked,
                                    TokenErrorCode::SoPinIncorrect,
                                    TokenErrorCode::KeyRemoved,
                                    TokenErrorCode::NoKey,
                                    TokenErrorCode::SeveralKeys,
                                    TokenErrorCode::TokenNotRecognised,
                                    TokenErrorCode::WriteProtected,
                                    TokenErrorCode::NoSpace,
                                    TokenErrorCode::ModuleLoadFailed,
                                    TokenErrorCode::NotInitialised,
                                    TokenErrorCode::UserPinNotSet,
                                    TokenErrorCode::PinPolicy,
                                    TokenErrorCode::NoSuchObject,
                                    TokenErrorCode::Unsupported,
                                    TokenErrorCode::VerificationFailed,
                                    TokenErrorCode::InvalidInput,
                                    TokenErrorCode::MasterSecret,
                                    TokenErrorCode::Other};
    const PinProblem problems[] = {PinProblem::TooShort,  PinProblem::TooLong,   PinProblem::NotDigits,
                                   PinProblem::AllSame,   PinProblem::Ascending, PinProblem::Descending,
                                   PinProblem::BirthDate, PinProblem::Mismatch};
    std::vector<token::TokenError> errors;
    for (const auto code : codes)
        errors.emplace_back(code, "test", 0x30 /* CKR_DEVICE_ERROR */);
    token::PinFlags last;
    last.finalTry = true;
    errors.emplace_back(TokenErrorCode::PinIncorrect, "test", 0xA0, last);

    for (const auto& e : errors) {
        INFO(token::errorCodeName(e.code));
        CHECK(phraseOf(e).english() == e.message(false));
    }
    for (const auto p : problems) {
        INFO(token::pinProblemName(p));
        CHECK(phraseOf(p, 6, 16).english() == token::pinProblemMessage(p, false, 6, 16));
    }
    CHECK(phraseOf(PinProblem::None, 6, 16).empty());

    const Chinese zh;
    for (const auto& e : errors) {
        INFO(token::errorCodeName(e.code));
        CHECK(phraseOf(e).translated().toStdString() == e.message(true));
    }
    for (const auto p : problems) {
        INFO(token::pinProblemName(p));
        CHECK(phraseOf(p, 6, 16).translated().toStdString() == token::pinProblemMessage(p, true, 6, 16));
    }
}
