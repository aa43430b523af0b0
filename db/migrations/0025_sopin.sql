-- 0025_sopin.sql — SO PIN versions that are used, and the SO PIN's final try only with a supervisor's confirmation
-- (issue 19, "the SO PIN").
--
-- tokens.so_pin_version was written when a key was initialised and never read: every counter derived every key's
-- SO PIN with the current master secret, so a rotation would have locked every older key out. Now the counter
-- reads the version recorded for a key (key_so_pin_version) and derives with that version's master; when a key
-- still on an older version visits the counter (UNLOCK, RENEW, UPGRADE), its SO PIN is moved to the current
-- version (C_SetPIN in an SO session) and the move is recorded by tx_key_so_pin_moved, which checks the acting
-- counter, the session's person and that the transaction is one of this counter's, of that kind, about that key.
--
-- A key's SO PIN locks for good after a few wrong tries, and then the key can't be unlocked: the counter never
-- spends the final try (CKF_SO_PIN_FINAL_TRY) unless a supervisor confirms. tx_so_pin_final_try records that
-- confirmation as an approval of the new kind "so_pin_final_try" (0017's approval_grant, from the supervisor's
-- approval session, bound to the transaction and the key serial) and uses it at once (approval_consume), audited
-- "key.so_pin_final_try_confirmed".
--
-- Merge note: this migration restates the approvals.kind CHECK (adding so_pin_final_try).
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

ALTER TABLE countersign.approvals DROP CONSTRAINT approvals_kind_check;
ALTER TABLE countersign.approvals ADD CONSTRAINT approvals_kind_check
    CHECK (kind IN ('fee_waiver', 'void', 'refund', 'hand_entered_letter', 'uscc_override', 'day_close',
                    'so_pin_final_try'));

-- The SO PIN version recorded for the key with this serial; NULL for a key never recorded (a blank key from the
-- factory, a key of another system). Read by the counter before it derives the key's SO PIN.
CREATE FUNCTION countersign.key_so_pin_version(p_serial text) RETURNS integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_version integer;
BEGIN
    PERFORM countersign.require_acting_counter();
    SELECT x.so_pin_version INTO v_version FROM countersign.tokens x WHERE x.serial = p_serial;
    RETURN v_version;
END
$fn$;

-- The key of transaction t, checked to be the key with serial p_serial (locked for update).
CREATE FUNCTION countersign.sopin_tx_key(t countersign.transactions, p_serial text)
RETURNS countersign.tokens
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    k countersign.tokens;
BEGIN
    SELECT * INTO k FROM countersign.tokens x WHERE x.id = t.token_id FOR UPDATE;
    IF NOT FOUND OR k.serial IS DISTINCT FROM p_serial THEN
        RAISE EXCEPTION 'key % is not the key of transaction %', coalesce(p_serial, '(none)'), t.number
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN k;
END
$fn$;

-- UNLOCK, RENEW, UPGRADE: the SO PIN of the transaction's key (p_serial) moved from version p_from to p_to, the
-- key's visit done on the key. Recorded again (already on p_to): nothing new. A key recorded on another version
-- than p_from is refused (the counter derived with a version the database does not hold).
CREATE FUNCTION countersign.tx_key_so_pin_moved(p_session text, p_id bigint, p_serial text, p_from integer,
                                                p_to integer) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    t         countersign.transactions := countersign.keys_tx(
                  p_id, v_counter, ARRAY['fee_recorded', 'key_initialised', 'key_generated', 'cert_issued',
                                         'cert_written', 'verified'], 'moving a key''s SO PIN version');
    k         countersign.tokens;
BEGIN
    IF t.kind NOT IN ('UNLOCK', 'RENEW', 'UPGRADE') THEN
        RAISE EXCEPTION 'transaction % is a %: it moves no key''s SO PIN', t.number, t.kind
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF p_from IS NULL OR p_to IS NULL OR p_from < 1 OR p_to <= p_from THEN
        RAISE EXCEPTION 'an SO PIN moves to a newer version, not from % to %', coalesce(p_from::text, '(none)'),
            coalesce(p_to::text, '(none)') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    k := countersign.sopin_tx_key(t, p_serial);
    IF k.so_pin_version = p_to THEN
        RETURN;
    END IF;
    IF k.so_pin_version <> p_from THEN
        RAISE EXCEPTION 'key % is recorded on SO PIN version %, not %', p_serial, k.so_pin_version, p_from
            USING ERRCODE = 'check_violation';
    END IF;
    UPDATE countersign.tokens x SET so_pin_version = p_to WHERE x.id = k.id;
    PERFORM countersign.audit_append(v_counter, v_staff, 'key.so_pin_moved', p_serial,
                                     jsonb_build_object('from', p_from, 'to', p_to, 'transaction', t.number));
END
$fn$;

-- UNLOCK (fee_recorded, before the SO login): a supervisor confirms spending the final try of the SO PIN of the
-- transaction's key p_serial. The approval is made from the supervisor's approval session (approval_grant: not the
-- asking person, a supervisor) and used at once for exactly this transaction and key. Returns the approval's id.
CREATE FUNCTION countersign.tx_so_pin_final_try(p_session text, p_id bigint, p_supervisor_session text,
                                                p_serial text, p_reason text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter  bigint := countersign.require_acting_counter();
    v_staff    bigint := (countersign.session_staff(p_session)).id;
    t          countersign.transactions := countersign.keys_tx(p_id, v_counter, ARRAY['fee_recorded'],
                                                                'confirming the SO PIN''s final try');
    k          countersign.tokens;
    v_text     text;
    v_approval bigint;
BEGIN
    IF t.kind <> 'UNLOCK' THEN
        RAISE EXCEPTION 'transaction % is a %: it spends no SO PIN try', t.number, t.kind
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    k := countersign.sopin_tx_key(t, p_serial);
    v_text := countersign.approval_subject_text('so_pin_final_try', ARRAY[p_serial]);
    v_approval := countersign.approval_grant(p_supervisor_session, v_staff, 'so_pin_final_try', t.id, p_serial,
                                             p_reason, '{}'::jsonb, v_text);
    PERFORM countersign.approval_consume(v_approval, 'so_pin_final_try', t.id, v_text,
                                         format('the final try of key %s''s SO PIN', p_serial));
    PERFORM countersign.audit_append(v_counter, v_staff, 'key.so_pin_final_try_confirmed', p_serial,
                                     jsonb_build_object('transaction', t.number, 'approval_id', v_approval));
    RETURN v_approval;
END
$fn$;

GRANT EXECUTE ON FUNCTION
    countersign.key_so_pin_version(text),
    countersign.tx_key_so_pin_moved(text, bigint, text, integer, integer),
    countersign.tx_so_pin_final_try(text, bigint, text, text, text)
TO countersign_counter;
