-- 0014_session_approvals.sql — a supervisor's approval is made only from that supervisor's own session (issue "the
-- database is the authority").
--
-- Counters no longer INSERT into approvals. approval_grant() takes the session a supervisor's password opened at
-- this counter for an approval (CALL staff_login(…, 'approval'), or 'day_close' for the day close's signature),
-- checks it is a supervisor's, spends it (one password, the approvals of one operation — one database
-- transaction — within its 5 minutes), records the approval
-- for the acting counter with the person from the session — never from a staff id the client sends — and audits
-- "approval.granted". A forged approval row, or one made from an operator's or another counter's session, is
-- refused.
--
-- Still to come (issue 18): the subject digest an approval is bound to and its single consumption by the action
-- it names, and the requester taken from the operator's session too.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- The database transaction that spent an approval session: the approvals of one operation share its password.
ALTER TABLE countersign.staff_sessions ADD COLUMN used_in xid8;

CREATE FUNCTION countersign.approval_grant(p_supervisor_session text, p_requested_by bigint, p_kind text,
                                           p_transaction_id bigint, p_subject text, p_reason text, p_detail jsonb)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    ss        countersign.staff_sessions;
    v_sup     countersign.staff;
    v_number  text;
    v_id      bigint;
    v_detail  jsonb;
BEGIN
    SELECT * INTO ss FROM countersign.staff_sessions x
     WHERE x.token_hash = sha256(decode(coalesce(p_supervisor_session, ''), 'hex')) FOR UPDATE;
    IF NOT FOUND OR ss.counter_id <> v_counter THEN
        RAISE EXCEPTION 'no such staff session at this counter: the supervisor enters their password again'
            USING ERRCODE = 'invalid_authorization_specification';
    END IF;
    IF ss.purpose NOT IN ('approval', 'day_close') THEN
        RAISE EXCEPTION 'an approval is given with the supervisor''s password for it, not with a logged-in session'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF ss.ended_at IS NULL AND ss.expires_at <= now() THEN
        RAISE EXCEPTION 'the supervisor''s approval has expired (it holds for 5 minutes): the supervisor enters '
                        'their password again'
            USING ERRCODE = 'invalid_authorization_specification';
    END IF;
    IF ss.ended_at IS NOT NULL THEN
        -- Spent: only the approvals of the one database transaction that spent it (one operation's) may share it.
        IF ss.end_reason IS DISTINCT FROM 'used' OR ss.used_in IS DISTINCT FROM pg_current_xact_id() THEN
            RAISE EXCEPTION 'this supervisor''s approval was already used or has ended: the supervisor enters '
                            'their password again'
                USING ERRCODE = 'invalid_authorization_specification';
        END IF;
        SELECT * INTO v_sup FROM countersign.staff s WHERE s.id = ss.staff_id;
    ELSE
        v_sup := countersign.session_staff(p_supervisor_session, ARRAY['supervisor']);
        UPDATE countersign.staff_sessions x SET ended_at = now(), end_reason = 'used', used_in = pg_current_xact_id()
         WHERE x.id = ss.id;
    END IF;
    IF p_requested_by = v_sup.id THEN
        RAISE EXCEPTION '% asked for this and can''t also approve it: a second person is needed', v_sup.username
            USING ERRCODE = 'check_violation';
    END IF;
    IF coalesce(btrim(p_reason), '') = '' THEN
        RAISE EXCEPTION 'an approval needs the reason it is asked for' USING ERRCODE = 'check_violation';
    END IF;
    IF p_transaction_id IS NOT NULL THEN
        SELECT t.number INTO v_number FROM countersign.transactions t WHERE t.id = p_transaction_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'transaction % does not exist', p_transaction_id USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    INSERT INTO countersign.approvals (kind, requested_by, approved_by, counter_id, transaction_id, subject, reason,
                                       detail)
    VALUES (p_kind, p_requested_by, v_sup.id, v_counter, p_transaction_id, nullif(p_subject, ''), p_reason,
            coalesce(p_detail, '{}'))
    RETURNING id INTO v_id;
    v_detail := jsonb_build_object('approval_id', v_id, 'kind', p_kind, 'requested_by', p_requested_by,
                                   'approved_by', v_sup.id, 'approver', v_sup.username, 'reason', p_reason);
    IF v_number IS NOT NULL THEN
        v_detail := v_detail || jsonb_build_object('transaction', v_number);
    END IF;
    IF nullif(p_subject, '') IS NOT NULL THEN
        v_detail := v_detail || jsonb_build_object('subject', p_subject);
    END IF;
    PERFORM countersign.audit_append(v_counter, v_sup.id, 'approval.granted', coalesce(v_number, p_subject, ''),
                                     v_detail);
    RETURN v_id;
END
$fn$;

REVOKE INSERT, UPDATE, DELETE ON countersign.approvals FROM countersign_counter;
GRANT EXECUTE ON FUNCTION countersign.approval_grant(text, bigint, text, bigint, text, text, jsonb)
    TO countersign_counter;
