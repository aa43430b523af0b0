-- 0016_workflow_api.sql — a transaction is recorded only through the database's own functions, by the person
-- behind a staff session (issue "the database is the authority").
--
-- Until now a counter's login could insert transactions under any operator's name, move any transaction of any
-- counter along the transition table by hand, write step rows and evidence for anyone, and add fee schedules.
-- Now counters hold no INSERT or UPDATE on transactions and no INSERT on transaction_steps, evidence,
-- fee_schedules or fee_rules. A workflow records each durable step with one call to a function below:
--
--   tx_open            numbered (per counter and business day, under the counter's advisory lock), started
--   tx_add_evidence    a scan kept as evidence, captured by the session's person
--   tx_papers_checked  the parties the papers established, papers_checked, audited "transaction.started"
--   tx_fee_recorded    fee_recorded and the step rows of the papers and fee steps
--   tx_advance         one move of the transition table with its step row and audit entry
--   tx_step_failed     a step that could not be done: its step row and audit entry, the state unchanged
--   tx_old_revoked     REPLACE: the old key's certificates are revoked (work.old_revoked)
--   tx_lock            locks a transaction of this counter (what SELECT … FOR UPDATE did)
--
-- Each takes the token of the acting staff session (0010): the person in the transaction, its step rows, its
-- evidence and its audit entries is the session's, never a staff id the client sends, and the session must be
-- open at this counter. Each works only on a transaction of the acting counter (acting_counter(), 0009): a
-- counter can't touch another counter's work. The transition table (transactions_check_state, 0001) and the
-- finished states (0013) hold as before, now for calls too.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- The transaction p_id of the acting counter, or a refusal that names it. Not for counters to call directly.
CREATE FUNCTION countersign.tx_refuse_foreign(p_id bigint, p_counter bigint) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM countersign.transactions t WHERE t.id = p_id AND t.counter_id = p_counter) THEN
        RAISE EXCEPTION 'transaction % is not one of this counter''s', p_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$fn$;

CREATE FUNCTION countersign.tx_open(p_session text, p_kind text, p_work jsonb,
                                    OUT tx_id bigint, OUT tx_number text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    v_centre  bigint;
    v_prefix  text;
    v_seq     bigint;
BEGIN
    -- The counter's lock ('CSTN', counter id) makes numbers per counter and day unique; the count below is a
    -- statement of its own, so its snapshot is taken after the lock.
    PERFORM pg_catalog.pg_advisory_xact_lock(1129537614, v_counter::integer);
    SELECT co.centre_id, ce.code || '-' || pg_catalog.to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD')
                         || '-' || co.code
      INTO v_centre, v_prefix
      FROM countersign.counters co JOIN countersign.centres ce ON ce.id = co.centre_id
     WHERE co.id = v_counter;
    SELECT pg_catalog.count(*) + 1 INTO v_seq
      FROM countersign.transactions t
     WHERE t.counter_id = v_counter AND t.business_date = (now() AT TIME ZONE 'Asia/Shanghai')::date;
    tx_number := v_prefix || '-' || pg_catalog.lpad(v_seq::text, greatest(4, pg_catalog.length(v_seq::text)), '0');
    INSERT INTO countersign.transactions (number, kind, operator_staff_id, counter_id, centre_id, work)
    VALUES (tx_number, p_kind, v_staff, v_counter, v_centre, coalesce(p_work, '{}'))
    RETURNING id INTO tx_id;
END
$fn$;

CREATE FUNCTION countersign.tx_add_evidence(p_session text, p_id bigint, p_letter bigint, p_kind text,
                                            p_mime_type text, p_bytes bytea) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
BEGIN
    PERFORM countersign.tx_refuse_foreign(p_id, v_counter);
    INSERT INTO countersign.evidence (transaction_id, letter_id, kind, mime_type, bytes, captured_by)
    VALUES (p_id, p_letter, p_kind, p_mime_type, p_bytes, v_staff);
END
$fn$;

-- started → papers_checked with the parties; audited "transaction.started" (p_audit_detail: the kind and the
-- checks). Only the person who opened the transaction records its papers.
CREATE FUNCTION countersign.tx_papers_checked(p_session text, p_id bigint, p_enterprise bigint, p_agent bigint,
                                              p_letter bigint, p_token bigint, p_old_token bigint,
                                              p_replace_reason text, p_audit_detail jsonb) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    v_number  text;
BEGIN
    UPDATE countersign.transactions t
       SET state = 'papers_checked', enterprise_id = p_enterprise, agent_id = p_agent, letter_id = p_letter,
           token_id = p_token, old_token_id = p_old_token, replace_reason = nullif(p_replace_reason, '')
     WHERE t.id = p_id AND t.counter_id = v_counter AND t.state = 'started' AND t.operator_staff_id = v_staff
    RETURNING t.number INTO v_number;
    IF NOT FOUND THEN
        PERFORM countersign.tx_refuse_foreign(p_id, v_counter);
        RAISE EXCEPTION 'transaction %: its papers are recorded once, by the person who opened it', p_id
            USING ERRCODE = 'check_violation';
    END IF;
    PERFORM countersign.audit_append(v_counter, v_staff, 'transaction.started', v_number,
                                     coalesce(p_audit_detail, '{}'));
END
$fn$;

-- papers_checked → fee_recorded and the step rows of both moves (p_papers_detail: the papers step's detail).
CREATE FUNCTION countersign.tx_fee_recorded(p_session text, p_id bigint, p_papers_detail jsonb) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    v_rows    bigint;
BEGIN
    WITH u AS (UPDATE countersign.transactions t SET state = 'fee_recorded'
                WHERE t.id = p_id AND t.counter_id = v_counter AND t.state = 'papers_checked'
                  AND t.operator_staff_id = v_staff
            RETURNING t.id)
    INSERT INTO countersign.transaction_steps (transaction_id, step, state_before, state_after, staff_id, detail)
    SELECT u.id, v.step, v.before, v.after, v_staff, v.detail
      FROM u, (VALUES ('papers', 'started', 'papers_checked', coalesce(p_papers_detail, '{}')),
                      ('fee', 'papers_checked', 'fee_recorded', '{}'::jsonb)) AS v (step, before, after, detail);
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    IF v_rows = 0 THEN
        PERFORM countersign.tx_refuse_foreign(p_id, v_counter);
        RAISE EXCEPTION 'transaction %: its fee is recorded once, after its papers, by the person who opened it',
                        p_id
            USING ERRCODE = 'check_violation';
    END IF;
END
$fn$;

-- One step: p_from → p_to (p_patch merged into work; '{}' keeps it), the failure reason ('' keeps it), the key
-- (NULL keeps it), its step row and its audit entry (subject: the transaction's number). False when the
-- transaction is no longer in p_from: nothing is written.
CREATE FUNCTION countersign.tx_advance(p_session text, p_id bigint, p_from text, p_to text, p_patch jsonb,
                                       p_failure_reason text, p_token bigint, p_step text, p_step_detail jsonb,
                                       p_event text, p_audit_detail jsonb) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    v_number  text;
BEGIN
    UPDATE countersign.transactions t
       SET state = p_to,
           work = CASE WHEN p_patch = '{}'::jsonb THEN t.work ELSE t.work || p_patch END,
           failure_reason = CASE WHEN coalesce(p_failure_reason, '') = '' THEN t.failure_reason
                                 ELSE p_failure_reason END,
           token_id = coalesce(p_token, t.token_id)
     WHERE t.id = p_id AND t.counter_id = v_counter AND t.state = p_from
    RETURNING t.number INTO v_number;
    IF NOT FOUND THEN
        PERFORM countersign.tx_refuse_foreign(p_id, v_counter);
        RETURN false;
    END IF;
    INSERT INTO countersign.transaction_steps (transaction_id, step, state_before, state_after, staff_id, detail)
    VALUES (p_id, p_step, p_from, p_to, v_staff, coalesce(p_step_detail, '{}'));
    PERFORM countersign.audit_append(v_counter, v_staff, p_event, v_number, coalesce(p_audit_detail, '{}'));
    RETURN true;
END
$fn$;

-- A step that could not be done (p_interrupted: the key was pulled): its step row and its audit entry
-- ("step.failed" / "step.interrupted"), the state unchanged.
CREATE FUNCTION countersign.tx_step_failed(p_session text, p_id bigint, p_step text, p_interrupted boolean,
                                           p_detail jsonb) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    t         countersign.transactions;
BEGIN
    SELECT * INTO t FROM countersign.transactions x WHERE x.id = p_id AND x.counter_id = v_counter;
    IF NOT FOUND THEN
        PERFORM countersign.tx_refuse_foreign(p_id, v_counter);
    END IF;
    INSERT INTO countersign.transaction_steps (transaction_id, step, state_before, state_after, outcome, staff_id,
                                               detail)
    VALUES (p_id, p_step, t.state, t.state, CASE WHEN p_interrupted THEN 'interrupted' ELSE 'failed' END, v_staff,
            coalesce(p_detail, '{}'));
    PERFORM countersign.audit_append(v_counter, v_staff,
                                     CASE WHEN p_interrupted THEN 'step.interrupted' ELSE 'step.failed' END,
                                     t.number, coalesce(p_detail, '{}'));
END
$fn$;

-- REPLACE: the old key's certificates are revoked; a resumed replacement doesn't revoke them again.
CREATE FUNCTION countersign.tx_old_revoked(p_session text, p_id bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
BEGIN
    PERFORM countersign.session_staff(p_session);
    UPDATE countersign.transactions t SET work = t.work || '{"old_revoked": true}'::jsonb
     WHERE t.id = p_id AND t.counter_id = v_counter AND t.kind = 'REPLACE';
    IF NOT FOUND THEN
        PERFORM countersign.tx_refuse_foreign(p_id, v_counter);
        RAISE EXCEPTION 'transaction % is not a replacement', p_id USING ERRCODE = 'check_violation';
    END IF;
END
$fn$;

-- Locks a transaction of this counter until the caller's database transaction ends (counters may no longer
-- SELECT … FOR UPDATE it: that takes UPDATE rights). The owner's login (set-up, tests) may lock any. Returns
-- its state.
CREATE FUNCTION countersign.tx_lock(p_id bigint) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.acting_counter();
    v_state   text;
BEGIN
    IF v_counter IS NULL AND pg_catalog.pg_has_role(session_user, 'countersign_owner', 'MEMBER') THEN
        SELECT t.state INTO v_state FROM countersign.transactions t WHERE t.id = p_id FOR UPDATE;
        RETURN v_state;
    END IF;
    v_counter := countersign.require_acting_counter();
    SELECT t.state INTO v_state FROM countersign.transactions t
     WHERE t.id = p_id AND t.counter_id = v_counter FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM countersign.tx_refuse_foreign(p_id, v_counter);
    END IF;
    RETURN v_state;
END
$fn$;

-- session_staff (0010) is now called by every step of every transaction: it reads the session without locking its
-- row, and touches last_used_at only when the last touch is a minute old (the idle limit is counted in minutes, so
-- a session may end up to a minute early, never late), which spares each step a row write.
CREATE OR REPLACE FUNCTION countersign.session_staff(p_token text, p_roles text[] DEFAULT NULL)
RETURNS countersign.staff
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_policy  countersign.auth_policy;
    ss        countersign.staff_sessions;
    s         countersign.staff;
BEGIN
    SELECT * INTO v_policy FROM countersign.auth_policy;
    SELECT * INTO ss FROM countersign.staff_sessions x
     WHERE x.token_hash = sha256(decode(coalesce(p_token, ''), 'hex'));
    IF NOT FOUND OR ss.counter_id <> v_counter THEN
        RAISE EXCEPTION 'no such staff session at this counter: log in again'
            USING ERRCODE = 'invalid_authorization_specification';
    END IF;
    IF ss.ended_at IS NOT NULL OR ss.expires_at <= now()
       OR (ss.purpose <> 'approval'
           AND ss.last_used_at + make_interval(mins => v_policy.session_idle_minutes) <= now()) THEN
        RAISE EXCEPTION 'the staff session has ended: log in again'
            USING ERRCODE = 'invalid_authorization_specification';
    END IF;
    SELECT * INTO s FROM countersign.staff st WHERE st.id = ss.staff_id;
    IF NOT s.active THEN
        UPDATE countersign.staff_sessions x SET ended_at = now(), end_reason = 'disabled' WHERE x.id = ss.id;
        RAISE EXCEPTION 'the account % is disabled', s.username USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_roles IS NOT NULL AND NOT s.role = ANY (p_roles) THEN
        RAISE EXCEPTION '% is % and this needs %', s.username, s.role, array_to_string(p_roles, ' or ')
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF ss.last_used_at <= now() - interval '1 minute' THEN
        UPDATE countersign.staff_sessions x SET last_used_at = now() WHERE x.id = ss.id;
    END IF;
    RETURN s;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Privileges
-- ---------------------------------------------------------------------------------------------------------------

-- Revoking the table's UPDATE takes 0013's column grants with it.
REVOKE INSERT, UPDATE, DELETE ON countersign.transactions FROM countersign_counter;
REVOKE INSERT, UPDATE, DELETE ON countersign.transaction_steps, countersign.evidence FROM countersign_counter;
-- Fee schedules are made by migrations and the owner (issue "the back office" adds an admin's versions).
REVOKE INSERT, UPDATE, DELETE ON countersign.fee_schedules, countersign.fee_rules FROM countersign_counter;

GRANT EXECUTE ON FUNCTION
    countersign.tx_open(text, text, jsonb),
    countersign.tx_add_evidence(text, bigint, bigint, text, text, bytea),
    countersign.tx_papers_checked(text, bigint, bigint, bigint, bigint, bigint, bigint, text, jsonb),
    countersign.tx_fee_recorded(text, bigint, jsonb),
    countersign.tx_advance(text, bigint, text, text, jsonb, text, bigint, text, jsonb, text, jsonb),
    countersign.tx_step_failed(text, bigint, text, boolean, jsonb),
    countersign.tx_old_revoked(text, bigint),
    countersign.tx_lock(bigint)
TO countersign_counter;
