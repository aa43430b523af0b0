-- 0019_key_records.sql — keys, stock movements and certificates are recorded only through the database's functions
-- (issue "the database is the authority").
--
-- Until now a counter's login could write tokens, stock_movements, certificates, ca_requests, ca_crls and
-- ca_authority.crl_number directly: move any key to any state or centre, record a certificate onto any key,
-- enterprise or transaction, record a stock movement in anyone's name, and bump or forge CRLs. Now counters hold
-- no INSERT, UPDATE or DELETE on those tables. What the workflow records about keys and certificates is a call
-- that takes the acting staff session (the person is the session's) and the transaction the record belongs to,
-- checks that the transaction is this counter's and at the step the record belongs to, and writes the rows and
-- their audit entries:
--
--   key_presented          a key the customer brings (UNLOCK, REPLACE, renewals), found or first recorded, while
--                          its transaction is being opened; a locked key is recorded locked
--   certificate_presented  a certificate found on such a key, recorded active
--   tx_key_take            NEW/REPLACE initialise: the key issued from this centre's stock (received first when
--                          the counter meets it for the first time), its SO PIN version
--   tx_certificate_issued  the certificate the CA issued for this transaction, on its key
--   tx_certificate_activated, tx_certificate_superseded, tx_key_active
--                          completion: the certificate active, a renewal's old one superseded, the key active
--   tx_advance_keys        one step of 0016's tx_advance with the records above that belong to it, in one call
--   tx_replace_revoked     REPLACE: the old key's certificates revoked, the old key lost or handed in damaged
--   tx_issued_revoked      compensation: the certificate issued for a failed transaction, revoked
--   tx_key_returned        compensation: the unused blank key back in stock
--   tx_audit               the workflow's own entries outside a step (operation.refused,
--                          transaction.compensation_pending), by the session's person
--
-- The built-in CA signs in the counter's process (its key is a file or a token there), but its records also go
-- through functions bound to the work that asks for them: ca_issue_record (a request of a transaction of this
-- counter waiting for its certificate, or an admin's open "ca.issue" command), ca_revoke_record (a certificate
-- a transaction of this counter revokes, or an admin's), ca_crl_next / ca_crl_record (CRL numbers go up by one,
-- each with its CRL). The owner's login (set-up, tests) may record for the CA without a counter.
--
-- The key state machine (token_state_transitions with tokens_check_state, 0001) and 0013's one-way revocation
-- hold as before; 0018's admin-only trigger stays for the owner's sake.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- ---------------------------------------------------------------------------------------------------------------
-- Internal helpers (not granted)
-- ---------------------------------------------------------------------------------------------------------------

-- The transaction p_id of counter p_counter, locked, in one of p_states; otherwise a refusal naming it.
CREATE FUNCTION countersign.keys_tx(p_id bigint, p_counter bigint, p_states text[], p_what text)
RETURNS countersign.transactions
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    t countersign.transactions;
BEGIN
    SELECT * INTO t FROM countersign.transactions x WHERE x.id = p_id AND x.counter_id = p_counter FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM countersign.tx_refuse_foreign(p_id, p_counter);
        RAISE EXCEPTION 'transaction % is not one of this counter''s', coalesce(p_id::text, '(none)')
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT t.state = ANY (p_states) THEN
        RAISE EXCEPTION 'transaction % is %: % does not belong there', t.number, t.state, p_what
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RETURN t;
END
$fn$;

-- The transaction this session's person opened at this counter in the current database transaction (what a key
-- or certificate the customer brings is recorded for, before its papers are recorded).
CREATE FUNCTION countersign.keys_opening_tx(p_counter bigint, p_staff bigint) RETURNS countersign.transactions
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    t countersign.transactions;
BEGIN
    SELECT * INTO t FROM countersign.transactions x
     WHERE x.counter_id = p_counter AND x.operator_staff_id = p_staff AND x.state = 'started'
       AND x.xmin = pg_catalog.pg_current_xact_id()::xid
     ORDER BY x.id DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'a key or certificate the customer brings is recorded only while its transaction is opened'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RETURN t;
END
$fn$;

-- The certificate the CA issued for transaction t (on key p_token), added or completed; its id. The row the CA's
-- own record made (ca_requests under the transaction's number) must be this one, and a certificate of another
-- transaction is refused.
CREATE FUNCTION countersign.keys_record_issued(t countersign.transactions, p_token bigint, p_serial text,
                                               p_issuer text, p_subject text, p_uscc text, p_key_algorithm text,
                                               p_not_before timestamptz, p_not_after timestamptz, p_der bytea)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_requested text;
    v_uscc      text;
    v_id        bigint;
BEGIN
    SELECT c.serial INTO v_requested FROM countersign.ca_requests r
      JOIN countersign.certificates c ON c.id = r.certificate_id WHERE r.request_id = t.number;
    IF FOUND AND v_requested <> p_serial THEN
        RAISE EXCEPTION 'the CA issued certificate % for transaction %, not %', v_requested, t.number, p_serial
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT e.uscc INTO v_uscc FROM countersign.enterprises e WHERE e.id = t.enterprise_id;
    IF v_uscc IS DISTINCT FROM nullif(p_uscc, '') THEN
        RAISE EXCEPTION 'certificate % names %, transaction % is for %', p_serial, coalesce(p_uscc, '(none)'),
            t.number, coalesce(v_uscc, '(none)') USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO countersign.certificates AS c (serial, issuer, profile, token_id, enterprise_id, transaction_id,
                                               subject, uscc, key_algorithm, not_before, not_after, status, der)
    VALUES (p_serial, p_issuer, 'enterprise-tax', p_token, t.enterprise_id, t.id, p_subject, nullif(p_uscc, ''),
            nullif(p_key_algorithm, ''), p_not_before, p_not_after, 'issued', p_der)
    ON CONFLICT (serial) DO UPDATE SET token_id = coalesce(excluded.token_id, c.token_id),
                                       transaction_id = coalesce(c.transaction_id, excluded.transaction_id)
     WHERE c.transaction_id IS NULL OR c.transaction_id = excluded.transaction_id
    RETURNING c.id INTO v_id;
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'certificate % belongs to another transaction', p_serial USING ERRCODE = 'check_violation';
    END IF;
    RETURN v_id;
END
$fn$;

-- Revokes certificate p_serial for transaction t (superseded when p_reason is superseded); a revocation already
-- recorded (status, reason, time) stands (0013). Audited "certificate.revoked".
CREATE FUNCTION countersign.keys_revoke(t countersign.transactions, p_staff bigint, p_serial text, p_reason text,
                                        p_replaced_by bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    UPDATE countersign.certificates c
       SET status = CASE WHEN c.revoked_at IS NOT NULL OR c.status IN ('revoked', 'superseded') THEN c.status
                         WHEN p_reason = 'superseded' THEN 'superseded' ELSE 'revoked' END,
           revocation_reason = coalesce(c.revocation_reason, p_reason),
           revoked_at = coalesce(c.revoked_at, now()),
           revoked_by_transaction_id = coalesce(c.revoked_by_transaction_id, t.id),
           replaced_by_certificate_id = coalesce(c.replaced_by_certificate_id, p_replaced_by)
     WHERE c.serial = p_serial;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no certificate with serial % on record', p_serial USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM countersign.audit_append(t.counter_id, p_staff, 'certificate.revoked', p_serial,
                                     jsonb_build_object('reason', p_reason, 'transaction', t.number));
END
$fn$;

-- Who may record for the built-in CA: the owner's login without a counter, or a counter (then its id).
CREATE FUNCTION countersign.keys_ca_counter() RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF countersign.acting_counter() IS NULL AND pg_catalog.pg_has_role(session_user, 'countersign_owner', 'MEMBER')
    THEN
        RETURN NULL;
    END IF;
    RETURN countersign.require_acting_counter();
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Opening: the key and the certificates the customer brings
-- ---------------------------------------------------------------------------------------------------------------
CREATE FUNCTION countersign.key_presented(p_session text, p_serial text, p_model text, p_manufacturer text,
                                          p_state text, p_enterprise bigint,
                                          OUT token_id bigint, OUT state_before text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    t         countersign.transactions := countersign.keys_opening_tx(v_counter, v_staff);
    k         record;
BEGIN
    IF p_state IS NULL OR p_state NOT IN ('active', 'locked') THEN
        RAISE EXCEPTION 'a key the customer brings is active or locked, not %', coalesce(p_state, '(none)')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT x.id, x.state INTO k FROM countersign.tokens x WHERE x.serial = p_serial FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO countersign.tokens (serial, model, manufacturer, state, centre_id, enterprise_id)
        VALUES (p_serial, coalesce(nullif(p_model, ''), 'unknown'), nullif(p_manufacturer, ''), p_state,
                t.centre_id, p_enterprise)
        RETURNING id INTO token_id;
        state_before := p_state;
        RETURN;
    END IF;
    token_id := k.id;
    state_before := k.state;
    -- UNLOCK: the key's PIN is locked (the workflow read it from the key), so the record follows.
    IF p_state = 'locked' AND k.state = 'active' THEN
        UPDATE countersign.tokens x SET state = 'locked' WHERE x.id = k.id;
    END IF;
END
$fn$;

CREATE FUNCTION countersign.certificate_presented(p_session text, p_token bigint, p_enterprise bigint,
                                                  p_serial text, p_issuer text, p_subject text, p_uscc text,
                                                  p_not_before timestamptz, p_not_after timestamptz, p_der bytea)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    t         countersign.transactions := countersign.keys_opening_tx(v_counter, v_staff);
    v_state   text;
    v_id      bigint;
BEGIN
    SELECT x.state INTO v_state FROM countersign.tokens x WHERE x.id = p_token;
    IF v_state IS NULL OR v_state IN ('in_stock', 'blank', 'retired') THEN
        RAISE EXCEPTION 'key % is not a key in a customer''s hands', coalesce(p_token::text, '(none)')
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    INSERT INTO countersign.certificates AS c (serial, issuer, profile, token_id, enterprise_id, subject, uscc,
                                               not_before, not_after, status, der)
    VALUES (p_serial, p_issuer, 'enterprise-tax', p_token, p_enterprise, p_subject, nullif(p_uscc, ''),
            p_not_before, p_not_after, 'active', p_der)
    ON CONFLICT (serial) DO UPDATE SET token_id = coalesce(excluded.token_id, c.token_id)
    RETURNING c.id INTO v_id;
    RETURN v_id;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- The steps on the key and the certificates
-- ---------------------------------------------------------------------------------------------------------------

-- NEW/REPLACE initialise: the key `p_serial` issued from this centre's stock to transaction p_id (in_stock →
-- blank, an "issue" movement, "stock.issued"); a key never seen is received first when p_auto_receive (a
-- "receive" movement naming the transaction, "stock.received": the demo's SoftHSM2 keys get their serial only when
-- initialised). Every movement's person is the session's. Issued
-- again to the same transaction (a resumed step): nothing new. The SO PIN version is recorded. Returns the key.
CREATE FUNCTION countersign.tx_key_take(p_session text, p_id bigint, p_serial text, p_model text,
                                        p_manufacturer text, p_auto_receive boolean, p_so_pin_version integer)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    t         countersign.transactions := countersign.keys_tx(p_id, v_counter, ARRAY['fee_recorded'],
                                                               'taking a key from stock');
    k         record;
    v_last    record;
BEGIN
    IF t.kind NOT IN ('NEW', 'REPLACE') THEN
        RAISE EXCEPTION 'transaction % is a %: it takes no key from stock', t.number, t.kind
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    SELECT x.id, x.state, x.centre_id, c.code INTO k
      FROM countersign.tokens x LEFT JOIN countersign.centres c ON c.id = x.centre_id
     WHERE x.serial = p_serial FOR UPDATE OF x;
    IF NOT FOUND THEN
        IF NOT coalesce(p_auto_receive, false) THEN
            RAISE EXCEPTION 'key % is not in stock: it was never received', p_serial USING ERRCODE = 'no_data_found';
        END IF;
        INSERT INTO countersign.tokens (serial, model, manufacturer, state, centre_id, received_at)
        VALUES (p_serial, coalesce(nullif(p_model, ''), 'unknown'), nullif(p_manufacturer, ''), 'in_stock',
                t.centre_id, now())
        RETURNING id INTO k.id;
        INSERT INTO countersign.stock_movements (token_id, centre_id, kind, transaction_id, staff_id, note)
        VALUES (k.id, t.centre_id, 'receive', t.id, v_staff, 'received at the counter when first used');
        PERFORM countersign.audit_append(v_counter, v_staff, 'stock.received', p_serial,
                                         jsonb_build_object('model', coalesce(p_model, ''), 'at_counter', true,
                                                            'transaction', t.number));
        k.state := 'in_stock';
        k.centre_id := t.centre_id;
    END IF;
    IF k.state = 'blank' THEN
        SELECT m.kind, m.transaction_id INTO v_last FROM countersign.stock_movements m
         WHERE m.token_id = k.id ORDER BY m.id DESC LIMIT 1;
        IF FOUND AND v_last.kind = 'issue' AND v_last.transaction_id = t.id THEN
            UPDATE countersign.tokens x SET so_pin_version = p_so_pin_version
             WHERE x.id = k.id AND x.so_pin_version IS DISTINCT FROM p_so_pin_version;
            RETURN k.id;
        END IF;
    END IF;
    IF k.state <> 'in_stock' THEN
        RAISE EXCEPTION 'key % is not in stock: it is %', p_serial, k.state
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF k.centre_id IS DISTINCT FROM t.centre_id THEN
        RAISE EXCEPTION 'key % is in the stock of centre %, not this one', p_serial, coalesce(k.code, '(none)')
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    UPDATE countersign.tokens x SET state = 'blank', so_pin_version = p_so_pin_version WHERE x.id = k.id;
    INSERT INTO countersign.stock_movements (token_id, centre_id, kind, transaction_id, staff_id)
    VALUES (k.id, t.centre_id, 'issue', t.id, v_staff);
    PERFORM countersign.audit_append(v_counter, v_staff, 'stock.issued', p_serial,
                                     jsonb_build_object('transaction', t.number));
    RETURN k.id;
END
$fn$;

-- The certificate the CA issued for transaction p_id (waiting for it: key_generated), on its key.
CREATE FUNCTION countersign.tx_certificate_issued(p_session text, p_id bigint, p_serial text, p_issuer text,
                                                  p_subject text, p_uscc text, p_key_algorithm text,
                                                  p_not_before timestamptz, p_not_after timestamptz, p_der bytea)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    t         countersign.transactions := countersign.keys_tx(p_id, v_counter, ARRAY['key_generated'],
                                                               'recording an issued certificate');
BEGIN
    RETURN countersign.keys_record_issued(t, t.token_id, p_serial, p_issuer, p_subject, p_uscc, p_key_algorithm,
                                          p_not_before, p_not_after, p_der);
END
$fn$;

-- Completion (verified): the transaction's certificate issued → active. Returns its id.
CREATE FUNCTION countersign.tx_certificate_activated(p_session text, p_id bigint, p_serial text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    t         countersign.transactions := countersign.keys_tx(p_id, v_counter, ARRAY['verified'],
                                                               'activating a certificate');
    v_id      bigint;
BEGIN
    UPDATE countersign.certificates c SET status = 'active'
     WHERE c.serial = p_serial AND c.transaction_id = t.id AND c.status IN ('issued', 'active')
    RETURNING c.id INTO v_id;
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'certificate % is not an issued certificate of transaction %', p_serial, t.number
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RETURN v_id;
END
$fn$;

-- Completion of a renewal (verified): its old certificate (work.old_cert_serial) superseded by p_replaced_by, a
-- certificate of this transaction. Audited "certificate.revoked".
CREATE FUNCTION countersign.tx_certificate_superseded(p_session text, p_id bigint, p_serial text,
                                                      p_replaced_by bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    t         countersign.transactions := countersign.keys_tx(p_id, v_counter, ARRAY['verified'],
                                                               'superseding a certificate');
BEGIN
    IF t.kind NOT IN ('RENEW', 'UPGRADE') OR t.work ->> 'old_cert_serial' IS DISTINCT FROM p_serial THEN
        RAISE EXCEPTION 'certificate % is not the one transaction % renews', p_serial, t.number
            USING ERRCODE = 'check_violation';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM countersign.certificates c WHERE c.id = p_replaced_by AND c.transaction_id = t.id)
    THEN
        RAISE EXCEPTION 'certificate % is not one of transaction %', p_replaced_by, t.number
            USING ERRCODE = 'check_violation';
    END IF;
    PERFORM countersign.keys_revoke(t, v_staff, p_serial, 'superseded', p_replaced_by);
END
$fn$;

-- Completion (verified): the transaction's key is active in its enterprise's hands, handled at this centre.
CREATE FUNCTION countersign.tx_key_active(p_session text, p_id bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    t         countersign.transactions := countersign.keys_tx(p_id, v_counter, ARRAY['verified'],
                                                               'handing the key over');
    k         record;
BEGIN
    SELECT x.state, x.centre_id, x.serial INTO k FROM countersign.tokens x WHERE x.id = t.token_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'transaction % has no key', t.number USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF k.state IN ('in_stock', 'blank') AND k.centre_id IS DISTINCT FROM t.centre_id THEN
        RAISE EXCEPTION 'key % belongs to another centre''s stock', k.serial
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    UPDATE countersign.tokens x
       SET state = 'active', enterprise_id = coalesce(t.enterprise_id, x.enterprise_id), centre_id = t.centre_id
     WHERE x.id = t.token_id;
END
$fn$;

-- One step of tx_advance (0016) with the key and certificate records that belong to it, in one call. p_records:
-- a JSON array of {"op": …}:
--   {"op": "key_take", "serial", "model", "manufacturer", "auto_receive", "so_pin_version"}   (tx_key_take)
--   {"op": "certificate_issued", "serial", "issuer", "subject", "uscc", "key_algorithm", "not_before",
--    "not_after", "der" (base64)}                                                           (tx_certificate_issued)
--   {"op": "certificate_activated", "serial"}                                          (tx_certificate_activated)
--   {"op": "certificate_superseded", "serial"}    by the one activated before it        (tx_certificate_superseded)
--   {"op": "key_active"}                                                                          (tx_key_active)
-- Each record's own function checks the transaction is at the step it belongs to. `advanced` false, with nothing
-- written, when the transaction is no longer in p_from; `token_id`: the transaction's key afterwards.
CREATE FUNCTION countersign.tx_advance_keys(p_session text, p_id bigint, p_from text, p_to text, p_patch jsonb,
                                            p_failure_reason text, p_step text, p_step_detail jsonb,
                                            p_event text, p_audit_detail jsonb, p_records jsonb,
                                            OUT advanced boolean, OUT token_id bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_state   text;
    v_token   bigint;
    v_cert    bigint;
    r         jsonb;
BEGIN
    PERFORM countersign.session_staff(p_session);
    SELECT x.state, x.token_id INTO v_state, token_id FROM countersign.transactions x
     WHERE x.id = p_id AND x.counter_id = v_counter FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM countersign.tx_refuse_foreign(p_id, v_counter);
    END IF;
    IF v_state IS DISTINCT FROM p_from THEN
        advanced := false;
        RETURN;
    END IF;
    FOR r IN SELECT e FROM pg_catalog.jsonb_array_elements(coalesce(p_records, '[]'::jsonb)) e LOOP
        CASE r ->> 'op'
        WHEN 'key_take' THEN
            v_token := countersign.tx_key_take(p_session, p_id, r ->> 'serial', r ->> 'model', r ->> 'manufacturer',
                                               (r ->> 'auto_receive')::boolean, (r ->> 'so_pin_version')::integer);
        WHEN 'certificate_issued' THEN
            PERFORM countersign.tx_certificate_issued(p_session, p_id, r ->> 'serial', r ->> 'issuer',
                                                      r ->> 'subject', r ->> 'uscc', r ->> 'key_algorithm',
                                                      (r ->> 'not_before')::timestamptz,
                                                      (r ->> 'not_after')::timestamptz,
                                                      pg_catalog.decode(r ->> 'der', 'base64'));
        WHEN 'certificate_activated' THEN
            v_cert := countersign.tx_certificate_activated(p_session, p_id, r ->> 'serial');
        WHEN 'certificate_superseded' THEN
            PERFORM countersign.tx_certificate_superseded(p_session, p_id, r ->> 'serial', v_cert);
        WHEN 'key_active' THEN
            PERFORM countersign.tx_key_active(p_session, p_id);
        ELSE
            RAISE EXCEPTION 'no key or certificate record "%"', coalesce(r ->> 'op', '(none)')
                USING ERRCODE = 'invalid_parameter_value';
        END CASE;
    END LOOP;
    advanced := countersign.tx_advance(p_session, p_id, p_from, p_to, p_patch, p_failure_reason, v_token, p_step,
                                       p_step_detail, p_event, p_audit_detail);
    token_id := coalesce(v_token, token_id);
END
$fn$;

-- REPLACE (fee_recorded, or failed while compensating): the old key's certificates (work.revoke) revoked —
-- keyCompromise for a lost key, superseded for a damaged one — the old key lost, or handed in damaged (a
-- "return_damaged" movement), and work.old_revoked; audited "certificate.revoked" each and "key.replaced".
CREATE FUNCTION countersign.tx_replace_revoked(p_session text, p_id bigint, p_serials text[]) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    t         countersign.transactions := countersign.keys_tx(p_id, v_counter, ARRAY['fee_recorded', 'failed'],
                                                               'revoking the replaced key''s certificates');
    v_reason  text;
    v_serial  text;
    k         record;
    v_note    text := 'handed in at the counter (REPLACE)';
BEGIN
    IF t.kind <> 'REPLACE' THEN
        RAISE EXCEPTION 'transaction % is not a replacement', t.number USING ERRCODE = 'check_violation';
    END IF;
    v_reason := CASE WHEN t.replace_reason = 'lost' THEN 'keyCompromise' ELSE 'superseded' END;
    FOREACH v_serial IN ARRAY coalesce(p_serials, '{}') LOOP
        IF NOT coalesce(t.work -> 'revoke' ? v_serial, false) THEN
            RAISE EXCEPTION 'certificate % is not one transaction % revokes', v_serial, t.number
                USING ERRCODE = 'check_violation';
        END IF;
        PERFORM countersign.keys_revoke(t, v_staff, v_serial, v_reason, NULL);
    END LOOP;
    IF t.old_token_id IS NOT NULL THEN
        SELECT x.id, x.state, x.serial INTO k FROM countersign.tokens x WHERE x.id = t.old_token_id FOR UPDATE;
        IF t.replace_reason = 'lost' AND k.state <> 'lost' THEN
            UPDATE countersign.tokens x SET state = 'lost' WHERE x.id = k.id;
        ELSIF t.replace_reason = 'damaged' AND k.state <> 'damaged' THEN
            IF k.state NOT IN ('active', 'locked', 'blank') THEN
                RAISE EXCEPTION 'key % is %: only an active, locked or blank key can be handed in damaged',
                    k.serial, k.state USING ERRCODE = 'object_not_in_prerequisite_state';
            END IF;
            UPDATE countersign.tokens x SET state = 'damaged', centre_id = t.centre_id WHERE x.id = k.id;
            INSERT INTO countersign.stock_movements (token_id, centre_id, kind, transaction_id, staff_id, note)
            VALUES (k.id, t.centre_id, 'return_damaged', t.id, v_staff, v_note);
            PERFORM countersign.audit_append(v_counter, v_staff, 'stock.returned_damaged', k.serial,
                                             jsonb_build_object('transaction', t.number, 'note', v_note));
        END IF;
    END IF;
    UPDATE countersign.transactions x SET work = x.work || '{"old_revoked": true}'::jsonb WHERE x.id = t.id;
    PERFORM countersign.audit_append(v_counter, v_staff, 'key.replaced', t.number,
                                     jsonb_build_object('reason', t.replace_reason,
                                                        'revoked', to_jsonb(coalesce(p_serials, '{}'))));
END
$fn$;

-- Compensation (failed): the certificate the CA issued for this transaction, recorded and revoked
-- (cessationOfOperation). Audited "certificate.revoked".
CREATE FUNCTION countersign.tx_issued_revoked(p_session text, p_id bigint, p_serial text, p_issuer text,
                                              p_subject text, p_uscc text, p_key_algorithm text,
                                              p_not_before timestamptz, p_not_after timestamptz, p_der bytea)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    t         countersign.transactions := countersign.keys_tx(p_id, v_counter, ARRAY['failed'],
                                                               'revoking a failed transaction''s certificate');
BEGIN
    PERFORM countersign.keys_record_issued(t, t.token_id, p_serial, p_issuer, p_subject, p_uscc, p_key_algorithm,
                                           p_not_before, p_not_after, p_der);
    PERFORM countersign.keys_revoke(t, v_staff, p_serial, 'cessationOfOperation', NULL);
END
$fn$;

-- Compensation (failed): the transaction's blank key back in stock, unused ("return_unused",
-- "stock.returned_unused"). A key that is not blank stays as it is; returns whether it went back.
CREATE FUNCTION countersign.tx_key_returned(p_session text, p_id bigint) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    t         countersign.transactions := countersign.keys_tx(p_id, v_counter, ARRAY['failed'],
                                                               'returning a key to stock');
    k         record;
BEGIN
    IF t.kind NOT IN ('NEW', 'REPLACE') THEN
        RAISE EXCEPTION 'transaction % is a %: it took no key from stock', t.number, t.kind
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    SELECT x.id, x.state, x.serial INTO k FROM countersign.tokens x WHERE x.id = t.token_id FOR UPDATE;
    IF NOT FOUND OR k.state <> 'blank' THEN
        RETURN false;
    END IF;
    UPDATE countersign.tokens x SET state = 'in_stock', centre_id = t.centre_id WHERE x.id = k.id;
    INSERT INTO countersign.stock_movements (token_id, centre_id, kind, transaction_id, staff_id)
    VALUES (k.id, t.centre_id, 'return_unused', t.id, v_staff);
    PERFORM countersign.audit_append(v_counter, v_staff, 'stock.returned_unused', k.serial,
                                     jsonb_build_object('transaction', t.number));
    RETURN true;
END
$fn$;

-- The workflow's own entries outside a step, by the session's person: "operation.refused" (p_id NULL: nothing was
-- opened; subject as given) and "transaction.compensation_pending" (a failed transaction of this counter; subject
-- its number).
CREATE FUNCTION countersign.tx_audit(p_session text, p_id bigint, p_event text, p_subject text, p_detail jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    t         countersign.transactions;
BEGIN
    IF p_event = 'operation.refused' AND p_id IS NULL THEN
        PERFORM countersign.audit_append(v_counter, v_staff, p_event, coalesce(p_subject, ''),
                                         coalesce(p_detail, '{}'));
    ELSIF p_event = 'transaction.compensation_pending' THEN
        t := countersign.keys_tx(p_id, v_counter, ARRAY['failed'], 'a pending compensation');
        PERFORM countersign.audit_append(v_counter, v_staff, p_event, t.number, coalesce(p_detail, '{}'));
    ELSE
        RAISE EXCEPTION 'the workflow does not record "%" itself', coalesce(p_event, '(none)')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- The CA's own records (built-in CA, and the journal of an external CA)
-- ---------------------------------------------------------------------------------------------------------------

-- A certificate the CA issued for request p_request_id: its enterprise (found by USCC, or added), the certificate
-- row and the request. The request must be a transaction of this counter waiting for its certificate
-- (key_generated; failed while compensating) for the same enterprise, or an admin's open "ca.issue" command at
-- this counter. Returns the certificate's id. A serial on record already is a unique_violation (a new serial is
-- asked for).
CREATE FUNCTION countersign.ca_issue_record(p_request_id text, p_serial text, p_issuer text, p_profile text,
                                            p_subject text, p_uscc text, p_company text, p_key_algorithm text,
                                            p_not_before timestamptz, p_not_after timestamptz, p_der bytea,
                                            p_chain_pem text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter    bigint := countersign.keys_ca_counter();
    v_enterprise bigint;
    v_id         bigint;
BEGIN
    IF coalesce(p_uscc, '') = '' THEN
        RAISE EXCEPTION 'the CA''s certificate names no enterprise (NTRCN-USCC)' USING ERRCODE = 'check_violation';
    END IF;
    IF v_counter IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM countersign.transactions t JOIN countersign.enterprises e ON e.id = t.enterprise_id
                        WHERE t.number = p_request_id AND t.counter_id = v_counter
                          AND t.state IN ('key_generated', 'failed') AND e.uscc = p_uscc)
       AND NOT EXISTS (SELECT 1 FROM countersign.admin_actions a
                        WHERE a.kind = 'ca.issue' AND a.subject = p_request_id AND a.counter_id = v_counter
                          AND a.state = 'started') THEN
        RAISE EXCEPTION 'request % is not a certificate this counter is waiting for', p_request_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- An enterprise on record is found first: a USCC a supervisor confirmed (DESIGN §3.4) only passes with that
    -- approval, and PostgreSQL checks a new row's constraints before it sees a conflict.
    SELECT e.id INTO v_enterprise FROM countersign.enterprises e WHERE e.uscc = p_uscc;
    IF NOT FOUND THEN
        INSERT INTO countersign.enterprises AS e (uscc, name) VALUES (p_uscc, coalesce(nullif(p_company, ''), p_uscc))
        ON CONFLICT (uscc) DO UPDATE SET uscc = excluded.uscc
        RETURNING e.id INTO v_enterprise;
    END IF;
    INSERT INTO countersign.certificates (serial, issuer, profile, enterprise_id, subject, uscc, key_algorithm,
                                          not_before, not_after, der)
    VALUES (p_serial, p_issuer, coalesce(p_profile, 'enterprise-tax'), v_enterprise, p_subject, p_uscc,
            nullif(p_key_algorithm, ''), p_not_before, p_not_after, p_der)
    RETURNING id INTO v_id;
    INSERT INTO countersign.ca_requests (request_id, certificate_id, chain_pem)
    VALUES (p_request_id, v_id, coalesce(p_chain_pem, ''));
    RETURN v_id;
END
$fn$;

-- The CA revoked certificate p_serial (of issuer p_issuer): status, reason and time, unless revoked before (the
-- first stand). The certificate must be one a transaction of this counter revokes (REPLACE's work.revoke, a
-- renewal's old certificate, the certificate a failed transaction's request got) or one an admin's revocation at
-- this counter recorded. False when there is no such certificate of this issuer.
CREATE FUNCTION countersign.ca_revoke_record(p_serial text, p_issuer text, p_reason text, p_at timestamptz)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.keys_ca_counter();
    c         record;
BEGIN
    SELECT x.id, x.revocation_reason, r.request_id INTO c
      FROM countersign.certificates x LEFT JOIN countersign.ca_requests r ON r.certificate_id = x.id
     WHERE x.serial = p_serial AND x.issuer = p_issuer FOR UPDATE OF x;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF c.revocation_reason IS NOT NULL THEN
        RETURN true; -- revoking again is a no-op: the first reason and time stand
    END IF;
    IF v_counter IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM countersign.transactions t
                        WHERE t.counter_id = v_counter
                          AND t.state NOT IN ('completed', 'compensated')
                          AND (t.work -> 'revoke' ? p_serial OR t.work ->> 'old_cert_serial' = p_serial
                               OR t.number = c.request_id)) THEN
        RAISE EXCEPTION 'certificate % is not one this counter is revoking', p_serial
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE countersign.certificates x
       SET status = CASE WHEN p_reason = 'superseded' THEN 'superseded' ELSE 'revoked' END,
           revocation_reason = p_reason, revoked_at = p_at
     WHERE x.id = c.id;
    RETURN true;
END
$fn$;

-- The next CRL's number; the CA's row stays locked until the caller's transaction ends (ca_crl_record).
CREATE FUNCTION countersign.ca_crl_next() RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.keys_ca_counter();
    v_number  bigint;
BEGIN
    SELECT a.crl_number + 1 INTO v_number FROM countersign.ca_authority a FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no built-in CA in this database' USING ERRCODE = 'no_data_found';
    END IF;
    RETURN v_number;
END
$fn$;

-- A CRL signed with number p_number: the next one, never one skipped or used before.
CREATE FUNCTION countersign.ca_crl_record(p_number bigint, p_valid_days integer, p_der bytea) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.keys_ca_counter();
BEGIN
    IF coalesce(p_valid_days, 0) < 1 OR p_der IS NULL OR pg_catalog.length(p_der) = 0 THEN
        RAISE EXCEPTION 'a CRL needs its DER and a validity of a day or more' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE countersign.ca_authority a SET crl_number = p_number WHERE a.crl_number + 1 = p_number;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'CRL number % is not the next one', p_number USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO countersign.ca_crls (crl_number, this_update, next_update, der)
    VALUES (p_number, now(), now() + make_interval(days => p_valid_days), p_der);
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Privileges
-- ---------------------------------------------------------------------------------------------------------------
-- Revoking the table's UPDATE takes 0013's column grants with it.
REVOKE INSERT, UPDATE, DELETE ON countersign.tokens, countersign.stock_movements, countersign.certificates,
    countersign.ca_requests, countersign.ca_crls, countersign.ca_authority FROM countersign_counter;

GRANT EXECUTE ON FUNCTION
    countersign.key_presented(text, text, text, text, text, bigint),
    countersign.certificate_presented(text, bigint, bigint, text, text, text, text, timestamptz, timestamptz, bytea),
    countersign.tx_key_take(text, bigint, text, text, text, boolean, integer),
    countersign.tx_certificate_issued(text, bigint, text, text, text, text, text, timestamptz, timestamptz, bytea),
    countersign.tx_certificate_activated(text, bigint, text),
    countersign.tx_certificate_superseded(text, bigint, text, bigint),
    countersign.tx_key_active(text, bigint),
    countersign.tx_advance_keys(text, bigint, text, text, jsonb, text, text, jsonb, text, jsonb, jsonb),
    countersign.tx_replace_revoked(text, bigint, text[]),
    countersign.tx_issued_revoked(text, bigint, text, text, text, text, text, timestamptz, timestamptz, bytea),
    countersign.tx_key_returned(text, bigint),
    countersign.tx_audit(text, bigint, text, text, jsonb),
    countersign.ca_issue_record(text, text, text, text, text, text, text, text, timestamptz, timestamptz, bytea, text),
    countersign.ca_revoke_record(text, text, text, timestamptz),
    countersign.ca_crl_next(),
    countersign.ca_crl_record(bigint, integer, bytea)
TO countersign_counter;
