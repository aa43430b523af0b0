// The papers step's rows (enterprises, agents, letters) written only through the database's functions with
// the acting person's session, and the approvals of a hand-entered letter and of a failing USCC bound to
// exactly what was approved (0021_papers_records.sql). A counter's own login tries to write the rows around
// the functions, to stretch the approvals and to call the functions without a session of its own; every
// attempt must fail, saying why. The honest paths run too.
#include <catch2/catch.hpp>

#include <cstdio>
#include <optional>
#include <string>

#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "backend/approvals/approvals.h"
#include "backend/auth/authenticator.h"
#include "db/transactionstore.h"
#include "tests/support/attacklog.h"
#include "tests/support/newpapers.h"
#include "tests/support/testenv.h"

using namespace countersign;
using Catch::Matchers::Contains;

namespace {

/// 18 characters of the USCC's alphabet whose check character is wrong.
const std::string kFailingUscc = "91350100M000100Y44";
const std::string kOtherFailingUscc = "91350100M000100Y45";

struct Papers {
    test::TestDatabase database;
    std::unique_ptr<pqxx::connection> owner = database.connect();
    std::unique_ptr<pqxx::connection> counter = database.connectAsCounter();
    long long op = database.addStaff("op.li", "operator-pass");
    long long sup = database.addStaff("sup.wang", "supervisor-pass", "supervisor");
    long long colleague = database.addStaff("op.zhao", "colleague-pass");
    auth::SessionToken session = logIn(*counter, "op.li", "operator-pass");
    test::AttackLog log{*counter};

    Papers() { test::registerNewPapersSigner(*owner); }

    static auth::SessionToken logIn(pqxx::connection& conn, const std::string& user, const char* password) {
        const auto r = auth::logIn(conn, auth::LoginPurpose::Login, user, Secret(password));
        REQUIRE(r.status == auth::LoginStatus::Ok);
        return r.session;
    }

    /// A transaction of `kind` opened by op.li at counter 01, committed in state started.
    long long open(const std::string& kind = "NEW") {
        pqxx::work tx{*counter};
        const long long id = db::TransactionStore{tx}.open(*session, kind, "{}").id;
        tx.commit();
        return id;
    }

    /// The supervisor's approval of `kind` for transaction `id`, for exactly `parts`, asked for by op.li's
    /// session (`requestedBy` is what the client says); committed.
    long long approve(approvals::ApprovalKind kind, long long id, const std::vector<std::string>& parts,
                      long long requestedBy) {
        const auto approver =
            approvals::verifySupervisor(*counter, session, {"sup.wang", Secret("supervisor-pass")});
        pqxx::work tx{*counter};
        approvals::ApprovalRequest request{kind, requestedBy, database.counterId(), id, {}, "approved", "{}"};
        request.approves = approvals::subjectText(kind, parts);
        const long long approval = approvals::recordApproval(tx, request, approver);
        tx.commit();
        return approval;
    }

    /// The papers of a NEW whose letter was entered by hand with `approval`.
    static db::PapersRecord handEntered(const std::string& no, std::optional<long long> approval) {
        auto papers = test::newPapers(no);
        papers.assistanceLetter->entryMode = "hand_entered";
        papers.assistanceLetter->jws.clear();
        papers.assistanceLetter->entryApprovalId = approval;
        return papers;
    }

    /// The papers of a NEW whose enterprise has the failing USCC `uscc`, accepted with `approval`.
    static db::PapersRecord failingUscc(const std::string& no, const std::string& uscc,
                                        std::optional<long long> approval) {
        auto papers = test::newPapers(no);
        papers.named->uscc = uscc;
        papers.named->usccOverrideApproval = approval;
        papers.assistanceLetter->uscc = uscc;
        test::signNewPapersLetter(*papers.assistanceLetter);
        return papers;
    }

    template <typename T> T scalar(const std::string& sql, long long id) {
        pqxx::read_transaction tx{*owner};
        return tx.exec_params1(sql, id)[0].as<T>();
    }
};

} // namespace

TEST_CASE(
    "red team, papers: enterprises, agents and letters are written only by the papers step's functions, "
    "with the acting person's session and approvals bound to exactly the papers approved",
    "[db][papers][approvals][redteam]") {
    Papers f;
    const auto H = approvals::ApprovalKind::HandEnteredLetter;
    const auto U = approvals::ApprovalKind::UsccOverride;

    // --- the honest papers step: a scanned letter, then the rows it wrote
    // ------------------------------------
    const long long honest = f.open();
    long long letter = 0, enterprise = 0;
    {
        pqxx::work tx{*f.counter};
        const auto p =
            db::TransactionStore{tx}.recordPapers(*f.session, honest, test::newPapers("L-1"), "{}");
        tx.commit();
        REQUIRE(p.letterId);
        letter = *p.letterId;
        enterprise = *p.enterpriseId;
    }
    CHECK(f.scalar<long long>("SELECT registered_by FROM letters WHERE id = $1", letter) == f.op);
    CHECK(f.scalar<std::string>("SELECT state FROM transactions WHERE id = $1", honest) == "papers_checked");
    // Consumed, as the completing transaction consumes it (set up behind the product's back).
    {
        pqxx::work tx{*f.owner};
        tx.exec_params0(
            "UPDATE letters SET consumed_at = now(), consumed_by_transaction_id = $2 WHERE id = $1", letter,
            honest);
        tx.commit();
    }

    // --- the tables, written directly
    // -----------------------------------------------------------------------
    const std::string denied = "permission denied";
    f.log.attack("add an enterprise", denied, [&](pqxx::transaction_base& tx) {
        tx.exec0("INSERT INTO enterprises (uscc, name) VALUES ('91120000MA05TEST1X', 'anything')");
    });
    f.log.attack("rename an enterprise", denied, [&](pqxx::transaction_base& tx) {
        tx.exec_params0("UPDATE enterprises SET name = 'someone else' WHERE id = $1", enterprise);
    });
    f.log.attack("give an enterprise a USCC override", denied, [&](pqxx::transaction_base& tx) {
        tx.exec_params0("UPDATE enterprises SET uscc_override_approval_id = (SELECT min(id) FROM approvals) "
                        "WHERE id = $1",
                        enterprise);
    });
    f.log.attack("delete an enterprise", denied, [&](pqxx::transaction_base& tx) {
        tx.exec_params0("DELETE FROM enterprises WHERE id = $1", enterprise);
    });
    f.log.attack("add an agent", denied, [&](pqxx::transaction_base& tx) {
        tx.exec0("INSERT INTO agents (name, id_number) VALUES ('李四', '11010519491231002X')");
    });
    f.log.attack("rename an agent", denied,
                 [&](pqxx::transaction_base& tx) { tx.exec0("UPDATE agents SET name = 'someone else'"); });
    f.log.attack("register a letter in a colleague's name", denied, [&](pqxx::transaction_base& tx) {
        tx.exec_params0("INSERT INTO letters (kind, org_name, uscc, agent_name, agent_id_number, biz, "
                        "valid_from, valid_to, seal_confirmed, seal_confirmed_by, registered_by) VALUES "
                        "('authorization', 'o', '91350100M000100Y43', 'a', '11010519491231002X', '{UNLOCK}', "
                        "current_date, current_date + 30, true, $1, $1)",
                        f.sup);
    });
    f.log.attack("edit a registered letter's USCC", denied, [&](pqxx::transaction_base& tx) {
        tx.exec_params0("UPDATE letters SET uscc = '91120000MA05TEST1X' WHERE id = $1", letter);
    });
    f.log.attack("give a letter an entry approval", denied, [&](pqxx::transaction_base& tx) {
        tx.exec_params0(
            "UPDATE letters SET entry_approval_id = (SELECT min(id) FROM approvals) WHERE id = $1", letter);
    });
    f.log.attack("confirm a letter's seal in a supervisor's name", denied, [&](pqxx::transaction_base& tx) {
        tx.exec_params0("UPDATE letters SET seal_confirmed = true, seal_confirmed_by = $2 WHERE id = $1",
                        letter, f.sup);
    });
    f.log.attack("un-consume a letter", denied, [&](pqxx::transaction_base& tx) {
        tx.exec_params0(
            "UPDATE letters SET consumed_at = NULL, consumed_by_transaction_id = NULL WHERE id = $1", letter);
    });
    f.log.attack("delete a letter", denied, [&](pqxx::transaction_base& tx) {
        tx.exec_params0("DELETE FROM letters WHERE id = $1", letter);
    });
    const long long t = f.open();
    f.log.attack("call 0016's papers step with a letter of one's choosing",
                 "permission denied for function tx_papers_checked", [&](pqxx::transaction_base& tx) {
                     tx.exec_params(
                         "SELECT countersign.tx_papers_checked($1, $2, NULL, NULL, $3, NULL, NULL, "
                         "'', '{}')",
                         f.session->c_str(), t, letter);
                 });
    f.log.attack("call the enterprise's recording directly",
                 "permission denied for function papers_enterprise", [&](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT countersign.papers_enterprise($1, $2, t, 'x', 'y', true, NULL) "
                                    "FROM transactions t WHERE t.id = $3",
                                    f.database.counterId(), f.op, honest);
                 });

    // --- the functions without a session of one's own ------------------------------------------------------
    const auto other = f.database.addCounter("02");
    auto otherConn = std::make_unique<pqxx::connection>(other.dsn);
    const auto foreignSession = Papers::logIn(*otherConn, "op.zhao", "colleague-pass");
    f.log.attack(
        "register a letter with no session", "no such staff session", [&](pqxx::transaction_base& tx) {
            db::TransactionStore{tx}.recordPapers(Secret(std::string()), t, test::newPapers("L-2"), "{}");
        });
    f.log.attack("register a letter with another counter's session", "no such staff session",
                 [&](pqxx::transaction_base& tx) {
                     db::TransactionStore{tx}.recordPapers(*foreignSession, t, test::newPapers("L-2"), "{}");
                 });
    {
        const auto ended = Papers::logIn(*f.counter, "op.zhao", "colleague-pass");
        auth::logOut(*f.counter, ended);
        f.log.attack("register a letter with an ended session", "the staff session has ended",
                     [&](pqxx::transaction_base& tx) {
                         db::TransactionStore{tx}.recordPapers(*ended, t, test::newPapers("L-2"), "{}");
                     });
        f.log.attack("record an enterprise with an ended session", "the staff session has ended",
                     [&](pqxx::transaction_base& tx) {
                         db::TransactionStore{tx}.recordParties(*ended, t, *test::newPapers("L-2").named);
                     });
    }
    {
        pqxx::work tx{*otherConn};
        const long long foreign = db::TransactionStore{tx}.open(*foreignSession, "NEW", "{}").id;
        tx.commit();
        f.log.attack("record the papers of another counter's transaction", "is not one of this counter's",
                     [&](pqxx::transaction_base& tx) {
                         db::TransactionStore{tx}.recordPapers(*f.session, foreign, test::newPapers("L-2"),
                                                               "{}");
                     });
    }
    f.log.attack("record a transaction's papers a second time", "its papers are recorded once",
                 [&](pqxx::transaction_base& tx) {
                     db::TransactionStore{tx}.recordPapers(*f.session, honest, test::newPapers("L-2"), "{}");
                 });
    f.log.attack("take a consumed letter", "already held by transaction", [&](pqxx::transaction_base& tx) {
        db::TransactionStore{tx}.recordPapers(*f.session, t, test::newPapers("L-1"), "{}");
    });

    // --- what the papers say, checked
    // ------------------------------------------------------------------------
    f.log.attack("a letter naming another enterprise than the papers", "the letter names USCC",
                 [&](pqxx::transaction_base& tx) {
                     auto papers = test::newPapers("L-3");
                     papers.assistanceLetter->uscc = "91120000MA05TEST1X";
                     test::signNewPapersLetter(*papers.assistanceLetter);
                     db::TransactionStore{tx}.recordPapers(*f.session, t, papers, "{}");
                 });
    f.log.attack("rename the enterprise to another name than its letter's",
                 "the enterprise takes the name on its assistance letter", [&](pqxx::transaction_base& tx) {
                     auto papers = test::newPapers("L-3");
                     papers.named->name = "某某冒名有限公司";
                     db::TransactionStore{tx}.recordPapers(*f.session, t, papers, "{}");
                 });
    f.log.attack("a NEW with an authorization letter", "can't be recorded with authorization letter",
                 [&](pqxx::transaction_base& tx) {
                     auto papers = test::newPapers("L-3");
                     papers.assistanceLetter.reset();
                     papers.authorizationLetter = db::AuthorizationLetterRecord{"天津测试科技有限公司",
                                                                                "91350100M000100Y43",
                                                                                "张三",
                                                                                "11010519491231002X",
                                                                                "",
                                                                                {"UNLOCK"},
                                                                                "2020-01-01",
                                                                                "2099-12-31",
                                                                                std::nullopt,
                                                                                true};
                     db::TransactionStore{tx}.recordPapers(*f.session, t, papers, "{}");
                 });
    {
        const long long unlock = f.open("UNLOCK");
        f.log.attack("rename an enterprise with its own letter", "does not rename it",
                     [&](pqxx::transaction_base& tx) {
                         auto named = *test::newPapers("L-3").named;
                         named.name = "某某冒名有限公司";
                         db::TransactionStore{tx}.recordParties(*f.session, unlock, named);
                     });
    }
    // A letter on record is taken as it is: presenting it again with other fields edits nothing.
    f.log.attackWhole("edit a registered letter by presenting it again", [&] {
        const long long again = f.open();
        {
            pqxx::work tx{*f.owner};
            tx.exec_params0(
                "UPDATE letters SET consumed_at = NULL, consumed_by_transaction_id = NULL WHERE id = $1",
                letter);
            tx.exec_params0(
                "UPDATE transactions SET state = 'failed', failure_reason = 'given up' WHERE id = $1",
                honest);
            tx.commit();
        }
        pqxx::work tx{*f.counter};
        auto papers = test::newPapers("L-1");
        papers.named->rename = false;
        papers.assistanceLetter->orgName = "某某冒名有限公司";
        papers.assistanceLetter->validTo = "2199-12-31";
        papers.assistanceLetter->jws = "forged";
        const auto p = db::TransactionStore{tx}.recordPapers(*f.session, again, papers, "{}");
        tx.commit();
        std::printf(
            "refused: edit a registered letter by presenting it again: the letter on record was taken "
            "as it is\n");
        return p.letterId != letter ||
               f.scalar<std::string>("SELECT org_name || valid_to::text || jws FROM letters WHERE id = $1",
                                     letter) != "天津测试科技有限公司2099-12-31jws";
    });

    // --- a hand-entered letter's approval
    // ----------------------------------------------------------------------
    const long long h = f.open();
    const auto fields =
        db::handEntryApprovalParts(*Papers::handEntered("H-1", std::nullopt).assistanceLetter);
    const long long handApproval = f.approve(H, h, fields, f.op);
    f.log.attack("a hand-entered letter without an approval", "needs a supervisor's approval",
                 [&](pqxx::transaction_base& tx) {
                     db::TransactionStore{tx}.recordPapers(*f.session, h,
                                                           Papers::handEntered("H-1", std::nullopt), "{}");
                 });
    f.log.attack("use a hand-entry approval after changing a field",
                 "this approval is for a different hand entered", [&](pqxx::transaction_base& tx) {
                     auto papers = Papers::handEntered("H-1", handApproval);
                     papers.assistanceLetter->validTo = "2199-12-31";
                     db::TransactionStore{tx}.recordPapers(*f.session, h, papers, "{}");
                 });
    f.log.attack("use a hand-entry approval for another letter number",
                 "this approval is for a different hand", [&](pqxx::transaction_base& tx) {
                     db::TransactionStore{tx}.recordPapers(*f.session, h,
                                                           Papers::handEntered("H-2", handApproval), "{}");
                 });
    f.log.attack("use a hand-entry approval for another transaction",
                 "this approval is for a different transaction", [&](pqxx::transaction_base& tx) {
                     db::TransactionStore{tx}.recordPapers(*f.session, t,
                                                           Papers::handEntered("H-1", handApproval), "{}");
                 });
    {
        // The honest use: exactly the approved fields.
        pqxx::work tx{*f.counter};
        const auto p = db::TransactionStore{tx}.recordPapers(*f.session, h,
                                                             Papers::handEntered("H-1", handApproval), "{}");
        tx.commit();
        CHECK(f.scalar<long long>("SELECT entry_approval_id FROM letters WHERE id = $1", *p.letterId) ==
              handApproval);
        CHECK(f.scalar<bool>("SELECT consumed_at IS NOT NULL FROM approvals WHERE id = $1", handApproval));
    }
    f.log.attack("replay a consumed hand-entry approval", "this approval was already used",
                 [&](pqxx::transaction_base& tx) {
                     db::TransactionStore{tx}.recordPapers(*f.session, t,
                                                           Papers::handEntered("H-1", handApproval), "{}");
                 });

    // --- who asks for an approval
    // ------------------------------------------------------------------------------
    f.log.attackWhole("record an approval as asked for by a colleague", [&] {
        f.approve(U, t, {kFailingUscc, "天津测试科技有限公司"}, f.colleague);
        return true;
    });
    {
        auto second = f.database.connectAsCounter();
        const auto supervisor =
            auth::logIn(*second, auth::LoginPurpose::Approval, "sup.wang", Secret("supervisor-pass"));
        f.log.attack("verify a supervisor with no asking session", "no such staff session",
                     [&](pqxx::transaction_base& tx) {
                         tx.exec_params("SELECT countersign.approval_verify($1, '')",
                                        supervisor.session->c_str());
                     });
    }

    // --- a failing USCC's approval
    // --------------------------------------------------------------------------
    const long long u = f.open();
    const long long usccApproval = f.approve(U, u, {kFailingUscc, "天津测试科技有限公司"}, f.op);
    f.log.attack("a failing USCC without an approval", "fails its check", [&](pqxx::transaction_base& tx) {
        db::TransactionStore{tx}.recordPapers(*f.session, u,
                                              Papers::failingUscc("U-1", kFailingUscc, std::nullopt), "{}");
    });
    f.log.attack("use a USCC-override approval for a different USCC", "this approval is for a different uscc",
                 [&](pqxx::transaction_base& tx) {
                     db::TransactionStore{tx}.recordPapers(
                         *f.session, u, Papers::failingUscc("U-1", kOtherFailingUscc, usccApproval), "{}");
                 });
    f.log.attack("use a USCC-override approval for another company name",
                 "this approval is for a different uscc", [&](pqxx::transaction_base& tx) {
                     auto papers = Papers::failingUscc("U-1", kFailingUscc, usccApproval);
                     papers.named->name = "某某冒名有限公司";
                     papers.assistanceLetter->orgName = papers.named->name;
                     test::signNewPapersLetter(*papers.assistanceLetter);
                     db::TransactionStore{tx}.recordPapers(*f.session, u, papers, "{}");
                 });
    {
        pqxx::work tx{*f.counter};
        const auto p = db::TransactionStore{tx}.recordPapers(
            *f.session, u, Papers::failingUscc("U-1", kFailingUscc, usccApproval), "{}");
        tx.commit();
        CHECK(f.scalar<long long>("SELECT uscc_override_approval_id FROM enterprises WHERE id = $1",
                                  *p.enterpriseId) == usccApproval);
    }
    {
        const long long u2 = f.open();
        f.log.attack("replay a consumed USCC-override approval", "this approval was already used",
                     [&](pqxx::transaction_base& tx) {
                         db::TransactionStore{tx}.recordPapers(
                             *f.session, u2, Papers::failingUscc("U-2", kOtherFailingUscc, usccApproval),
                             "{}");
                     });
    }

    CHECK(f.log.tried() >= 30);
    CHECK(f.log.succeeded().empty());
}
