-- 0008_reports.sql — the reports and the day close (DESIGN §8).
--
-- What a day's figures are
--   One definition, three SQL functions (report_live_operations / _money / _stock, below), each for one centre
--   and business day. The kiosk's and countersignctl's reports of an open day run them directly; the day close
--   runs them twice in its transaction — for the snapshot it signs (db/reports.cpp) and, through the trigger on
--   day_closes, for the summary tables — under the day's lock, so both see the same rows.
--
-- The daily summary: written at the day close, not kept up to date by every operation
--   report_day_operations / _operators / _money / _stock hold a closed day's figures (one row per operation,
--   per operator, per payment method, per stock movement kind). They are filled by the AFTER INSERT trigger
--   on day_closes, and by nothing else (counters may only read them). A report over a range reads them for the
--   closed days and runs the live functions for the days still open (normally only today), one indexed lookup
--   per open centre-day.
--   Why not a summary kept up to date in the transaction that completes an operation:
--   * it would add a trigger and an UPDATE of a shared summary row to every operation (every state change of a
--     transaction, every payment and refund, every stock movement), and the five counters of a centre would
--     queue on the same summary rows all day; the per-operation database cost is watched closely;
--   * a day's rows only stop changing when the day is closed — which the freeze below now guarantees — so
--     a summary written then is final, and equal to the signed snapshot by construction;
--   * an open day is small (about 1,200 transactions per centre at 10 M a year) and its live figures come
--     from index-only scans of the covering indexes below.
--   Measured at 10 M transactions (23 centres × 5 counters, 12 months, every day but today closed;
--   tests/bench/bench_reports.cpp, server time, median of 15): a centre's open day live 2.8 ms, a closed day's
--   snapshot 0.13 ms, last month across all centres 8.6 ms (the raw indexed aggregate over the same rows:
--   522 ms), this month to date with today live 42 ms, the whole year across all centres 116 ms (raw: 6.3 s).
--   A close (snapshot and summary) takes about 10 ms.
--
-- The freeze: once a centre's business day is closed
--   * transactions, payments, refunds and stock_movements of that centre-day can't be inserted (as before),
--     and transactions, payments, refunds, fee_lines and receipts of it can't be updated or deleted, by anyone
--     short of a superuser switching triggers off. Errors are check_violation, "business day D of centre C is
--     closed: …".
--   * Still allowed, because the signed figures do not depend on them and refusing them would do harm:
--     - a failed transaction may become compensated (state, work, updated_at, finished_at only): recovery
--       revokes the certificate the CA issued and pays the fee back; the refund is a row of the day it is
--       made (refunds.business_date), so the closed day's money stays as signed, and its report (the
--       snapshot) keeps showing the transaction as failed on that day;
--     - a receipt may be printed again (printed_count, reprinted_count, first/last_printed_at) and its PDF
--       stored if it had none (a reprint must be possible for years: the paper says "补打 / REPRINT" and the
--       content is fixed by 0005 anyway); voiding a closed day's receipt is refused: voiding changes the
--       day's business and needs the day open;
--     - a refund made by recovery may be reviewed (reviewed_by / reviewed_at): the acknowledgement does not
--       change money.
--   * day_closes rows are final (no UPDATE, DELETE or TRUNCATE): reopening a day is not a feature.
--   The day's lock: every insert into a centre-day (and every change of a finished transaction or a receipt
--   of it) takes a SHARED transaction advisory lock on it before looking at day_closes; the close takes it
--   EXCLUSIVE (day_close_lock()) before it checks for open transactions and reads the figures. So the close
--   waits for the writes in flight, and a write that comes during the close waits for it and is then refused:
--   nothing slips in between the snapshot and the freeze, and every statement of the close (READ COMMITTED)
--   reads the same figures. The state changes of open transactions need no lock: if one is in flight the
--   close sees it open and refuses.
--   Cost per counter operation: the inserts' existing trigger (0001) now also takes the advisory lock (about
--   a microsecond, 3–4 inserts an operation); the UPDATE triggers on transactions and receipts don't fire for
--   what an operation does (their WHEN skips open transactions and printing). Measured over 27,500 state
--   updates of open transactions: no difference with the freeze triggers on or off; with the check forced
--   for every row it would have been ~30 µs a row on the loaded test machine.
--
-- Indexes: five existing ones are replaced by covering versions with the same key columns, so every write
-- maintains as many indexes as before (the per-operation cost is unchanged) and a day's report is an
-- index-only scan.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- ---------------------------------------------------------------------------------------------------------------
-- Covering indexes for the live figures of a centre-day
-- ---------------------------------------------------------------------------------------------------------------

-- A centre-day's transactions in id order, with what the report counts: the day is an index-only scan, and
-- min(id)/max(id) of the day (which bound where its waiver lines can be) are two index probes.
CREATE INDEX transactions_centre_day_report_idx ON countersign.transactions (centre_id, business_date, id)
    INCLUDE (kind, state, operator_staff_id, letter_id);
DROP INDEX countersign.transactions_centre_day_idx;

-- Waiver lines (the negative ones) with their amount.
CREATE INDEX fee_lines_waiver_amount_idx ON countersign.fee_lines (transaction_id) INCLUDE (amount_fen)
    WHERE amount_fen < 0;
DROP INDEX countersign.fee_lines_waiver_idx;

CREATE INDEX payments_centre_day_report_idx ON countersign.payments (centre_id, business_date, method)
    INCLUDE (amount_fen);
DROP INDEX countersign.payments_centre_day_idx;

CREATE INDEX refunds_centre_day_report_idx ON countersign.refunds (centre_id, business_date)
    INCLUDE (payment_id, amount_fen);
DROP INDEX countersign.refunds_centre_day_idx;

-- Stock levels by model: the keys a centre holds (in stock, damaged), counted in index order without visiting
-- the tokens themselves.
CREATE INDEX tokens_centre_state_model_idx ON countersign.tokens (centre_id, state, model);
DROP INDEX countersign.tokens_centre_state_idx;

-- A counter's transactions of a day: the workflow numbers a new transaction by counting them, under the
-- counter's lock; without this index that count reads every transaction the counter ever made.
CREATE INDEX transactions_counter_day_idx ON countersign.transactions (counter_id, business_date);

-- ---------------------------------------------------------------------------------------------------------------
-- A centre-day's lock
-- ---------------------------------------------------------------------------------------------------------------

-- The second key of a centre-day's advisory lock (first key 'CSDY' = 1129530457). Two centre-days that hash
-- alike only wait for each other; they never share a close.
CREATE FUNCTION countersign.day_lock_key(p_centre_id bigint, p_business_date date) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN pg_catalog.hashint8(p_centre_id * 100000 + (p_business_date - DATE '2000-01-01'));

-- Taken by the day close, first thing in its transaction: waits for the centre-day's writes in flight and
-- holds off new ones until the close commits.
CREATE FUNCTION countersign.day_close_lock(p_centre_id bigint, p_business_date date) RETURNS void
LANGUAGE sql VOLATILE
RETURN pg_catalog.pg_advisory_xact_lock(1129530457, countersign.day_lock_key(p_centre_id, p_business_date));

CREATE FUNCTION countersign.day_is_closed(p_centre_id bigint, p_business_date date) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
RETURN EXISTS (SELECT 1 FROM countersign.day_closes d
               WHERE d.centre_id = p_centre_id AND d.business_date = p_business_date);

-- The message every refusal uses.
CREATE FUNCTION countersign.raise_day_closed(p_centre_id bigint, p_business_date date, p_what text)
RETURNS void
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    centre text;
BEGIN
    SELECT c.code INTO centre FROM countersign.centres c WHERE c.id = p_centre_id;
    RAISE EXCEPTION 'business day % of centre % is closed: %', p_business_date, coalesce(centre, p_centre_id::text),
                    p_what
        USING ERRCODE = 'check_violation',
              HINT = 'a closed day''s records are frozen (DESIGN §8); record a correction on an open day';
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- The freeze
-- ---------------------------------------------------------------------------------------------------------------

-- Inserts (transactions, payments, refunds, stock_movements; triggers of 0001): now under the day's lock and
-- with the centre's code in the message.
CREATE OR REPLACE FUNCTION countersign.refuse_if_day_closed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock_shared(1129530457,
                                                    countersign.day_lock_key(NEW.centre_id, NEW.business_date));
    IF countersign.day_is_closed(NEW.centre_id, NEW.business_date) THEN
        PERFORM countersign.raise_day_closed(NEW.centre_id, NEW.business_date,
                                             'no new ' || TG_TABLE_NAME || ' may be added to it');
    END IF;
    RETURN NEW;
END
$fn$;

CREATE FUNCTION countersign.transactions_refuse_change_if_day_closed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock_shared(1129530457,
                                                    countersign.day_lock_key(OLD.centre_id, OLD.business_date));
    IF NOT countersign.day_is_closed(OLD.centre_id, OLD.business_date) THEN
        IF TG_OP = 'DELETE' OR (NEW.centre_id = OLD.centre_id AND NEW.business_date = OLD.business_date)
           OR NOT countersign.day_is_closed(NEW.centre_id, NEW.business_date) THEN
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        PERFORM countersign.raise_day_closed(NEW.centre_id, NEW.business_date,
                                             'transaction ' || OLD.number || ' may not be moved into it');
    END IF;
    -- Compensation of a transaction that failed on the closed day (see the head of this file).
    IF TG_OP = 'UPDATE' AND OLD.state = 'failed' AND NEW.state IN ('failed', 'compensated')
       AND pg_catalog.to_jsonb(NEW) - '{state,work,updated_at,finished_at}'::text[]
           = pg_catalog.to_jsonb(OLD) - '{state,work,updated_at,finished_at}'::text[] THEN
        RETURN NEW;
    END IF;
    PERFORM countersign.raise_day_closed(OLD.centre_id, OLD.business_date,
                                         'transaction ' || OLD.number || ' may not be '
                                         || CASE WHEN TG_OP = 'DELETE' THEN 'deleted' ELSE 'changed' END);
    RETURN NULL;
END
$fn$;

-- An open transaction (not completed, failed or compensated) never belongs to a closed day: the close refuses
-- while one is open, no transaction can be added to a closed day, and a finished one never opens again. So the
-- check runs only for finished ones (and for a move to another day): the state changes of the operations at the
-- counter, all of open transactions, don't call it at all — the WHEN is evaluated without calling a function.
CREATE TRIGGER transactions_day_frozen BEFORE UPDATE ON countersign.transactions
    FOR EACH ROW
    WHEN (OLD.state IN ('completed', 'failed', 'compensated') OR NEW.centre_id <> OLD.centre_id
          OR NEW.business_date <> OLD.business_date)
    EXECUTE FUNCTION countersign.transactions_refuse_change_if_day_closed();
CREATE TRIGGER transactions_day_frozen_delete BEFORE DELETE ON countersign.transactions
    FOR EACH ROW EXECUTE FUNCTION countersign.transactions_refuse_change_if_day_closed();

-- Payments are never changed by the application; the owner can't either once the day is closed.
CREATE FUNCTION countersign.payments_refuse_change_if_day_closed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF countersign.day_is_closed(OLD.centre_id, OLD.business_date) THEN
        PERFORM countersign.raise_day_closed(OLD.centre_id, OLD.business_date,
                                             'payment ' || OLD.id || ' may not be '
                                             || CASE WHEN TG_OP = 'DELETE' THEN 'deleted' ELSE 'changed' END);
    END IF;
    IF TG_OP = 'UPDATE' AND countersign.day_is_closed(NEW.centre_id, NEW.business_date) THEN
        PERFORM countersign.raise_day_closed(NEW.centre_id, NEW.business_date,
                                             'payment ' || OLD.id || ' may not be moved into it');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$fn$;

CREATE TRIGGER payments_day_frozen BEFORE UPDATE OR DELETE ON countersign.payments
    FOR EACH ROW EXECUTE FUNCTION countersign.payments_refuse_change_if_day_closed();

-- Refunds: only the review of a recovery refund (0004) may still be given.
CREATE FUNCTION countersign.refunds_refuse_change_if_day_closed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF countersign.day_is_closed(OLD.centre_id, OLD.business_date) THEN
        IF TG_OP = 'UPDATE'
           AND pg_catalog.to_jsonb(NEW) - '{reviewed_by,reviewed_at}'::text[]
               = pg_catalog.to_jsonb(OLD) - '{reviewed_by,reviewed_at}'::text[] THEN
            RETURN NEW;
        END IF;
        PERFORM countersign.raise_day_closed(OLD.centre_id, OLD.business_date,
                                             'refund ' || OLD.id || ' may not be '
                                             || CASE WHEN TG_OP = 'DELETE' THEN 'deleted' ELSE 'changed' END);
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.centre_id, NEW.business_date) IS DISTINCT FROM (OLD.centre_id, OLD.business_date)
       AND countersign.day_is_closed(NEW.centre_id, NEW.business_date) THEN
        PERFORM countersign.raise_day_closed(NEW.centre_id, NEW.business_date,
                                             'refund ' || OLD.id || ' may not be moved into it');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$fn$;

CREATE TRIGGER refunds_day_frozen BEFORE UPDATE OR DELETE ON countersign.refunds
    FOR EACH ROW EXECUTE FUNCTION countersign.refunds_refuse_change_if_day_closed();

-- Fee lines belong to their transaction's day (waivers are part of the day's figures).
CREATE FUNCTION countersign.fee_lines_refuse_change_if_day_closed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    t countersign.transactions;
BEGIN
    SELECT * INTO t FROM countersign.transactions x WHERE x.id = OLD.transaction_id;
    IF FOUND AND countersign.day_is_closed(t.centre_id, t.business_date) THEN
        PERFORM countersign.raise_day_closed(t.centre_id, t.business_date,
                                             'the fee lines of transaction ' || t.number || ' may not be '
                                             || CASE WHEN TG_OP = 'DELETE' THEN 'deleted' ELSE 'changed' END);
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$fn$;

CREATE TRIGGER fee_lines_day_frozen BEFORE UPDATE OR DELETE ON countersign.fee_lines
    FOR EACH ROW EXECUTE FUNCTION countersign.fee_lines_refuse_change_if_day_closed();

-- Receipts belong to their transaction's day. Printing again stays possible (the count and times, and the PDF
-- stored if it had none); voiding or any other change is refused. What a receipt says can't change anyway
-- (0005). The trigger only runs for the changes it may refuse (WHEN), so printing costs nothing more.
-- Inserts are not checked: a receipt is issued in the database transaction that completes its transaction, on
-- an open day; a closed day's transaction can't get a second valid one (receipts_one_valid_per_transaction)
-- and its receipt can't be voided to make room.
CREATE FUNCTION countersign.receipts_refuse_change_if_day_closed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    t_centre  bigint;
    t_date    date;
    t_number  text;
BEGIN
    SELECT x.centre_id, x.business_date, x.number INTO t_centre, t_date, t_number
      FROM countersign.transactions x WHERE x.id = OLD.transaction_id;
    IF NOT FOUND THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    PERFORM pg_catalog.pg_advisory_xact_lock_shared(1129530457, countersign.day_lock_key(t_centre, t_date));
    IF NOT countersign.day_is_closed(t_centre, t_date) THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'UPDATE'
       AND pg_catalog.to_jsonb(NEW) - '{printed_count,reprinted_count,first_printed_at,last_printed_at,pdf}'::text[]
           = pg_catalog.to_jsonb(OLD) - '{printed_count,reprinted_count,first_printed_at,last_printed_at,pdf}'::text[]
       AND (OLD.pdf IS NULL OR NEW.pdf IS NOT DISTINCT FROM OLD.pdf) THEN
        RETURN NEW;
    END IF;
    PERFORM countersign.raise_day_closed(t_centre, t_date,
                                         'receipt ' || OLD.year || '-' || OLD.number || ' of transaction '
                                         || t_number || ' may only be printed again, not '
                                         || CASE WHEN TG_OP = 'DELETE' THEN 'deleted'
                                                 WHEN NEW.voided_at IS DISTINCT FROM OLD.voided_at THEN 'voided'
                                                 ELSE 'changed' END);
    RETURN NULL;
END
$fn$;

CREATE TRIGGER receipts_day_frozen BEFORE UPDATE ON countersign.receipts
    FOR EACH ROW
    WHEN (NEW.voided_at IS DISTINCT FROM OLD.voided_at OR NEW.void_reason IS DISTINCT FROM OLD.void_reason
          OR NEW.void_approval_id IS DISTINCT FROM OLD.void_approval_id
          OR NEW.transaction_id IS DISTINCT FROM OLD.transaction_id
          OR (OLD.pdf IS NOT NULL AND NEW.pdf IS DISTINCT FROM OLD.pdf))
    EXECUTE FUNCTION countersign.receipts_refuse_change_if_day_closed();
CREATE TRIGGER receipts_day_frozen_delete BEFORE DELETE ON countersign.receipts
    FOR EACH ROW EXECUTE FUNCTION countersign.receipts_refuse_change_if_day_closed();

-- Emptying a table would undo every closed day at once.
CREATE FUNCTION countersign.refuse_truncate_after_day_close() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF EXISTS (SELECT 1 FROM countersign.day_closes) THEN
        RAISE EXCEPTION '% may not be emptied: it holds the records of closed business days', TG_TABLE_NAME
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$fn$;

CREATE TRIGGER transactions_no_truncate BEFORE TRUNCATE ON countersign.transactions
    FOR EACH STATEMENT EXECUTE FUNCTION countersign.refuse_truncate_after_day_close();
CREATE TRIGGER payments_no_truncate BEFORE TRUNCATE ON countersign.payments
    FOR EACH STATEMENT EXECUTE FUNCTION countersign.refuse_truncate_after_day_close();
CREATE TRIGGER refunds_no_truncate BEFORE TRUNCATE ON countersign.refunds
    FOR EACH STATEMENT EXECUTE FUNCTION countersign.refuse_truncate_after_day_close();
CREATE TRIGGER fee_lines_no_truncate BEFORE TRUNCATE ON countersign.fee_lines
    FOR EACH STATEMENT EXECUTE FUNCTION countersign.refuse_truncate_after_day_close();
CREATE TRIGGER receipts_no_truncate BEFORE TRUNCATE ON countersign.receipts
    FOR EACH STATEMENT EXECUTE FUNCTION countersign.refuse_truncate_after_day_close();
CREATE TRIGGER stock_movements_no_truncate BEFORE TRUNCATE ON countersign.stock_movements
    FOR EACH STATEMENT EXECUTE FUNCTION countersign.refuse_truncate_after_day_close();

-- ---------------------------------------------------------------------------------------------------------------
-- A day's figures, live. LANGUAGE sql, STABLE, not STRICT, no SET: the planner inlines them into the calling
-- query, so a report over open days is a nested loop of index-only scans per centre-day.
-- ---------------------------------------------------------------------------------------------------------------

-- Transactions of a centre-day by operation and operator. waivers / waived_fen: their negative fee lines
-- (count, and the amount waived as a positive number); letters_consumed: completed transactions with a letter
-- (a letter is consumed by the transaction that completes with it, 0001).
-- The waiver lines are found without a lookup per transaction: they lie between the day's lowest and highest
-- transaction id (true whatever the ids; the range is tight because ids grow with time), in the partial index
-- of waiver lines, which holds about one line in a hundred.
CREATE FUNCTION countersign.report_live_operations(p_centre_id bigint, p_business_date date)
RETURNS TABLE (kind text, operator_staff_id bigint, completed bigint, failed bigint, compensated bigint,
               unfinished bigint, waivers bigint, waived_fen bigint, letters_consumed bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
    SELECT t.kind, t.operator_staff_id,
           count(*) FILTER (WHERE t.state = 'completed'),
           count(*) FILTER (WHERE t.state = 'failed'),
           count(*) FILTER (WHERE t.state = 'compensated'),
           count(*) FILTER (WHERE t.state NOT IN ('completed', 'failed', 'compensated')),
           coalesce(sum(w.waivers), 0)::bigint,
           coalesce(sum(w.waived_fen), 0)::bigint,
           count(*) FILTER (WHERE t.state = 'completed' AND t.letter_id IS NOT NULL)
      FROM countersign.transactions t
      LEFT JOIN (SELECT l.transaction_id, count(*) AS waivers, -sum(l.amount_fen) AS waived_fen
                   FROM countersign.fee_lines l
                  WHERE l.amount_fen < 0
                    AND l.transaction_id >= (SELECT min(x.id) FROM countersign.transactions x
                                             WHERE x.centre_id = p_centre_id AND x.business_date = p_business_date)
                    AND l.transaction_id <= (SELECT max(x.id) FROM countersign.transactions x
                                             WHERE x.centre_id = p_centre_id AND x.business_date = p_business_date)
                  GROUP BY l.transaction_id) w ON w.transaction_id = t.id
     WHERE t.centre_id = p_centre_id AND t.business_date = p_business_date
     GROUP BY t.kind, t.operator_staff_id
$fn$;

-- Money of a centre-day by payment method: payments taken and refunds paid back that day (a refund counts on
-- the day it is paid, by the method of the payment it returns).
CREATE FUNCTION countersign.report_live_money(p_centre_id bigint, p_business_date date)
RETURNS TABLE (method text, payments bigint, paid_fen bigint, refunds bigint, refunded_fen bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
    SELECT m.method, sum(m.payments)::bigint, sum(m.paid_fen)::bigint, sum(m.refunds)::bigint,
           sum(m.refunded_fen)::bigint
      FROM (SELECT p.method, count(*) AS payments, sum(p.amount_fen) AS paid_fen, 0::bigint AS refunds,
                   0::numeric AS refunded_fen
              FROM countersign.payments p
             WHERE p.centre_id = p_centre_id AND p.business_date = p_business_date
             GROUP BY p.method
            UNION ALL
            SELECT p.method, 0, 0, count(*), sum(r.amount_fen)
              FROM countersign.refunds r
              JOIN countersign.payments p ON p.id = r.payment_id
             WHERE r.centre_id = p_centre_id AND r.business_date = p_business_date
             GROUP BY p.method) m
     GROUP BY m.method
$fn$;

-- Stock movements of a centre-day by kind (receive, issue, return_unused, return_damaged, write_off).
CREATE FUNCTION countersign.report_live_stock(p_centre_id bigint, p_business_date date)
RETURNS TABLE (movement text, movements bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
    SELECT s.kind, count(*)
      FROM countersign.stock_movements s
     WHERE s.centre_id = p_centre_id AND s.business_date = p_business_date
     GROUP BY s.kind
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- The daily summary of closed days
-- ---------------------------------------------------------------------------------------------------------------

-- By operation: what the range and centres reports sum.
CREATE TABLE countersign.report_day_operations (
    centre_id        bigint NOT NULL,
    business_date    date NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('NEW', 'RENEW', 'UPGRADE', 'REPLACE', 'UNLOCK')),
    completed        bigint NOT NULL,
    failed           bigint NOT NULL,
    compensated      bigint NOT NULL,
    unfinished       bigint NOT NULL,
    waivers          bigint NOT NULL,
    waived_fen       bigint NOT NULL,
    letters_consumed bigint NOT NULL,
    PRIMARY KEY (centre_id, business_date, kind),
    FOREIGN KEY (centre_id, business_date) REFERENCES countersign.day_closes (centre_id, business_date)
);
CREATE INDEX report_day_operations_date_idx ON countersign.report_day_operations (business_date);

-- By operator: the range report's people. (Two tables rather than one by operation × operator: a year of every
-- centre is then 42,000 rows by operation instead of 210,000.)
CREATE TABLE countersign.report_day_operators (
    centre_id         bigint NOT NULL,
    business_date     date NOT NULL,
    operator_staff_id bigint NOT NULL REFERENCES countersign.staff,
    completed         bigint NOT NULL,
    failed            bigint NOT NULL,
    compensated       bigint NOT NULL,
    unfinished        bigint NOT NULL,
    waivers           bigint NOT NULL,
    waived_fen        bigint NOT NULL,
    PRIMARY KEY (centre_id, business_date, operator_staff_id),
    FOREIGN KEY (centre_id, business_date) REFERENCES countersign.day_closes (centre_id, business_date)
);

CREATE TABLE countersign.report_day_money (
    centre_id     bigint NOT NULL,
    business_date date NOT NULL,
    method        text NOT NULL CHECK (method IN ('cash', 'bank_card', 'wechat_pay', 'alipay')),
    payments      bigint NOT NULL,
    paid_fen      bigint NOT NULL,
    refunds       bigint NOT NULL,
    refunded_fen  bigint NOT NULL,
    PRIMARY KEY (centre_id, business_date, method),
    FOREIGN KEY (centre_id, business_date) REFERENCES countersign.day_closes (centre_id, business_date)
);
CREATE INDEX report_day_money_date_idx ON countersign.report_day_money (business_date);

CREATE TABLE countersign.report_day_stock (
    centre_id     bigint NOT NULL,
    business_date date NOT NULL,
    movement      text NOT NULL,
    movements     bigint NOT NULL,
    PRIMARY KEY (centre_id, business_date, movement),
    FOREIGN KEY (centre_id, business_date) REFERENCES countersign.day_closes (centre_id, business_date)
);
CREATE INDEX report_day_stock_date_idx ON countersign.report_day_stock (business_date);

-- The close itself: who may sign, which day, nothing left open — checked here too, under the day's lock, so
-- a row can't be written around the application's rules.
CREATE FUNCTION countersign.day_closes_check() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    open_count bigint;
    first_open text;
BEGIN
    PERFORM countersign.day_close_lock(NEW.centre_id, NEW.business_date);
    IF NEW.business_date > (pg_catalog.now() AT TIME ZONE 'Asia/Shanghai')::date THEN
        RAISE EXCEPTION 'business day % has not come yet: it can''t be closed', NEW.business_date
            USING ERRCODE = 'check_violation';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM countersign.staff s
                   WHERE s.id = NEW.closed_by AND s.active AND s.role IN ('supervisor', 'admin')
                     AND (s.centre_id IS NULL OR s.centre_id = NEW.centre_id)) THEN
        RAISE EXCEPTION 'staff % may not close a day of centre %: a supervisor or admin of that centre signs',
                        NEW.closed_by, NEW.centre_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.approval_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM countersign.approvals a
                                                   WHERE a.id = NEW.approval_id AND a.kind = 'day_close') THEN
        RAISE EXCEPTION 'approval % is not a day_close approval', NEW.approval_id
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT count(*), min(t.number) INTO open_count, first_open
      FROM countersign.transactions t
     WHERE t.centre_id = NEW.centre_id AND t.business_date = NEW.business_date
       AND t.state NOT IN ('completed', 'failed', 'compensated');
    IF open_count > 0 THEN
        RAISE EXCEPTION 'business day % of centre % still has % open transaction(s), e.g. %', NEW.business_date,
                        NEW.centre_id, open_count, first_open
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER day_closes_check BEFORE INSERT ON countersign.day_closes
    FOR EACH ROW EXECUTE FUNCTION countersign.day_closes_check();

-- The summary of the day, from the same functions the snapshot was made with, in the close's transaction.
-- SECURITY DEFINER: counters may only read the summary tables.
CREATE FUNCTION countersign.day_closes_summarise() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    INSERT INTO countersign.report_day_operations
        (centre_id, business_date, kind, completed, failed, compensated, unfinished, waivers, waived_fen,
         letters_consumed)
    SELECT NEW.centre_id, NEW.business_date, o.kind, sum(o.completed), sum(o.failed), sum(o.compensated),
           sum(o.unfinished), sum(o.waivers), sum(o.waived_fen), sum(o.letters_consumed)
      FROM countersign.report_live_operations(NEW.centre_id, NEW.business_date) o
     GROUP BY o.kind;
    INSERT INTO countersign.report_day_operators
        (centre_id, business_date, operator_staff_id, completed, failed, compensated, unfinished, waivers,
         waived_fen)
    SELECT NEW.centre_id, NEW.business_date, o.operator_staff_id, sum(o.completed), sum(o.failed),
           sum(o.compensated), sum(o.unfinished), sum(o.waivers), sum(o.waived_fen)
      FROM countersign.report_live_operations(NEW.centre_id, NEW.business_date) o
     GROUP BY o.operator_staff_id;
    INSERT INTO countersign.report_day_money
        (centre_id, business_date, method, payments, paid_fen, refunds, refunded_fen)
    SELECT NEW.centre_id, NEW.business_date, m.method, m.payments, m.paid_fen, m.refunds, m.refunded_fen
      FROM countersign.report_live_money(NEW.centre_id, NEW.business_date) m;
    INSERT INTO countersign.report_day_stock (centre_id, business_date, movement, movements)
    SELECT NEW.centre_id, NEW.business_date, s.movement, s.movements
      FROM countersign.report_live_stock(NEW.centre_id, NEW.business_date) s;
    RETURN NULL;
END
$fn$;

CREATE TRIGGER day_closes_summary AFTER INSERT ON countersign.day_closes
    FOR EACH ROW EXECUTE FUNCTION countersign.day_closes_summarise();

-- A close is final.
CREATE FUNCTION countersign.day_closes_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'a day close is final: % refused', TG_OP USING ERRCODE = 'check_violation';
END
$fn$;

CREATE TRIGGER day_closes_final BEFORE UPDATE OR DELETE ON countersign.day_closes
    FOR EACH ROW EXECUTE FUNCTION countersign.day_closes_refuse_change();
CREATE TRIGGER day_closes_no_truncate BEFORE TRUNCATE ON countersign.day_closes
    FOR EACH STATEMENT EXECUTE FUNCTION countersign.day_closes_refuse_change();

-- ---------------------------------------------------------------------------------------------------------------
-- Privileges
-- ---------------------------------------------------------------------------------------------------------------

GRANT SELECT ON countersign.report_day_operations, countersign.report_day_operators, countersign.report_day_money,
    countersign.report_day_stock
    TO countersign_counter;

GRANT EXECUTE ON FUNCTION
    countersign.day_lock_key(bigint, date),
    countersign.day_close_lock(bigint, date),
    countersign.day_is_closed(bigint, date),
    countersign.raise_day_closed(bigint, date, text),
    countersign.report_live_operations(bigint, date),
    countersign.report_live_money(bigint, date),
    countersign.report_live_stock(bigint, date)
TO countersign_counter;
