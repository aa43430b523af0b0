-- The stock page (issue 21): a key is written off with its reason. countersign.stock_write_off (the admin
-- commands migration) asked for a reference (the write-off form's number) and took a note; a write-off now needs
-- a reference or a reason (the note) — `countersignctl stock write-off SERIAL --reason R` and the kiosk's stock
-- page give the reason, a form number when there is one. Everything else is as before: an admin's session,
-- a key of this centre in stock or damaged, audited "stock.written_off" with the admin from the session.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

CREATE OR REPLACE FUNCTION countersign.stock_write_off(p_session text, p_serial text, p_reference text,
                                                       p_note text)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who    record := countersign.require_admin_session(p_session, 'writing keys off');
    v_token  record;
BEGIN
    IF coalesce(p_reference, '') = '' AND coalesce(btrim(p_note), '') = '' THEN
        RAISE EXCEPTION 'a write-off needs a reference (the write-off note or form number) or a reason'
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
    VALUES (v_token.id, v_who.centre_id, 'write_off', v_who.admin_id, nullif(p_reference, ''),
            nullif(btrim(p_note), ''));
    PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, 'stock.written_off', p_serial,
                                     jsonb_build_object('from_state', v_token.state,
                                                        'reference', coalesce(p_reference, ''),
                                                        'note', coalesce(btrim(p_note), '')));
    RETURN v_token.state;
END
$fn$;

