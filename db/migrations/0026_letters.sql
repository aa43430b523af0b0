-- 0026_letters.sql — an assistance letter is signed by a registered signer of its own office (issue "trust nothing
-- the customer brings").
--
-- Until now the letters table's signer_id was whatever the client sent (it sent nothing), a signer certificate was
-- registered with or without an office, a registered signer could not be disabled but by hand, and the letter's
-- business list reached the database inside a JSON text. Now:
--
--   letter_signer_add      a signer certificate is registered for one tax office (--office); a trust anchor for none
--   letter_signer_disable  an admin's session (or the owner's login) disables a trust anchor or a signer, audited
--                          "letter_signer.disabled"; a disabled signer signs nothing from then on
--   tx_papers_record       takes the letter's business list as a text[] parameter (p_biz), known operation codes
--                          only, and for a scanned (qr) assistance letter finds the signer itself (0021's function,
--                          no longer granted to counters, records the papers with them): the certificate
--                          the letter's own JWS header names (x5c's first, else x5t#S256) must be one of the
--                          registered signers, active, registered for the letter's office and valid now and around
--                          the issue date, and the JWS payload must say what the letter's fields say. letters.
--                          signer_id is that signer's id, never a value the client sends.
--
-- The database does not verify the JWS signature (no ECDSA/RSA in SQL): the counter's verifier does
-- (backend/papers/assistanceletter.cpp), and its checks are the exact ones (the centre's time zone, the maximum
-- lifetime). What is checked here is what a counter's login could otherwise record around the verifier.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- ---------------------------------------------------------------------------------------------------------------
-- The trust list: a signer is registered for an office; an admin disables
-- ---------------------------------------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION countersign.letter_signer_add(p_session text, p_kind text, p_office_code text,
                                                         p_subject text, p_der bytea, p_not_before timestamptz,
                                                         p_not_after timestamptz, p_owner_audit_counter bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who record := countersign.require_admin(p_session, p_owner_audit_counter, 'trusting a letter signer');
    v_id  bigint;
    v_new boolean;
BEGIN
    IF p_kind = 'signer' AND coalesce(pg_catalog.btrim(p_office_code), '') = '' THEN
        RAISE EXCEPTION 'a letter signer is registered for the tax office whose letters it signs (--office CODE)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_kind = 'trust_anchor' AND p_office_code IS NOT NULL THEN
        RAISE EXCEPTION 'a trust anchor is trusted for no office of its own: give --office with --signer'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- A signer registered before signers had an office (0015) signs nothing now: adding it again with its
    -- office gives it that office, once (an office once set is never changed here).
    INSERT INTO countersign.letter_signers (kind, office_code, subject, der, not_before, not_after, added_by)
    VALUES (p_kind, p_office_code, p_subject, p_der, p_not_before, p_not_after, v_who.admin_id)
    ON CONFLICT (x5t_s256) DO UPDATE SET office_code = EXCLUDED.office_code
        WHERE countersign.letter_signers.kind = 'signer' AND EXCLUDED.kind = 'signer'
          AND countersign.letter_signers.office_code IS NULL
    RETURNING id, xmax = 0 INTO v_id, v_new;
    IF v_id IS NOT NULL AND v_who.audit_counter IS NOT NULL THEN
        PERFORM countersign.audit_append(v_who.audit_counter, v_who.admin_id,
                                         CASE WHEN v_new THEN 'letter_signer.added'
                                              ELSE 'letter_signer.office_set' END,
                                         pg_catalog.left(p_subject, 200),
                                         pg_catalog.jsonb_build_object('kind', p_kind, 'office', p_office_code,
                                                                       'id', v_id, 'x5t_s256',
                                                                       pg_catalog.encode(pg_catalog.sha256(p_der),
                                                                                         'hex')));
    END IF;
    RETURN v_id;
END
$fn$;

-- Disables the trust anchor or signer whose certificate is p_der (by an admin's session, or the owner's login).
-- Returns its id, or NULL when it was not registered or already disabled.
CREATE FUNCTION countersign.letter_signer_disable(p_session text, p_der bytea, p_owner_audit_counter bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who record := countersign.require_admin(p_session, p_owner_audit_counter, 'disabling a letter signer');
    s     countersign.letter_signers;
BEGIN
    UPDATE countersign.letter_signers x SET active = false
     WHERE x.x5t_s256 = pg_catalog.sha256(p_der) AND x.active
    RETURNING * INTO s;
    IF s.id IS NOT NULL AND v_who.audit_counter IS NOT NULL THEN
        PERFORM countersign.audit_append(v_who.audit_counter, v_who.admin_id, 'letter_signer.disabled',
                                         pg_catalog.left(s.subject, 200),
                                         pg_catalog.jsonb_build_object('kind', s.kind, 'office', s.office_code,
                                                                       'id', s.id, 'x5t_s256',
                                                                       pg_catalog.encode(s.x5t_s256, 'hex')));
    END IF;
    RETURN s.id;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- The signer of a scanned letter, found by the database from the letter itself
-- ---------------------------------------------------------------------------------------------------------------

-- RFC 7515 base64url (no padding) decoded; NULL for NULL. Not for counters to call directly.
CREATE FUNCTION countersign.base64url_decode(p_text text) RETURNS bytea
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT pg_catalog.decode(pg_catalog.translate(p_text, '-_', '+/')
                             || pg_catalog.repeat('=', (4 - pg_catalog.length(p_text) % 4) % 4), 'base64')
$fn$;

-- The registered signer of the scanned assistance letter p_letter (tx_papers_record's letter object) with business
-- list p_biz: the certificate its JWS header names (x5c's first certificate, else x5t#S256; both must agree) is a
-- registered signer, active, registered for the letter's office, valid now and around the issue date, and the JWS
-- payload says what the letter's fields say. Returns the signer's id, else a refusal naming the check. Not for
-- counters to call directly.
CREATE FUNCTION countersign.papers_letter_signer(p_letter jsonb, p_biz text[]) RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_parts   text[] := pg_catalog.string_to_array(coalesce(p_letter ->> 'jws', ''), '.');
    v_header  jsonb;
    v_payload jsonb;
    v_carried bytea;
    v_named   bytea;
    v_from    date := (p_letter ->> 'valid_from')::date;
    s         countersign.letter_signers;
BEGIN
    IF pg_catalog.cardinality(v_parts) <> 3 THEN
        RAISE EXCEPTION 'a scanned assistance letter is recorded with its signed text (JWS)'
            USING ERRCODE = 'check_violation';
    END IF;
    BEGIN
        v_header := pg_catalog.convert_from(countersign.base64url_decode(v_parts[1]), 'UTF8')::jsonb;
        v_payload := pg_catalog.convert_from(countersign.base64url_decode(v_parts[2]), 'UTF8')::jsonb;
        IF v_header ? 'x5c' THEN
            v_carried := pg_catalog.sha256(pg_catalog.decode(v_header -> 'x5c' ->> 0, 'base64'));
            IF v_carried IS NULL THEN
                RAISE EXCEPTION USING ERRCODE = 'data_exception';
            END IF;
        END IF;
        IF v_header ? 'x5t#S256' THEN
            v_named := countersign.base64url_decode(v_header ->> 'x5t#S256');
        END IF;
    EXCEPTION WHEN data_exception THEN -- the class: bad base64, UTF-8 or JSON
        RAISE EXCEPTION 'the letter''s signed text (JWS) can''t be read' USING ERRCODE = 'check_violation';
    END;
    IF pg_catalog.jsonb_typeof(v_header) IS DISTINCT FROM 'object'
       OR pg_catalog.jsonb_typeof(v_payload) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'the letter''s signed text (JWS) can''t be read' USING ERRCODE = 'check_violation';
    END IF;
    IF v_carried IS NOT NULL AND v_named IS NOT NULL AND v_carried <> v_named THEN
        RAISE EXCEPTION 'the letter''s "x5t#S256" does not name the signer certificate it carries in "x5c"'
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT * INTO s FROM countersign.letter_signers x
     WHERE x.kind = 'signer' AND x.x5t_s256 = coalesce(v_carried, v_named);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'letter %/%: its signer is not a registered tax-office signer', p_letter ->> 'office_code',
                        p_letter ->> 'letter_no'
            USING ERRCODE = 'insufficient_privilege';
    ELSIF NOT s.active THEN
        RAISE EXCEPTION 'letter %/%: its signer % was disabled', p_letter ->> 'office_code',
                        p_letter ->> 'letter_no', s.subject
            USING ERRCODE = 'insufficient_privilege';
    ELSIF s.office_code IS DISTINCT FROM p_letter ->> 'office_code' THEN
        RAISE EXCEPTION 'letter %/%: its signer signs for tax office %, not %', p_letter ->> 'office_code',
                        p_letter ->> 'letter_no', coalesce(s.office_code, 'none'), p_letter ->> 'office_code'
            USING ERRCODE = 'insufficient_privilege';
    ELSIF NOT (s.not_before <= pg_catalog.now() AND pg_catalog.now() <= s.not_after)
          -- The issue date is a day in the centre's zone, which the database does not know: a day either side.
          OR NOT (s.not_before < v_from + 2 AND s.not_after > v_from - 1) THEN
        RAISE EXCEPTION 'letter %/%: its signer''s certificate is not valid today or on the issue date %',
                        p_letter ->> 'office_code', p_letter ->> 'letter_no', v_from
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF v_payload ->> 'office' IS DISTINCT FROM p_letter ->> 'office_code'
       OR v_payload ->> 'no' IS DISTINCT FROM p_letter ->> 'letter_no'
       OR v_payload ->> 'uscc' IS DISTINCT FROM p_letter ->> 'uscc'
       OR v_payload -> 'agent' ->> 'idNo' IS DISTINCT FROM p_letter ->> 'agent_id_number'
       OR v_payload ->> 'issued' IS DISTINCT FROM p_letter ->> 'valid_from'
       OR v_payload ->> 'expires' IS DISTINCT FROM p_letter ->> 'valid_to'
       OR v_payload -> 'biz' IS DISTINCT FROM pg_catalog.to_jsonb(p_biz) THEN
        RAISE EXCEPTION 'letter %/%: the fields recorded are not those of its signed text',
                        p_letter ->> 'office_code', p_letter ->> 'letter_no'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN s.id;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- The papers step: the business list as a text[], the signer found by the database
-- ---------------------------------------------------------------------------------------------------------------

-- 0021's tx_papers_record took the business list inside p_letter (JSON text) and letters.signer_id as the client
-- sent it (it sent nothing). It stays the papers step's body, which the new one below calls with the letter the
-- database completed; counters no longer call it themselves.
REVOKE EXECUTE ON FUNCTION
    countersign.tx_papers_record(text, bigint, text, text, boolean, bigint, text, text, text, jsonb, bigint, bigint,
                                 bigint, text, jsonb)
FROM countersign_counter;

-- The papers step (0021's, same arguments and result) with p_biz, the letter's business list: known operation
-- codes only, never empty when there is a letter; p_letter's own "biz" and "signer_id" are not read. A scanned
-- assistance letter is recorded with the signer papers_letter_signer finds, or not at all.
CREATE FUNCTION countersign.tx_papers_record(p_session text, p_id bigint, p_uscc text, p_name text,
                                             p_rename boolean, p_uscc_approval bigint, p_agent_id_number text,
                                             p_agent_name text, p_agent_mobile text, p_letter jsonb,
                                             p_letter_approval bigint, p_token bigint, p_old_token bigint,
                                             p_replace_reason text, p_audit_detail jsonb, p_biz text[],
                                             OUT enterprise_id bigint, OUT agent_id bigint, OUT letter_id bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_letter  jsonb := p_letter;
    v_unknown text[];
BEGIN
    -- Who asks first: nothing about the trust list is told to a login without a session at this counter.
    PERFORM countersign.require_acting_counter();
    PERFORM countersign.session_staff(p_session);
    -- A letter is an object; an operation without one (RENEW, UPGRADE) sends SQL NULL or JSON null.
    IF pg_catalog.jsonb_typeof(p_letter) = 'object' THEN
        v_unknown := ARRAY(SELECT b FROM pg_catalog.unnest(coalesce(p_biz, '{}')) AS b
                            WHERE b IS NULL OR b <> ALL (ARRAY['NEW', 'RENEW', 'UPGRADE', 'REPLACE', 'UNLOCK']));
        IF pg_catalog.cardinality(coalesce(p_biz, '{}')) = 0 OR pg_catalog.cardinality(v_unknown) > 0 THEN
            RAISE EXCEPTION 'the letter''s business list holds unknown operation codes: %',
                            coalesce(pg_catalog.array_to_string(v_unknown, ', ', 'NULL'), 'none given')
                USING ERRCODE = 'check_violation';
        END IF;
        v_letter := (v_letter - 'signer_id') || pg_catalog.jsonb_build_object('biz', pg_catalog.to_jsonb(p_biz));
        IF p_letter ->> 'kind' = 'assistance' AND p_letter ->> 'entry_mode' IS DISTINCT FROM 'hand_entered' THEN
            v_letter := v_letter || pg_catalog.jsonb_build_object(
                'signer_id', countersign.papers_letter_signer(p_letter, p_biz));
        END IF;
    END IF;
    SELECT r.enterprise_id, r.agent_id, r.letter_id INTO enterprise_id, agent_id, letter_id
      FROM countersign.tx_papers_record(p_session, p_id, p_uscc, p_name, p_rename, p_uscc_approval,
                                        p_agent_id_number, p_agent_name, p_agent_mobile, v_letter,
                                        p_letter_approval, p_token, p_old_token, p_replace_reason,
                                        p_audit_detail) r;
END
$fn$;

GRANT EXECUTE ON FUNCTION
    countersign.letter_signer_disable(text, bytea, bigint),
    countersign.tx_papers_record(text, bigint, text, text, boolean, bigint, text, text, text, jsonb, bigint, bigint,
                                 bigint, text, jsonb, text[])
TO countersign_counter;
