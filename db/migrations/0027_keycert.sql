-- 0027_keycert.sql — a certificate a customer's key brings never moves or rewrites the certificate on record, and a
-- key never renames an enterprise (issue 19, "the key the customer hands over").
--
-- certificate_presented (0019) recorded a certificate read from a key with INSERT … ON CONFLICT (serial) DO UPDATE
-- SET token_id: a home-made certificate that copied the serial of a company's real one moved that row to the
-- attacker's key, and the renewal's completion then revoked the real one. Now a serial already on record is
-- accepted only as exactly that certificate (same issuer, same DER) on that very key, and nothing of the row
-- changes; anything else is refused and the row stays as it was. A serial not on record (a legacy CA's certificate
-- the workstation checked against its [trust] legacy_ca_file, before Countersign's time) is added on that key, for
-- the enterprise of the transaction being opened, naming that enterprise's USCC.
--
-- papers_enterprise (0021) let a RENEW or an UPGRADE rename the enterprise to the organisation in the certificate
-- renewed, which is what the customer's key says. An enterprise's stored name changes only from checked papers:
-- now only a NEW (its tax office's assistance letter) renames it.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

CREATE OR REPLACE FUNCTION countersign.certificate_presented(p_session text, p_token bigint, p_enterprise bigint,
                                                             p_serial text, p_issuer text, p_subject text,
                                                             p_uscc text, p_not_before timestamptz,
                                                             p_not_after timestamptz, p_der bytea)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    t         countersign.transactions := countersign.keys_opening_tx(v_counter, v_staff);
    v_state   text;
    v_uscc    text;
    c         record;
    v_id      bigint;
BEGIN
    SELECT x.state INTO v_state FROM countersign.tokens x WHERE x.id = p_token;
    IF v_state IS NULL OR v_state IN ('in_stock', 'blank', 'retired') THEN
        RAISE EXCEPTION 'key % is not a key in a customer''s hands', coalesce(p_token::text, '(none)')
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    SELECT x.id, x.issuer, x.token_id, x.der INTO c FROM countersign.certificates x WHERE x.serial = p_serial
       FOR UPDATE;
    IF FOUND THEN
        IF c.issuer IS DISTINCT FROM p_issuer OR c.der IS DISTINCT FROM p_der
           OR c.token_id IS DISTINCT FROM p_token THEN
            RAISE EXCEPTION 'certificate % on this key is not the certificate of that serial on record (its '
                            'issuer, its content or its key differ): refused, the record is unchanged', p_serial
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN c.id;
    END IF;
    -- A certificate the database does not know yet: for the enterprise the transaction's papers name, only.
    SELECT e.uscc INTO v_uscc FROM countersign.enterprises e WHERE e.id = p_enterprise;
    IF t.enterprise_id IS DISTINCT FROM p_enterprise OR v_uscc IS DISTINCT FROM nullif(p_uscc, '') THEN
        RAISE EXCEPTION 'certificate % names %, transaction % is for another enterprise', p_serial,
            coalesce(nullif(p_uscc, ''), '(none)'), t.number
            USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO countersign.certificates (serial, issuer, profile, token_id, enterprise_id, subject, uscc,
                                          not_before, not_after, status, der)
    VALUES (p_serial, p_issuer, 'enterprise-tax', p_token, p_enterprise, p_subject, nullif(p_uscc, ''),
            p_not_before, p_not_after, 'active', p_der)
    RETURNING id INTO v_id;
    PERFORM countersign.audit_append(v_counter, v_staff, 'certificate.presented', p_serial,
                                     pg_catalog.jsonb_build_object('issuer', p_issuer, 'token', p_token,
                                                                   'transaction', t.number));
    RETURN v_id;
END
$fn$;

CREATE OR REPLACE FUNCTION countersign.papers_enterprise(p_counter bigint, p_staff bigint,
                                                         t countersign.transactions, p_uscc text, p_name text,
                                                         p_rename boolean, p_approval bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_failing  boolean := pg_catalog.length(coalesce(p_uscc, '')) = 18 AND NOT countersign.uscc_is_valid(p_uscc);
    v_id       bigint;
    v_old_name text;
    v_approved boolean;
BEGIN
    IF coalesce(p_uscc, '') = '' OR coalesce(pg_catalog.btrim(p_name), '') = '' THEN
        RAISE EXCEPTION 'transaction %: the papers name no enterprise (its USCC and name)', t.number
            USING ERRCODE = 'check_violation';
    END IF;
    IF coalesce(p_rename, false) AND t.kind <> 'NEW' THEN
        RAISE EXCEPTION 'transaction % (%): the enterprise''s own letter does not rename it, nor does a key; only '
                        'a tax office''s assistance letter does', t.number, t.kind
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- The row lock first (ON CONFLICT … DO UPDATE takes it): papers naming one enterprise are recorded one at a
    -- time, as before.
    SELECT e.name, e.uscc_override_approval_id IS NOT NULL INTO v_old_name, v_approved
      FROM countersign.enterprises e WHERE e.uscc = p_uscc FOR UPDATE;
    IF p_approval IS NOT NULL THEN
        PERFORM countersign.approval_consume(
            p_approval, 'uscc_override', t.id,
            countersign.approval_subject_text('uscc_override', ARRAY[p_uscc, p_name]),
            pg_catalog.format('accepting the USCC %s of %s in transaction %s', p_uscc, p_name, t.number));
    ELSIF v_failing AND NOT coalesce(v_approved, false) THEN
        RAISE EXCEPTION 'the USCC % fails its check (GB 32100-2015): a supervisor confirms it on the business '
                        'licence', p_uscc
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO countersign.enterprises AS e (uscc, name, uscc_override_approval_id)
    VALUES (p_uscc, p_name, CASE WHEN v_failing THEN p_approval END)
    ON CONFLICT (uscc) DO UPDATE
       SET name = CASE WHEN coalesce(p_rename, false) THEN excluded.name ELSE e.name END,
           uscc_override_approval_id = coalesce(e.uscc_override_approval_id, excluded.uscc_override_approval_id)
    RETURNING e.id INTO v_id;
    IF coalesce(p_rename, false) AND v_old_name IS DISTINCT FROM p_name AND v_old_name IS NOT NULL THEN
        PERFORM countersign.audit_append(p_counter, p_staff, 'enterprise.renamed', p_uscc,
                                         pg_catalog.jsonb_build_object('from', v_old_name, 'to', p_name,
                                                                       'transaction', t.number));
    END IF;
    RETURN v_id;
END
$fn$;
