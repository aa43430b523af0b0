-- The search migration — the counter's past (issue "the back office"): finding a transaction, its detail, a
-- receipt voided with its fee refunded, and personal data shown masked.
--
--   transaction_search(session, filter, limit, offset)
--                        the transactions the session's person may see, newest first, paged: an operator those
--                        of the acting counter, a supervisor or admin those of the acting counter's centre. The
--                        filter (jsonb) takes number, receipt ("TJ01-2026-000123"), company (a part of the
--                        name), uscc, key_serial, cert_serial, agent_id (the whole number; the rows show it
--                        masked), from / to (business dates), state, operation; an unknown key is refused.
--   transaction_detail(session, number)
--                        one such transaction as jsonb: steps (state, time, person), fee lines, payments, refunds,
--                        approvals (both people), certificates, keys, receipts with their void, the evidence
--                        scans' kind, size and digest (never the bytes); the agent's ID number and mobile masked.
--   evidence_open(session, evidence id) / agent_reveal(session, number)
--                        the bytes of a scan / the agent's whole ID number and mobile: a supervisor's (or admin's)
--                        act, audited "evidence.opened" with the person (the audit names what was opened, never
--                        the number). An operator is refused. Counters can no longer read evidence.bytes.
--   receipt_void_refund(session, receipt, reason, approval)
--                        voids a receipt (0017's receipt_void, its void approval bound to the receipt and reason,
--                        used once) and pays back what is unrefunded of its transaction's payments, each by its
--                        method, under that approval; cancels the pending invoice request; audits
--                        "receipt.voided" and "fee.refunded".
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- Newest first within the scope the search is limited to.
CREATE INDEX transactions_centre_started_idx ON countersign.transactions (centre_id, started_at DESC, id DESC);
CREATE INDEX transactions_counter_started_idx ON countersign.transactions (counter_id, started_at DESC, id DESC);
CREATE INDEX receipts_number_idx ON countersign.receipts (centre_id, number);

-- An ID number or mobile as everyone but the supervisor who opens it sees it: the first 6 and the last 4 (a
-- mobile: the first 3 and the last 4), the rest starred (DESIGN §5, as the receipt prints it).
CREATE FUNCTION countersign.mask_personal(p_text text, p_head integer DEFAULT 6) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN p_text IS NULL THEN NULL
            WHEN length(p_text) <= p_head + 4 THEN repeat('*', length(p_text))
            ELSE left(p_text, p_head) || repeat('*', length(p_text) - p_head - 4) || right(p_text, 4) END;

-- The person of p_session and the scope they may look into: the acting counter (an operator) or its centre.
CREATE FUNCTION countersign.search_scope(p_session text, OUT staff countersign.staff, OUT counter_id bigint,
                                         OUT centre_id bigint, OUT whole_centre boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    counter_id := countersign.require_acting_counter();
    staff := countersign.session_staff(p_session);
    SELECT c.centre_id INTO centre_id FROM countersign.counters c WHERE c.id = counter_id;
    whole_centre := staff.role IN ('supervisor', 'admin');
END
$fn$;

CREATE FUNCTION countersign.transaction_search(p_session text, p_filter jsonb, p_limit integer DEFAULT 50,
                                               p_offset integer DEFAULT 0)
RETURNS TABLE (id bigint, number text, kind text, state text, business_date date, started_at timestamptz,
               finished_at timestamptz, counter_code text, operator_name text, company_name text, uscc text,
               agent_name text, agent_id_masked text, key_serial text, receipt_number text,
               receipt_voided boolean, total_fen bigint, refunded_fen bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    sc        record := countersign.search_scope(p_session);
    f         jsonb := coalesce(p_filter, '{}');
    v_key     text;
    v_where   text := '';
    v_receipt text[];
    v_from    date;
    v_to      date;
BEGIN
    IF jsonb_typeof(f) <> 'object' THEN
        RAISE EXCEPTION 'the search''s filter is an object of keys and texts' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR v_key IN SELECT jsonb_object_keys(f) LOOP
        IF NOT v_key = ANY (ARRAY['number', 'receipt', 'company', 'uscc', 'key_serial', 'cert_serial', 'agent_id',
                                  'from', 'to', 'state', 'operation']) THEN
            RAISE EXCEPTION 'a transaction is not searched by "%"', v_key USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF jsonb_typeof(f -> v_key) <> 'string' OR btrim(f ->> v_key) = '' THEN
            RAISE EXCEPTION 'the search''s "%" is empty or not text', v_key USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END LOOP;
    IF p_limit IS NULL OR p_limit < 1 OR p_limit > 500 THEN
        RAISE EXCEPTION 'a search returns 1 to 500 rows a page, not %', p_limit
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_offset IS NULL OR p_offset < 0 THEN
        RAISE EXCEPTION 'a search''s offset is 0 or more' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF f ? 'receipt' THEN
        v_receipt := regexp_match(btrim(f ->> 'receipt'), '^(.+)-([0-9]{4})-([0-9]{1,9})$');
        IF v_receipt IS NULL THEN
            RAISE EXCEPTION 'a receipt number reads CENTRE-YEAR-NUMBER, e.g. TJ01-2026-000123, not "%"',
                            f ->> 'receipt'
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;
    BEGIN
        v_from := (f ->> 'from')::date;
        v_to := (f ->> 'to')::date;
    EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
        RAISE EXCEPTION 'a day in a search reads YYYY-MM-DD' USING ERRCODE = 'invalid_parameter_value';
    END;
    IF v_from > v_to THEN
        RAISE EXCEPTION 'the search''s day range ends (%) before it starts (%)', v_to, v_from
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- Each key adds its condition on its own parameter; the values are never part of the statement's text.
    IF f ? 'number' THEN v_where := v_where || ' AND t.number = $3'; END IF;
    IF f ? 'receipt' THEN
        v_where := v_where || ' AND t.id IN (SELECT r.transaction_id FROM countersign.receipts r'
                           || ' JOIN countersign.centres ce ON ce.id = r.centre_id'
                           || ' WHERE ce.code = $4[1] AND r.year = $4[2]::integer AND r.number = $4[3]::integer)';
    END IF;
    IF f ? 'company' THEN
        v_where := v_where || ' AND t.enterprise_id IN (SELECT e.id FROM countersign.enterprises e'
                           || ' WHERE strpos(lower(e.name), lower(btrim($5))) > 0)';
    END IF;
    IF f ? 'uscc' THEN
        v_where := v_where || ' AND t.enterprise_id = (SELECT e.id FROM countersign.enterprises e'
                           || ' WHERE e.uscc = upper(btrim($6)))';
    END IF;
    IF f ? 'key_serial' THEN
        v_where := v_where || ' AND (t.token_id = (SELECT k.id FROM countersign.tokens k WHERE k.serial = btrim($7))'
                           || ' OR t.old_token_id = (SELECT k.id FROM countersign.tokens k'
                           || ' WHERE k.serial = btrim($7)))';
    END IF;
    IF f ? 'cert_serial' THEN
        v_where := v_where || ' AND t.id IN (SELECT c.transaction_id FROM countersign.certificates c'
                           || ' WHERE lower(c.serial) = lower(btrim($8)) AND c.transaction_id IS NOT NULL'
                           || ' UNION SELECT c.revoked_by_transaction_id FROM countersign.certificates c'
                           || ' WHERE lower(c.serial) = lower(btrim($8)) AND c.revoked_by_transaction_id IS NOT NULL)';
    END IF;
    IF f ? 'agent_id' THEN
        v_where := v_where || ' AND t.agent_id = (SELECT a.id FROM countersign.agents a'
                           || ' WHERE a.id_number = upper(btrim($9)))';
    END IF;
    IF v_from IS NOT NULL THEN v_where := v_where || ' AND t.business_date >= $10'; END IF;
    IF v_to IS NOT NULL THEN v_where := v_where || ' AND t.business_date <= $11'; END IF;
    IF f ? 'state' THEN v_where := v_where || ' AND t.state = lower(btrim($12))'; END IF;
    IF f ? 'operation' THEN v_where := v_where || ' AND t.kind = upper(btrim($13))'; END IF;

    RETURN QUERY EXECUTE
        'SELECT t.id, t.number, t.kind, t.state, t.business_date, t.started_at, t.finished_at, c.code,'
        || ' s.display_name, e.name, e.uscc, a.name, countersign.mask_personal(a.id_number), k.serial,'
        || ' (SELECT ce.code || ''-'' || r.year || ''-'' || to_char(r.number, ''FM000000'')'
        || '    FROM countersign.receipts r JOIN countersign.centres ce ON ce.id = r.centre_id'
        || '   WHERE r.transaction_id = t.id ORDER BY r.voided_at IS NULL DESC, r.id DESC LIMIT 1),'
        || ' (SELECT bool_and(r.voided_at IS NOT NULL) FROM countersign.receipts r WHERE r.transaction_id = t.id),'
        || ' coalesce((SELECT sum(l.amount_fen) FROM countersign.fee_lines l WHERE l.transaction_id = t.id), 0)::bigint,'
        || ' coalesce((SELECT sum(f.amount_fen) FROM countersign.refunds f JOIN countersign.payments p'
        || '   ON p.id = f.payment_id WHERE p.transaction_id = t.id), 0)::bigint'
        || ' FROM countersign.transactions t'
        || ' JOIN countersign.counters c ON c.id = t.counter_id'
        || ' JOIN countersign.staff s ON s.id = t.operator_staff_id'
        || ' LEFT JOIN countersign.enterprises e ON e.id = t.enterprise_id'
        || ' LEFT JOIN countersign.agents a ON a.id = t.agent_id'
        || ' LEFT JOIN countersign.tokens k ON k.id = t.token_id'
        || CASE WHEN sc.whole_centre THEN ' WHERE t.centre_id = $1' ELSE ' WHERE t.counter_id = $2' END
        || v_where
        || ' ORDER BY t.started_at DESC, t.id DESC LIMIT $14 OFFSET $15'
        USING sc.centre_id, sc.counter_id, btrim(f ->> 'number'), v_receipt, f ->> 'company', f ->> 'uscc',
              f ->> 'key_serial', f ->> 'cert_serial', f ->> 'agent_id', v_from, v_to, f ->> 'state',
              f ->> 'operation', p_limit, p_offset;
END
$fn$;

-- A time as the detail shows it: the centre's zone (China Standard Time), to the second.
CREATE FUNCTION countersign.search_time(p_at timestamptz) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN to_char(p_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS');

-- The transaction p_number if the session's person may see it (raises otherwise, the same words whether it
-- does not exist or is another counter's).
CREATE FUNCTION countersign.search_visible(p_session text, p_number text, OUT tx countersign.transactions,
                                           OUT staff countersign.staff, OUT counter_id bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    sc record := countersign.search_scope(p_session);
BEGIN
    staff := sc.staff;
    counter_id := sc.counter_id;
    SELECT * INTO tx FROM countersign.transactions t
     WHERE t.number = btrim(p_number)
       AND CASE WHEN sc.whole_centre THEN t.centre_id = sc.centre_id ELSE t.counter_id = sc.counter_id END;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no transaction % that % may see (%)', btrim(p_number), (sc.staff).username,
                        CASE WHEN sc.whole_centre THEN 'this centre''s' ELSE 'this counter''s' END
            USING ERRCODE = 'no_data_found';
    END IF;
END
$fn$;

CREATE FUNCTION countersign.transaction_detail(p_session text, p_number text) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v record := countersign.search_visible(p_session, p_number);
    t countersign.transactions := v.tx;
BEGIN
    RETURN jsonb_build_object(
        'id', t.id, 'number', t.number, 'operation', t.kind, 'state', t.state,
        'business_date', t.business_date, 'started_at', countersign.search_time(t.started_at),
        'finished_at', countersign.search_time(t.finished_at), 'failure_reason', t.failure_reason,
        'replace_reason', t.replace_reason,
        'may_open_personal', (v.staff).role IN ('supervisor', 'admin'),
        'counter', (SELECT jsonb_build_object('code', c.code, 'name', c.name, 'centre', ce.code)
                      FROM countersign.counters c JOIN countersign.centres ce ON ce.id = c.centre_id
                     WHERE c.id = t.counter_id),
        'operator', (SELECT jsonb_build_object('username', s.username, 'name', s.display_name)
                       FROM countersign.staff s WHERE s.id = t.operator_staff_id),
        'company', (SELECT jsonb_build_object('name', e.name, 'uscc', e.uscc)
                      FROM countersign.enterprises e WHERE e.id = t.enterprise_id),
        'agent', (SELECT jsonb_build_object('name', a.name, 'id_masked', countersign.mask_personal(a.id_number),
                                            'mobile_masked', countersign.mask_personal(a.mobile, 3))
                    FROM countersign.agents a WHERE a.id = t.agent_id),
        'steps', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                             'step', x.step, 'state_before', x.state_before, 'state_after', x.state_after,
                             'outcome', x.outcome, 'at', countersign.search_time(x.at),
                             'by', s.display_name) ORDER BY x.at, x.id), '[]')
                    FROM countersign.transaction_steps x LEFT JOIN countersign.staff s ON s.id = x.staff_id
                   WHERE x.transaction_id = t.id),
        'fee_lines', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                 'description', l.description, 'amount_fen', l.amount_fen,
                                 'waiver_reason', l.waiver_reason, 'attested_by', s.display_name)
                                 ORDER BY l.id), '[]')
                        FROM countersign.fee_lines l LEFT JOIN countersign.staff s ON s.id = l.attested_by
                       WHERE l.transaction_id = t.id),
        'total_fen', (SELECT coalesce(sum(l.amount_fen), 0) FROM countersign.fee_lines l
                       WHERE l.transaction_id = t.id),
        'payments', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                'id', p.id, 'method', p.method, 'amount_fen', p.amount_fen,
                                'reference', p.reference, 'received_by', s.display_name,
                                'at', countersign.search_time(p.at)) ORDER BY p.id), '[]')
                       FROM countersign.payments p JOIN countersign.staff s ON s.id = p.received_by
                      WHERE p.transaction_id = t.id),
        'refunds', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                               'id', f.id, 'payment_id', f.payment_id, 'method', p.method,
                               'amount_fen', f.amount_fen, 'reason', f.reason, 'by', s.display_name,
                               'approval_id', f.approval_id, 'by_recovery', f.by_recovery,
                               'at', countersign.search_time(f.at)) ORDER BY f.id), '[]')
                      FROM countersign.refunds f JOIN countersign.payments p ON p.id = f.payment_id
                      JOIN countersign.staff s ON s.id = f.refunded_by
                     WHERE p.transaction_id = t.id),
        'refunded_fen', (SELECT coalesce(sum(f.amount_fen), 0) FROM countersign.refunds f
                           JOIN countersign.payments p ON p.id = f.payment_id WHERE p.transaction_id = t.id),
        'approvals', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                 'id', a.id, 'kind', a.kind, 'reason', a.reason,
                                 'requested_by', rq.display_name, 'approved_by', ap.display_name,
                                 'at', countersign.search_time(a.at), 'used', a.consumed_at IS NOT NULL)
                                 ORDER BY a.id), '[]')
                        FROM countersign.approvals a JOIN countersign.staff rq ON rq.id = a.requested_by
                        JOIN countersign.staff ap ON ap.id = a.approved_by
                       WHERE a.transaction_id = t.id),
        'certificates', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                    'serial', c.serial, 'subject', c.subject,
                                    'not_before', countersign.search_time(c.not_before),
                                    'not_after', countersign.search_time(c.not_after), 'status', c.status,
                                    'revoked_at', countersign.search_time(c.revoked_at),
                                    'role', CASE WHEN c.transaction_id = t.id THEN 'issued' ELSE 'revoked' END)
                                    ORDER BY c.id), '[]')
                           FROM countersign.certificates c
                          WHERE c.transaction_id = t.id OR c.revoked_by_transaction_id = t.id),
        'key', (SELECT jsonb_build_object('serial', k.serial, 'model', k.model, 'state', k.state)
                  FROM countersign.tokens k WHERE k.id = t.token_id),
        'old_key', (SELECT jsonb_build_object('serial', k.serial, 'model', k.model, 'state', k.state)
                      FROM countersign.tokens k WHERE k.id = t.old_token_id),
        'receipts', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                'id', r.id,
                                'number', ce.code || '-' || r.year || '-' || to_char(r.number, 'FM000000'),
                                'voided', r.voided_at IS NOT NULL, 'void_reason', r.void_reason,
                                'voided_at', countersign.search_time(r.voided_at),
                                'printed', r.printed_count, 'reprinted', r.reprinted_count,
                                'issued_at', countersign.search_time(r.created_at)) ORDER BY r.id), '[]')
                       FROM countersign.receipts r JOIN countersign.centres ce ON ce.id = r.centre_id
                      WHERE r.transaction_id = t.id),
        'evidence', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                'id', x.id, 'kind', x.kind, 'mime_type', x.mime_type,
                                'size', octet_length(x.bytes), 'sha256', encode(x.sha256, 'hex'),
                                'captured_by', s.display_name, 'captured_at', countersign.search_time(x.captured_at))
                                ORDER BY x.id), '[]')
                       FROM countersign.evidence x JOIN countersign.staff s ON s.id = x.captured_by
                      WHERE x.transaction_id = t.id));
END
$fn$;

-- A supervisor's (or admin's) person of p_session, or refused, naming what they wanted to open.
CREATE FUNCTION countersign.search_opener(p_session text, p_what text) RETURNS countersign.staff
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    s countersign.staff := countersign.session_staff(p_session);
BEGIN
    IF s.role NOT IN ('supervisor', 'admin') THEN
        RAISE EXCEPTION 'opening % is a supervisor''s act: % is an operator and sees it masked', p_what, s.username
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN s;
END
$fn$;

CREATE FUNCTION countersign.evidence_open(p_session text, p_evidence bigint)
RETURNS TABLE (kind text, mime_type text, bytes bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    s   countersign.staff := countersign.search_opener(p_session, 'an evidence scan');
    x   countersign.evidence;
    v   record;
BEGIN
    SELECT * INTO x FROM countersign.evidence e WHERE e.id = p_evidence;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no evidence scan %', p_evidence USING ERRCODE = 'no_data_found';
    END IF;
    v := countersign.search_visible(p_session, (SELECT t.number FROM countersign.transactions t
                                                WHERE t.id = x.transaction_id));
    PERFORM countersign.audit_append(v.counter_id, s.id, 'evidence.opened', (v.tx).number,
                                     jsonb_build_object('evidence_id', x.id, 'kind', x.kind,
                                                        'sha256', encode(x.sha256, 'hex')));
    kind := x.kind;
    mime_type := x.mime_type;
    bytes := x.bytes;
    RETURN NEXT;
END
$fn$;

CREATE FUNCTION countersign.agent_reveal(p_session text, p_number text)
RETURNS TABLE (name text, id_number text, mobile text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    s countersign.staff := countersign.search_opener(p_session, 'the agent''s ID number and mobile');
    v record := countersign.search_visible(p_session, p_number);
    a countersign.agents;
BEGIN
    SELECT * INTO a FROM countersign.agents g WHERE g.id = (v.tx).agent_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'transaction % records no agent', (v.tx).number USING ERRCODE = 'no_data_found';
    END IF;
    -- The audit names what was opened and a digest of it, never the number.
    PERFORM countersign.audit_append(v.counter_id, s.id, 'evidence.opened', (v.tx).number,
                                     jsonb_build_object('agent', 'id_number and mobile',
                                                        'sha256', encode(sha256(convert_to(a.id_number, 'UTF8')),
                                                                         'hex')));
    name := a.name;
    id_number := a.id_number;
    mobile := a.mobile;
    RETURN NEXT;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Voiding a receipt pays its fee back
-- ---------------------------------------------------------------------------------------------------------------

CREATE FUNCTION countersign.receipt_void_refund(p_session text, p_receipt bigint, p_reason text, p_approval bigint)
RETURNS TABLE (refund_id bigint, payment_id bigint, method text, amount_fen bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter   bigint := countersign.require_acting_counter();
    v_staff     bigint := (countersign.session_staff(p_session)).id;
    v_centre    bigint;
    r           countersign.receipts;
    t           countersign.transactions;
    v_code      text;
    v_refunds   jsonb := '[]';
    v_total     bigint := 0;
    v_cancelled jsonb;
    v_issued    jsonb;
    p           record;
BEGIN
    SELECT c.centre_id INTO v_centre FROM countersign.counters c WHERE c.id = v_counter;
    SELECT * INTO r FROM countersign.receipts x WHERE x.id = p_receipt AND x.centre_id = v_centre;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no receipt with id % at this centre', p_receipt USING ERRCODE = 'no_data_found';
    END IF;
    SELECT * INTO t FROM countersign.transactions x WHERE x.id = r.transaction_id FOR UPDATE;
    -- The void approval (bound to the receipt's number and the reason) is used here, once.
    PERFORM countersign.receipt_void(p_receipt, p_reason, p_approval);
    SELECT c.code INTO v_code FROM countersign.centres c WHERE c.id = r.centre_id;
    PERFORM pg_advisory_xact_lock(1129534022, y.id::integer)
       FROM countersign.payments y WHERE y.transaction_id = t.id ORDER BY y.id;
    FOR p IN SELECT y.id, y.method,
                    y.amount_fen - coalesce((SELECT sum(f.amount_fen) FROM countersign.refunds f
                                             WHERE f.payment_id = y.id), 0) AS left_fen
               FROM countersign.payments y WHERE y.transaction_id = t.id ORDER BY y.id LOOP
        CONTINUE WHEN p.left_fen <= 0;
        INSERT INTO countersign.refunds (payment_id, centre_id, amount_fen, reason, approval_id, refunded_by,
                                         by_recovery)
        VALUES (p.id, v_centre, p.left_fen, p_reason, p_approval, v_staff, false)
        RETURNING id INTO refund_id;
        payment_id := p.id;
        method := p.method;
        amount_fen := p.left_fen;
        v_total := v_total + p.left_fen;
        v_refunds := v_refunds || jsonb_build_array(jsonb_build_object(
            'refund_id', refund_id, 'payment_id', payment_id, 'method', method, 'amount_fen', amount_fen));
        RETURN NEXT;
    END LOOP;
    WITH c AS (UPDATE countersign.invoice_requests i SET status = 'cancelled', updated_at = now()
                WHERE i.transaction_id = t.id AND i.status = 'pending' RETURNING i.id)
    SELECT coalesce(jsonb_agg(c.id ORDER BY c.id), '[]') INTO v_cancelled FROM c;
    SELECT jsonb_agg(i.invoice_number ORDER BY i.id) INTO v_issued
      FROM countersign.invoice_requests i WHERE i.transaction_id = t.id AND i.status = 'issued';
    PERFORM countersign.audit_append(v_counter, v_staff, 'receipt.voided',
                                     v_code || '-' || r.year || '-' || to_char(r.number, 'FM000000'),
                                     jsonb_build_object('receipt_id', p_receipt, 'reason', p_reason,
                                                        'approval_id', p_approval, 'transaction', t.number,
                                                        'refunded_fen', v_total));
    IF v_refunds <> '[]' OR v_cancelled <> '[]' THEN
        PERFORM countersign.audit_append(
            v_counter, v_staff, 'fee.refunded', t.number,
            jsonb_build_object('refunds', v_refunds, 'total_fen', v_total, 'reason', p_reason,
                               'by_recovery', false, 'review_required', false, 'invoices_cancelled', v_cancelled,
                               'approval_id', p_approval, 'by_void', true)
            || CASE WHEN v_issued IS NULL THEN '{}'::jsonb
                    ELSE jsonb_build_object('issued_invoices_to_credit', v_issued) END);
    END IF;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Privileges
-- ---------------------------------------------------------------------------------------------------------------

-- A scan's bytes are read through evidence_open only: every other column stays readable.
DO $grants$
BEGIN
    EXECUTE 'REVOKE SELECT ON countersign.evidence FROM countersign_counter';
    EXECUTE pg_catalog.format('GRANT SELECT (%s) ON countersign.evidence TO countersign_counter',
                              (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)
                                 FROM pg_catalog.pg_attribute a
                                WHERE a.attrelid = 'countersign.evidence'::regclass AND a.attnum > 0
                                  AND NOT a.attisdropped AND a.attname <> 'bytes'));
END
$grants$;

REVOKE EXECUTE ON FUNCTION countersign.search_scope(text), countersign.search_visible(text, text),
                           countersign.search_opener(text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    countersign.mask_personal(text, integer),
    countersign.search_time(timestamptz),
    countersign.transaction_search(text, jsonb, integer, integer),
    countersign.transaction_detail(text, text),
    countersign.evidence_open(text, bigint),
    countersign.agent_reveal(text, text),
    countersign.receipt_void_refund(text, bigint, text, bigint)
    TO countersign_counter;
