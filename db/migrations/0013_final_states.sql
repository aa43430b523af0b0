-- 0013_final_states.sql — finished states are constraints (issue "the database is the authority").
--
-- Until now a counter's login could, with no staff password, un-revoke a certificate (the built-in CA's CRL is
-- read from certificates), change who did a transaction, move a finished transaction's parties or number, add
-- or change the fee lines and payments of a completed transaction, or replace a receipt's stored PDF. The
-- triggers below make those one-way for whoever writes: a counter's login, the owner and a superuser alike.
-- There is no escape hatch: what is final here is final for the product too (a correction is a new record: a
-- refund, a void, a new transaction). Only DDL gets around a trigger (ALTER TABLE … DISABLE TRIGGER by the
-- owner, session_replication_role by a superuser); that is outside the product, as for the audit log.
-- Every refusal is a check_violation (23514) whose message names the rule.
--
-- What is final, and the product's own writes that stay allowed
--   certificates  What a certificate says — serial, issuer, profile, enterprise, subject, USCC, key algorithm,
--                 validity, DER, created_at — never changes, and a certificate's record is never deleted (nor
--                 the table emptied while it holds a revocation): the CRL lists serial, time and reason of
--                 every row of its issuer with revoked_at set.
--                 The status only moves forward: issued > active; issued or active > revoked or superseded.
--                 Revoked and superseded are final, and once revoked_at is recorded it and revocation_reason
--                 stay as they are. transaction_id, revoked_by_transaction_id and replaced_by_certificate_id are
--                 recorded once (NULL > a value). token_id may still change.
--                 Allowed: BuiltinCa::revoke (status, reason, time, once), PartyStore::markRevoked (keeps a
--                 revocation already recorded, status included), activateCertificate (issued > active),
--                 setReplacedBy, recordCertificate's upsert (token_id; transaction_id once).
--   transactions  number, kind, operator_staff_id (who did it), counter_id, centre_id, business_date and
--                 started_at never change after insert. A completed or compensated transaction is final: no
--                 column changes (updated_at aside) and it is never deleted. (No row of
--                 transaction_state_transitions leaves completed or compensated, so their state could not move
--                 before either; now nothing else of them can.)
--                 Allowed: the workflow's moves of open transactions and failed > compensated (0008 keeps that
--                 possible on a closed day).
--   fee_lines, payments  are written at the fee step: while the transaction is started or papers_checked,
--                 which the workflow passes in the one database transaction that ends in fee_recorded. After
--                 that none is added, changed or deleted, so a completed transaction's fee and payments stay
--                 as recorded. Money goes back as a refund, a row of its own (fees::refundTransaction: with a
--                 supervisor's approval, or flagged by recovery when a transaction is compensated); a waiver
--                 is a negative fee line written at the fee step with its approval.
--   receipts      0005 keeps what a receipt says (number, content with its amounts, digest, code …) and keeps a
--                 void. Now also: the stored PDF is written once (printing stores it when it has none) and
--                 never replaced or removed; printed_count and reprinted_count only go up and first_printed_at
--                 is set once (a reprint must say so); a receipt is never deleted (numbers are gapless; a
--                 wrong one is voided); and a receipt is issued only in the database transaction that
--                 completes its transaction (casteps complete(): the state moves, then the receipt) — none is
--                 added to a transaction completed earlier, failed or compensated. (Transactions that are not
--                 finished yet may get one: tests issue receipts for them directly.)
--                 Allowed: printing (counts, times, the first PDF), voiding (receipts::voidReceipt, once).
--   A table holding a finished transaction's records (transactions, fee_lines, payments, receipts,
--   stock_movements) is not emptied either: 0008's TRUNCATE refusal now also holds before the first day close,
--   and covers certificates.
--
-- The counters' grants: UPDATE only on the columns the product writes
--   Found with grep -rn UPDATE backend db (the statements, the ON CONFLICT … DO UPDATE SET lists, and the
--   functions counters run as themselves: take_receipt_number). This migration narrows and never widens: a
--   column is kept writable only if the counters could write it before (see the DO block), so an earlier
--   migration that took a table's writes away from counters is not undone.
--   transactions      state (the workflow's moves), enterprise_id, agent_id, letter_id, token_id, old_token_id,
--                     replace_reason (the papers step, kPapersChecked; the key the workflow assigns, kAdvance),
--                     work (what a resumed or compensated transaction needs, 0006), failure_reason (giving up)
--   certificates      token_id, transaction_id (recordCertificate's upsert), status (activation, revocation),
--                     revocation_reason, revoked_at, revoked_by_transaction_id (revocation),
--                     replaced_by_certificate_id (a renewal's old certificate)
--   tokens            state (stock and workflow moves), enterprise_id (holder), centre_id (stock location),
--                     so_pin_version (the SO PIN's master-secret version after initialisation)
--   invoice_requests  status (cancelled by a refund, issued when marked), invoice_number, issued_at (marking
--                     issued), exported_at (handed to the invoicing system)
--   receipt_counters  last_number (take_receipt_number's ON CONFLICT … DO UPDATE)
--   enterprises       name (the papers' name), uscc (the built-in CA's ON CONFLICT no-op that returns the id),
--                     uscc_override_approval_id (a supervisor-confirmed USCC)
--   agents            name, mobile (the latest the papers give)
--   receipts          printed_count, reprinted_count, first_printed_at, last_printed_at, pdf (printing),
--                     voided_at, void_reason, void_approval_id (voiding) — as 0005 granted
--   refunds           reviewed_by, reviewed_at (a supervisor's review of a recovery refund) — as 0004 granted
--   ca_authority      crl_number (the next CRL's number) — as 0002 granted
--   fee_schedules, fee_rules  none: the product never updates them (a changed fee would be a new rule)
--   Staff, letters, letter signers and approvals are left as they are (their own migrations).
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- ---------------------------------------------------------------------------------------------------------------
-- Certificates: what they say never changes, a revocation is final
-- ---------------------------------------------------------------------------------------------------------------

CREATE FUNCTION countersign.certificates_refuse_undoing() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    changed text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'certificate %: a certificate''s record is never deleted (the CRL and the checks of a key '
                        'read it)', OLD.serial
            USING ERRCODE = 'check_violation';
    END IF;

    SELECT pg_catalog.string_agg(n.key, ', ' ORDER BY n.key) INTO changed
      FROM pg_catalog.jsonb_each(pg_catalog.to_jsonb(NEW)) n
     WHERE n.key IN ('serial', 'issuer', 'profile', 'enterprise_id', 'subject', 'uscc', 'key_algorithm',
                     'not_before', 'not_after', 'der', 'created_at')
       AND n.value IS DISTINCT FROM pg_catalog.to_jsonb(OLD) -> n.key;
    IF changed IS NOT NULL THEN
        RAISE EXCEPTION 'certificate %: what a certificate says never changes (% may not change)', OLD.serial,
                        changed
            USING ERRCODE = 'check_violation';
    END IF;

    IF (OLD.status IN ('revoked', 'superseded') AND NEW.status IS DISTINCT FROM OLD.status)
       OR (OLD.revoked_at IS NOT NULL AND (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at
                                          OR NEW.revocation_reason IS DISTINCT FROM OLD.revocation_reason)) THEN
        RAISE EXCEPTION 'certificate % is % (%), and a revocation is final: its status, reason and time stay as '
                        'recorded', OLD.serial, OLD.status, coalesce(OLD.revocation_reason, 'no reason recorded')
            USING ERRCODE = 'check_violation',
                  HINT = 'a certificate revoked by mistake stays on the CRL: issue a new one';
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status
       AND NOT (OLD.status = 'issued' AND NEW.status IN ('active', 'revoked', 'superseded'))
       AND NOT (OLD.status = 'active' AND NEW.status IN ('revoked', 'superseded')) THEN
        RAISE EXCEPTION 'certificate %: a certificate''s status only moves forward (issued > active > revoked or '
                        'superseded): % -> % is not allowed', OLD.serial, OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;

    SELECT pg_catalog.string_agg(v.col, ', ') INTO changed
      FROM (VALUES ('transaction_id', OLD.transaction_id, NEW.transaction_id),
                   ('revoked_by_transaction_id', OLD.revoked_by_transaction_id, NEW.revoked_by_transaction_id),
                   ('replaced_by_certificate_id', OLD.replaced_by_certificate_id,
                    NEW.replaced_by_certificate_id)) AS v (col, was, now_is)
     WHERE v.was IS NOT NULL AND v.now_is IS DISTINCT FROM v.was;
    IF changed IS NOT NULL THEN
        RAISE EXCEPTION 'certificate %: % is recorded once and never changes', OLD.serial, changed
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER certificates_final BEFORE UPDATE OR DELETE ON countersign.certificates
    FOR EACH ROW EXECUTE FUNCTION countersign.certificates_refuse_undoing();

-- Emptying the table would take every revocation off the CRL at once (the function is 0008's, extended below).
CREATE TRIGGER certificates_no_truncate BEFORE TRUNCATE ON countersign.certificates
    FOR EACH STATEMENT EXECUTE FUNCTION countersign.refuse_truncate_after_day_close();

-- ---------------------------------------------------------------------------------------------------------------
-- Transactions: who, where and which never change; a finished transaction is final
-- ---------------------------------------------------------------------------------------------------------------

CREATE FUNCTION countersign.transactions_refuse_final_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    changed text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'transaction % is %, and a finished transaction is final: deleting it is not allowed',
                        OLD.number, OLD.state
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.operator_staff_id IS DISTINCT FROM OLD.operator_staff_id THEN
        RAISE EXCEPTION 'transaction %: who did a transaction never changes (operator % may not become %)',
                        OLD.number, OLD.operator_staff_id, NEW.operator_staff_id
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT pg_catalog.string_agg(n.key, ', ' ORDER BY n.key) INTO changed
      FROM pg_catalog.jsonb_each(pg_catalog.to_jsonb(NEW)) n
     WHERE n.key IN ('number', 'kind', 'counter_id', 'centre_id', 'business_date', 'started_at')
       AND n.value IS DISTINCT FROM pg_catalog.to_jsonb(OLD) -> n.key;
    IF changed IS NOT NULL THEN
        RAISE EXCEPTION 'transaction %: a transaction''s number, kind, counter, centre, day and start never '
                        'change (% may not change)', OLD.number, changed
            USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.state IN ('completed', 'compensated') THEN
        SELECT pg_catalog.string_agg(n.key, ', ' ORDER BY n.key) INTO changed
          FROM pg_catalog.jsonb_each(pg_catalog.to_jsonb(NEW)) n
         WHERE n.key <> 'updated_at' AND n.value IS DISTINCT FROM pg_catalog.to_jsonb(OLD) -> n.key;
        IF changed IS NOT NULL THEN
            RAISE EXCEPTION 'transaction % is %, and a finished transaction is final: changing its % is not '
                            'allowed', OLD.number, OLD.state, changed
                USING ERRCODE = 'check_violation',
                      HINT = 'money goes back as a refund, a receipt is voided; the transaction itself stays';
        END IF;
    END IF;
    RETURN NEW;
END
$fn$;

-- The WHEN keeps the workflow's own moves of open transactions (a step each) free of a function call.
CREATE TRIGGER transactions_final BEFORE UPDATE ON countersign.transactions
    FOR EACH ROW
    WHEN (OLD.state IN ('completed', 'compensated')
          OR NEW.operator_staff_id IS DISTINCT FROM OLD.operator_staff_id
          OR NEW.number IS DISTINCT FROM OLD.number OR NEW.kind IS DISTINCT FROM OLD.kind
          OR NEW.counter_id IS DISTINCT FROM OLD.counter_id OR NEW.centre_id IS DISTINCT FROM OLD.centre_id
          OR NEW.business_date IS DISTINCT FROM OLD.business_date
          OR NEW.started_at IS DISTINCT FROM OLD.started_at)
    EXECUTE FUNCTION countersign.transactions_refuse_final_change();
CREATE TRIGGER transactions_final_delete BEFORE DELETE ON countersign.transactions
    FOR EACH ROW WHEN (OLD.state IN ('completed', 'compensated'))
    EXECUTE FUNCTION countersign.transactions_refuse_final_change();

-- ---------------------------------------------------------------------------------------------------------------
-- Fee lines and payments: written at the fee step, then fixed
-- ---------------------------------------------------------------------------------------------------------------

-- SECURITY DEFINER: it reads (and share-locks) the transaction whatever the writer may read. The lock makes a
-- write wait for a state move of the same transaction in flight, and then see the moved state.
CREATE FUNCTION countersign.fee_records_refuse_after_fee_step() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    what     text := CASE TG_TABLE_NAME WHEN 'fee_lines' THEN 'fee lines' ELSE 'payments' END;
    tx_id    bigint;
    t_number text;
    t_state  text;
BEGIN
    FOREACH tx_id IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.transaction_id]
                                      WHEN 'DELETE' THEN ARRAY[OLD.transaction_id]
                                      ELSE ARRAY[OLD.transaction_id, NEW.transaction_id] END LOOP
        SELECT x.number, x.state INTO t_number, t_state
          FROM countersign.transactions x WHERE x.id = tx_id
           FOR SHARE;
        -- No such transaction: the foreign key refuses the row.
        IF FOUND AND t_state NOT IN ('started', 'papers_checked') THEN
            RAISE EXCEPTION 'the % of transaction % are fixed once its fee is recorded (it is %): % refused',
                            what, t_number, t_state,
                            CASE TG_OP WHEN 'INSERT' THEN 'adding one is' WHEN 'DELETE' THEN 'deleting one is'
                                       ELSE 'changing one is' END
                USING ERRCODE = 'check_violation',
                      HINT = 'money goes back as a refund (countersignctl refund), never by changing the fee';
        END IF;
    END LOOP;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$fn$;

CREATE TRIGGER fee_lines_final BEFORE INSERT OR UPDATE OR DELETE ON countersign.fee_lines
    FOR EACH ROW EXECUTE FUNCTION countersign.fee_records_refuse_after_fee_step();
CREATE TRIGGER payments_final BEFORE INSERT OR UPDATE OR DELETE ON countersign.payments
    FOR EACH ROW EXECUTE FUNCTION countersign.fee_records_refuse_after_fee_step();

-- ---------------------------------------------------------------------------------------------------------------
-- Receipts: issued with the completion, the first PDF kept, counts that only go up, never deleted
-- ---------------------------------------------------------------------------------------------------------------

-- Next to 0005's receipts_fixed (what a receipt says, a void): the record of its printing. The WHEN keeps
-- printing itself (counts up, the first PDF stored) free of a function call.
CREATE FUNCTION countersign.receipts_refuse_print_record_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    -- The document printing stored is what was handed out; reprints are made from it.
    IF OLD.pdf IS NOT NULL AND NEW.pdf IS DISTINCT FROM OLD.pdf THEN
        RAISE EXCEPTION 'receipt %-%: a receipt''s stored PDF is written once and never replaced or removed',
                        OLD.year, OLD.number
            USING ERRCODE = 'check_violation';
    END IF;
    RAISE EXCEPTION 'receipt %-%: print counts only go up and the first print''s time stays (a reprint must say '
                    'so)', OLD.year, OLD.number
        USING ERRCODE = 'check_violation';
END
$fn$;

CREATE TRIGGER receipts_final_print BEFORE UPDATE ON countersign.receipts
    FOR EACH ROW
    WHEN ((OLD.pdf IS NOT NULL AND NEW.pdf IS DISTINCT FROM OLD.pdf)
          OR NEW.printed_count < OLD.printed_count OR NEW.reprinted_count < OLD.reprinted_count
          OR (OLD.first_printed_at IS NOT NULL AND NEW.first_printed_at IS DISTINCT FROM OLD.first_printed_at))
    EXECUTE FUNCTION countersign.receipts_refuse_print_record_change();

-- A receipt is issued in the database transaction that completes its transaction: the completion set
-- finished_at to now(), the start of this very database transaction. SECURITY DEFINER as above.
CREATE FUNCTION countersign.receipts_issued_with_completion() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    t_number   text;
    t_state    text;
    t_finished timestamptz;
BEGIN
    SELECT x.number, x.state, x.finished_at INTO t_number, t_state, t_finished
      FROM countersign.transactions x WHERE x.id = NEW.transaction_id
       FOR SHARE;
    IF FOUND AND (t_state IN ('failed', 'compensated')
                  OR (t_state = 'completed' AND t_finished IS DISTINCT FROM pg_catalog.now())) THEN
        RAISE EXCEPTION 'transaction % is %: a receipt is issued only with its transaction''s completion, and '
                        'none is added afterwards', t_number, t_state
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER receipts_final_issue BEFORE INSERT ON countersign.receipts
    FOR EACH ROW EXECUTE FUNCTION countersign.receipts_issued_with_completion();

CREATE FUNCTION countersign.receipts_refuse_delete() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'receipt %-%: a receipt is never deleted (numbers are gapless; a wrong one is voided)',
                    OLD.year, OLD.number
        USING ERRCODE = 'check_violation';
END
$fn$;

CREATE TRIGGER receipts_final_delete BEFORE DELETE ON countersign.receipts
    FOR EACH ROW EXECUTE FUNCTION countersign.receipts_refuse_delete();

-- ---------------------------------------------------------------------------------------------------------------
-- Emptying a table (0008's TRUNCATE refusal, extended)
-- ---------------------------------------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION countersign.refuse_truncate_after_day_close() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    -- 0013: certificates, while one is revoked or superseded.
    IF TG_TABLE_NAME = 'certificates' THEN
        IF EXISTS (SELECT 1 FROM countersign.certificates c WHERE c.revoked_at IS NOT NULL
                                                              OR c.status IN ('revoked', 'superseded')) THEN
            RAISE EXCEPTION 'certificates may not be emptied: a revocation is final, and the CRL is read from them'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM countersign.day_closes) THEN
        RAISE EXCEPTION '% may not be emptied: it holds the records of closed business days', TG_TABLE_NAME
            USING ERRCODE = 'check_violation';
    END IF;
    -- 0013: nor, before any day is closed, while a finished transaction's records are in it.
    IF EXISTS (SELECT 1 FROM countersign.transactions t WHERE t.state IN ('completed', 'compensated')) THEN
        RAISE EXCEPTION '% may not be emptied: a finished transaction is final, and its records are in it',
                        TG_TABLE_NAME
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- The counters' UPDATE grants: only the columns the product writes (see the head of this file)
-- ---------------------------------------------------------------------------------------------------------------

DO $grants$
DECLARE
    t        record;
    writable text[];
    keep     text[];
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('transactions', ARRAY['state', 'enterprise_id', 'agent_id', 'letter_id', 'token_id', 'old_token_id',
                               'replace_reason', 'work', 'failure_reason']),
        ('certificates', ARRAY['token_id', 'transaction_id', 'status', 'revocation_reason', 'revoked_at',
                               'revoked_by_transaction_id', 'replaced_by_certificate_id']),
        ('tokens', ARRAY['state', 'enterprise_id', 'centre_id', 'so_pin_version']),
        ('invoice_requests', ARRAY['status', 'invoice_number', 'issued_at', 'exported_at']),
        ('receipt_counters', ARRAY['last_number']),
        ('enterprises', ARRAY['name', 'uscc', 'uscc_override_approval_id']),
        ('agents', ARRAY['name', 'mobile']),
        ('receipts', ARRAY['printed_count', 'reprinted_count', 'first_printed_at', 'last_printed_at', 'pdf',
                           'voided_at', 'void_reason', 'void_approval_id']),
        ('refunds', ARRAY['reviewed_by', 'reviewed_at']),
        ('ca_authority', ARRAY['crl_number']),
        ('fee_schedules', ARRAY[]::text[]),
        ('fee_rules', ARRAY[]::text[])) AS v (name, columns)
    LOOP
        -- What the counters may update now (table-level or column-level), narrowed to the list.
        SELECT pg_catalog.array_agg(a.attname::text ORDER BY a.attnum) INTO writable
          FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = pg_catalog.format('countersign.%I', t.name)::regclass AND a.attnum > 0
           AND NOT a.attisdropped
           AND pg_catalog.has_column_privilege('countersign_counter', a.attrelid, a.attnum, 'UPDATE');
        keep := ARRAY(SELECT c FROM pg_catalog.unnest(t.columns) c WHERE c = ANY (coalesce(writable, '{}')));
        -- Revoking the table's UPDATE takes its column grants with it.
        EXECUTE pg_catalog.format('REVOKE UPDATE ON countersign.%I FROM countersign_counter', t.name);
        IF pg_catalog.cardinality(keep) > 0 THEN
            EXECUTE pg_catalog.format('GRANT UPDATE (%s) ON countersign.%I TO countersign_counter',
                                      (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(c), ', ')
                                         FROM pg_catalog.unnest(keep) c),
                                      t.name);
        END IF;
    END LOOP;
END
$grants$;
