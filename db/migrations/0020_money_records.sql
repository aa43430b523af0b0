-- 0020_money_records.sql — fee lines, payments, invoice requests and receipts are written only through the
-- database's own functions, by the person behind a staff session (issue "the database is the authority").
--
-- Until now a counter's login could record a payment received by someone else, pay with fee lines of any
-- amount, take or skip receipt numbers, issue a receipt in another person's name, read each receipt's secret
-- (and so forge the verification code of an altered receipt) and mark invoices issued. Now counters hold no
-- INSERT, UPDATE or DELETE on fee_lines, payments, invoice_requests, receipts or receipt_counters, and may not
-- read receipts.secret. The calls:
--
--   tx_fee_record         the fee step: fee lines, payments, the invoice request, papers_checked → fee_recorded
--                         with the step rows of the papers and fee steps, audited "fee.recorded"
--   receipt_issue         the receipt of a transaction completing in this database transaction: content,
--                         number, secret and verification code made here, audited "receipt.issued"
--   receipt_lock          locks a receipt of this centre for printing (what SELECT … FOR UPDATE did)
--   receipt_printed       a print the printer took: counted, the first PDF kept, audited "receipt.printed" /
--                         "receipt.reprinted"
--   receipt_code_valid    whether a QR's code is the one of a stored receipt (the secret never leaves)
--   fee_refund            refund_transaction (0017) by the session's person, the pending invoice request
--                         cancelled, audited "fee.refunded"
--   receipt_void_by       receipt_void (0017) audited "receipt.voided" by the session's person
--   invoice_mark_exported / invoice_mark_issued   back office (supervisor or admin, DESIGN §1/§5)
--
-- 0013's triggers (fee records fixed after the fee step, receipts issued with the completion, print records
-- that only go up) and 0017's approvals (a waiver line's approval bound and used once) hold as before.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- ---------------------------------------------------------------------------------------------------------------
-- The fee step
-- ---------------------------------------------------------------------------------------------------------------

-- p_lines:    [{"rule_id", "description", "amount_fen", "waiver_reason", "attested_by", "approval_id"}]
-- p_payments: [{"method", "amount_fen", "reference"}]
-- p_invoice:  NULL or {"buyer_kind", "buyer_name", "buyer_taxpayer_id", "address_phone", "bank_account",
--             "delivery_email", "delivery_mobile"} (the amount is the fee's total)
-- The payments must add up to the lines' total exactly; a zero total takes no payment and no invoice. The
-- person receiving the payments and requesting the invoice is the session's, who opened the transaction.
CREATE FUNCTION countersign.tx_fee_record(p_session text, p_id bigint, p_schedule text, p_lines jsonb,
                                          p_payments jsonb, p_invoice jsonb, p_papers_detail jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter  bigint := countersign.require_acting_counter();
    v_staff    bigint := (countersign.session_staff(p_session)).id;
    t          countersign.transactions;
    v_total    bigint := 0;
    v_paid     bigint := 0;
    v_line     jsonb;
    v_pay      jsonb;
    v_id       bigint;
    v_lines    jsonb := '[]';
    v_paylist  jsonb := '[]';
    v_detail   jsonb;
BEGIN
    SELECT * INTO t FROM countersign.transactions x WHERE x.id = p_id AND x.counter_id = v_counter FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM countersign.tx_refuse_foreign(p_id, v_counter);
    END IF;
    IF EXISTS (SELECT 1 FROM countersign.fee_lines l WHERE l.transaction_id = p_id) THEN
        RAISE EXCEPTION 'the fee of transaction % is already recorded', t.number USING ERRCODE = 'check_violation';
    END IF;
    IF t.state <> 'papers_checked' OR t.operator_staff_id <> v_staff THEN
        RAISE EXCEPTION 'transaction %: its fee is recorded once, after its papers, by the person who opened it',
                        t.number
            USING ERRCODE = 'check_violation';
    END IF;
    IF jsonb_typeof(p_lines) IS DISTINCT FROM 'array' OR jsonb_array_length(p_lines) = 0 THEN
        RAISE EXCEPTION 'the fee of transaction % has no lines; even a free operation records one zero line',
                        t.number
            USING ERRCODE = 'check_violation';
    END IF;
    IF p_payments IS NULL OR jsonb_typeof(p_payments) <> 'array' THEN
        RAISE EXCEPTION 'the payments of transaction % must be a list', t.number USING ERRCODE = 'check_violation';
    END IF;
    FOR v_line IN SELECT * FROM jsonb_array_elements(p_lines) LOOP
        v_total := v_total + (v_line ->> 'amount_fen')::bigint;
    END LOOP;
    FOR v_pay IN SELECT * FROM jsonb_array_elements(p_payments) LOOP
        v_paid := v_paid + (v_pay ->> 'amount_fen')::bigint;
    END LOOP;
    IF v_total < 0 THEN
        RAISE EXCEPTION 'the fee total of transaction % is negative (% fen); a waiver can''t exceed its charge',
                        t.number, v_total
            USING ERRCODE = 'check_violation';
    END IF;
    IF v_paid <> v_total OR (v_total = 0 AND jsonb_array_length(p_payments) > 0) THEN
        RAISE EXCEPTION 'the payments of transaction % add up to % fen but the fee is % fen', t.number, v_paid,
                        v_total
            USING ERRCODE = 'check_violation';
    END IF;
    IF p_invoice IS NOT NULL AND jsonb_typeof(p_invoice) <> 'null' AND v_total = 0 THEN
        RAISE EXCEPTION 'nothing is paid for transaction %, so there is no invoice to request', t.number
            USING ERRCODE = 'check_violation';
    END IF;

    FOR v_line IN SELECT * FROM jsonb_array_elements(p_lines) LOOP
        INSERT INTO countersign.fee_lines (transaction_id, rule_id, description, amount_fen, waiver_reason,
                                           attested_by, approval_id)
        VALUES (p_id, (v_line ->> 'rule_id')::bigint, v_line ->> 'description', (v_line ->> 'amount_fen')::bigint,
                CASE WHEN (v_line ->> 'amount_fen')::bigint < 0 THEN v_line ->> 'waiver_reason' END,
                CASE WHEN (v_line ->> 'amount_fen')::bigint < 0 THEN (v_line ->> 'attested_by')::bigint END,
                CASE WHEN (v_line ->> 'amount_fen')::bigint < 0 THEN (v_line ->> 'approval_id')::bigint END);
        v_lines := v_lines || jsonb_build_array(
            jsonb_build_object('description', v_line ->> 'description',
                               'amount_fen', (v_line ->> 'amount_fen')::bigint)
            || CASE WHEN (v_line ->> 'amount_fen')::bigint < 0
                    THEN jsonb_build_object('waiver_reason', v_line ->> 'waiver_reason',
                                            'attested_by', (v_line ->> 'attested_by')::bigint,
                                            'approval_id', (v_line ->> 'approval_id')::bigint)
                    ELSE '{}'::jsonb END);
    END LOOP;
    FOR v_pay IN SELECT * FROM jsonb_array_elements(p_payments) LOOP
        INSERT INTO countersign.payments (transaction_id, centre_id, method, amount_fen, reference, received_by)
        VALUES (p_id, t.centre_id, v_pay ->> 'method', (v_pay ->> 'amount_fen')::bigint,
                nullif(btrim(coalesce(v_pay ->> 'reference', '')), ''), v_staff)
        RETURNING id INTO v_id;
        v_paylist := v_paylist || jsonb_build_array(jsonb_build_object(
            'payment_id', v_id, 'method', v_pay ->> 'method', 'amount_fen', (v_pay ->> 'amount_fen')::bigint));
    END LOOP;
    v_detail := jsonb_build_object('schedule', coalesce(p_schedule, ''), 'total_fen', v_total, 'lines', v_lines,
                                   'payments', v_paylist);
    IF p_invoice IS NOT NULL AND jsonb_typeof(p_invoice) <> 'null' THEN
        INSERT INTO countersign.invoice_requests (transaction_id, buyer_kind, buyer_name, buyer_taxpayer_id,
                                                  address_phone, bank_account, delivery_email, delivery_mobile,
                                                  amount_fen, requested_by)
        VALUES (p_id, coalesce(p_invoice ->> 'buyer_kind', 'enterprise'), p_invoice ->> 'buyer_name',
                nullif(p_invoice ->> 'buyer_taxpayer_id', ''), nullif(p_invoice ->> 'address_phone', ''),
                nullif(p_invoice ->> 'bank_account', ''), nullif(p_invoice ->> 'delivery_email', ''),
                nullif(p_invoice ->> 'delivery_mobile', ''), v_total, v_staff)
        RETURNING id INTO v_id;
        v_detail := v_detail || jsonb_build_object('invoice', jsonb_build_object(
            'request_id', v_id, 'buyer_kind', coalesce(p_invoice ->> 'buyer_kind', 'enterprise'),
            'buyer_taxpayer_id', coalesce(p_invoice ->> 'buyer_taxpayer_id', '')));
    END IF;
    PERFORM countersign.audit_append(v_counter, v_staff, 'fee.recorded', t.number, v_detail);

    UPDATE countersign.transactions x SET state = 'fee_recorded' WHERE x.id = p_id;
    INSERT INTO countersign.transaction_steps (transaction_id, step, state_before, state_after, staff_id, detail)
    VALUES (p_id, 'papers', 'started', 'papers_checked', v_staff, coalesce(p_papers_detail, '{}')),
           (p_id, 'fee', 'papers_checked', 'fee_recorded', v_staff, '{}');
END
$fn$;

-- 0016's tx_fee_recorded moved a transaction to fee_recorded without a fee; the fee step is now one call.
REVOKE EXECUTE ON FUNCTION countersign.tx_fee_recorded(text, bigint, jsonb) FROM countersign_counter;

-- ---------------------------------------------------------------------------------------------------------------
-- Refunds and voids, by the session's person
-- ---------------------------------------------------------------------------------------------------------------

-- Pays back what is left of transaction p_transaction (of this counter's centre) through 0017's
-- refund_transaction, refunded by the session's person; cancels its pending invoice request; audits
-- "fee.refunded" when anything was refunded or cancelled. Returns the refunds made.
CREATE FUNCTION countersign.fee_refund(p_session text, p_transaction bigint, p_reason text, p_approval bigint,
                                       p_by_recovery boolean)
RETURNS TABLE (refund_id bigint, payment_id bigint, method text, amount_fen bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter   bigint := countersign.require_acting_counter();
    v_staff     bigint := (countersign.session_staff(p_session)).id;
    v_number    text;
    v_refunds   jsonb := '[]';
    v_total     bigint := 0;
    v_cancelled jsonb;
    v_issued    jsonb;
    v_detail    jsonb;
BEGIN
    SELECT t.number INTO v_number FROM countersign.transactions t
     WHERE t.id = p_transaction
       AND t.centre_id = (SELECT c.centre_id FROM countersign.counters c WHERE c.id = v_counter);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'transaction % is not one of this centre''s', p_transaction
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    FOR refund_id, payment_id, method, amount_fen IN
        SELECT r.refund_id, r.payment_id, r.method, r.amount_fen
          FROM countersign.refund_transaction(p_transaction, p_reason, p_approval, p_by_recovery, v_staff) r LOOP
        v_total := v_total + amount_fen;
        v_refunds := v_refunds || jsonb_build_array(jsonb_build_object(
            'refund_id', refund_id, 'payment_id', payment_id, 'method', method, 'amount_fen', amount_fen));
        RETURN NEXT;
    END LOOP;
    WITH c AS (UPDATE countersign.invoice_requests i SET status = 'cancelled', updated_at = now()
                WHERE i.transaction_id = p_transaction AND i.status = 'pending' RETURNING i.id)
    SELECT coalesce(jsonb_agg(c.id ORDER BY c.id), '[]') INTO v_cancelled FROM c;
    IF v_refunds = '[]' AND v_cancelled = '[]' THEN
        RETURN;
    END IF;
    -- An invoice already issued can't be cancelled here: the invoicing system must issue a red-letter (credit)
    -- invoice for it, so the audit entry names it.
    SELECT jsonb_agg(i.invoice_number ORDER BY i.id) INTO v_issued
      FROM countersign.invoice_requests i WHERE i.transaction_id = p_transaction AND i.status = 'issued';
    v_detail := jsonb_build_object('refunds', v_refunds, 'total_fen', v_total, 'reason', p_reason,
                                   'by_recovery', p_by_recovery,
                                   'review_required', p_by_recovery AND p_approval IS NULL,
                                   'invoices_cancelled', v_cancelled);
    IF p_approval IS NOT NULL THEN
        v_detail := v_detail || jsonb_build_object('approval_id', p_approval);
    END IF;
    IF v_issued IS NOT NULL THEN
        v_detail := v_detail || jsonb_build_object('issued_invoices_to_credit', v_issued);
    END IF;
    PERFORM countersign.audit_append(v_counter, v_staff, 'fee.refunded', v_number, v_detail);
END
$fn$;

-- 0017's receipt_void, audited "receipt.voided" by the session's person, for a receipt of this centre.
CREATE FUNCTION countersign.receipt_void_by(p_session text, p_receipt bigint, p_reason text, p_approval bigint)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    r         countersign.receipts;
    v_code    text;
BEGIN
    SELECT * INTO r FROM countersign.receipts x
     WHERE x.id = p_receipt
       AND x.centre_id = (SELECT c.centre_id FROM countersign.counters c WHERE c.id = v_counter);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no receipt with id % at this centre', p_receipt USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM countersign.receipt_void(p_receipt, p_reason, p_approval);
    SELECT c.code INTO v_code FROM countersign.centres c WHERE c.id = r.centre_id;
    PERFORM countersign.audit_append(v_counter, v_staff, 'receipt.voided',
                                     v_code || '-' || r.year || '-' || to_char(r.number, 'FM000000'),
                                     jsonb_build_object('receipt_id', p_receipt, 'reason', p_reason,
                                                        'approval_id', p_approval));
END
$fn$;

REVOKE EXECUTE ON FUNCTION countersign.refund_transaction(bigint, text, bigint, boolean, bigint),
                           countersign.receipt_void(bigint, text, bigint)
    FROM countersign_counter;

-- ---------------------------------------------------------------------------------------------------------------
-- Receipts
-- ---------------------------------------------------------------------------------------------------------------

-- A receipt's number as printed: centre-year-number, the number at least 6 digits.
CREATE FUNCTION countersign.receipt_number_text(p_centre text, p_year integer, p_number integer) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT p_centre || '-' || p_year || '-' || lpad(p_number::text, greatest(6, length(p_number::text)), '0')
$fn$;

-- The QR's code (0005): the first 80 bits of HMAC-SHA-256(secret, "CSRC1|centre|year|number|hex(digest)"),
-- in base32 (RFC 4648 alphabet, no padding). Not granted: only the functions below see a secret.
CREATE FUNCTION countersign.receipt_code(p_secret bytea, p_centre text, p_year integer, p_number integer,
                                         p_digest bytea) RETURNS text
LANGUAGE plpgsql IMMUTABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_mac  bytea := substring(countersign.hmac(convert_to('CSRC1|' || p_centre || '|' || p_year || '|' || p_number
                                                          || '|' || encode(p_digest, 'hex'), 'UTF8'),
                                               p_secret, 'sha256') FROM 1 FOR 10);
    v_out  text := '';
    v_val  integer;
    k      integer;
BEGIN
    FOR i IN 0 .. 15 LOOP
        v_val := 0;
        FOR b IN 0 .. 4 LOOP
            k := i * 5 + b;
            v_val := v_val * 2 + get_bit(v_mac, (k / 8) * 8 + 7 - (k % 8));
        END LOOP;
        v_out := v_out || substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', v_val + 1, 1);
    END LOOP;
    RETURN v_out;
END
$fn$;
REVOKE EXECUTE ON FUNCTION countersign.receipt_code(bytea, text, integer, integer, bytea) FROM PUBLIC;

-- The receipt of transaction p_id, of this counter, completed in this database transaction (0013): what it
-- shows gathered here (DESIGN §5; the ID number masked to its first 6 and last 4 characters), its number taken
-- from receipt_counters last (the row stays locked to the commit), its secret drawn and its code computed here.
-- Issued by the session's person; audited "receipt.issued".
CREATE FUNCTION countersign.receipt_issue(p_session text, p_id bigint,
                                          OUT receipt_id bigint, OUT centre_code text, OUT year integer,
                                          OUT number integer, OUT verification_code text, OUT content text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    v_fmt     constant text := 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"';
    t         countersign.transactions;
    v_content jsonb;
    v_text    text;
    v_digest  bytea;
    v_secret  bytea;
BEGIN
    SELECT * INTO t FROM countersign.transactions x WHERE x.id = p_id AND x.counter_id = v_counter;
    IF NOT FOUND THEN
        PERFORM countersign.tx_refuse_foreign(p_id, v_counter);
    END IF;
    IF t.state <> 'completed' OR t.finished_at IS DISTINCT FROM now() THEN
        RAISE EXCEPTION 'transaction % is %: a receipt is issued only with its transaction''s completion',
                        t.number, t.state
            USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM countersign.receipts r WHERE r.transaction_id = p_id AND r.voided_at IS NULL) THEN
        RAISE EXCEPTION 'transaction % already has a receipt', t.number USING ERRCODE = 'unique_violation';
    END IF;
    year := EXTRACT(YEAR FROM t.business_date)::integer;
    SELECT ce.code INTO centre_code FROM countersign.centres ce WHERE ce.id = t.centre_id;
    SELECT jsonb_build_object(
        'centre', (SELECT jsonb_build_object('code', ce.code, 'name', ce.name)
                     FROM countersign.centres ce WHERE ce.id = t.centre_id),
        'counter', (SELECT jsonb_build_object('code', co.code, 'name', co.name)
                      FROM countersign.counters co WHERE co.id = t.counter_id),
        'operator', (SELECT s.display_name FROM countersign.staff s WHERE s.id = t.operator_staff_id),
        'operation', t.kind,
        'operation_name', CASE t.kind WHEN 'NEW' THEN '证书新办' WHEN 'RENEW' THEN '证书更新'
                                      WHEN 'UPGRADE' THEN '证书升级' WHEN 'REPLACE' THEN 'USBKEY补办'
                                      WHEN 'UNLOCK' THEN 'USBKEY解锁' ELSE '' END,
        'transaction', t.number,
        'company', (SELECT jsonb_build_object('name', e.name, 'uscc', e.uscc)
                      FROM countersign.enterprises e WHERE e.id = t.enterprise_id),
        'agent', (SELECT jsonb_build_object(
                             'name', a.name,
                             'id_masked', CASE WHEN length(a.id_number) <= 10 THEN repeat('*', length(a.id_number))
                                               ELSE left(a.id_number, 6) || repeat('*', length(a.id_number) - 10)
                                                    || right(a.id_number, 4) END)
                    FROM countersign.agents a WHERE a.id = t.agent_id),
        'key_serial', (SELECT k.serial FROM countersign.tokens k WHERE k.id = t.token_id),
        'certificate', (SELECT jsonb_build_object('serial', c.serial,
                                                  'not_before', to_char(c.not_before AT TIME ZONE 'Asia/Shanghai', v_fmt),
                                                  'not_after', to_char(c.not_after AT TIME ZONE 'Asia/Shanghai', v_fmt))
                          FROM countersign.certificates c WHERE c.transaction_id = t.id
                         ORDER BY (c.status = 'active') DESC, (c.status = 'issued') DESC, c.id DESC LIMIT 1),
        'fee_lines', coalesce((SELECT jsonb_agg(jsonb_build_object('description', l.description,
                                                                    'amount_fen', l.amount_fen)
                                                 || CASE WHEN l.waiver_reason IS NULL THEN '{}'::jsonb
                                                         ELSE jsonb_build_object('waiver_reason', l.waiver_reason)
                                                    END ORDER BY l.id)
                                 FROM countersign.fee_lines l WHERE l.transaction_id = t.id), '[]'),
        'total_fen', coalesce((SELECT sum(l.amount_fen) FROM countersign.fee_lines l WHERE l.transaction_id = t.id),
                              0),
        'payments', coalesce((SELECT jsonb_agg(jsonb_build_object('method', p.method, 'amount_fen', p.amount_fen,
                                                                   'reference', p.reference) ORDER BY p.id)
                                FROM countersign.payments p WHERE p.transaction_id = t.id), '[]'),
        'invoice', (SELECT jsonb_build_object('status', i.status, 'buyer_name', i.buyer_name)
                      FROM countersign.invoice_requests i WHERE i.transaction_id = t.id
                     ORDER BY (i.status <> 'cancelled') DESC, i.id DESC LIMIT 1),
        'issued_at', to_char(now() AT TIME ZONE 'Asia/Shanghai', v_fmt))
      INTO v_content;
    -- The number last: the receipt_counters row stays locked until commit, so the less after it, the shorter
    -- other counters wait. A rollback gives the number back.
    number := countersign.take_receipt_number(t.centre_id, year);
    v_content := v_content || jsonb_build_object('receipt_number',
                                                 countersign.receipt_number_text(centre_code, year, number));
    v_text := v_content::text;
    v_digest := sha256(convert_to(v_text, 'UTF8'));
    v_secret := countersign.gen_random_bytes(16);
    verification_code := countersign.receipt_code(v_secret, centre_code, year, number, v_digest);
    INSERT INTO countersign.receipts (transaction_id, centre_id, year, number, verification_code, counter_id,
                                      issued_by, content, content_sha256, secret)
    VALUES (p_id, t.centre_id, year, number, verification_code, v_counter, v_staff, v_content, v_digest, v_secret)
    RETURNING id INTO receipt_id;
    content := v_text;
    PERFORM countersign.audit_append(v_counter, v_staff, 'receipt.issued',
                                     countersign.receipt_number_text(centre_code, year, number),
                                     jsonb_build_object('receipt_id', receipt_id, 'transaction', t.number,
                                                        'total_fen', v_content -> 'total_fen'));
END
$fn$;

-- Whether p_code is the verification code of receipt centre-year-number as stored (NULL: no such receipt). The
-- code is checked against the digest recorded at issue; whether the content still matches it is for the caller.
CREATE FUNCTION countersign.receipt_code_valid(p_centre text, p_year integer, p_number integer, p_code text)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT countersign.receipt_code(r.secret, p_centre, p_year, p_number, r.content_sha256) = p_code
      FROM countersign.receipts r JOIN countersign.centres ce ON ce.id = r.centre_id
     WHERE ce.code = p_centre AND r.year = p_year AND r.number = p_number
$fn$;

-- Locks a receipt of this counter's centre until the caller's database transaction ends, for printing: prints
-- of one receipt take turns. Returns what printing needs.
CREATE FUNCTION countersign.receipt_lock(p_receipt bigint,
                                         OUT printed_count integer, OUT voided boolean, OUT pdf bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
BEGIN
    SELECT r.printed_count, r.voided_at IS NOT NULL, r.pdf INTO printed_count, voided, pdf
      FROM countersign.receipts r
     WHERE r.id = p_receipt
       AND r.centre_id = (SELECT c.centre_id FROM countersign.counters c WHERE c.id = v_counter)
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no receipt with id % at this centre', p_receipt USING ERRCODE = 'no_data_found';
    END IF;
END
$fn$;

-- A print the printer took, by the session's person: counted (a reprint as such), the first print's PDF kept
-- (p_pdf is ignored once one is stored), audited "receipt.printed" or "receipt.reprinted". Returns the count.
CREATE FUNCTION countersign.receipt_printed(p_session text, p_receipt bigint, p_pdf bytea) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    r         countersign.receipts;
    v_code    text;
BEGIN
    UPDATE countersign.receipts x
       SET printed_count = x.printed_count + 1,
           reprinted_count = x.reprinted_count + CASE WHEN x.printed_count > 0 THEN 1 ELSE 0 END,
           first_printed_at = coalesce(x.first_printed_at, now()), last_printed_at = now(),
           pdf = coalesce(x.pdf, p_pdf)
     WHERE x.id = p_receipt
       AND x.centre_id = (SELECT c.centre_id FROM countersign.counters c WHERE c.id = v_counter)
    RETURNING x.* INTO r;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no receipt with id % at this centre', p_receipt USING ERRCODE = 'no_data_found';
    END IF;
    SELECT c.code INTO v_code FROM countersign.centres c WHERE c.id = r.centre_id;
    PERFORM countersign.audit_append(v_counter, v_staff,
                                     CASE WHEN r.printed_count > 1 THEN 'receipt.reprinted' ELSE 'receipt.printed' END,
                                     countersign.receipt_number_text(v_code, r.year, r.number),
                                     jsonb_build_object('receipt_id', p_receipt, 'print', r.printed_count));
    RETURN r.printed_count;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Invoices: the back office (a supervisor or an admin)
-- ---------------------------------------------------------------------------------------------------------------

-- Marks the pending requests among p_ids of this counter's centre handed to the invoicing system; audits
-- "invoice.exported" with their ids. Returns the ones marked with the export's time (ISO 8601, UTC).
CREATE FUNCTION countersign.invoice_mark_exported(p_session text, p_ids bigint[])
RETURNS TABLE (request_id bigint, exported_at text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session, ARRAY['supervisor', 'admin'])).id;
    v_ids     jsonb := '[]';
BEGIN
    FOR request_id, exported_at IN
        UPDATE countersign.invoice_requests i SET exported_at = now(), updated_at = now()
          FROM countersign.transactions t
         WHERE i.id = ANY (p_ids) AND i.status = 'pending' AND t.id = i.transaction_id
           AND t.centre_id = (SELECT c.centre_id FROM countersign.counters c WHERE c.id = v_counter)
        RETURNING i.id, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') LOOP
        v_ids := v_ids || to_jsonb(request_id);
        RETURN NEXT;
    END LOOP;
    IF v_ids <> '[]' THEN
        PERFORM countersign.audit_append(v_counter, v_staff, 'invoice.exported',
                                         jsonb_array_length(v_ids) || ' requests',
                                         jsonb_build_object('request_ids', v_ids));
    END IF;
END
$fn$;

-- Marks pending request p_id of this counter's centre issued with its invoice number; audits "invoice.issued".
CREATE FUNCTION countersign.invoice_mark_issued(p_session text, p_id bigint, p_invoice_number text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session, ARRAY['supervisor', 'admin'])).id;
    v_number  text;
BEGIN
    IF coalesce(btrim(p_invoice_number), '') = '' THEN
        RAISE EXCEPTION 'invoice request %: no invoice number', p_id USING ERRCODE = 'check_violation';
    END IF;
    UPDATE countersign.invoice_requests i
       SET status = 'issued', invoice_number = p_invoice_number, issued_at = now(), updated_at = now()
      FROM countersign.transactions t
     WHERE i.id = p_id AND i.status = 'pending' AND t.id = i.transaction_id
       AND t.centre_id = (SELECT c.centre_id FROM countersign.counters c WHERE c.id = v_counter)
    RETURNING t.number INTO v_number;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'invoice request % is not a pending request of this centre; nothing was marked', p_id
            USING ERRCODE = 'check_violation';
    END IF;
    PERFORM countersign.audit_append(v_counter, v_staff, 'invoice.issued', v_number,
                                     jsonb_build_object('request_id', p_id, 'invoice_number', p_invoice_number));
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Privileges
-- ---------------------------------------------------------------------------------------------------------------

-- Revoking a table's UPDATE takes 0013's column grants with it.
REVOKE INSERT, UPDATE, DELETE ON countersign.fee_lines, countersign.payments, countersign.invoice_requests,
                                 countersign.receipts, countersign.receipt_counters
    FROM countersign_counter;
-- take_receipt_number (0001) writes receipt_counters as its caller: now only receipt_issue takes a number.
REVOKE EXECUTE ON FUNCTION countersign.take_receipt_number(bigint, integer) FROM countersign_counter;
-- Every column of receipts but its secret.
DO $grants$
BEGIN
    EXECUTE 'REVOKE SELECT ON countersign.receipts FROM countersign_counter';
    EXECUTE pg_catalog.format('GRANT SELECT (%s) ON countersign.receipts TO countersign_counter',
                              (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)
                                 FROM pg_catalog.pg_attribute a
                                WHERE a.attrelid = 'countersign.receipts'::regclass AND a.attnum > 0
                                  AND NOT a.attisdropped AND a.attname <> 'secret'));
END
$grants$;

GRANT EXECUTE ON FUNCTION
    countersign.tx_fee_record(text, bigint, text, jsonb, jsonb, jsonb, jsonb),
    countersign.fee_refund(text, bigint, text, bigint, boolean),
    countersign.receipt_void_by(text, bigint, text, bigint),
    countersign.receipt_number_text(text, integer, integer),
    countersign.receipt_issue(text, bigint),
    countersign.receipt_code_valid(text, integer, integer, text),
    countersign.receipt_lock(bigint),
    countersign.receipt_printed(text, bigint, bytea),
    countersign.invoice_mark_exported(text, bigint[]),
    countersign.invoice_mark_issued(text, bigint, text)
TO countersign_counter;
