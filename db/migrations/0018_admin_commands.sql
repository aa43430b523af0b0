-- 0018_admin_commands.sql — admin work from the command line needs an admin's session (issue "the database is
-- the authority").
--
-- `countersignctl stock receive / write-off`, `ca issue / revoke` and `token init / set-pin / unlock / retire`
-- (everything done with a key's SO PIN) are an admin's work. Each now goes through a function here that takes the admin's staff session (0010: the person
-- comes from the session, never from a staff id the client sends) and records that person:
--
--   stock_receive(session, model, manufacturer, serials[], reference)
--                     blank keys into the stock of the acting counter's centre: a tokens row in_stock, a
--                     "receive" movement and a "stock.received" entry per serial; a serial already known
--                     refuses the lot.
--   stock_write_off(session, serial, reference, note)
--                     a key of this centre in stock or damaged → retired, a "write_off" movement,
--                     "stock.written_off".
--   certificate_revoke(session, serial, reason)
--                     a revocation outside a transaction: the certificate row is revoked (the built-in CA's CRL
--                     is read from it) and an admin action "ca.revoke" is opened, BEFORE the CA is asked.
--   admin_action_begin(session, kind, subject, detail)
--                     "ca.issue", "token.init", "token.set_pin", "token.unlock", "token.retire": authorised and
--                     written down before the CA or the key is touched; a refusal leaves both untouched. A key
--                     an unfinished transaction is working on is refused.
--   admin_action_finish(session, action, ok, outcome)
--                     what came of it, by the admin who began it; once.
--
-- The records: admin_actions (one row per command, started → done | failed, with the admin and the counter) and
-- the audit chain ("<kind>.started", "<kind>.done" / "<kind>.failed", "certificate.revoked", "stock.*").
--
-- What a counter's login alone can no longer do: write a key off (a "write_off" movement) or take a key out of
-- service (tokens.state → retired) — the only writes that only these commands made. The workflow still writes
-- tokens (a key issued from stock, received at the counter, its holder, its SO PIN version), stock movements
-- (issue, returns, receive at the counter) and certificates (issued, revoked by REPLACE and compensation)
-- directly until it moves behind functions of its own, so those grants stay; a row-level trigger refuses the two
-- admin-only writes instead, since a table grant can't tell them apart. Receiving keys into stock stays open to
-- the counters' grants as well: the workflow receives a key it meets for the first time, and the kiosk's back
-- office (Desk::receiveStock) still receives with them until it passes the admin's session to stock_receive.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- ---------------------------------------------------------------------------------------------------------------
-- Who: an admin's session, at this counter; the owner's login without a session does not do for these.
-- ---------------------------------------------------------------------------------------------------------------
CREATE FUNCTION countersign.require_admin_session(p_session text, p_what text, OUT admin_id bigint,
                                                  OUT counter_id bigint, OUT centre_id bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF p_session IS NULL THEN
        RAISE EXCEPTION '% needs an admin''s session: log in with --operator', p_what
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    admin_id := (countersign.require_admin(p_session, NULL, p_what)).admin_id;
    counter_id := countersign.require_acting_counter();
    SELECT c.centre_id INTO centre_id FROM countersign.counters c WHERE c.id = counter_id;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Stock
-- ---------------------------------------------------------------------------------------------------------------
CREATE FUNCTION countersign.stock_receive(p_session text, p_model text, p_manufacturer text, p_serials text[],
                                          p_reference text)
RETURNS bigint[]
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who    record := countersign.require_admin_session(p_session, 'receiving keys into stock');
    v_serial text;
    v_known  record;
    v_id     bigint;
    v_ids    bigint[] := '{}';
BEGIN
    IF coalesce(p_model, '') = '' THEN
        RAISE EXCEPTION 'a key model is needed to receive keys' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF coalesce(cardinality(p_serials), 0) = 0 THEN
        RAISE EXCEPTION 'no key serial given: nothing to receive' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_serials) s WHERE coalesce(s, '') = '') THEN
        RAISE EXCEPTION 'an empty key serial can''t be received' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT s INTO v_serial FROM unnest(p_serials) s GROUP BY s HAVING count(*) > 1 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'key % is listed twice; nothing was received', v_serial
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Every serial is checked before any is received, so a refusal leaves nothing half done.
    FOREACH v_serial IN ARRAY p_serials LOOP
        SELECT k.state, c.code INTO v_known
          FROM countersign.tokens k LEFT JOIN countersign.centres c ON c.id = k.centre_id
         WHERE k.serial = v_serial;
        IF FOUND THEN
            RAISE EXCEPTION 'key % is already known (state %); nothing was received', v_serial,
                v_known.state || coalesce(' at centre ' || v_known.code, '') USING ERRCODE = 'unique_violation';
        END IF;
    END LOOP;
    FOREACH v_serial IN ARRAY p_serials LOOP
        INSERT INTO countersign.tokens (serial, model, manufacturer, state, centre_id, received_at)
        VALUES (v_serial, p_model, nullif(p_manufacturer, ''), 'in_stock', v_who.centre_id, now())
        ON CONFLICT (serial) DO NOTHING
        RETURNING id INTO v_id;
        IF v_id IS NULL THEN
            RAISE EXCEPTION 'key % was received by another counter at the same moment; nothing was received',
                v_serial USING ERRCODE = 'unique_violation';
        END IF;
        INSERT INTO countersign.stock_movements (token_id, centre_id, kind, staff_id, reference)
        VALUES (v_id, v_who.centre_id, 'receive', v_who.admin_id, nullif(p_reference, ''));
        PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, 'stock.received', v_serial,
                                         jsonb_build_object('model', p_model, 'reference',
                                                            coalesce(p_reference, '')));
        v_ids := v_ids || v_id;
    END LOOP;
    RETURN v_ids;
END
$fn$;

CREATE FUNCTION countersign.stock_write_off(p_session text, p_serial text, p_reference text, p_note text)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who    record := countersign.require_admin_session(p_session, 'writing keys off');
    v_token  record;
BEGIN
    IF coalesce(p_reference, '') = '' THEN
        RAISE EXCEPTION 'a write-off needs a reference (the write-off note or form number)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT k.id, k.state, k.centre_id, c.code INTO v_token
      FROM countersign.tokens k LEFT JOIN countersign.centres c ON c.id = k.centre_id
     WHERE k.serial = p_serial FOR UPDATE OF k;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no key with serial %', p_serial USING ERRCODE = 'no_data_found';
    END IF;
    IF v_token.state NOT IN ('in_stock', 'damaged') THEN
        RAISE EXCEPTION 'key % is %: only a key in stock or a damaged key can be written off', p_serial,
            v_token.state USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF v_token.centre_id IS DISTINCT FROM v_who.centre_id THEN
        RAISE EXCEPTION 'key % belongs to centre %: write it off there', p_serial, coalesce(v_token.code, '(none)')
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    UPDATE countersign.tokens SET state = 'retired' WHERE id = v_token.id;
    INSERT INTO countersign.stock_movements (token_id, centre_id, kind, staff_id, reference, note)
    VALUES (v_token.id, v_who.centre_id, 'write_off', v_who.admin_id, p_reference, nullif(p_note, ''));
    PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, 'stock.written_off', p_serial,
                                     jsonb_build_object('from_state', v_token.state, 'reference', p_reference,
                                                        'note', coalesce(p_note, '')));
    RETURN v_token.state;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Admin work on a key or the CA outside a transaction: written down before it is done.
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE countersign.admin_actions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('ca.issue', 'ca.revoke', 'token.init', 'token.set_pin',
                                              'token.unlock', 'token.retire')),
    subject     text NOT NULL,                                -- key serial, certificate serial, CA request id
    staff_id    bigint NOT NULL REFERENCES countersign.staff, -- the admin of the session
    counter_id  bigint NOT NULL REFERENCES countersign.counters,
    detail      jsonb NOT NULL DEFAULT '{}',
    state       text NOT NULL DEFAULT 'started' CHECK (state IN ('started', 'done', 'failed')),
    outcome     jsonb,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    CHECK ((state = 'started') = (finished_at IS NULL))
);
CREATE INDEX admin_actions_subject_idx ON countersign.admin_actions (subject);

-- Opens an admin action and audits "<kind>.started". `p_subject`: the key's serial (empty for "the blank key in
-- the writer" of token.init), the CA request id of ca.issue.
CREATE FUNCTION countersign.admin_action_begin(p_session text, p_kind text, p_subject text, p_detail jsonb)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who    record;
    v_detail jsonb := coalesce(p_detail, '{}'::jsonb);
    v_number text;
    v_state  text;
    v_id     bigint;
BEGIN
    IF p_kind IS NULL OR p_kind NOT IN ('ca.issue', 'token.init', 'token.set_pin', 'token.unlock', 'token.retire')
    THEN
        RAISE EXCEPTION 'no admin command %', coalesce(p_kind, '(none)') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_who := countersign.require_admin_session(p_session, CASE p_kind
        WHEN 'ca.issue' THEN 'issuing a certificate outside a transaction'
        WHEN 'token.init' THEN 'initialising a key'
        WHEN 'token.set_pin' THEN 'setting a key''s PIN with its SO PIN'
        WHEN 'token.unlock' THEN 'unlocking a key'
        ELSE 'wiping a key' END);
    IF p_kind = 'ca.issue' AND coalesce(p_subject, '') = '' THEN
        RAISE EXCEPTION 'a certificate request needs a request id' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_kind LIKE 'token.%' AND coalesce(p_subject, '') <> '' THEN
        -- A key an unfinished transaction is working on is that transaction's until it ends.
        SELECT t.number INTO v_number
          FROM countersign.transactions t JOIN countersign.tokens k ON k.id = t.token_id
         WHERE k.serial = p_subject AND t.state NOT IN ('completed', 'failed', 'compensated')
         LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'key % is being worked on by transaction %: finish or recover it first', p_subject,
                v_number USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        SELECT k.state INTO v_state FROM countersign.tokens k WHERE k.serial = p_subject;
        IF FOUND THEN
            v_detail := v_detail || jsonb_build_object('token_state', v_state);
        END IF;
    END IF;
    INSERT INTO countersign.admin_actions (kind, subject, staff_id, counter_id, detail)
    VALUES (p_kind, coalesce(p_subject, ''), v_who.admin_id, v_who.counter_id, v_detail)
    RETURNING id INTO v_id;
    PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, p_kind || '.started',
                                     left(coalesce(p_subject, ''), 200),
                                     v_detail || jsonb_build_object('action', v_id));
    RETURN v_id;
END
$fn$;

-- Closes an admin action this session's admin began: "<kind>.done" or "<kind>.failed" with what came of it.
CREATE FUNCTION countersign.admin_action_finish(p_session text, p_action bigint, p_ok boolean, p_outcome jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who    record := countersign.require_admin_session(p_session, 'finishing an admin command');
    v_action countersign.admin_actions;
    v_state  text := CASE WHEN p_ok THEN 'done' ELSE 'failed' END;
BEGIN
    SELECT * INTO v_action FROM countersign.admin_actions a WHERE a.id = p_action FOR UPDATE;
    IF NOT FOUND OR v_action.staff_id <> v_who.admin_id OR v_action.counter_id <> v_who.counter_id THEN
        RAISE EXCEPTION 'no admin command % of this admin at this counter', p_action
            USING ERRCODE = 'no_data_found';
    END IF;
    IF v_action.state <> 'started' THEN
        RAISE EXCEPTION 'admin command % is % already', p_action, v_action.state
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    UPDATE countersign.admin_actions a SET state = v_state, outcome = coalesce(p_outcome, '{}'::jsonb),
           finished_at = now()
     WHERE a.id = p_action;
    PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, v_action.kind || '.' || v_state,
                                     left(v_action.subject, 200),
                                     coalesce(p_outcome, '{}'::jsonb) || jsonb_build_object('action', p_action));
END
$fn$;

-- A revocation outside a transaction: the certificate is revoked on record (the first reason and time stand
-- when it was revoked before) and a "ca.revoke" action is opened for the CA's side. Returns the action.
CREATE FUNCTION countersign.certificate_revoke(p_session text, p_serial text, p_reason text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who  record := countersign.require_admin_session(p_session, 'revoking a certificate');
    v_cert record;
    v_id   bigint;
BEGIN
    IF p_reason IS NULL OR p_reason NOT IN ('unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged',
                                            'superseded', 'cessationOfOperation', 'privilegeWithdrawn',
                                            'aACompromise') THEN
        RAISE EXCEPTION 'no revocation reason %', coalesce(p_reason, '(none)')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT c.id, c.revocation_reason INTO v_cert FROM countersign.certificates c
     WHERE c.serial = p_serial FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no certificate with serial % on record', p_serial USING ERRCODE = 'no_data_found';
    END IF;
    IF v_cert.revocation_reason IS NULL THEN
        UPDATE countersign.certificates c
           SET status = CASE WHEN p_reason = 'superseded' THEN 'superseded' ELSE 'revoked' END,
               revocation_reason = p_reason, revoked_at = now()
         WHERE c.id = v_cert.id;
        PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, 'certificate.revoked', p_serial,
                                         jsonb_build_object('reason', p_reason, 'by', 'admin'));
    END IF;
    INSERT INTO countersign.admin_actions (kind, subject, staff_id, counter_id, detail)
    VALUES ('ca.revoke', p_serial, v_who.admin_id, v_who.counter_id,
            jsonb_build_object('reason', p_reason, 'revoked_before', v_cert.revocation_reason IS NOT NULL))
    RETURNING id INTO v_id;
    PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, 'ca.revoke.started', p_serial,
                                     jsonb_build_object('reason', p_reason, 'action', v_id));
    RETURN v_id;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- What only these commands wrote, refused to a counter's own statements (the functions above run as the owner).
-- ---------------------------------------------------------------------------------------------------------------
CREATE FUNCTION countersign.refuse_admin_only_write() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF pg_catalog.pg_has_role(current_user, 'countersign_owner', 'MEMBER') THEN
        RETURN NEW;
    END IF;
    -- One field per table: an expression is planned only when its branch is reached.
    IF TG_TABLE_NAME = 'stock_movements' THEN
        IF NEW.kind = 'write_off' THEN
            RAISE EXCEPTION 'writing a key off needs an admin''s session: countersign.stock_write_off'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSIF NEW.state = 'retired' AND OLD.state IS DISTINCT FROM 'retired' THEN
        RAISE EXCEPTION 'taking a key out of service needs an admin''s session: countersign.stock_write_off'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER stock_movements_admin_only BEFORE INSERT ON countersign.stock_movements
    FOR EACH ROW EXECUTE FUNCTION countersign.refuse_admin_only_write();
CREATE TRIGGER tokens_admin_only BEFORE UPDATE OF state ON countersign.tokens
    FOR EACH ROW EXECUTE FUNCTION countersign.refuse_admin_only_write();

REVOKE ALL ON countersign.admin_actions FROM countersign_counter;
GRANT SELECT ON countersign.admin_actions TO countersign_counter;
GRANT EXECUTE ON FUNCTION
    countersign.stock_receive(text, text, text, text[], text),
    countersign.stock_write_off(text, text, text, text),
    countersign.admin_action_begin(text, text, text, jsonb),
    countersign.admin_action_finish(text, bigint, boolean, jsonb),
    countersign.certificate_revoke(text, text, text)
TO countersign_counter;
