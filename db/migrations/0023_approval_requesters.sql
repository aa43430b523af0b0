-- 0023_approval_requesters.sql — who asked for an approval is the person of a session, always (issue "the database
-- is the authority").
--
-- 0021 made an approval granted after approval_verify() name the person that check recorded, but an approval
-- session that skipped approval_verify(), and every day-close approval, still recorded as "requested by" whatever
-- staff id the client sent. Now:
--   approvals_requested_by  (the BEFORE INSERT trigger on approvals) refuses an approval unless the supervisor's
--                           session used for it in this transaction recorded who asked (approval_verify, or the
--                           day close below) and the row names exactly that person
--   day_close_record()      takes the asking person's own session (p_requester_session, NULL when the signer asks
--                           for the close themselves) instead of an approval the client granted beforehand: when
--                           someone else asks and a supervisor signs, the database makes the day_close approval
--                           naming both and uses it for this close, in the same call
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

CREATE OR REPLACE FUNCTION countersign.approvals_requested_by() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_asked bigint;
BEGIN
    SELECT x.requested_by INTO v_asked FROM countersign.staff_sessions x
     WHERE x.staff_id = NEW.approved_by AND x.counter_id = NEW.counter_id
       AND x.purpose IN ('approval', 'day_close') AND x.used_in = pg_catalog.pg_current_xact_id()
     ORDER BY x.id DESC LIMIT 1;
    IF v_asked IS NULL THEN
        RAISE EXCEPTION 'an approval is for a person logged in at this counter: the supervisor''s password is '
                        'checked against who asks first'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.requested_by IS DISTINCT FROM v_asked THEN
        RAISE EXCEPTION 'this approval was asked for by staff %, not by staff %', v_asked, NEW.requested_by
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$fn$;

DROP FUNCTION countersign.day_close_record(text, bigint, date, bigint, bigint, bigint, jsonb, jsonb);
CREATE FUNCTION countersign.day_close_record(p_signer_session text, p_requester_session text, p_centre bigint,
                                             p_business_date date, p_counted_cash_fen bigint,
                                             p_expected_cash_fen bigint, p_snapshot jsonb, p_audit jsonb DEFAULT '{}')
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter   bigint := countersign.require_acting_counter();
    v_signer    countersign.staff;
    v_requester countersign.staff;
    v_approval  bigint;
    v_id        bigint;
    v_centre    text;
    v_subject   text;
BEGIN
    v_signer := countersign.signing_session_staff(p_signer_session, ARRAY['day_close'],
                                                  ARRAY['supervisor', 'admin'], 'signer', 'a day close');
    SELECT c.code INTO v_centre FROM countersign.centres c WHERE c.id = p_centre;
    IF v_centre IS NULL THEN
        RAISE EXCEPTION 'no centre %', p_centre USING ERRCODE = 'no_data_found';
    END IF;
    IF p_requester_session IS NOT NULL THEN
        v_requester := countersign.session_staff(p_requester_session);
    END IF;
    -- Someone else asked and a supervisor signs: the signature is that supervisor's approval of this close.
    IF v_requester.id IS NOT NULL AND v_requester.id <> v_signer.id AND v_signer.role = 'supervisor' THEN
        UPDATE countersign.staff_sessions x SET requested_by = v_requester.id
         WHERE x.token_hash = sha256(decode(p_signer_session, 'hex'));
        v_subject := countersign.approval_subject_text('day_close', ARRAY[p_centre::text, p_business_date::text]);
        v_approval := countersign.approval_grant(p_signer_session, v_requester.id, 'day_close', NULL,
                                                 v_centre || '/' || p_business_date::text,
                                                 'day close of ' || v_centre || '/' || p_business_date::text,
                                                 '{}', v_subject);
        PERFORM countersign.approval_consume(v_approval, 'day_close', NULL, v_subject,
                                             format('the close of business day %s', p_business_date));
    END IF;
    INSERT INTO countersign.day_closes (centre_id, counter_id, business_date, closed_by, approval_id,
                                        counted_cash_fen, expected_cash_fen, snapshot)
    VALUES (p_centre, v_counter, p_business_date, v_signer.id, v_approval, p_counted_cash_fen,
            p_expected_cash_fen, p_snapshot)
    RETURNING id INTO v_id;
    PERFORM countersign.audit_append(
        v_counter, v_signer.id, 'day.closed', v_centre || '/' || p_business_date::text,
        coalesce(p_audit, '{}') || jsonb_build_object(
            'centre', v_centre, 'date', p_business_date, 'day_close_id', v_id,
            'counted_cash_fen', p_counted_cash_fen, 'expected_cash_fen', p_expected_cash_fen,
            'difference_fen', p_counted_cash_fen - p_expected_cash_fen)
        || CASE WHEN v_approval IS NULL THEN '{}'::jsonb
                ELSE jsonb_build_object('approval_id', v_approval, 'requested_by', v_requester.id) END);
    RETURN v_id;
END
$fn$;

GRANT EXECUTE ON FUNCTION countersign.day_close_record(text, text, bigint, date, bigint, bigint, jsonb, jsonb)
TO countersign_counter;
