-- 0015_admin_signers.sql — trusting a letter signer is an admin's work (issue "the database is the authority").
--
-- Counters no longer write letter_signers: a trust anchor or signer certificate for assistance letters is added by
-- letter_signer_add(), with an admin's staff session (0010_staff_sessions.sql) — the person recorded in added_by
-- and in the audit entry "letter_signer.added" is the session's — or with the owner's login (the installer's
-- set-up). A counter's login alone can no longer make the counters believe a home-made letter.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

CREATE FUNCTION countersign.letter_signer_add(p_session text, p_kind text, p_office_code text, p_subject text,
                                              p_der bytea, p_not_before timestamptz, p_not_after timestamptz,
                                              p_owner_audit_counter bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who record := countersign.require_admin(p_session, p_owner_audit_counter, 'trusting a letter signer');
    v_id  bigint;
BEGIN
    INSERT INTO countersign.letter_signers (kind, office_code, subject, der, not_before, not_after, added_by)
    VALUES (p_kind, p_office_code, p_subject, p_der, p_not_before, p_not_after, v_who.admin_id)
    ON CONFLICT (x5t_s256) DO NOTHING
    RETURNING id INTO v_id;
    IF v_id IS NOT NULL AND v_who.audit_counter IS NOT NULL THEN
        PERFORM countersign.audit_append(v_who.audit_counter, v_who.admin_id, 'letter_signer.added', left(p_subject, 200),
                                         jsonb_build_object('kind', p_kind, 'office', p_office_code, 'id', v_id,
                                                            'x5t_s256', encode(sha256(p_der), 'hex')));
    END IF;
    RETURN v_id;
END
$fn$;

REVOKE INSERT, UPDATE, DELETE ON countersign.letter_signers FROM countersign_counter;
GRANT EXECUTE ON FUNCTION
    countersign.letter_signer_add(text, text, text, text, bytea, timestamptz, timestamptz, bigint)
TO countersign_counter;
