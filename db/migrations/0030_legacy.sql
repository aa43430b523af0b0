-- The legacy migration — certificates issued before Countersign (issue 21, "Certificates issued before
-- Countersign").
--
-- countersignctl certificates import: an admin's session records, in batches, certificates of the configured
-- legacy CA (the client verified each against [trust] legacy_ca_file with X509_verify_cert before sending it)
-- with their enterprise and their key, the way the workflow records a legacy certificate a key brings
-- (key_presented, certificate_presented): the enterprise by its USCC (never renamed), the key a tokens row
-- 'active' in that enterprise's hands, the certificate 'active', issuer the legacy CA, no issuing transaction.
-- One call is one batch; it answers per row (imported, known, refused with the reason) and writes one
-- "certificates.imported" audit entry with the counts and the file's digest. The same certificate again is
-- "known" (same serial and content); another certificate under a serial on record is refused, the record
-- unchanged.
--
-- A legacy CA is not Countersign's to run: when a REPLACE revokes an imported (or presented) legacy
-- certificate, the certificate is revoked on record as before (tx_replace_revoked) and a revocation REQUEST is
-- recorded for that CA's operator (tx_legacy_revocation_requested, state 'revocation_requested'). An admin
-- exports the open requests (legacy_revocations_export) and, once the legacy CA has revoked them, closes
-- them (legacy_revocations_done, state 'done'). Counters hold no write grant on the new tables.
--
-- CRL publication (issue 21, "CRL publication"): a CRL the built-in CA could not publish after a revocation is
-- audited "ca.crl_publish_failed" on the acting counter's chain (ca_crl_publish_failed); the revocation stands.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- Which certificates an import recorded (the workflow's presented legacy certificates are not here).
CREATE TABLE countersign.legacy_certificates (
    certificate_id bigint PRIMARY KEY REFERENCES countersign.certificates,
    file_digest    text NOT NULL CHECK (file_digest ~ '^[0-9a-f]{64}$'),
    imported_by    bigint NOT NULL REFERENCES countersign.staff,
    imported_at    timestamptz NOT NULL DEFAULT now()
);

-- A legacy certificate revoked on record whose CA still has to revoke it.
CREATE TABLE countersign.legacy_revocations (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    certificate_id bigint NOT NULL UNIQUE REFERENCES countersign.certificates,
    serial         text NOT NULL,
    issuer         text NOT NULL,
    reason         text NOT NULL CHECK (reason IN ('keyCompromise', 'superseded', 'affiliationChanged',
                                                   'cessationOfOperation', 'unspecified')),
    requested_at   timestamptz NOT NULL DEFAULT now(),
    transaction_id bigint REFERENCES countersign.transactions,
    state          text NOT NULL DEFAULT 'revocation_requested' CHECK (state IN ('revocation_requested', 'done')),
    exported_at    timestamptz,
    done_at        timestamptz,
    done_by        bigint REFERENCES countersign.staff,
    CONSTRAINT legacy_revocations_done CHECK ((state = 'done') = (done_at IS NOT NULL AND done_by IS NOT NULL))
);
CREATE INDEX legacy_revocations_open_idx ON countersign.legacy_revocations (requested_at)
    WHERE state = 'revocation_requested';

-- One batch of an import. Arrays of one length, one element per certificate; p_index is the row's place in the
-- file (reported back). p_refused_before: rows of this batch the client refused before the database (not
-- chaining to the legacy CA, unreadable), counted in the audit entry.
CREATE FUNCTION countersign.legacy_import(p_session text, p_file_digest text, p_refused_before integer,
                                          p_index integer[], p_serial text[], p_issuer text[], p_subject text[],
                                          p_uscc text[], p_company text[], p_key_serial text[],
                                          p_key_algorithm text[], p_not_before timestamptz[],
                                          p_not_after timestamptz[], p_der bytea[])
RETURNS TABLE (idx integer, outcome text, detail text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who      record := countersign.require_admin_session(p_session, 'importing legacy certificates');
    v_n        integer := coalesce(pg_catalog.array_length(p_serial, 1), 0);
    v_imported integer := 0;
    v_known    integer := 0;
    v_refused  integer := 0;
    v_enterprise bigint;
    v_token    bigint;
    k          record;
    c          record;
    v_cert     bigint;
    v_why      text;
BEGIN
    IF coalesce(p_file_digest, '') !~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION 'the import names no file digest (SHA-256, hex)' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_n > 5000 THEN
        RAISE EXCEPTION 'a batch holds at most 5000 certificates, not %', v_n USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR i IN 1 .. v_n LOOP
        idx := p_index[i];
        v_why := NULL;
        IF coalesce(p_serial[i], '') = '' OR p_der[i] IS NULL OR coalesce(p_issuer[i], '') = ''
           OR p_not_before[i] IS NULL OR p_not_after[i] IS NULL OR p_not_after[i] <= p_not_before[i] THEN
            v_why := 'the certificate''s serial, issuer, content or validity is missing';
        ELSIF coalesce(p_key_serial[i], '') = '' OR pg_catalog.length(p_key_serial[i]) > 64 THEN
            v_why := 'no key serial (or longer than 64 characters)';
        ELSIF coalesce(p_uscc[i], '') !~ '^[0-9A-Z]{15}$|^[0-9A-Z]{18}$|^[0-9A-Z]{20}$' THEN
            v_why := pg_catalog.format('the USCC %s is not 18 (or a legacy 15 or 20) letters and digits',
                                       coalesce(p_uscc[i], '(none)'));
        ELSIF pg_catalog.length(p_uscc[i]) = 18 AND NOT countersign.uscc_is_valid(p_uscc[i]) THEN
            v_why := pg_catalog.format('the USCC %s fails its check (GB 32100-2015)', p_uscc[i]);
        ELSIF coalesce(pg_catalog.btrim(p_company[i]), '') = '' OR pg_catalog.length(p_company[i]) > 200 THEN
            v_why := 'no company name (or longer than 200 characters)';
        END IF;
        IF v_why IS NULL THEN
            SELECT x.id, x.der, x.token_id INTO c FROM countersign.certificates x WHERE x.serial = p_serial[i];
            IF FOUND THEN
                IF c.der = p_der[i] THEN
                    outcome := 'known';
                    detail := 'already on record';
                    v_known := v_known + 1;
                    RETURN NEXT;
                    CONTINUE;
                END IF;
                v_why := pg_catalog.format('another certificate with serial %s is on record: refused, the record '
                                           'is unchanged', p_serial[i]);
            END IF;
        END IF;
        IF v_why IS NULL THEN
            -- A key on record must be in the hands of this very enterprise; checked before anything is written.
            SELECT x.id, x.state, e.uscc INTO k FROM countersign.tokens x
              LEFT JOIN countersign.enterprises e ON e.id = x.enterprise_id
             WHERE x.serial = p_key_serial[i] FOR UPDATE OF x;
            v_token := NULL;
            IF FOUND AND k.state NOT IN ('active', 'locked') THEN
                v_why := pg_catalog.format('key %s is on record as %s, not in an enterprise''s hands',
                                           p_key_serial[i], k.state);
            ELSIF FOUND AND k.uscc IS DISTINCT FROM p_uscc[i] THEN
                v_why := pg_catalog.format('key %s is on record for another enterprise', p_key_serial[i]);
            ELSIF FOUND THEN
                v_token := k.id;
            END IF;
        END IF;
        IF v_why IS NULL THEN
            -- The enterprise as on record (an import never renames it), else made with the file's name.
            INSERT INTO countersign.enterprises AS e (uscc, name) VALUES (p_uscc[i], pg_catalog.btrim(p_company[i]))
            ON CONFLICT (uscc) DO UPDATE SET name = e.name
            RETURNING e.id INTO v_enterprise;
            IF v_token IS NULL THEN
                INSERT INTO countersign.tokens (serial, model, state, centre_id, enterprise_id)
                VALUES (p_key_serial[i], 'unknown', 'active', v_who.centre_id, v_enterprise)
                RETURNING id INTO v_token;
            END IF;
        END IF;
        IF v_why IS NOT NULL THEN
            outcome := 'refused';
            detail := v_why;
            v_refused := v_refused + 1;
            RETURN NEXT;
            CONTINUE;
        END IF;
        INSERT INTO countersign.certificates (serial, issuer, profile, token_id, enterprise_id, subject, uscc,
                                              key_algorithm, not_before, not_after, status, der)
        VALUES (p_serial[i], p_issuer[i], 'enterprise-tax', v_token, v_enterprise, p_subject[i], p_uscc[i],
                nullif(p_key_algorithm[i], ''), p_not_before[i], p_not_after[i], 'active', p_der[i])
        RETURNING id INTO v_cert;
        INSERT INTO countersign.legacy_certificates (certificate_id, file_digest, imported_by)
        VALUES (v_cert, p_file_digest, v_who.admin_id);
        outcome := 'imported';
        detail := CASE WHEN p_not_after[i] < now() THEN 'expired' ELSE '' END;
        v_imported := v_imported + 1;
        RETURN NEXT;
    END LOOP;
    PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, 'certificates.imported', p_file_digest,
                                     pg_catalog.jsonb_build_object(
                                         'rows', v_n + coalesce(p_refused_before, 0), 'imported', v_imported,
                                         'known', v_known, 'refused', v_refused + coalesce(p_refused_before, 0),
                                         'file_sha256', p_file_digest));
END
$fn$;

-- A REPLACE revoking legacy certificates (the serials of its work.revoke the workflow found issued by a CA of
-- [trust] legacy_ca_file): a revocation request for that CA each, before tx_replace_revoked records them revoked.
-- Only a certificate Countersign did not issue (no issuing transaction, no CA request) is one.
CREATE FUNCTION countersign.tx_legacy_revocation_requested(p_session text, p_id bigint, p_serials text[])
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    t         countersign.transactions := countersign.keys_tx(p_id, v_counter, ARRAY['fee_recorded', 'failed'],
                                                               'requesting a legacy CA''s revocation');
    v_serial  text;
    c         record;
BEGIN
    IF t.kind <> 'REPLACE' THEN
        RAISE EXCEPTION 'transaction % is not a replacement', t.number USING ERRCODE = 'check_violation';
    END IF;
    FOREACH v_serial IN ARRAY coalesce(p_serials, '{}') LOOP
        IF NOT coalesce(t.work -> 'revoke' ? v_serial, false) THEN
            RAISE EXCEPTION 'certificate % is not one transaction % revokes', v_serial, t.number
                USING ERRCODE = 'check_violation';
        END IF;
        SELECT x.id, x.issuer, x.transaction_id,
               EXISTS (SELECT 1 FROM countersign.ca_requests r WHERE r.certificate_id = x.id) AS ours
          INTO c FROM countersign.certificates x WHERE x.serial = v_serial;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no certificate with serial % on record', v_serial USING ERRCODE = 'no_data_found';
        END IF;
        IF c.transaction_id IS NOT NULL OR c.ours THEN
            RAISE EXCEPTION 'certificate % was issued through Countersign: its CA revokes it, not a legacy CA',
                v_serial USING ERRCODE = 'check_violation';
        END IF;
        INSERT INTO countersign.legacy_revocations (certificate_id, serial, issuer, reason, transaction_id)
        VALUES (c.id, v_serial, c.issuer,
                CASE WHEN t.replace_reason = 'lost' THEN 'keyCompromise' ELSE 'superseded' END, t.id)
        ON CONFLICT (certificate_id) DO NOTHING;
        IF FOUND THEN
            PERFORM countersign.audit_append(v_counter, v_staff, 'certificate.revocation_requested', v_serial,
                                             pg_catalog.jsonb_build_object('issuer', c.issuer,
                                                                           'transaction', t.number));
        END IF;
    END LOOP;
END
$fn$;

-- The legacy CA's work list (an admin): the open requests, or all with p_all; marked exported, audited.
CREATE FUNCTION countersign.legacy_revocations_export(p_session text, p_all boolean)
RETURNS TABLE (serial text, issuer text, reason text, requested_at timestamptz, transaction_number text,
               state text, done_at timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who record := countersign.require_admin_session(p_session, 'exporting legacy revocation requests');
    v_n   integer;
BEGIN
    UPDATE countersign.legacy_revocations r SET exported_at = now()
     WHERE r.state = 'revocation_requested' AND r.exported_at IS NULL;
    RETURN QUERY
        SELECT r.serial, r.issuer, r.reason, r.requested_at, x.number, r.state, r.done_at
          FROM countersign.legacy_revocations r LEFT JOIN countersign.transactions x ON x.id = r.transaction_id
         WHERE coalesce(p_all, false) OR r.state = 'revocation_requested'
         ORDER BY r.requested_at, r.id;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, 'certificates.revocations_exported', NULL,
                                     pg_catalog.jsonb_build_object('rows', v_n, 'all', coalesce(p_all, false)));
END
$fn$;

-- The legacy CA's operator has revoked these: closed (an admin), audited. Returns the serials closed now; a
-- serial with no open request is an error naming it, and nothing is closed.
CREATE FUNCTION countersign.legacy_revocations_done(p_session text, p_serials text[])
RETURNS SETOF text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who    record := countersign.require_admin_session(p_session, 'closing legacy revocation requests');
    v_serial text;
BEGIN
    FOREACH v_serial IN ARRAY coalesce(p_serials, '{}') LOOP
        UPDATE countersign.legacy_revocations r SET state = 'done', done_at = now(), done_by = v_who.admin_id
         WHERE r.serial = v_serial AND r.state = 'revocation_requested';
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no open revocation request for certificate %', v_serial
                USING ERRCODE = 'no_data_found';
        END IF;
        PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, 'certificate.revocation_done', v_serial,
                                         '{}'::jsonb);
        RETURN NEXT v_serial;
    END LOOP;
END
$fn$;

-- The built-in CA revoked a certificate but could not publish the CRL ([ca] crl_publish_dir): on the acting
-- counter's audit chain (the owner's own login, which has none, records nothing).
CREATE FUNCTION countersign.ca_crl_publish_failed(p_serial text, p_error text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.keys_ca_counter();
BEGIN
    IF v_counter IS NOT NULL THEN
        PERFORM countersign.audit_append(v_counter, NULL, 'ca.crl_publish_failed', pg_catalog.left(p_serial, 64),
                                         pg_catalog.jsonb_build_object('error', pg_catalog.left(p_error, 500)));
    END IF;
END
$fn$;

REVOKE ALL ON countersign.legacy_certificates, countersign.legacy_revocations FROM countersign_counter;
GRANT SELECT ON countersign.legacy_certificates, countersign.legacy_revocations TO countersign_counter;
REVOKE ALL ON FUNCTION
    countersign.legacy_import(text, text, integer, integer[], text[], text[], text[], text[], text[], text[],
                              text[], timestamptz[], timestamptz[], bytea[]),
    countersign.tx_legacy_revocation_requested(text, bigint, text[]),
    countersign.legacy_revocations_export(text, boolean),
    countersign.legacy_revocations_done(text, text[]),
    countersign.ca_crl_publish_failed(text, text)
FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    countersign.legacy_import(text, text, integer, integer[], text[], text[], text[], text[], text[], text[],
                              text[], timestamptz[], timestamptz[], bytea[]),
    countersign.tx_legacy_revocation_requested(text, bigint, text[]),
    countersign.legacy_revocations_export(text, boolean),
    countersign.legacy_revocations_done(text, text[]),
    countersign.ca_crl_publish_failed(text, text)
TO countersign_counter;

-- ---------------------------------------------------------------------------------------------------------------
-- A key this system never initialised has no SO PIN version of ours
-- ---------------------------------------------------------------------------------------------------------------
-- A token row made for a key this system did not initialise — a legacy import above, a customer's key presented
-- at the counter (key_presented, 0019) — took the column's default, version 1, and an UNLOCK then sent that
-- key the derived SO PIN of version 1: a guess, spending one of the key's SO PIN tries. Keys this system puts on
-- a derived SO PIN have their version recorded when it does (0025, 0029), so the default goes: such a key has
-- none, and an UNLOCK of a legacy customer's key is refused before anything is sent (check so_pin_ours).
ALTER TABLE countersign.tokens ALTER COLUMN so_pin_version DROP DEFAULT;
