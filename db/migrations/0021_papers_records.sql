-- 0021_papers_records.sql — the papers step's rows (enterprises, agents, letters) are written only by the database's
-- own functions, by the person behind a staff session (issue "the database is the authority").
--
-- Until now a counter's login inserted and updated enterprises, agents and letters itself. With no staff password
-- it could rename any enterprise, give an enterprise a USCC override, edit any letter (its USCC, agent, entry
-- approval, seal confirmation, consumed_by …) and register letters in another person's name. Now counters hold no
-- INSERT, UPDATE or DELETE on these tables, and a transaction's papers are recorded by:
--
--   tx_parties_record  the enterprise and the agent the papers name, on a transaction still in state started,
--                      for the operations whose key rows need the enterprise first (REPLACE, UNLOCK, RENEW,
--                      UPGRADE)
--   tx_papers_record   the papers step in one call: the enterprise and agent (unless tx_parties_record recorded
--                      them), the letter (an assistance letter found or added, an authorization letter added),
--                      the move to papers_checked with the parties and the audit entry "transaction.started"
--                      (what 0016's tx_papers_checked did; counters may no longer call that one)
--
-- Both take the session of the person who opened the transaction (0010, 0016) and work only on the acting counter's
-- transaction in state started. The person who registers a letter or confirms its seal is the session's.
--
-- What the database checks rather than believes:
--   * A letter once registered is not edited: an assistance letter already on record (office, number) is taken as
--     it is. Its consumption stays 0001's trigger (transactions_consume_letter, when its holder completes) and its
--     single live holder 0012's (transactions_take_letter, the letter's row lock, taken by the move to
--     papers_checked in the same call), so two counters presenting one letter still meet there.
--   * The letter names the enterprise and the agent the papers name (same USCC, same ID number); a NEW's letter is
--     an assistance letter, a REPLACE's or UNLOCK's an authorization letter, a RENEW or UPGRADE has none.
--   * An enterprise is renamed only by a NEW (to the name on its assistance letter), a RENEW or an UPGRADE (the name
--     in the certificate renewed); a rename is audited "enterprise.renamed".
--   * A hand-entered letter and a USCC that fails its check need a supervisor's approval bound (0017) to exactly
--     what was approved, consumed once by the transaction:
--       hand_entered_letter  office code, office name, letter number, company, USCC, agent name, agent ID number,
--                            the operations (comma-separated), valid from, valid to (YYYY-MM-DD) — of the letter
--                            row the transaction takes
--       uscc_override        the USCC and the company name as the papers give them
--     A change of the papers after the approval (another field, another USCC) no longer matches its digest, and
--     approval_consume refuses it.
--
-- Who asks for an approval: approval_verify() checks, once the supervisor's password opened an approval session,
-- that this supervisor may approve for the person of the asking operator's own session, appends "approval.verified"
-- or "approval.refused" (which the client appended itself before) and remembers the person on the approval session;
-- an approval that session grants is refused unless approval_grant's requested_by is that person.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- The transaction p_id of the acting counter, in state started, opened by p_staff; locked. Else a refusal. Not for
-- counters to call directly.
CREATE FUNCTION countersign.papers_open_transaction(p_id bigint, p_counter bigint, p_staff bigint)
RETURNS countersign.transactions
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    t countersign.transactions;
BEGIN
    SELECT * INTO t FROM countersign.transactions x
     WHERE x.id = p_id AND x.counter_id = p_counter AND x.state = 'started' AND x.operator_staff_id = p_staff
       FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM countersign.tx_refuse_foreign(p_id, p_counter);
        RAISE EXCEPTION 'transaction %: its papers are recorded once, by the person who opened it', p_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN t;
END
$fn$;

-- The enterprise p_uscc named p_name by the papers of transaction t, added or found; renamed to p_name when
-- p_rename (a NEW, RENEW or UPGRADE only). A USCC that fails its check needs p_approval (uscc_override, bound to the
-- USCC and name) unless the enterprise already has one; an approval given is consumed in any case. Returns its id.
-- Not for counters to call directly.
CREATE FUNCTION countersign.papers_enterprise(p_counter bigint, p_staff bigint, t countersign.transactions,
                                              p_uscc text, p_name text, p_rename boolean, p_approval bigint)
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
    IF coalesce(p_rename, false) AND t.kind NOT IN ('NEW', 'RENEW', 'UPGRADE') THEN
        RAISE EXCEPTION 'transaction % (%): the enterprise''s own letter does not rename it', t.number, t.kind
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

-- The agent with ID number p_id_number, added or found, name (and mobile, when given) the latest the papers give.
-- NULL when the papers name no agent. Not for counters to call directly.
CREATE FUNCTION countersign.papers_agent(p_id_number text, p_name text, p_mobile text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_id bigint;
BEGIN
    IF coalesce(p_id_number, '') = '' THEN
        RETURN NULL;
    END IF;
    INSERT INTO countersign.agents AS a (name, id_number, mobile) VALUES (p_name, p_id_number, nullif(p_mobile, ''))
    ON CONFLICT (id_number) DO UPDATE SET name = excluded.name, mobile = coalesce(excluded.mobile, a.mobile)
    RETURNING a.id INTO v_id;
    RETURN v_id;
END
$fn$;

-- The enterprise and the agent the papers name, recorded on transaction p_id (started, opened by the session's
-- person) before its papers step, for the key rows that need the enterprise. Returns their ids.
CREATE FUNCTION countersign.tx_parties_record(p_session text, p_id bigint, p_uscc text, p_name text,
                                              p_rename boolean, p_uscc_approval bigint, p_agent_id_number text,
                                              p_agent_name text, p_agent_mobile text,
                                              OUT enterprise_id bigint, OUT agent_id bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    t         countersign.transactions := countersign.papers_open_transaction(p_id, v_counter, v_staff);
BEGIN
    enterprise_id := countersign.papers_enterprise(v_counter, v_staff, t, p_uscc, p_name, p_rename,
                                                   p_uscc_approval);
    agent_id := countersign.papers_agent(p_agent_id_number, p_agent_name, p_agent_mobile);
    UPDATE countersign.transactions x SET enterprise_id = tx_parties_record.enterprise_id,
                                          agent_id = tx_parties_record.agent_id
     WHERE x.id = t.id;
END
$fn$;

-- The papers step in one call. The enterprise and agent: p_uscc … p_agent_mobile as in tx_parties_record, or, with
-- p_uscc NULL, those tx_parties_record recorded. The letter, p_letter (NULL: none), a JSON object:
--   kind             assistance or authorization
--   assistance:      office_code, office_name, letter_no, org_name, uscc, agent_name, agent_id_number, biz (array),
--                    valid_from, valid_to, entry_mode (qr or hand_entered), jws, payload, signer_id
--   authorization:   org_name, uscc, agent_name, agent_id_number, agent_mobile, biz, valid_from, valid_to,
--                    letter_date, seal_confirmed
-- p_letter_approval: the hand_entered_letter approval of a hand-entered assistance letter. Then started →
-- papers_checked with the parties, the key (p_token), the old key and the replace reason ('' for none), audited
-- "transaction.started" (p_audit_detail). Returns the ids of the enterprise, the agent and the letter.
CREATE FUNCTION countersign.tx_papers_record(p_session text, p_id bigint, p_uscc text, p_name text,
                                             p_rename boolean, p_uscc_approval bigint, p_agent_id_number text,
                                             p_agent_name text, p_agent_mobile text, p_letter jsonb,
                                             p_letter_approval bigint, p_token bigint, p_old_token bigint,
                                             p_replace_reason text, p_audit_detail jsonb,
                                             OUT enterprise_id bigint, OUT agent_id bigint, OUT letter_id bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff   bigint := (countersign.session_staff(p_session)).id;
    t         countersign.transactions := countersign.papers_open_transaction(p_id, v_counter, v_staff);
    v_kind    text := p_letter ->> 'kind';
    v_expected text;
    v_biz     text[];
    v_uscc    text;
    v_agent   text;
    l         countersign.letters;
BEGIN
    IF p_uscc IS NULL THEN
        IF t.enterprise_id IS NULL THEN
            RAISE EXCEPTION 'transaction %: the papers name no enterprise', t.number USING ERRCODE = 'check_violation';
        END IF;
        enterprise_id := t.enterprise_id;
        agent_id := t.agent_id;
    ELSE
        enterprise_id := countersign.papers_enterprise(v_counter, v_staff, t, p_uscc, p_name, p_rename,
                                                       p_uscc_approval);
        agent_id := countersign.papers_agent(p_agent_id_number, p_agent_name, p_agent_mobile);
    END IF;

    v_expected := CASE t.kind WHEN 'NEW' THEN 'assistance' WHEN 'REPLACE' THEN 'authorization'
                              WHEN 'UNLOCK' THEN 'authorization' END;
    IF v_kind IS DISTINCT FROM v_expected THEN
        RAISE EXCEPTION 'transaction % (%) can''t be recorded with %', t.number, t.kind,
                        coalesce(v_kind || ' letter', 'no letter')
            USING ERRCODE = 'check_violation';
    END IF;
    IF p_letter IS NOT NULL THEN
        v_biz := ARRAY(SELECT pg_catalog.jsonb_array_elements_text(coalesce(p_letter -> 'biz', '[]')));
    END IF;
    IF v_kind = 'assistance' THEN
        IF p_letter ->> 'entry_mode' = 'hand_entered' AND p_letter_approval IS NULL THEN
            RAISE EXCEPTION 'transaction %: a letter entered by hand needs a supervisor''s approval', t.number
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        -- A new letter is one statement. On a conflict the INSERT waits for a counter that is recording the same
        -- letter at this moment, and the SELECT after it (a new snapshot) sees that counter's row, as it is.
        INSERT INTO countersign.letters (kind, office_code, office_name, letter_no, org_name, uscc, agent_name,
                                         agent_id_number, biz, valid_from, valid_to, entry_mode, jws, payload,
                                         signer_id, enterprise_id, agent_id, registered_by, entry_approval_id)
        VALUES ('assistance', p_letter ->> 'office_code', p_letter ->> 'office_name', p_letter ->> 'letter_no',
                p_letter ->> 'org_name', p_letter ->> 'uscc', p_letter ->> 'agent_name',
                p_letter ->> 'agent_id_number', v_biz, (p_letter ->> 'valid_from')::date,
                (p_letter ->> 'valid_to')::date, p_letter ->> 'entry_mode', nullif(p_letter ->> 'jws', ''),
                coalesce(p_letter -> 'payload', '{}'), (p_letter ->> 'signer_id')::bigint,
                tx_papers_record.enterprise_id, tx_papers_record.agent_id, v_staff,
                CASE WHEN p_letter ->> 'entry_mode' = 'hand_entered' THEN p_letter_approval END)
        ON CONFLICT (office_code, letter_no) DO NOTHING
        RETURNING * INTO l;
        IF NOT FOUND THEN
            SELECT * INTO l FROM countersign.letters x
             WHERE x.kind = 'assistance' AND x.office_code = p_letter ->> 'office_code'
               AND x.letter_no = p_letter ->> 'letter_no';
            IF NOT FOUND THEN
                RAISE EXCEPTION 'letter %/% is on record as an authorization letter', p_letter ->> 'office_code',
                                p_letter ->> 'letter_no'
                    USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        IF p_letter_approval IS NOT NULL THEN
            PERFORM countersign.approval_consume(
                p_letter_approval, 'hand_entered_letter', t.id,
                countersign.approval_subject_text('hand_entered_letter', ARRAY[
                    l.office_code, l.office_name, l.letter_no, l.org_name, l.uscc, l.agent_name, l.agent_id_number,
                    pg_catalog.array_to_string(l.biz, ','), pg_catalog.to_char(l.valid_from, 'YYYY-MM-DD'),
                    pg_catalog.to_char(l.valid_to, 'YYYY-MM-DD')]),
                pg_catalog.format('the hand-entered letter %s/%s of transaction %s', l.office_code, l.letter_no,
                                  t.number));
        END IF;
    ELSIF v_kind = 'authorization' THEN
        INSERT INTO countersign.letters (kind, org_name, uscc, agent_name, agent_id_number, agent_mobile, biz,
                                         valid_from, valid_to, letter_date, seal_confirmed, seal_confirmed_by,
                                         enterprise_id, agent_id, registered_by)
        VALUES ('authorization', p_letter ->> 'org_name', p_letter ->> 'uscc', p_letter ->> 'agent_name',
                p_letter ->> 'agent_id_number', nullif(p_letter ->> 'agent_mobile', ''), v_biz,
                (p_letter ->> 'valid_from')::date, (p_letter ->> 'valid_to')::date,
                (nullif(p_letter ->> 'letter_date', ''))::date,
                coalesce((p_letter ->> 'seal_confirmed')::boolean, false),
                CASE WHEN (p_letter ->> 'seal_confirmed')::boolean THEN v_staff END,
                tx_papers_record.enterprise_id, tx_papers_record.agent_id, v_staff)
        RETURNING * INTO l;
    END IF;

    IF l.id IS NOT NULL THEN
        SELECT e.uscc INTO v_uscc FROM countersign.enterprises e WHERE e.id = tx_papers_record.enterprise_id;
        SELECT a.id_number INTO v_agent FROM countersign.agents a WHERE a.id = tx_papers_record.agent_id;
        IF l.uscc IS DISTINCT FROM v_uscc OR l.agent_id_number IS DISTINCT FROM v_agent THEN
            RAISE EXCEPTION 'transaction %: the letter names USCC % and agent %, the papers % and %', t.number,
                            l.uscc, l.agent_id_number, v_uscc, coalesce(v_agent, 'none')
                USING ERRCODE = 'check_violation';
        END IF;
        IF coalesce(p_rename, false) AND t.kind = 'NEW' AND l.org_name IS DISTINCT FROM p_name THEN
            RAISE EXCEPTION 'transaction %: the enterprise takes the name on its assistance letter', t.number
                USING ERRCODE = 'check_violation';
        END IF;
        letter_id := l.id;
    END IF;

    -- The move takes the letter (0012's trigger, under the letter's row lock).
    UPDATE countersign.transactions x
       SET state = 'papers_checked', enterprise_id = tx_papers_record.enterprise_id,
           agent_id = tx_papers_record.agent_id, letter_id = tx_papers_record.letter_id, token_id = p_token,
           old_token_id = p_old_token, replace_reason = nullif(p_replace_reason, '')
     WHERE x.id = t.id;
    PERFORM countersign.audit_append(v_counter, v_staff, 'transaction.started', t.number,
                                     coalesce(p_audit_detail, '{}'));
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Who asks for an approval: the person behind a session, not a staff id the client sends
-- ---------------------------------------------------------------------------------------------------------------

-- The person who asked for the approval a supervisor's approval session is for (approval_verify).
ALTER TABLE countersign.staff_sessions ADD COLUMN requested_by bigint REFERENCES countersign.staff;

-- After the supervisor's password opened p_supervisor_session for an approval at this counter: whether that person
-- may approve what the person of p_requester_session (logged in at this counter) asks, audited "approval.verified"
-- or "approval.refused" (what approvals::verifySupervisor appended itself before). Returns 'verified', or the
-- refusal: 'not_supervisor', 'same_person' (the approval session is then ended). The approval session remembers
-- the person who asked: the approvals it grants are theirs (approvals_requested_by below).
CREATE FUNCTION countersign.approval_verify(p_supervisor_session text, p_requester_session text) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter   bigint := countersign.require_acting_counter();
    v_requester countersign.staff := countersign.session_staff(p_requester_session);
    ss          countersign.staff_sessions;
    v_sup       countersign.staff;
    v_refusal   text;
BEGIN
    SELECT * INTO ss FROM countersign.staff_sessions x
     WHERE x.token_hash = sha256(decode(coalesce(p_supervisor_session, ''), 'hex')) FOR UPDATE;
    IF NOT FOUND OR ss.counter_id <> v_counter OR ss.purpose <> 'approval' OR ss.ended_at IS NOT NULL
       OR ss.expires_at <= now() THEN
        RAISE EXCEPTION 'no open approval session at this counter: the supervisor enters their password again'
            USING ERRCODE = 'invalid_authorization_specification';
    END IF;
    SELECT * INTO v_sup FROM countersign.staff s WHERE s.id = ss.staff_id;
    v_refusal := CASE WHEN v_sup.role <> 'supervisor' THEN 'not_supervisor'
                      WHEN v_sup.id = v_requester.id THEN 'same_person' END;
    PERFORM countersign.audit_append(
        v_counter, v_sup.id, CASE WHEN v_refusal IS NULL THEN 'approval.verified' ELSE 'approval.refused' END,
        pg_catalog.left(pg_catalog.translate(v_sup.username, pg_catalog.chr(31), '?'), 200),
        pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
            'requested_by', v_requester.id, 'reason', v_refusal,
            'role', CASE WHEN v_refusal = 'not_supervisor' THEN v_sup.role END)));
    IF v_refusal IS NULL THEN
        UPDATE countersign.staff_sessions x SET requested_by = v_requester.id WHERE x.id = ss.id;
    ELSE
        UPDATE countersign.staff_sessions x SET ended_at = now(), end_reason = 'used' WHERE x.id = ss.id;
    END IF;
    RETURN coalesce(v_refusal, 'verified');
END
$fn$;

-- An approval granted from an approval session that approval_verify checked is asked for by the person it
-- recorded: the requested_by the client sends to approval_grant must be that person.
CREATE FUNCTION countersign.approvals_requested_by() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_asked bigint;
BEGIN
    SELECT x.requested_by INTO v_asked FROM countersign.staff_sessions x
     WHERE x.staff_id = NEW.approved_by AND x.counter_id = NEW.counter_id AND x.purpose = 'approval'
       AND x.used_in = pg_catalog.pg_current_xact_id() AND x.requested_by IS NOT NULL
     ORDER BY x.id DESC LIMIT 1;
    IF FOUND AND NEW.requested_by IS DISTINCT FROM v_asked THEN
        RAISE EXCEPTION 'this approval was asked for by staff %, not by staff %', v_asked, NEW.requested_by
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER approvals_requested_by BEFORE INSERT ON countersign.approvals
    FOR EACH ROW EXECUTE FUNCTION countersign.approvals_requested_by();

-- ---------------------------------------------------------------------------------------------------------------
-- Privileges: these rows are written only through the functions above
-- ---------------------------------------------------------------------------------------------------------------

REVOKE INSERT, UPDATE, DELETE ON countersign.enterprises, countersign.agents, countersign.letters
    FROM countersign_counter;
-- 0016's papers step took the parties' ids as the client gave them (any letter, any enterprise): tx_papers_record
-- replaces it.
REVOKE EXECUTE ON FUNCTION
    countersign.tx_papers_checked(text, bigint, bigint, bigint, bigint, bigint, bigint, text, jsonb)
FROM countersign_counter;

GRANT EXECUTE ON FUNCTION
    countersign.tx_parties_record(text, bigint, text, text, boolean, bigint, text, text, text),
    countersign.tx_papers_record(text, bigint, text, text, boolean, bigint, text, text, text, jsonb, bigint, bigint,
                                 bigint, text, jsonb),
    countersign.approval_verify(text, text)
TO countersign_counter;
