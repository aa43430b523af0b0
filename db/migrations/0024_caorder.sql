-- 0024_caorder.sql — the CA behind the counter, in order (issue 19, "The CA behind the counter").
--
-- CMP: what the counter is about to ask an external CA is recorded before the request leaves (ca_cmp_intents): the
-- request id, the SHA-256 of the CSR (DER) and the CMP transactionID, derived from the request id and the attempt.
-- The certificate the CA answers with is recorded (ca_issue_record, 0019) before the counter confirms it (certConf),
-- so a certificate the CA counts is always one the counter recorded. An attempt that got no recorded answer never
-- sent its certConf: the next attempt of the request marks it void, and the CA behind voids it too (README, the CA
-- section: an unconfirmed certificate is never published and is revoked when the confirmation times out).
--   ca_cmp_intent_begin(request, csr_sha256)     a new attempt: its number and transactionID
--   ca_cmp_intent_confirmed(request, attempt)    the CA acknowledged the confirmation (pkiConf)
--
-- RENEW / UPGRADE: the new certificate is recorded as complete (work.new_recorded) before the old one is revoked
-- at the CA; from then on the transaction is only ever resumed (a verified renewal never moves to failed).
--   tx_renewal_recorded(session, transaction)
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

CREATE TABLE countersign.ca_cmp_intents (
    request_id     text NOT NULL CHECK (request_id <> ''),
    attempt        integer NOT NULL CHECK (attempt >= 1),
    transaction_id bytea NOT NULL UNIQUE CHECK (octet_length(transaction_id) = 16),
    csr_sha256     bytea NOT NULL CHECK (octet_length(csr_sha256) = 32),
    counter_id     bigint REFERENCES countersign.counters,
    state          text NOT NULL DEFAULT 'sent' CHECK (state IN ('sent', 'confirmed', 'void')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (request_id, attempt)
);
GRANT SELECT ON countersign.ca_cmp_intents TO countersign_counter;

-- The request must be one this counter waits for a certificate for (the rule of ca_issue_record, 0019): a
-- transaction of this counter in key_generated (or failed, while compensating), or an admin's open "ca.issue".
CREATE FUNCTION countersign.ca_cmp_request_check(p_request_id text, p_counter bigint) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF p_counter IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM countersign.transactions t
                        WHERE t.number = p_request_id AND t.counter_id = p_counter
                          AND t.state IN ('key_generated', 'failed'))
       AND NOT EXISTS (SELECT 1 FROM countersign.admin_actions a
                        WHERE a.kind = 'ca.issue' AND a.subject = p_request_id AND a.counter_id = p_counter
                          AND a.state = 'started') THEN
        RAISE EXCEPTION 'request % is not a certificate this counter is waiting for', p_request_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$fn$;
REVOKE EXECUTE ON FUNCTION countersign.ca_cmp_request_check(text, bigint) FROM PUBLIC;

-- A new attempt at request p_request_id, recorded before it is sent: returns its number and its CMP transactionID
-- (the first 16 bytes of SHA-256 over "countersign-cmp:<request id>:<attempt>"). Earlier attempts still "sent" had
-- no answer recorded, so they never confirmed anything: they are void. Refused for a request answered already
-- (its certificate is on record: asked again, the journal answers) and for a CSR other than the request's first.
CREATE FUNCTION countersign.ca_cmp_intent_begin(p_request_id text, p_csr_sha256 bytea,
                                                OUT attempt integer, OUT transaction_id bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.keys_ca_counter();
    v_first   bytea;
BEGIN
    IF coalesce(p_request_id, '') = '' OR p_csr_sha256 IS NULL OR pg_catalog.octet_length(p_csr_sha256) <> 32 THEN
        RAISE EXCEPTION 'a CMP request needs its request id and the SHA-256 of its CSR'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM countersign.ca_cmp_request_check(p_request_id, v_counter);
    -- One attempt at a time per request, across processes and counters.
    PERFORM pg_catalog.pg_advisory_xact_lock(1129139536, pg_catalog.hashtext(p_request_id));
    IF EXISTS (SELECT 1 FROM countersign.ca_requests r WHERE r.request_id = p_request_id) THEN
        RAISE EXCEPTION 'request % has its certificate on record already', p_request_id
            USING ERRCODE = 'unique_violation';
    END IF;
    SELECT i.csr_sha256 INTO v_first FROM countersign.ca_cmp_intents i
     WHERE i.request_id = p_request_id ORDER BY i.attempt LIMIT 1;
    IF FOUND AND v_first <> p_csr_sha256 THEN
        RAISE EXCEPTION 'request % was sent with another CSR', p_request_id USING ERRCODE = 'check_violation';
    END IF;
    UPDATE countersign.ca_cmp_intents i SET state = 'void' WHERE i.request_id = p_request_id AND i.state = 'sent';
    SELECT coalesce(max(i.attempt), 0) + 1 INTO attempt FROM countersign.ca_cmp_intents i
     WHERE i.request_id = p_request_id;
    transaction_id := pg_catalog.substr(pg_catalog.sha256(pg_catalog.convert_to(
                          'countersign-cmp:' || p_request_id || ':' || attempt, 'UTF8')), 1, 16);
    INSERT INTO countersign.ca_cmp_intents (request_id, attempt, transaction_id, csr_sha256, counter_id)
    VALUES (p_request_id, attempt, transaction_id, p_csr_sha256, v_counter);
END
$fn$;

-- The CA acknowledged the confirmation of attempt p_attempt, whose certificate is on record (ca_issue_record).
CREATE FUNCTION countersign.ca_cmp_intent_confirmed(p_request_id text, p_attempt integer) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.keys_ca_counter();
BEGIN
    IF NOT EXISTS (SELECT 1 FROM countersign.ca_requests r WHERE r.request_id = p_request_id) THEN
        RAISE EXCEPTION 'request % has no certificate on record to confirm', p_request_id
            USING ERRCODE = 'check_violation';
    END IF;
    UPDATE countersign.ca_cmp_intents i SET state = 'confirmed'
     WHERE i.request_id = p_request_id AND i.attempt = p_attempt AND i.state = 'sent'
       AND (v_counter IS NULL OR i.counter_id = v_counter);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'attempt % of request % is not one of this counter''s waiting for its confirmation',
            p_attempt, p_request_id USING ERRCODE = 'check_violation';
    END IF;
END
$fn$;

-- A renewal's new certificate is on the key, verified and recorded: from now on the transaction is only resumed
-- (the old certificate is revoked next). Idempotent.
CREATE FUNCTION countersign.tx_renewal_recorded(p_session text, p_id bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    t         countersign.transactions := countersign.keys_tx(p_id, v_counter, ARRAY['verified'],
                                                               'recording the renewal''s new certificate');
BEGIN
    IF t.kind NOT IN ('RENEW', 'UPGRADE') THEN
        RAISE EXCEPTION 'transaction % is not a renewal', t.number USING ERRCODE = 'check_violation';
    END IF;
    IF coalesce((t.work ->> 'new_recorded')::boolean, false) THEN
        RETURN;
    END IF;
    UPDATE countersign.transactions x SET work = x.work || '{"new_recorded": true}'::jsonb WHERE x.id = t.id;
    PERFORM countersign.audit_append(v_counter, v_staff, 'certificate.renewal_recorded', t.number,
                                     jsonb_build_object('certificate', t.work ->> 'cert_serial',
                                                        'old_certificate', t.work ->> 'old_cert_serial'));
END
$fn$;

-- ... and the database holds to it: a verified renewal does not move to failed, whoever asks.
CREATE FUNCTION countersign.transactions_resume_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF OLD.kind IN ('RENEW', 'UPGRADE') THEN
        RAISE EXCEPTION 'transaction % has its new certificate on the key and recorded; it can only be resumed, not '
                        'cancelled', OLD.number USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$fn$;
CREATE TRIGGER transactions_resume_only BEFORE UPDATE OF state ON countersign.transactions FOR EACH ROW
    WHEN (OLD.state = 'verified' AND NEW.state = 'failed') EXECUTE FUNCTION countersign.transactions_resume_only();

GRANT EXECUTE ON FUNCTION
    countersign.ca_cmp_intent_begin(text, bytea),
    countersign.ca_cmp_intent_confirmed(text, integer),
    countersign.tx_renewal_recorded(text, bigint)
TO countersign_counter;
