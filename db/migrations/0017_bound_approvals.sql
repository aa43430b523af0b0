-- 0017_bound_approvals.sql — an approval is bound to exactly what was approved and used once; the money and the
-- day close are written only by database functions (issue "the database is the authority").
--
-- Until now an approval named its kind and transaction only, and nothing in the database used it up: a counter's
-- login could reuse an approval id, or use it for another amount or receipt. And counters still inserted refunds
-- and day closes and updated a receipt's void and a refund's review themselves, so with no staff password a
-- counter's login could pay out a refund, void a receipt, close a day or review a refund in a supervisor's name.
--
-- Approvals
--   approval_grant() takes the canonical text of what is approved (p_subject_text) and stores its sha256 in
--   approvals.subject_digest: a fee waiver, refund or void approval must have one. The text is the kind and the
--   parts joined with U+001F (approval_subject_text(), and approvals::subjectText on the client side):
--     fee_waiver  description, amount_fen, waiver_reason  of the waiver fee line        (and its transaction)
--     refund      total_fen: all that is still paid and not refunded                   (and its transaction)
--     void        centre code, year, number of the receipt, and the void's reason      (and its transaction)
--     day_close   centre id, business date (yyyy-mm-dd)
--   approval_consume() — not for counters to call — is what every action that needs an approval runs: the
--   approval must exist, be of the kind, made at the acting counter, for the transaction, not used before, not
--   older than 10 minutes, and its digest must be that of the text the action computes from its own rows. It
--   marks the approval consumed (consumed_at, consumed_by) or raises, saying in plain words what did not match.
--
-- The actions
--   fee_lines   A waiver line (amount < 0) consumes its fee_waiver approval in a BEFORE INSERT trigger, and is
--               attested by the transaction's operator, taken from the transaction row (a line naming anyone
--               else is refused). Counters keep INSERT on fee_lines: a waiver line can't be written otherwise.
--   refunds     refund_transaction() pays back what is left of each payment of a transaction: with a refund
--               approval bound to that total, consumed; or, flagged by_recovery for review, only for a
--               transaction that is not completed (compensation). Counters lose INSERT on refunds.
--               refund_review() records the review by the supervisor of a session at this counter; counters
--               lose UPDATE of reviewed_by and reviewed_at.
--   receipts    receipt_void() voids a receipt with a void approval bound to its number and the reason.
--               Counters lose UPDATE of voided_at, void_reason and void_approval_id.
--   day_closes  day_close_record() takes the signer from a day_close session (a supervisor's or admin's
--               password entered for the close) and consumes the day_close approval when one is given.
--               Counters lose INSERT on day_closes.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- ---------------------------------------------------------------------------------------------------------------
-- What an approval is for, and its use
-- ---------------------------------------------------------------------------------------------------------------

ALTER TABLE countersign.approvals
    ADD COLUMN subject_digest bytea CHECK (octet_length(subject_digest) = 32),
    ADD COLUMN consumed_at timestamptz,
    ADD COLUMN consumed_by text,
    ADD CONSTRAINT approvals_consumed_together CHECK ((consumed_at IS NULL) = (consumed_by IS NULL));
-- What was already used before this migration is used.
UPDATE countersign.approvals a SET consumed_at = a.at, consumed_by = 'used before approvals were consumed (0017)'
 WHERE a.id IN (SELECT l.approval_id FROM countersign.fee_lines l
                UNION SELECT r.approval_id FROM countersign.refunds r
                UNION SELECT v.void_approval_id FROM countersign.receipts v
                UNION SELECT d.approval_id FROM countersign.day_closes d);

-- Approvals made before this migration have no digest (and can't be used now: nothing matches); new ones of
-- these kinds must have one. Added after the UPDATE above: NOT VALID skips the old rows, but not an update of
-- them.
ALTER TABLE countersign.approvals
    ADD CONSTRAINT approvals_bound CHECK (kind NOT IN ('fee_waiver', 'refund', 'void') OR subject_digest IS NOT NULL)
    NOT VALID;

-- The canonical text of what an approval is for: the kind and the parts, joined with U+001F (which no part may
-- hold, so two different lists never give the same text).
CREATE FUNCTION countersign.approval_subject_text(p_kind text, p_parts text[]) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF pg_catalog.strpos(pg_catalog.array_to_string(p_parts, '', ''), pg_catalog.chr(31)) > 0 THEN
        RAISE EXCEPTION 'what an approval is for may not contain the character U+001F'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN p_kind || pg_catalog.chr(31) || pg_catalog.array_to_string(p_parts, pg_catalog.chr(31), '');
END
$fn$;

-- The person behind a signing session: a password entered at this counter for one approval or one day close
-- (purpose in p_purposes), of one of p_roles. The first use spends it; later uses in the same database
-- transaction (the approvals of one operation, a day close with its approval) may share it. Raises, naming
-- p_signer ("supervisor") and p_what ("an approval"). Not for counters to call directly.
CREATE FUNCTION countersign.signing_session_staff(p_session text, p_purposes text[], p_roles text[],
                                                  p_signer text, p_what text)
RETURNS countersign.staff
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    ss        countersign.staff_sessions;
    s         countersign.staff;
BEGIN
    SELECT * INTO ss FROM countersign.staff_sessions x
     WHERE x.token_hash = sha256(decode(coalesce(p_session, ''), 'hex')) FOR UPDATE;
    IF NOT FOUND OR ss.counter_id <> v_counter THEN
        RAISE EXCEPTION 'no such staff session at this counter: the % enters their password again', p_signer
            USING ERRCODE = 'invalid_authorization_specification';
    END IF;
    IF NOT ss.purpose = ANY (p_purposes) THEN
        RAISE EXCEPTION '% is given with the %''s password for it, not with a logged-in session', p_what, p_signer
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF ss.ended_at IS NULL AND ss.expires_at <= now() THEN
        RAISE EXCEPTION 'the %''s password for % has expired (it holds for 5 minutes): the % enters their '
                        'password again', p_signer, p_what, p_signer
            USING ERRCODE = 'invalid_authorization_specification';
    END IF;
    IF ss.ended_at IS NOT NULL THEN
        IF ss.end_reason IS DISTINCT FROM 'used' OR ss.used_in IS DISTINCT FROM pg_current_xact_id() THEN
            RAISE EXCEPTION 'this %''s password was already used or has ended: the % enters their password again',
                            p_signer, p_signer
                USING ERRCODE = 'invalid_authorization_specification';
        END IF;
        SELECT * INTO s FROM countersign.staff st WHERE st.id = ss.staff_id;
        IF NOT s.active OR NOT s.role = ANY (p_roles) THEN
            RAISE EXCEPTION '% is % and this needs %', s.username, s.role, array_to_string(p_roles, ' or ')
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSE
        s := countersign.session_staff(p_session, p_roles);
        UPDATE countersign.staff_sessions x SET ended_at = now(), end_reason = 'used', used_in = pg_current_xact_id()
         WHERE x.id = ss.id;
    END IF;
    RETURN s;
END
$fn$;

-- 0014's grant, now with what is approved. The approval session's messages stay 0014's.
DROP FUNCTION countersign.approval_grant(text, bigint, text, bigint, text, text, jsonb);
CREATE FUNCTION countersign.approval_grant(p_supervisor_session text, p_requested_by bigint, p_kind text,
                                           p_transaction_id bigint, p_subject text, p_reason text, p_detail jsonb,
                                           p_subject_text text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_sup     countersign.staff;
    v_number  text;
    v_id      bigint;
    v_detail  jsonb;
BEGIN
    v_sup := countersign.signing_session_staff(p_supervisor_session, ARRAY['approval', 'day_close'],
                                               ARRAY['supervisor'], 'supervisor', 'an approval');
    IF p_requested_by = v_sup.id THEN
        RAISE EXCEPTION '% asked for this and can''t also approve it: a second person is needed', v_sup.username
            USING ERRCODE = 'check_violation';
    END IF;
    IF coalesce(btrim(p_reason), '') = '' THEN
        RAISE EXCEPTION 'an approval needs the reason it is asked for' USING ERRCODE = 'check_violation';
    END IF;
    IF p_kind IN ('fee_waiver', 'refund', 'void') AND p_subject_text IS NULL THEN
        RAISE EXCEPTION 'an approval of a % names exactly what it approves', replace(p_kind, '_', ' ')
            USING ERRCODE = 'check_violation';
    END IF;
    IF p_transaction_id IS NOT NULL THEN
        SELECT t.number INTO v_number FROM countersign.transactions t WHERE t.id = p_transaction_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'transaction % does not exist', p_transaction_id USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    INSERT INTO countersign.approvals (kind, requested_by, approved_by, counter_id, transaction_id, subject, reason,
                                       detail, subject_digest)
    VALUES (p_kind, p_requested_by, v_sup.id, v_counter, p_transaction_id, nullif(p_subject, ''), p_reason,
            coalesce(p_detail, '{}'), sha256(convert_to(p_subject_text, 'UTF8')))
    RETURNING id INTO v_id;
    v_detail := jsonb_build_object('approval_id', v_id, 'kind', p_kind, 'requested_by', p_requested_by,
                                   'approved_by', v_sup.id, 'approver', v_sup.username, 'reason', p_reason);
    IF v_number IS NOT NULL THEN
        v_detail := v_detail || jsonb_build_object('transaction', v_number);
    END IF;
    IF nullif(p_subject, '') IS NOT NULL THEN
        v_detail := v_detail || jsonb_build_object('subject', p_subject);
    END IF;
    IF p_subject_text IS NOT NULL THEN
        v_detail := v_detail || jsonb_build_object('approves', translate(p_subject_text, chr(31), '|'));
    END IF;
    PERFORM countersign.audit_append(v_counter, v_sup.id, 'approval.granted', coalesce(v_number, p_subject, ''),
                                     v_detail);
    RETURN v_id;
END
$fn$;

-- Uses approval p_approval for p_what (a phrase naming the action, kept in consumed_by): of kind p_kind, given at
-- the acting counter for transaction p_transaction (NULL: none), for exactly p_subject_text, unused, at most 10
-- minutes old. Raises saying what did not match. Not for counters to call directly.
CREATE FUNCTION countersign.approval_consume(p_approval bigint, p_kind text, p_transaction bigint,
                                             p_subject_text text, p_what text)
RETURNS countersign.approvals
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_noun    text := replace(p_kind, '_', ' ');
    a         countersign.approvals;
BEGIN
    IF p_approval IS NULL THEN
        RAISE EXCEPTION '% needs a supervisor''s approval', p_what USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO a FROM countersign.approvals x WHERE x.id = p_approval FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION '%: approval % does not exist', p_what, p_approval USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF a.kind <> p_kind THEN
        RAISE EXCEPTION '%: approval % is a % approval, not a % approval', p_what, p_approval,
                        replace(a.kind, '_', ' '), v_noun
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF a.consumed_at IS NOT NULL THEN
        RAISE EXCEPTION '%: this approval was already used (%, at %)', p_what, a.consumed_by,
                        to_char(a.consumed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS')
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF a.counter_id <> v_counter THEN
        RAISE EXCEPTION '%: this approval was given at another counter', p_what
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF a.transaction_id IS DISTINCT FROM p_transaction THEN
        RAISE EXCEPTION '%: this approval is for a different transaction', p_what
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF a.subject_digest IS DISTINCT FROM sha256(convert_to(p_subject_text, 'UTF8')) OR p_subject_text IS NULL THEN
        RAISE EXCEPTION '%: this approval is for a different %', p_what, v_noun
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'an approval holds for exactly what the supervisor approved: ask again for this one';
    END IF;
    IF a.at < now() - interval '10 minutes' THEN
        RAISE EXCEPTION '%: this approval has expired (it holds for 10 minutes): ask the supervisor again', p_what
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE countersign.approvals x SET consumed_at = now(), consumed_by = left(p_what, 200)
     WHERE x.id = a.id
    RETURNING * INTO a;
    RETURN a;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Waiver lines: their approval used, attested by the transaction's operator
-- ---------------------------------------------------------------------------------------------------------------

CREATE FUNCTION countersign.fee_lines_waiver_approved() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_number   text;
    v_operator bigint;
    v_what     text;
BEGIN
    SELECT x.number, x.operator_staff_id INTO v_number, v_operator
      FROM countersign.transactions x WHERE x.id = NEW.transaction_id;
    IF NOT FOUND THEN
        RETURN NEW; -- the foreign key refuses it
    END IF;
    v_what := format('the waiver "%s" of transaction %s', NEW.description, v_number);
    IF NEW.attested_by IS DISTINCT FROM v_operator AND NEW.attested_by IS NOT NULL THEN
        RAISE EXCEPTION '%: a waiver is attested by the operator who does the transaction (staff %), not by '
                        'staff %', v_what, v_operator, NEW.attested_by
            USING ERRCODE = 'check_violation';
    END IF;
    NEW.attested_by := v_operator;
    PERFORM countersign.approval_consume(
        NEW.approval_id, 'fee_waiver', NEW.transaction_id,
        countersign.approval_subject_text('fee_waiver',
                                          ARRAY[NEW.description, NEW.amount_fen::text, NEW.waiver_reason]),
        v_what);
    RETURN NEW;
END
$fn$;

-- Named to run after 0013's fee_lines_final (triggers fire in name order): a line after the fee step is refused
-- as such, without spending its approval.
CREATE TRIGGER fee_lines_waiver BEFORE INSERT ON countersign.fee_lines
    FOR EACH ROW WHEN (NEW.amount_fen < 0) EXECUTE FUNCTION countersign.fee_lines_waiver_approved();

-- ---------------------------------------------------------------------------------------------------------------
-- Refunds
-- ---------------------------------------------------------------------------------------------------------------

-- Pays back what is left of each payment of transaction p_transaction, by the payment's method: with refund
-- approval p_approval (bound to the total), or by recovery (no approval, flagged for review) when the transaction
-- did not complete. Returns the refunds made; none when nothing is left (the approval is then not used).
CREATE FUNCTION countersign.refund_transaction(p_transaction bigint, p_reason text, p_approval bigint,
                                               p_by_recovery boolean, p_refunded_by bigint)
RETURNS TABLE (refund_id bigint, payment_id bigint, method text, amount_fen bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_centre  bigint;
    t         countersign.transactions;
    v_total   bigint;
    p         record;
BEGIN
    SELECT * INTO t FROM countersign.transactions x WHERE x.id = p_transaction FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'transaction % does not exist', p_transaction USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF coalesce(btrim(p_reason), '') = '' THEN
        RAISE EXCEPTION 'a refund needs its reason' USING ERRCODE = 'check_violation';
    END IF;
    SELECT c.centre_id INTO v_centre FROM countersign.counters c WHERE c.id = v_counter;
    -- Serialise refunds of the transaction's payments (0001's 'CSRF' key) before reading what is left.
    PERFORM pg_advisory_xact_lock(1129534022, y.id::integer)
       FROM countersign.payments y WHERE y.transaction_id = p_transaction ORDER BY y.id;
    SELECT coalesce(sum(y.amount_fen - coalesce((SELECT sum(r.amount_fen) FROM countersign.refunds r
                                                  WHERE r.payment_id = y.id), 0)), 0)
      INTO v_total
      FROM countersign.payments y WHERE y.transaction_id = p_transaction;
    IF v_total <= 0 THEN
        RETURN;
    END IF;
    IF p_approval IS NOT NULL THEN
        PERFORM countersign.approval_consume(p_approval, 'refund', p_transaction,
                                             countersign.approval_subject_text('refund', ARRAY[v_total::text]),
                                             'the refund of transaction ' || t.number);
    ELSIF NOT p_by_recovery THEN
        RAISE EXCEPTION 'the refund of transaction % needs a supervisor''s approval', t.number
            USING ERRCODE = 'insufficient_privilege';
    ELSIF t.state = 'completed' THEN
        RAISE EXCEPTION 'transaction % is completed: a refund by recovery is only for a transaction that could not '
                        'finish; a completed one is refunded with a supervisor''s approval', t.number
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    FOR p IN SELECT y.id, y.method,
                    y.amount_fen - coalesce((SELECT sum(r.amount_fen) FROM countersign.refunds r
                                             WHERE r.payment_id = y.id), 0) AS left_fen
               FROM countersign.payments y WHERE y.transaction_id = p_transaction ORDER BY y.id LOOP
        CONTINUE WHEN p.left_fen <= 0;
        INSERT INTO countersign.refunds (payment_id, centre_id, amount_fen, reason, approval_id, refunded_by,
                                         by_recovery)
        VALUES (p.id, v_centre, p.left_fen, p_reason, p_approval, p_refunded_by, p_by_recovery)
        RETURNING id INTO refund_id;
        payment_id := p.id;
        method := p.method;
        amount_fen := p.left_fen;
        RETURN NEXT;
    END LOOP;
END
$fn$;

-- The review of the recovery refunds of the acting counter's centre by the supervisor logged in with p_session
-- (audited "refund.reviewed" each). Returns the refunds reviewed.
CREATE FUNCTION countersign.refund_review(p_session text)
RETURNS TABLE (refund_id bigint, amount_fen bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_sup     countersign.staff := countersign.session_staff(p_session, ARRAY['supervisor']);
BEGIN
    FOR refund_id, amount_fen IN
        UPDATE countersign.refunds f SET reviewed_by = v_sup.id, reviewed_at = now()
         WHERE f.by_recovery AND f.reviewed_by IS NULL
           AND f.centre_id = (SELECT c.centre_id FROM countersign.counters c WHERE c.id = v_counter)
        RETURNING f.id, f.amount_fen LOOP
        PERFORM countersign.audit_append(v_counter, v_sup.id, 'refund.reviewed', refund_id::text,
                                         jsonb_build_object('amount_fen', amount_fen));
        RETURN NEXT;
    END LOOP;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Voiding a receipt
-- ---------------------------------------------------------------------------------------------------------------

CREATE FUNCTION countersign.receipt_void(p_receipt bigint, p_reason text, p_approval bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    r      countersign.receipts;
    v_code text;
BEGIN
    SELECT * INTO r FROM countersign.receipts x WHERE x.id = p_receipt FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no receipt with id %', p_receipt USING ERRCODE = 'no_data_found';
    END IF;
    SELECT c.code INTO v_code FROM countersign.centres c WHERE c.id = r.centre_id;
    IF r.voided_at IS NOT NULL THEN
        RAISE EXCEPTION 'receipt %-%-% is void already: %', v_code, r.year, to_char(r.number, 'FM000000'),
                        r.void_reason
            USING ERRCODE = 'check_violation';
    END IF;
    IF coalesce(btrim(p_reason), '') = '' THEN
        RAISE EXCEPTION 'voiding a receipt needs a reason' USING ERRCODE = 'check_violation';
    END IF;
    PERFORM countersign.approval_consume(
        p_approval, 'void', r.transaction_id,
        countersign.approval_subject_text('void', ARRAY[v_code, r.year::text, r.number::text, p_reason]),
        format('voiding receipt %s-%s-%s', v_code, r.year, to_char(r.number, 'FM000000')));
    UPDATE countersign.receipts x SET voided_at = now(), void_reason = p_reason, void_approval_id = p_approval
     WHERE x.id = r.id;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- The day close
-- ---------------------------------------------------------------------------------------------------------------

-- Records the close of p_centre's p_business_date, signed by the supervisor or admin whose password opened
-- p_signer_session for it (purpose day_close) at this counter; p_approval, when the person asking is not the
-- signer, is the day_close approval the same signature made, used here. 0008's trigger checks the rest (the
-- signer's centre, the day, nothing open) under the day's lock. Returns the close's id.
CREATE FUNCTION countersign.day_close_record(p_signer_session text, p_centre bigint, p_business_date date,
                                             p_approval bigint, p_counted_cash_fen bigint,
                                             p_expected_cash_fen bigint, p_snapshot jsonb)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_signer  countersign.staff;
    a         countersign.approvals;
    v_id      bigint;
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
    RETURN v_id;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Privileges: these records are written only through the functions above
-- ---------------------------------------------------------------------------------------------------------------

REVOKE INSERT ON countersign.refunds, countersign.day_closes FROM countersign_counter;
REVOKE UPDATE (reviewed_by, reviewed_at) ON countersign.refunds FROM countersign_counter;
REVOKE UPDATE (voided_at, void_reason, void_approval_id) ON countersign.receipts FROM countersign_counter;

GRANT EXECUTE ON FUNCTION
    countersign.approval_grant(text, bigint, text, bigint, text, text, jsonb, text),
    countersign.approval_subject_text(text, text[]),
    countersign.refund_transaction(bigint, text, bigint, boolean, bigint),
    countersign.refund_review(text),
    countersign.receipt_void(bigint, text, bigint),
    countersign.day_close_record(text, bigint, date, bigint, bigint, bigint, jsonb)
TO countersign_counter;
