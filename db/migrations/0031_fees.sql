-- The fees migration — fee schedule versions (issue 21, "the back office").
--
-- A fee schedule (its code, e.g. tianjin-2018) now has versions: each a row of fee_schedules with its own rules
-- (fee_rules.schedule_id), numbered from 1 (fee_schedules.version) and taking effect on its valid_from. A version
-- ends where the next version of its code starts (fee_schedule_versions.valid_to below: the day before the next's
-- valid_from, or the row's own valid_to when that is earlier). Fee lines keep pointing at the rules of the version
-- they were charged under, so reports and receipts read as before.
--
--   fee_schedule_add_version(session, approval, version)
--                     an admin's session (require_admin_session) adds the next version of a code, taking effect
--                     after today (the business date, Asia/Shanghai) and after every version on record. It needs
--                     a second person: an approval of the new kind "fee_schedule", given by another admin or a
--                     supervisor, bound to the canonical text of exactly this version (code, name, valid_from,
--                     region, centre, every rule) and used once (approval_consume). Audited "fees.version_added".
--   A version that took effect (valid_from on or before today) or whose rules a fee line used is never changed:
--   triggers refuse UPDATE and DELETE of it and of its rules, and new rules in it, whoever asks (the owner too).
--   Rules are added only with their version, in the transaction that makes it.
--   approval_verify(approver, requester, kind) and approval_grant accept an admin as the approver of a
--   "fee_schedule" approval (admins supervise, backend/auth/role.cpp); every other kind still needs a supervisor.
--
-- Merge note: this migration restates approvals.kind's CHECK (adding fee_schedule), approvals_check_approver (0001)
-- and approval_grant (0017), and drops fee_schedules' UNIQUE (code).
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- ---------------------------------------------------------------------------------------------------------------
-- Versions
-- ---------------------------------------------------------------------------------------------------------------
ALTER TABLE countersign.fee_schedules DROP CONSTRAINT fee_schedules_code_key;
ALTER TABLE countersign.fee_schedules
    ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    ADD COLUMN approval_id bigint REFERENCES countersign.approvals,
    ADD CONSTRAINT fee_schedules_code_version UNIQUE (code, version),
    ADD CONSTRAINT fee_schedules_code_from UNIQUE (code, valid_from);

-- Every version with the end its successor implies.
CREATE VIEW countersign.fee_schedule_versions AS
SELECT s.id, s.code, s.version, s.name, s.region, s.centre_id, s.valid_from,
       least(s.valid_to, s.next_from - 1) AS valid_to, s.created_by, s.created_at, s.approval_id
  FROM (SELECT x.*, pg_catalog.lead(x.valid_from) OVER (PARTITION BY x.code ORDER BY x.valid_from) AS next_from
          FROM countersign.fee_schedules x) s;
GRANT SELECT ON countersign.fee_schedule_versions TO countersign_counter;

-- Why the version p_schedule can no longer change (it took effect, or a fee line used its rules); NULL: it can.
CREATE FUNCTION countersign.fee_schedule_fixed(p_schedule bigint) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE
        WHEN s.valid_from <= (now() AT TIME ZONE 'Asia/Shanghai')::date
            THEN format('fee schedule %s version %s took effect on %s', s.code, s.version, s.valid_from)
        WHEN EXISTS (SELECT 1 FROM countersign.fee_lines l JOIN countersign.fee_rules r ON r.id = l.rule_id
                      WHERE r.schedule_id = s.id)
            THEN format('fee schedule %s version %s has been used by a fee line', s.code, s.version)
        END
      FROM countersign.fee_schedules s WHERE s.id = p_schedule
$fn$;

CREATE FUNCTION countersign.fee_schedules_fixed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_why text := countersign.fee_schedule_fixed(OLD.id);
BEGIN
    IF v_why IS NOT NULL THEN
        RAISE EXCEPTION '%: a version in force or past is never changed; add a new version', v_why
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$fn$;
CREATE TRIGGER fee_schedules_fixed BEFORE UPDATE OR DELETE ON countersign.fee_schedules
    FOR EACH ROW EXECUTE FUNCTION countersign.fee_schedules_fixed();

CREATE FUNCTION countersign.fee_rules_fixed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_why text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- A version's rules come with it, in the transaction that makes it.
        IF NOT EXISTS (SELECT 1 FROM countersign.fee_schedules s WHERE s.id = NEW.schedule_id
                          AND s.created_at = now()) THEN
            v_why := coalesce(countersign.fee_schedule_fixed(NEW.schedule_id),
                                         'fee schedule ' || NEW.schedule_id || ' was made earlier');
            RAISE EXCEPTION '%: its rules are added with it, never later; add a new version', v_why
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END IF;
    v_why := countersign.fee_schedule_fixed(OLD.schedule_id);
    IF v_why IS NULL AND TG_OP = 'UPDATE' AND NEW.schedule_id <> OLD.schedule_id THEN
        v_why := countersign.fee_schedule_fixed(NEW.schedule_id);
    END IF;
    IF v_why IS NOT NULL THEN
        RAISE EXCEPTION '%: a version in force or past is never changed; add a new version', v_why
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$fn$;
CREATE TRIGGER fee_rules_fixed BEFORE INSERT OR UPDATE OR DELETE ON countersign.fee_rules
    FOR EACH ROW EXECUTE FUNCTION countersign.fee_rules_fixed();

-- ---------------------------------------------------------------------------------------------------------------
-- The "fee_schedule" approval: another admin or a supervisor
-- ---------------------------------------------------------------------------------------------------------------
ALTER TABLE countersign.approvals DROP CONSTRAINT approvals_kind_check;
ALTER TABLE countersign.approvals ADD CONSTRAINT approvals_kind_check
    CHECK (kind IN ('fee_waiver', 'void', 'refund', 'hand_entered_letter', 'uscc_override', 'day_close',
                    'so_pin_final_try', 'fee_schedule'));

-- The roles that may approve an approval of kind p_kind.
CREATE FUNCTION countersign.approver_roles(p_kind text) RETURNS text[]
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE WHEN p_kind = 'fee_schedule' THEN ARRAY['supervisor', 'admin'] ELSE ARRAY['supervisor'] END
$fn$;

CREATE OR REPLACE FUNCTION countersign.approvals_check_approver() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM countersign.staff s
                   WHERE s.id = NEW.approved_by AND s.active
                     AND s.role = ANY (countersign.approver_roles(NEW.kind))) THEN
        RAISE EXCEPTION 'approval %: approver % is not an active %', NEW.kind, NEW.approved_by,
                        array_to_string(countersign.approver_roles(NEW.kind), ' or ')
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$fn$;

-- approval_verify (0021) for an approval of kind p_kind: the approver's role must be one that approves it.
CREATE FUNCTION countersign.approval_verify(p_supervisor_session text, p_requester_session text, p_kind text)
RETURNS text
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
    v_refusal := CASE WHEN NOT v_sup.role = ANY (countersign.approver_roles(p_kind)) THEN 'not_supervisor'
                      WHEN v_sup.id = v_requester.id THEN 'same_person' END;
    PERFORM countersign.audit_append(
        v_counter, v_sup.id, CASE WHEN v_refusal IS NULL THEN 'approval.verified' ELSE 'approval.refused' END,
        pg_catalog.left(pg_catalog.translate(v_sup.username, pg_catalog.chr(31), '?'), 200),
        pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
            'requested_by', v_requester.id, 'reason', v_refusal, 'kind', p_kind,
            'role', CASE WHEN v_refusal = 'not_supervisor' THEN v_sup.role END)));
    IF v_refusal IS NULL THEN
        UPDATE countersign.staff_sessions x SET requested_by = v_requester.id WHERE x.id = ss.id;
    ELSE
        UPDATE countersign.staff_sessions x SET ended_at = now(), end_reason = 'used' WHERE x.id = ss.id;
    END IF;
    RETURN coalesce(v_refusal, 'verified');
END
$fn$;

-- 0017's approval_grant, with the approver's roles by kind and a fee_schedule approval bound to its version.
CREATE OR REPLACE FUNCTION countersign.approval_grant(p_supervisor_session text, p_requested_by bigint, p_kind text,
                                                      p_transaction_id bigint, p_subject text, p_reason text,
                                                      p_detail jsonb, p_subject_text text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_sup     countersign.staff;
    v_number  text;
    v_id      bigint;
    v_detail  jsonb;
BEGIN
    v_sup := countersign.signing_session_staff(p_supervisor_session, ARRAY['approval', 'day_close'],
                                               countersign.approver_roles(p_kind), 'supervisor', 'an approval');
    IF p_requested_by = v_sup.id THEN
        RAISE EXCEPTION '% asked for this and can''t also approve it: a second person is needed', v_sup.username
            USING ERRCODE = 'check_violation';
    END IF;
    IF coalesce(btrim(p_reason), '') = '' THEN
        RAISE EXCEPTION 'an approval needs the reason it is asked for' USING ERRCODE = 'check_violation';
    END IF;
    IF p_kind IN ('fee_waiver', 'refund', 'void', 'fee_schedule') AND p_subject_text IS NULL THEN
        RAISE EXCEPTION 'an approval of a % names exactly what it approves', replace(p_kind, '_', ' ')
            USING ERRCODE = 'check_violation';
    END IF;
    IF p_transaction_id IS NOT NULL THEN
        SELECT t.number INTO v_number FROM countersign.transactions t WHERE t.id = p_transaction_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'transaction % does not exist', p_transaction_id USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    INSERT INTO countersign.approvals (kind, requested_by, approved_by, counter_id, transaction_id, subject, reason,
                                       detail, subject_digest)
    VALUES (p_kind, p_requested_by, v_sup.id, v_counter, p_transaction_id, nullif(p_subject, ''), p_reason,
            coalesce(p_detail, '{}'), sha256(convert_to(p_subject_text, 'UTF8')))
    RETURNING id INTO v_id;
    v_detail := jsonb_build_object('approval_id', v_id, 'kind', p_kind, 'requested_by', p_requested_by,
                                   'approved_by', v_sup.id, 'approver', v_sup.username, 'reason', p_reason);
    IF v_number IS NOT NULL THEN
        v_detail := v_detail || jsonb_build_object('transaction', v_number);
    END IF;
    IF nullif(p_subject, '') IS NOT NULL THEN
        v_detail := v_detail || jsonb_build_object('subject', p_subject);
    END IF;
    IF p_subject_text IS NOT NULL THEN
        v_detail := v_detail || jsonb_build_object('approves', translate(p_subject_text, chr(31), '|'));
    END IF;
    PERFORM countersign.audit_append(v_counter, v_sup.id, 'approval.granted', coalesce(v_number, p_subject, ''),
                                     v_detail);
    RETURN v_id;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Adding a version
-- ---------------------------------------------------------------------------------------------------------------

-- The canonical parts of a version (approvals::subjectText's, backend/fees/schedules.cpp): code, name,
-- valid_from, region, centre code, then per rule (by operation NEW … UNLOCK, then condition) operation, condition,
-- amount in fen, description.
CREATE FUNCTION countersign.fee_version_parts(p_code text, p_name text, p_from date, p_region text,
                                              p_centre text, p_rules jsonb)
RETURNS text[]
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT ARRAY[p_code, p_name, p_from::text, coalesce(p_region, ''), coalesce(p_centre, '')]
           || coalesce((SELECT array_agg(p ORDER BY o, c, i)
                          FROM (SELECT array_position(ARRAY['NEW', 'RENEW', 'UPGRADE', 'REPLACE', 'UNLOCK'],
                                                      r ->> 'operation') AS o,
                                       array_position(ARRAY['default', 'first_certificate', 'further_certificate',
                                                            'damage_waiver'], r ->> 'condition') AS c,
                                       u.i, u.p
                                  FROM jsonb_array_elements(p_rules) r,
                                       LATERAL unnest(ARRAY[r ->> 'operation', r ->> 'condition',
                                                            r ->> 'amount_fen', r ->> 'description'])
                                               WITH ORDINALITY AS u (p, i)) x), '{}')
$fn$;

-- Adds the next version of fee schedule p_version->>'code' as the admin of p_session, with p_approval (a
-- fee_schedule approval of another admin or a supervisor, asked for by this admin, for exactly this version).
-- p_version: {code, name, valid_from, region, centre (a centre's code), rules: [{operation, condition,
-- amount_fen, description}]}. Returns the version's number.
CREATE FUNCTION countersign.fee_schedule_add_version(p_session text, p_approval bigint, p_version jsonb)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who     record := countersign.require_admin_session(p_session, 'adding a fee schedule version');
    v_today   date := (now() AT TIME ZONE 'Asia/Shanghai')::date;
    v_code    text := btrim(coalesce(p_version ->> 'code', ''));
    v_name    text := btrim(coalesce(p_version ->> 'name', ''));
    v_region  text := nullif(btrim(coalesce(p_version ->> 'region', '')), '');
    v_ccode   text := nullif(btrim(coalesce(p_version ->> 'centre', '')), '');
    v_rules   jsonb := p_version -> 'rules';
    v_from    date;
    v_centre  bigint;
    v_last    countersign.fee_schedules;
    v_version integer := 1;
    v_id      bigint;
    v_appr    countersign.approvals;
    r         jsonb;
    v_n       integer := 0;
BEGIN
    IF v_code = '' THEN
        RAISE EXCEPTION 'code: a fee schedule version needs its schedule''s code' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_name = '' THEN
        RAISE EXCEPTION 'name: fee schedule % needs a name', v_code USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF coalesce(p_version ->> 'valid_from', '') !~ '^\d{4}-\d{2}-\d{2}$' THEN
        RAISE EXCEPTION 'valid_from: % is not a date (YYYY-MM-DD)', coalesce(p_version ->> 'valid_from', '(none)')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    BEGIN
        v_from := (p_version ->> 'valid_from')::date;
    EXCEPTION WHEN others THEN
        RAISE EXCEPTION 'valid_from: % is not a date (YYYY-MM-DD)', p_version ->> 'valid_from'
            USING ERRCODE = 'invalid_parameter_value';
    END;
    IF v_from <= v_today THEN
        RAISE EXCEPTION 'valid_from: a new version takes effect after today (%), never on % (not in the past)',
                        v_today, v_from USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_ccode IS NOT NULL THEN
        SELECT c.id INTO v_centre FROM countersign.centres c WHERE c.code = v_ccode;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'centre: there is no centre %', v_ccode USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;
    IF jsonb_typeof(v_rules) IS DISTINCT FROM 'array' OR jsonb_array_length(v_rules) = 0 THEN
        RAISE EXCEPTION 'rules: fee schedule % version needs its rules', v_code USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR r IN SELECT * FROM jsonb_array_elements(v_rules) LOOP
        v_n := v_n + 1;
        IF coalesce(r ->> 'operation', '') NOT IN ('NEW', 'RENEW', 'UPGRADE', 'REPLACE', 'UNLOCK') THEN
            RAISE EXCEPTION 'rules[%].operation: % is not NEW, RENEW, UPGRADE, REPLACE or UNLOCK', v_n,
                            coalesce(r ->> 'operation', '(none)') USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF coalesce(r ->> 'condition', '') NOT IN ('default', 'first_certificate', 'further_certificate',
                                                   'damage_waiver') THEN
            RAISE EXCEPTION 'rules[%].condition: % is not default, first_certificate, further_certificate or '
                            'damage_waiver', v_n, coalesce(r ->> 'condition', '(none)')
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF jsonb_typeof(r -> 'amount_fen') IS DISTINCT FROM 'number' OR (r ->> 'amount_fen') !~ '^-?\d{1,12}$' THEN
            RAISE EXCEPTION 'rules[%].amount_fen: % is not a whole number of fen', v_n,
                            coalesce(r ->> 'amount_fen', '(none)') USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF (CASE WHEN r ->> 'condition' = 'damage_waiver' THEN (r ->> 'amount_fen')::bigint > 0
                 ELSE (r ->> 'amount_fen')::bigint < 0 END) THEN
            RAISE EXCEPTION 'rules[%].amount_fen: a % is % 0, not %', v_n, r ->> 'condition',
                            CASE WHEN r ->> 'condition' = 'damage_waiver' THEN '<=' ELSE '>=' END, r ->> 'amount_fen'
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF btrim(coalesce(r ->> 'description', '')) = '' THEN
            RAISE EXCEPTION 'rules[%].description: a rule says what it is for', v_n
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END LOOP;
    IF (SELECT count(DISTINCT (x ->> 'operation', x ->> 'condition')) FROM jsonb_array_elements(v_rules) x) <> v_n THEN
        RAISE EXCEPTION 'rules: an operation has two rules of the same condition' USING ERRCODE = 'invalid_parameter_value';
    END IF;

    PERFORM pg_advisory_xact_lock(hashtext('countersign.fee_schedule:' || v_code));
    SELECT * INTO v_last FROM countersign.fee_schedules s WHERE s.code = v_code ORDER BY s.valid_from DESC LIMIT 1;
    IF FOUND THEN
        IF v_from <= v_last.valid_from THEN
            RAISE EXCEPTION 'valid_from: fee schedule % has version % from %; a new version starts after it',
                            v_code, v_last.version, v_last.valid_from USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF v_last.region IS DISTINCT FROM v_region OR v_last.centre_id IS DISTINCT FROM v_centre THEN
            RAISE EXCEPTION 'region/centre: fee schedule % is for region % and centre %; a new version keeps them',
                            v_code, coalesce(v_last.region, '(any)'),
                            coalesce((SELECT c.code FROM countersign.centres c WHERE c.id = v_last.centre_id), '(any)')
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        v_version := (SELECT max(s.version) FROM countersign.fee_schedules s WHERE s.code = v_code) + 1;
    END IF;

    IF p_approval IS NULL THEN
        RAISE EXCEPTION 'adding fee schedule % version % needs a second person''s approval: another admin or a '
                        'supervisor', v_code, v_version USING ERRCODE = 'insufficient_privilege';
    END IF;
    v_appr := countersign.approval_consume(
        p_approval, 'fee_schedule', NULL,
        countersign.approval_subject_text('fee_schedule',
                                          countersign.fee_version_parts(v_code, v_name, v_from, v_region, v_ccode,
                                                                        v_rules)),
        format('adding fee schedule %s version %s', v_code, v_version));
    IF v_appr.requested_by <> v_who.admin_id THEN
        RAISE EXCEPTION 'adding fee schedule % version %: this approval was asked for by someone else', v_code,
                        v_version USING ERRCODE = 'insufficient_privilege';
    END IF;

    INSERT INTO countersign.fee_schedules (code, version, name, region, centre_id, valid_from, created_by, approval_id)
    VALUES (v_code, v_version, v_name, v_region, v_centre, v_from, v_who.admin_id, v_appr.id)
    RETURNING id INTO v_id;
    INSERT INTO countersign.fee_rules (schedule_id, operation, condition, amount_fen, description)
    SELECT v_id, x ->> 'operation', x ->> 'condition', (x ->> 'amount_fen')::bigint, btrim(x ->> 'description')
      FROM jsonb_array_elements(v_rules) x;
    PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, 'fees.version_added',
                                     left(v_code || ' version ' || v_version, 200),
                                     jsonb_build_object('code', v_code, 'version', v_version, 'schedule_id', v_id,
                                                        'valid_from', v_from, 'approval_id', v_appr.id,
                                                        'approved_by', v_appr.approved_by, 'rules', v_rules));
    RETURN v_version;
END
$fn$;

REVOKE ALL ON FUNCTION countersign.fee_schedule_fixed(bigint), countersign.fee_schedules_fixed(),
    countersign.fee_rules_fixed() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    countersign.approval_verify(text, text, text),
    countersign.approver_roles(text),
    countersign.fee_version_parts(text, text, date, text, text, jsonb),
    countersign.fee_schedule_add_version(text, bigint, jsonb)
TO countersign_counter;
