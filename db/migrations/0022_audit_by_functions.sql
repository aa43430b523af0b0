-- 0022_audit_by_functions.sql — the audit log is written only by the database's own functions (issue "the database is the
-- authority").
--
-- Until now a counter's login could INSERT into audit_log: 0011 kept it to the acting counter's own chain, but the
-- person (actor_staff_id), the event and its detail were whatever the client sent, so with no staff password a
-- counter could record "approval.verified" by a supervisor who never typed a password, or "day.closed" by anyone.
-- Now every entry is appended by a SECURITY DEFINER function that takes the person from a staff session (or, for
-- a login attempt, from the attempt it checks); counters hold no INSERT on audit_log. The owner keeps it (it
-- registers counters, and audits that itself).
--
-- The day close was the last client-side writer here:
--   day_close_record()  now also appends "day.closed", with the client's figures (p_audit) under the facts the
--                       database knows (the close's id, the approval, the cash) — the person is the signer's
--   day_close_refused() appends "day.close_refused" for a refusal after the signature: the signer's session is
--                       ended (it can sign nothing else), the person is that session's
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

DROP FUNCTION countersign.day_close_record(text, bigint, date, bigint, bigint, bigint, jsonb);
CREATE FUNCTION countersign.day_close_record(p_signer_session text, p_centre bigint, p_business_date date,
                                             p_approval bigint, p_counted_cash_fen bigint,
                                             p_expected_cash_fen bigint, p_snapshot jsonb,
                                             p_audit jsonb DEFAULT '{}')
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_signer  countersign.staff;
    a         countersign.approvals;
    v_id      bigint;
    v_centre  text;
BEGIN
    v_signer := countersign.signing_session_staff(p_signer_session, ARRAY['day_close'],
                                                  ARRAY['supervisor', 'admin'], 'signer', 'a day close');
    IF p_approval IS NOT NULL THEN
        a := countersign.approval_consume(
            p_approval, 'day_close', NULL,
            countersign.approval_subject_text('day_close', ARRAY[p_centre::text, p_business_date::text]),
            format('the close of business day %s', p_business_date));
        IF a.approved_by <> v_signer.id THEN
            RAISE EXCEPTION 'the day close''s approval was given by another supervisor than the one who signs'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    INSERT INTO countersign.day_closes (centre_id, counter_id, business_date, closed_by, approval_id,
                                        counted_cash_fen, expected_cash_fen, snapshot)
    VALUES (p_centre, v_counter, p_business_date, v_signer.id, p_approval, p_counted_cash_fen,
            p_expected_cash_fen, p_snapshot)
    RETURNING id INTO v_id;
    SELECT c.code INTO v_centre FROM countersign.centres c WHERE c.id = p_centre;
    PERFORM countersign.audit_append(
        v_counter, v_signer.id, 'day.closed', v_centre || '/' || p_business_date::text,
        coalesce(p_audit, '{}') || jsonb_build_object(
            'centre', v_centre, 'date', p_business_date, 'day_close_id', v_id,
            'counted_cash_fen', p_counted_cash_fen, 'expected_cash_fen', p_expected_cash_fen,
            'difference_fen', p_counted_cash_fen - p_expected_cash_fen)
        || CASE WHEN p_approval IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('approval_id', p_approval) END);
    RETURN v_id;
END
$fn$;

-- A day close refused after the signer's password was checked (not a supervisor, another centre's, the day not
-- come yet, closed already, transactions still open): the refusal audited with the signer as the person, the
-- signature's session ended so it signs nothing else. p_reason is the refusal's code, p_detail what the client
-- found (e.g. how many transactions are open).
CREATE FUNCTION countersign.day_close_refused(p_signer_session text, p_centre bigint, p_business_date date,
                                              p_reason text, p_detail jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_signer  countersign.staff;
    v_centre  text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM countersign.staff_sessions x
                    WHERE x.token_hash = sha256(decode(coalesce(p_signer_session, ''), 'hex'))
                      AND x.purpose = 'day_close') THEN
        RAISE EXCEPTION 'a day close is refused with the signer''s password for it, not with a logged-in session'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    v_signer := countersign.session_staff(p_signer_session);
    UPDATE countersign.staff_sessions x SET ended_at = now(), end_reason = 'used', used_in = pg_current_xact_id()
     WHERE x.token_hash = sha256(decode(p_signer_session, 'hex'));
    SELECT c.code INTO v_centre FROM countersign.centres c WHERE c.id = p_centre;
    IF v_centre IS NULL THEN
        RAISE EXCEPTION 'no centre %', p_centre USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM countersign.audit_append(
        v_counter, v_signer.id, 'day.close_refused', v_centre || '/' || p_business_date::text,
        coalesce(p_detail, '{}')
        || jsonb_build_object('reason', p_reason, 'centre', v_centre, 'date', p_business_date));
END
$fn$;

GRANT EXECUTE ON FUNCTION
    countersign.day_close_record(text, bigint, date, bigint, bigint, bigint, jsonb, jsonb),
    countersign.day_close_refused(text, bigint, date, text, jsonb)
TO countersign_counter;

-- Every entry a counter causes is now appended by a function above or of 0010–0021, with the person from a
-- session: the counters' direct INSERT goes.
REVOKE INSERT ON countersign.audit_log FROM countersign_counter;
