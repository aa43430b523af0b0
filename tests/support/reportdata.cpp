#include "tests/support/reportdata.h"

#include <stdexcept>

#include <QJsonDocument>

#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include "db/reportexport.h"
#include "db/reports.h"

namespace countersign::test {

namespace {

long long maxId(pqxx::transaction_base& tx, const std::string& table) {
    // Table names can't be parameters; these are fixed names from this file.
    return tx.exec("SELECT coalesce(max(id), 0) FROM countersign." + table)[0][0].as<long long>();
}

void say(const ReportDataSpec& spec, const std::string& what) {
    if (spec.progress)
        spec.progress(what);
}

// One batch of transactions [p_lo, p_hi) of p_n in all, over p_days days from p_first, with its dependent
// rows. The generated attributes of a transaction are pure functions of its number g (hashint8), so batches
// can be cut anywhere. Ids are given explicitly (OVERRIDING SYSTEM VALUE): base + g, with the bases p_tx
// (transactions), p_tok (tokens), p_let (letters), p_pay (payments), p_ent (p_ents enterprises), p_cert
// (certificates). A session-local function, so the batch is one statement with parameters.
const char* const kBatchFunction = R"SQL(
CREATE FUNCTION pg_temp.gen_batch(p_lo bigint, p_hi bigint, p_n bigint, p_days bigint, p_first date, p_tx bigint,
                                  p_tok bigint, p_let bigint, p_pay bigint, p_ent bigint, p_ents bigint,
                                  p_cert bigint) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
TRUNCATE gen_tx;
INSERT INTO gen_tx
SELECT s.g, s.day, gc.centre_id, gc.counter_id, gc.operator_id, gc.ningbo,
       CASE WHEN s.r1 < 70 THEN 'RENEW' WHEN s.r1 < 80 THEN 'NEW' WHEN s.r1 < 88 THEN 'REPLACE'
            WHEN s.r1 < 95 THEN 'UNLOCK' ELSE 'UPGRADE' END,
       CASE WHEN s.r2 < 30 THEN 'failed' WHEN s.r2 < 42 THEN 'compensated' ELSE 'completed' END,
       s.r3 % 2 = 0, s.r3 % 3 = 0, s.r3 % 4 = 1,
       CASE WHEN s.r4 < 30 THEN 'cash' WHEN s.r4 < 40 THEN 'bank_card' WHEN s.r4 < 75 THEN 'wechat_pay'
            ELSE 'alipay' END,
       (s.day + time '08:30' + make_interval(secs => s.r5)) AT TIME ZONE 'Asia/Shanghai',
       0, 0
  FROM (SELECT g,
               p_first + (g * p_days / p_n)::int AS day,
               (hashint8(g) & 2147483647) % (SELECT count(*) FROM gen_counter) AS ci,
               (hashint8(g * 3 + 1) & 2147483647) % 100 AS r1,
               (hashint8(g * 5 + 2) & 2147483647) % 1000 AS r2,
               (hashint8(g * 7 + 3) & 2147483647) % 12 AS r3,
               (hashint8(g * 11 + 4) & 2147483647) % 100 AS r4,
               (hashint8(g * 13 + 5) & 2147483647) % 30600 AS r5
          FROM generate_series(p_lo, p_hi - 1) g) s
  JOIN gen_counter gc ON gc.idx = s.ci;
UPDATE gen_tx SET
    gross_fen = CASE WHEN ningbo THEN CASE kind WHEN 'NEW' THEN CASE WHEN first_cert THEN 0 ELSE 18000 END
                                                WHEN 'RENEW' THEN 15000 WHEN 'REPLACE' THEN 10000 ELSE 0 END
                     ELSE CASE kind WHEN 'REPLACE' THEN 2600 ELSE 0 END END,
    waiver_fen = CASE WHEN NOT ningbo AND kind = 'REPLACE' AND damaged AND waived THEN 2600 ELSE 0 END;

INSERT INTO countersign.transactions
    (id, number, kind, state, operator_staff_id, counter_id, centre_id, business_date, enterprise_id, token_id,
     old_token_id, replace_reason, letter_id, started_at, updated_at, finished_at, failure_reason)
OVERRIDING SYSTEM VALUE
SELECT p_tx + g, 'G' || lpad(g::text, 10, '0'), kind, state, operator_id, counter_id, centre_id, day,
       p_ent + g % p_ents,
       CASE WHEN kind IN ('NEW', 'REPLACE') AND state <> 'failed' THEN p_tok + g END,
       CASE WHEN kind = 'REPLACE' THEN p_tok + p_n + g END,
       CASE WHEN kind = 'REPLACE' THEN CASE WHEN damaged THEN 'damaged' ELSE 'lost' END END,
       CASE WHEN kind IN ('NEW', 'REPLACE', 'UNLOCK') AND state = 'completed' THEN p_let + g END,
       started, started + interval '3 min', started + interval '3 min',
       CASE WHEN state <> 'completed' THEN 'generated: the key failed' END
  FROM gen_tx;

INSERT INTO countersign.fee_lines (transaction_id, description, amount_fen, created_at)
SELECT p_tx + g, CASE WHEN gross_fen = 0 THEN 'no fee' ELSE 'generated fee' END, gross_fen,
       started + interval '1 min'
  FROM gen_tx;
INSERT INTO countersign.fee_lines (transaction_id, description, amount_fen, waiver_reason, attested_by, created_at)
SELECT p_tx + g, 'damage waiver', -waiver_fen, 'key failed without human damage', operator_id,
       started + interval '1 min'
  FROM gen_tx WHERE waiver_fen > 0;

INSERT INTO countersign.payments (id, transaction_id, centre_id, method, amount_fen, reference, received_by, at,
                                  business_date)
OVERRIDING SYSTEM VALUE
SELECT p_pay + g, p_tx + g, centre_id, method, gross_fen - waiver_fen,
       CASE WHEN method <> 'cash' THEN 'REF' || g END, operator_id, started + interval '1 min', day
  FROM gen_tx WHERE gross_fen - waiver_fen > 0;
INSERT INTO countersign.refunds (payment_id, centre_id, amount_fen, reason, refunded_by, at, business_date,
                                 by_recovery)
SELECT p_pay + g, centre_id, gross_fen - waiver_fen, 'generated: compensated', operator_id,
       started + interval '3 min', day, true
  FROM gen_tx WHERE state = 'compensated' AND gross_fen - waiver_fen > 0;

INSERT INTO countersign.tokens (id, serial, model, manufacturer, state, centre_id, enterprise_id, received_at,
                                created_at, updated_at)
OVERRIDING SYSTEM VALUE
SELECT p_tok + g, 'K' || lpad(g::text, 10, '0'), CASE WHEN g % 3 = 0 THEN 'ePass3003' ELSE 'HaiTai HT-4' END,
       'generated', CASE WHEN state = 'completed' THEN 'active' ELSE 'in_stock' END, centre_id,
       CASE WHEN state = 'completed' THEN p_ent + g % p_ents END, started - interval '30 days',
       started, started
  FROM gen_tx WHERE kind IN ('NEW', 'REPLACE') AND state <> 'failed';
INSERT INTO countersign.tokens (id, serial, model, manufacturer, state, centre_id, enterprise_id, created_at,
                                updated_at)
OVERRIDING SYSTEM VALUE
SELECT p_tok + p_n + g, 'O' || lpad(g::text, 10, '0'), 'ePass3003', 'generated',
       CASE WHEN state <> 'completed' THEN 'active' WHEN NOT damaged THEN 'lost'
            WHEN day + 30 <= p_first + (p_days - 1)::int THEN 'retired' ELSE 'damaged' END, centre_id,
       p_ent + g % p_ents, started, started
  FROM gen_tx WHERE kind = 'REPLACE';

INSERT INTO countersign.stock_movements (token_id, centre_id, kind, transaction_id, staff_id, at, business_date)
SELECT p_tok + g, centre_id, 'issue', p_tx + g, operator_id, started + interval '1 min', day
  FROM gen_tx WHERE kind IN ('NEW', 'REPLACE') AND state <> 'failed'
UNION ALL
SELECT p_tok + g, centre_id, 'return_unused', p_tx + g, operator_id, started + interval '3 min', day
  FROM gen_tx WHERE kind IN ('NEW', 'REPLACE') AND state = 'compensated'
UNION ALL
SELECT p_tok + p_n + g, centre_id, 'return_damaged', p_tx + g, operator_id,
       started + interval '2 min', day
  FROM gen_tx WHERE kind = 'REPLACE' AND damaged AND state = 'completed'
UNION ALL
-- Damaged keys are written off (sent back to the vendor) 30 days after they were handed in.
SELECT p_tok + p_n + g, centre_id, 'write_off', NULL, operator_id, started + interval '30 days', day + 30
  FROM gen_tx WHERE kind = 'REPLACE' AND damaged AND state = 'completed' AND day + 30 <= p_first + (p_days - 1)::int;

INSERT INTO countersign.letters (id, kind, office_code, office_name, letter_no, org_name, uscc, agent_name,
                                 agent_id_number, biz, valid_from, valid_to, entry_mode, jws, seal_confirmed,
                                 seal_confirmed_by, registered_by, registered_at, consumed_by_transaction_id,
                                 consumed_at)
OVERRIDING SYSTEM VALUE
SELECT p_let + g,
       CASE WHEN kind = 'NEW' THEN 'assistance' ELSE 'authorization' END,
       CASE WHEN kind = 'NEW' THEN 'GEN' END, CASE WHEN kind = 'NEW' THEN 'Generated tax office' END,
       CASE WHEN kind = 'NEW' THEN g::text END,
       '生成企业' || (g % p_ents), 'E' || lpad((g % p_ents)::text, 14, '0'), '张三', '11010519491231002X',
       ARRAY[kind], day - 10, day + 20,
       CASE WHEN kind = 'NEW' THEN 'qr' END, CASE WHEN kind = 'NEW' THEN 'generated' END,
       kind <> 'NEW', CASE WHEN kind <> 'NEW' THEN operator_id END, operator_id, started,
       p_tx + g, started + interval '3 min'
  FROM gen_tx WHERE kind IN ('NEW', 'REPLACE', 'UNLOCK') AND state = 'completed';

INSERT INTO countersign.certificates (id, serial, issuer, profile, token_id, enterprise_id, transaction_id, subject,
                                      uscc, key_algorithm, not_before, not_after, status, der, created_at)
OVERRIDING SYSTEM VALUE
SELECT p_cert + g, 'C' || lpad(g::text, 12, '0'), 'CN=Generated CA', 'enterprise-tax',
       CASE WHEN kind IN ('NEW', 'REPLACE') THEN p_tok + g END, p_ent + g % p_ents,
       p_tx + g, 'CN=生成企业' || (g % p_ents), 'E' || lpad((g % p_ents)::text, 14, '0'), 'EC-P256',
       started, started + interval '365 days', 'active', convert_to('generated certificate ' || g, 'UTF8'), started
  FROM gen_tx
 WHERE kind <> 'UNLOCK' AND state = 'completed' AND g % 10 = 0 AND day < p_first + 75;
END
$fn$
)SQL";

} // namespace

ReportData generateReportData(pqxx::connection& conn, const ReportDataSpec& spec) {
    if (spec.transactions < 1 || spec.centres < 1 || spec.countersPerCentre < 1 || spec.days < 1)
        throw std::invalid_argument("generateReportData: nothing to generate");
    if (spec.passwordHash.empty())
        throw std::invalid_argument("generateReportData: a password hash is needed for the staff");
    ReportData data;
    long long txBase = 0, tokenBase = 0, letterBase = 0, paymentBase = 0, enterpriseBase = 0, certBase = 0;
    const long long enterprises =
        std::max<long long>(1, std::min<long long>(200'000, spec.transactions / 20));
    {
        pqxx::work tx{conn, "generate setup"};
        data.lastDay = spec.lastDay.isValid() ? spec.lastDay : reports::businessToday(tx);
        data.firstDay = data.lastDay.addDays(-(spec.days - 1));
        for (int c = 0; c < spec.centres; ++c) {
            const std::string code = QStringLiteral("G%1").arg(c + 1, 2, 10, QLatin1Char('0')).toStdString();
            const long long centre =
                tx.exec_params1("INSERT INTO countersign.centres (code, name, region) VALUES ($1, $2, $3) "
                                "RETURNING id",
                                code, "生成服务中心 " + code, c % 2 ? "宁波" : "天津")[0]
                    .as<long long>();
            data.centreIds.push_back(centre);
            data.centreCodes.push_back(code);
            data.supervisorIds.push_back(
                tx.exec_params1("INSERT INTO countersign.staff (username, display_name, role, password_hash, "
                                "centre_id) VALUES ($1, $2, 'supervisor', $3, $4) RETURNING id",
                                "sup-" + code, "主管 " + code, spec.passwordHash, centre)[0]
                    .as<long long>());
            for (int k = 0; k < spec.countersPerCentre; ++k) {
                const std::string counterCode =
                    QStringLiteral("%1").arg(k + 1, 2, 10, QLatin1Char('0')).toStdString();
                const long long counter =
                    tx.exec_params1(
                          "INSERT INTO countersign.counters (centre_id, code, name) VALUES ($1, $2, $3) "
                          "RETURNING id",
                          centre, counterCode, counterCode + "号窗口")[0]
                        .as<long long>();
                if (k == 0)
                    data.counterIds.push_back(counter);
                tx.exec_params0("INSERT INTO countersign.staff (username, display_name, role, password_hash, "
                                "centre_id) VALUES ($1, $2, 'operator', $3, $4)",
                                "op-" + code + "-" + counterCode, "受理员 " + code + "-" + counterCode,
                                spec.passwordHash, centre);
            }
        }
        tx.exec0("CREATE TEMP TABLE gen_counter (idx int PRIMARY KEY, centre_id bigint, counter_id bigint, "
                 "operator_id bigint, ningbo boolean)");
        tx.exec0(
            "CREATE TEMP TABLE gen_tx (g bigint, day date, centre_id bigint, counter_id bigint, "
            "operator_id bigint, ningbo boolean, kind text, state text, damaged boolean, waived boolean, "
            "first_cert boolean, method text, started timestamptz, gross_fen bigint, waiver_fen bigint)");
        for (std::size_t c = 0; c < data.centreIds.size(); ++c)
            tx.exec_params0(
                "INSERT INTO gen_counter (idx, centre_id, counter_id, operator_id, ningbo) "
                "SELECT (SELECT count(*) FROM gen_counter) + row_number() OVER (ORDER BY co.id) - 1, "
                "co.centre_id, co.id, s.id, $2 "
                "FROM countersign.counters co JOIN countersign.staff s ON s.username = "
                "'op-' || $3 || '-' || co.code WHERE co.centre_id = $1",
                data.centreIds[c], c % 2 == 1, data.centreCodes[c]);
        tx.exec0(kBatchFunction);
        txBase = maxId(tx, "transactions") + 1;
        tokenBase = maxId(tx, "tokens") + 1;
        letterBase = maxId(tx, "letters") + 1;
        paymentBase = maxId(tx, "payments") + 1;
        certBase = maxId(tx, "certificates") + 1;
        enterpriseBase = maxId(tx, "enterprises") + 1;
        tx.exec_params0("INSERT INTO countersign.enterprises (id, uscc, name) OVERRIDING SYSTEM VALUE "
                        "SELECT $1::bigint + i, 'E' || lpad(i::text, 14, '0'), '生成企业' || i "
                        "FROM generate_series(0, $2::bigint - 1) i",
                        enterpriseBase, enterprises);
        tx.commit();
    }
    {
        pqxx::nontransaction tx{conn};
        tx.exec0("SET session_replication_role = replica");
        // The batch's statements are planned for millions of rows; compiling them with LLVM only slows them.
        tx.exec0("SET jit = off");
    }
    for (long long lo = 0; lo < spec.transactions; lo += spec.chunk) {
        const long long hi = std::min(spec.transactions, lo + spec.chunk);
        say(spec, "transactions " + std::to_string(lo) + " to " + std::to_string(hi));
        pqxx::work tx{conn, "generate batch"};
        tx.exec_params("SELECT pg_temp.gen_batch($1, $2, $3, $4, $5::date, $6, $7, $8, $9, $10, $11, $12)",
                       lo, hi, spec.transactions, spec.days,
                       data.firstDay.toString(Qt::ISODate).toStdString(), txBase, tokenBase, letterBase,
                       paymentBase, enterpriseBase, enterprises, certBase);
        tx.commit();
    }
    {
        pqxx::nontransaction tx{conn};
        tx.exec0("SET session_replication_role = origin");
        // Identity columns go on after the explicit ids.
        for (const char* table :
             {"transactions", "tokens", "letters", "payments", "enterprises", "certificates"})
            tx.exec(std::string("SELECT setval(pg_get_serial_sequence('countersign.") + table +
                    "', 'id'), (SELECT coalesce(max(id), 1) FROM countersign." + table + "))");
        tx.exec0("DROP FUNCTION pg_temp.gen_batch");
        tx.exec0("DROP TABLE gen_tx");
        tx.exec0("DROP TABLE gen_counter");
        say(spec, "vacuum analyze");
        tx.exec0("VACUUM (ANALYZE) countersign.transactions, countersign.fee_lines, countersign.payments, "
                 "countersign.refunds, countersign.stock_movements, countersign.tokens, countersign.letters, "
                 "countersign.certificates, countersign.enterprises");
    }
    return data;
}

int closeDays(pqxx::connection& conn, const ReportData& data, const QDate& until,
              const std::function<void(const std::string&)>& progress) {
    int closed = 0;
    for (QDate d = data.firstDay; d < until; d = d.addDays(1)) {
        if (progress && d.day() == 1)
            progress("closing " + d.toString(Qt::ISODate).toStdString());
        pqxx::work tx{conn, "close generated day"};
        for (std::size_t c = 0; c < data.centreIds.size(); ++c) {
            const long long centre = data.centreIds[c];
            tx.exec_params("SELECT countersign.day_close_lock($1, $2::date)", centre,
                           d.toString(Qt::ISODate).toStdString());
            auto report = reports::dailyLive(tx, centre, d);
            reports::DayClose close;
            close.signedAt = report.generatedAt;
            close.closedBy = "sup-" + data.centreCodes[c];
            close.countedCashFen = close.expectedCashFen = report.figures.expectedCashFen();
            report.close = close;
            const std::string snapshot =
                QJsonDocument(reports::toJson(report)).toJson(QJsonDocument::Compact).toStdString();
            tx.exec_params0(
                "INSERT INTO countersign.day_closes (centre_id, counter_id, business_date, closed_by, "
                "counted_cash_fen, expected_cash_fen, snapshot) VALUES ($1, $2, $3::date, $4, $5, $5, "
                "$6::jsonb)",
                centre, data.counterIds[c], d.toString(Qt::ISODate).toStdString(), data.supervisorIds[c],
                close.expectedCashFen, snapshot);
            ++closed;
        }
        tx.commit();
    }
    {
        pqxx::nontransaction tx{conn};
        tx.exec0("ANALYZE countersign.day_closes, countersign.report_day_operations, "
                 "countersign.report_day_money, "
                 "countersign.report_day_stock");
    }
    return closed;
}

PlainSums plainSums(pqxx::transaction_base& tx, long long centreId, const QDate& from, const QDate& to) {
    PlainSums s;
    const std::string a = from.toString(Qt::ISODate).toStdString();
    const std::string b = to.toString(Qt::ISODate).toStdString();
    for (const auto& r :
         tx.exec_params("SELECT kind, state, count(*) FROM countersign.transactions "
                        "WHERE ($1 = 0 OR centre_id = $1) AND business_date BETWEEN $2::date AND "
                        "$3::date GROUP BY kind, state",
                        centreId, a, b)) {
        const std::string state = r[1].as<std::string>();
        const int i = state == "completed" ? 0 : state == "failed" ? 1 : state == "compensated" ? 2 : 3;
        s.byKind[r[0].as<std::string>()][i] += r[2].as<long long>();
        s.transactions += r[2].as<long long>();
    }
    for (const auto& r :
         tx.exec_params("SELECT method, count(*), sum(amount_fen) FROM countersign.payments "
                        "WHERE ($1 = 0 OR centre_id = $1) AND business_date BETWEEN $2::date AND "
                        "$3::date GROUP BY method",
                        centreId, a, b)) {
        s.paymentsByMethod[r[0].as<std::string>()] = r[1].as<long long>();
        s.paidByMethod[r[0].as<std::string>()] = r[2].as<long long>();
        s.paid += r[2].as<long long>();
    }
    for (const auto& r :
         tx.exec_params("SELECT p.method, count(*), sum(r.amount_fen) FROM countersign.refunds r "
                        "JOIN countersign.payments p ON p.id = r.payment_id "
                        "WHERE ($1 = 0 OR r.centre_id = $1) AND r.business_date BETWEEN $2::date "
                        "AND $3::date GROUP BY p.method",
                        centreId, a, b)) {
        s.refundsByMethod[r[0].as<std::string>()] = r[1].as<long long>();
        s.refundedByMethod[r[0].as<std::string>()] = r[2].as<long long>();
        s.refunded += r[2].as<long long>();
    }
    s.cashExpected = s.paidByMethod["cash"] - s.refundedByMethod["cash"];
    const auto w =
        tx.exec_params1("SELECT count(*), coalesce(-sum(l.amount_fen), 0) FROM countersign.fee_lines l "
                        "JOIN countersign.transactions t ON t.id = l.transaction_id "
                        "WHERE l.amount_fen < 0 AND ($1 = 0 OR t.centre_id = $1) "
                        "AND t.business_date BETWEEN $2::date AND $3::date",
                        centreId, a, b);
    s.waivers = w[0].as<long long>();
    s.waived = w[1].as<long long>();
    for (const auto& r :
         tx.exec_params("SELECT kind, count(*) FROM countersign.stock_movements "
                        "WHERE ($1 = 0 OR centre_id = $1) AND business_date BETWEEN $2::date AND "
                        "$3::date GROUP BY kind",
                        centreId, a, b)) {
        const std::string kind = r[0].as<std::string>();
        if (kind == "issue")
            s.keysIssued = r[1].as<long long>();
        else if (kind == "return_damaged")
            s.keysReturnedDamaged = r[1].as<long long>();
        else if (kind == "return_unused")
            s.keysReturnedUnused = r[1].as<long long>();
        else if (kind == "write_off")
            s.keysWrittenOff = r[1].as<long long>();
    }
    s.lettersConsumed =
        tx.exec_params1("SELECT count(*) FROM countersign.letters l "
                        "JOIN countersign.transactions t ON t.id = l.consumed_by_transaction_id "
                        "WHERE ($1 = 0 OR t.centre_id = $1) "
                        "AND t.business_date BETWEEN $2::date AND $3::date",
                        centreId, a, b)[0]
            .as<long long>();
    return s;
}

} // namespace countersign::test
