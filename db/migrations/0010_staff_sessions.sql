-- 0010_staff_sessions.sql — staff authenticate against the database, not the client (issue "the database is the
-- authority").
--
-- A counter's login role can no longer read a password hash or write the staff table. A login is checked inside
-- the database, by CALL countersign.staff_login(...), and yields a short-lived staff session bound to the counter
-- whose login role opened it. Whatever needs a person takes that session's token; the database finds the person
-- from it (session_staff()), never from a staff id a client sends.
--
-- Why a procedure with a COMMIT in the middle. A login must count wrong passwords whatever the client does, but a
-- client owns its transaction and could roll a failure back and guess again for ever. So the check is two steps:
--   1. login_check() verifies the password and COMMITS the attempt before anything depends on its outcome. Every
--      effect a counter could observe is the same whether the password was right or wrong: the failure count goes
--      up by one (and reaches the lock) pessimistically, the audit entry is "<purpose>.attempted". The outcome is
--      kept in login_attempts, which no counter can read.
--   2. login_result() runs only once the attempt's transaction has committed (pg_xact_status), and only for the
--      counter that made it: a right password resets the count and opens the session ("login.succeeded"); a wrong
--      one says so ("login.failed", "staff.locked" when this one locked the account).
-- staff_login() is the two in one CALL with the COMMIT between them; CALL inside a transaction block fails at the
-- COMMIT, so a client cannot hold step 1 open either. A client that calls the steps itself gains nothing.
--
-- Password hashes. New hashes are "bcrypt-sha256$" + pgcrypto's bcrypt of the hex SHA-256 of the UTF-8 password
-- (so no password is cut at bcrypt's 72 bytes), cost from auth_policy. Hashes made before this migration by the
-- client ("scrypt$logN$r$p$salt$hash", backend/auth/passwordhash.cpp) keep working: staff_login_params() hands
-- the client the non-secret scrypt parameters and salt, the client sends the derived key with the password, the
-- database compares it with the stored one and, when it matches, replaces the hash with a bcrypt one made from
-- the password — so each account moves to the new scheme at its first login and nobody has to reset.

-- pgcrypto is a trusted extension: made by the invoking role (a superuser, or the database's owner) before the
-- switch to countersign_owner.
CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA countersign;

SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- ---------------------------------------------------------------------------------------------------------------
-- The policy, one row: what the database enforces, whatever a counter's configuration says.
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE countersign.auth_policy (
    only_row             boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    max_failures         integer NOT NULL DEFAULT 5 CHECK (max_failures BETWEEN 1 AND 100),
    lock_minutes         integer NOT NULL DEFAULT 15 CHECK (lock_minutes BETWEEN 1 AND 525600),
    session_idle_minutes integer NOT NULL DEFAULT 30 CHECK (session_idle_minutes BETWEEN 1 AND 1440),
    session_hours        integer NOT NULL DEFAULT 12 CHECK (session_hours BETWEEN 1 AND 24),
    hash_cost            integer NOT NULL DEFAULT 10 CHECK (hash_cost BETWEEN 4 AND 16)
);
INSERT INTO countersign.auth_policy DEFAULT VALUES;

-- ---------------------------------------------------------------------------------------------------------------
-- Sessions and attempts: no counter reads or writes these tables; only the functions below do.
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE countersign.staff_sessions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash   bytea NOT NULL UNIQUE,               -- sha256 of the token; the token itself is only the client's
    staff_id     bigint NOT NULL REFERENCES countersign.staff,
    counter_id   bigint NOT NULL REFERENCES countersign.counters,
    purpose      text NOT NULL CHECK (purpose IN ('login', 'unlock', 'approval', 'day_close')),
    opened_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,                -- absolute end; idle end is last_used_at + policy
    ended_at     timestamptz,
    end_reason   text CHECK (end_reason IN ('logout', 'idle_lock', 'used', 'replaced', 'disabled'))
);
CREATE INDEX staff_sessions_open_idx ON countersign.staff_sessions (counter_id) WHERE ended_at IS NULL;

CREATE TABLE countersign.login_attempts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    xact         xid8 NOT NULL DEFAULT pg_current_xact_id(),
    counter_id   bigint NOT NULL REFERENCES countersign.counters,
    username     text NOT NULL,
    staff_id     bigint REFERENCES countersign.staff,
    purpose      text NOT NULL CHECK (purpose IN ('login', 'unlock', 'approval', 'day_close')),
    outcome      text NOT NULL CHECK (outcome IN ('ok', 'wrong_credentials', 'locked', 'disabled')),
    failures     integer NOT NULL DEFAULT 0,          -- the count after this attempt, had it failed
    locked_now   boolean NOT NULL DEFAULT false,      -- this attempt, had it failed, locked the account
    locked_until timestamptz,
    at           timestamptz NOT NULL DEFAULT now(),
    result_taken boolean NOT NULL DEFAULT false
);

-- ---------------------------------------------------------------------------------------------------------------
-- Hashes
-- ---------------------------------------------------------------------------------------------------------------
CREATE FUNCTION countersign.password_hash_make(p_password text) RETURNS text
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT 'bcrypt-sha256$' || countersign.crypt(encode(sha256(convert_to(p_password, 'UTF8')), 'hex'),
                                                 countersign.gen_salt('bf', p.hash_cost))
      FROM countersign.auth_policy p
$fn$;

-- Whether p_password (or, for a legacy scrypt hash, the derived key the client computed) matches p_stored.
CREATE FUNCTION countersign.password_hash_matches(p_stored text, p_password text, p_legacy_proof text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_bcrypt text;
BEGIN
    IF p_stored LIKE 'bcrypt-sha256$%' THEN
        v_bcrypt := substr(p_stored, length('bcrypt-sha256$') + 1);
        RETURN countersign.crypt(encode(sha256(convert_to(coalesce(p_password, ''), 'UTF8')), 'hex'), v_bcrypt)
               = v_bcrypt;
    ELSIF p_stored LIKE 'scrypt$%' THEN
        RETURN p_legacy_proof IS NOT NULL AND split_part(p_stored, '$', 6) = p_legacy_proof;
    END IF;
    RETURN false;
END
$fn$;

-- A decoy the same cost as a real check, so an unknown user name takes as long as a known one.
CREATE FUNCTION countersign.password_hash_decoy(p_password text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    PERFORM countersign.password_hash_matches(countersign.password_hash_make('decoy'), p_password, NULL);
END
$fn$;

-- The non-secret parameters of an account's legacy scrypt hash ("scrypt$logN$r$p$salt"), or NULL when the account
-- is unknown or already on bcrypt: what the client needs to compute the proof staff_login takes.
CREATE FUNCTION countersign.staff_login_params(p_username text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT array_to_string((string_to_array(s.password_hash, '$'))[1:5], '$')
      FROM countersign.staff s
     WHERE s.username = p_username AND s.password_hash LIKE 'scrypt$%'
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- The audit entries of a login, in the acting counter's chain.
-- ---------------------------------------------------------------------------------------------------------------
CREATE FUNCTION countersign.audit_append(p_counter bigint, p_actor bigint, p_event text, p_subject text,
                                         p_detail jsonb) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    -- seq, prev_hash and hash are set by the chain trigger; the placeholders satisfy NOT NULL.
    INSERT INTO countersign.audit_log (counter_id, seq, actor_staff_id, event, subject, detail, prev_hash, hash)
    VALUES (p_counter, 0, p_actor, p_event, translate(left(p_subject, 200), chr(31), '?'), p_detail, '', '')
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Step 1: check and commit the attempt. Returns the attempt's id, nothing that depends on the password.
-- ---------------------------------------------------------------------------------------------------------------
CREATE FUNCTION countersign.login_check(p_username text, p_password text, p_legacy_proof text, p_purpose text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_policy  countersign.auth_policy;
    v_staff   countersign.staff;
    v_outcome text;
    v_failures integer := 0;
    v_locked_now boolean := false;
    v_locked_until timestamptz;
    v_attempt bigint;
BEGIN
    IF p_purpose IS NULL OR p_purpose NOT IN ('login', 'unlock', 'approval', 'day_close') THEN
        RAISE EXCEPTION 'a login is for "login", "unlock", "approval" or "day_close", not "%"', p_purpose
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO v_policy FROM countersign.auth_policy;
    SELECT * INTO v_staff FROM countersign.staff WHERE username = p_username FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM countersign.password_hash_decoy(p_password);
        v_outcome := 'wrong_credentials';
    ELSIF NOT v_staff.active THEN
        v_outcome := 'disabled';
    ELSIF v_staff.locked_until > now() THEN
        -- Not even a right password opens a locked account, and the attempt does not extend the lock.
        v_outcome := 'locked';
        v_locked_until := v_staff.locked_until;
    ELSE
        -- Counted as a failure before the outcome is known; a right password undoes it in step 2.
        v_failures := v_staff.failed_logins + 1;
        IF v_failures >= v_policy.max_failures THEN
            v_locked_now := true;
            v_locked_until := now() + make_interval(mins => v_policy.lock_minutes);
            UPDATE countersign.staff SET failed_logins = 0, locked_until = v_locked_until WHERE id = v_staff.id;
        ELSE
            UPDATE countersign.staff SET failed_logins = v_failures WHERE id = v_staff.id;
        END IF;
        IF countersign.password_hash_matches(v_staff.password_hash, p_password, p_legacy_proof) THEN
            v_outcome := 'ok';
            IF v_staff.password_hash NOT LIKE 'bcrypt-sha256$%' THEN
                UPDATE countersign.staff SET password_hash = countersign.password_hash_make(p_password)
                 WHERE id = v_staff.id;
            END IF;
        ELSE
            v_outcome := 'wrong_credentials';
        END IF;
    END IF;
    INSERT INTO countersign.login_attempts (counter_id, username, staff_id, purpose, outcome, failures,
                                            locked_now, locked_until)
    VALUES (v_counter, p_username, v_staff.id, p_purpose, v_outcome, v_failures, v_locked_now, v_locked_until)
    RETURNING id INTO v_attempt;
    PERFORM countersign.audit_append(v_counter, v_staff.id, p_purpose || '.attempted', p_username,
                                     jsonb_build_object('attempt', v_attempt));
    RETURN v_attempt;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Step 2: the outcome of a committed attempt, once, to the counter that made it; a session when it was right.
-- ---------------------------------------------------------------------------------------------------------------
CREATE FUNCTION countersign.login_result(p_attempt bigint, OUT outcome text, OUT session_token text,
                                         OUT staff_id bigint, OUT username text, OUT display_name text,
                                         OUT role text, OUT locked_until text, OUT locked_now boolean,
                                         OUT must_change_password boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_policy  countersign.auth_policy;
    a         countersign.login_attempts;
    s         countersign.staff;
    v_token   bytea;
    v_event   text;
BEGIN
    SELECT * INTO a FROM countersign.login_attempts la WHERE la.id = p_attempt FOR UPDATE;
    IF NOT FOUND OR a.counter_id <> v_counter OR a.result_taken OR a.at < now() - interval '5 minutes' THEN
        RAISE EXCEPTION 'login attempt % is not this counter''s, or its result was already taken', p_attempt
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF pg_xact_status(a.xact) IS DISTINCT FROM 'committed' THEN
        RAISE EXCEPTION 'a login''s result is given only once its attempt is committed: CALL staff_login'
            USING ERRCODE = 'invalid_transaction_state';
    END IF;
    UPDATE countersign.login_attempts la SET result_taken = true WHERE la.id = a.id;
    SELECT * INTO v_policy FROM countersign.auth_policy;
    outcome := a.outcome;
    locked_now := false;
    v_event := a.purpose;
    IF a.staff_id IS NOT NULL THEN
        SELECT * INTO s FROM countersign.staff st WHERE st.id = a.staff_id FOR UPDATE;
    END IF;
    IF a.outcome = 'ok' THEN
        -- The pessimistic count of step 1 is undone, and so is a lock that only it made.
        UPDATE countersign.staff st
           SET failed_logins = 0, locked_until = CASE WHEN a.locked_now THEN NULL ELSE st.locked_until END
         WHERE st.id = a.staff_id;
        v_token := countersign.gen_random_bytes(32);
        IF a.purpose NOT IN ('approval', 'day_close') THEN
            -- One open session per person and counter: a new login replaces the one before.
            UPDATE countersign.staff_sessions ss SET ended_at = now(), end_reason = 'replaced'
             WHERE ss.staff_id = a.staff_id AND ss.counter_id = v_counter AND ss.ended_at IS NULL
               AND ss.purpose <> 'approval';
        END IF;
        INSERT INTO countersign.staff_sessions (token_hash, staff_id, counter_id, purpose, expires_at)
        VALUES (sha256(v_token), a.staff_id, v_counter, a.purpose,
                now() + CASE WHEN a.purpose IN ('approval', 'day_close') THEN interval '5 minutes'
                             ELSE make_interval(hours => v_policy.session_hours) END);
        session_token := encode(v_token, 'hex');
        staff_id := s.id;
        username := s.username;
        display_name := s.display_name;
        role := s.role;
        must_change_password := s.password_changed_at IS NULL;
        PERFORM countersign.audit_append(v_counter, s.id, v_event || '.succeeded', s.username, '{}');
    ELSIF a.outcome = 'wrong_credentials' THEN
        locked_now := a.locked_now;
        IF a.locked_now THEN
            outcome := 'locked';
            locked_until := to_char(a.locked_until, 'YYYY-MM-DD"T"HH24:MI:SSOF');
        END IF;
        PERFORM countersign.audit_append(v_counter, a.staff_id, v_event || '.failed', a.username,
            CASE WHEN a.staff_id IS NULL THEN jsonb_build_object('reason', 'unknown_user')
                 ELSE jsonb_build_object('reason', 'wrong_password', 'failures',
                                         CASE WHEN a.locked_now THEN v_policy.max_failures ELSE a.failures END)
            END);
        IF a.locked_now THEN
            PERFORM countersign.audit_append(v_counter, a.staff_id, 'staff.locked', a.username,
                                             jsonb_build_object('minutes', v_policy.lock_minutes));
        END IF;
    ELSE
        locked_until := to_char(a.locked_until, 'YYYY-MM-DD"T"HH24:MI:SSOF');
        PERFORM countersign.audit_append(v_counter, a.staff_id, v_event || '.refused', a.username,
            CASE WHEN a.outcome = 'locked'
                 THEN jsonb_build_object('reason', 'locked', 'locked_until',
                                         to_char(a.locked_until, 'YYYY-MM-DD"T"HH24:MI:SSOF'))
                 ELSE jsonb_build_object('reason', a.outcome) END);
    END IF;
END
$fn$;

-- Both steps, with the COMMIT between them. CALL it outside a transaction block (autocommit).
CREATE PROCEDURE countersign.staff_login(p_username text, p_password text, p_legacy_proof text, p_purpose text,
                                         INOUT outcome text DEFAULT NULL, INOUT session_token text DEFAULT NULL,
                                         INOUT staff_id bigint DEFAULT NULL, INOUT username text DEFAULT NULL,
                                         INOUT display_name text DEFAULT NULL, INOUT role text DEFAULT NULL,
                                         INOUT locked_until text DEFAULT NULL,
                                         INOUT locked_now boolean DEFAULT NULL,
                                         INOUT must_change_password boolean DEFAULT NULL)
-- No SET clause: a procedure with one may not COMMIT. The body names everything in full.
LANGUAGE plpgsql AS $fn$
DECLARE
    v_attempt bigint;
    r record;
BEGIN
    v_attempt := countersign.login_check(p_username, p_password, p_legacy_proof, p_purpose);
    COMMIT;
    SELECT * INTO r FROM countersign.login_result(v_attempt);
    outcome := r.outcome;
    session_token := r.session_token;
    staff_id := r.staff_id;
    username := r.username;
    display_name := r.display_name;
    role := r.role;
    locked_until := r.locked_until;
    locked_now := r.locked_now;
    must_change_password := r.must_change_password;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Using a session
-- ---------------------------------------------------------------------------------------------------------------

-- The person behind a session token, checked: open, this counter's, not idle past the policy, not past its end,
-- the account still active, and (p_roles) of one of the roles given. Marks it used. What every function that
-- needs a person calls first; not for counters to call directly.
CREATE FUNCTION countersign.session_staff(p_token text, p_roles text[] DEFAULT NULL)
RETURNS countersign.staff
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_policy  countersign.auth_policy;
    ss        countersign.staff_sessions;
    s         countersign.staff;
BEGIN
    SELECT * INTO v_policy FROM countersign.auth_policy;
    SELECT * INTO ss FROM countersign.staff_sessions x
     WHERE x.token_hash = sha256(decode(coalesce(p_token, ''), 'hex')) FOR UPDATE;
    IF NOT FOUND OR ss.counter_id <> v_counter THEN
        RAISE EXCEPTION 'no such staff session at this counter: log in again'
            USING ERRCODE = 'invalid_authorization_specification';
    END IF;
    IF ss.ended_at IS NOT NULL OR ss.expires_at <= now()
       OR (ss.purpose <> 'approval'
           AND ss.last_used_at + make_interval(mins => v_policy.session_idle_minutes) <= now()) THEN
        RAISE EXCEPTION 'the staff session has ended: log in again'
            USING ERRCODE = 'invalid_authorization_specification';
    END IF;
    SELECT * INTO s FROM countersign.staff st WHERE st.id = ss.staff_id;
    IF NOT s.active THEN
        UPDATE countersign.staff_sessions x SET ended_at = now(), end_reason = 'disabled' WHERE x.id = ss.id;
        RAISE EXCEPTION 'the account % is disabled', s.username USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_roles IS NOT NULL AND NOT s.role = ANY (p_roles) THEN
        RAISE EXCEPTION '% is % and this needs %', s.username, s.role, array_to_string(p_roles, ' or ')
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE countersign.staff_sessions x SET last_used_at = now() WHERE x.id = ss.id;
    RETURN s;
END
$fn$;

-- Who a session is, for the client to show (and to check its token still works).
CREATE FUNCTION countersign.session_whoami(p_token text, OUT staff_id bigint, OUT username text,
                                           OUT display_name text, OUT role text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    s countersign.staff := countersign.session_staff(p_token);
BEGIN
    staff_id := s.id;
    username := s.username;
    display_name := s.display_name;
    role := s.role;
END
$fn$;

-- Ends a session: logout, or the kiosk's idle lock.
CREATE FUNCTION countersign.staff_logout(p_token text, p_reason text DEFAULT 'logout') RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_staff bigint;
    v_username text;
BEGIN
    IF p_reason NOT IN ('logout', 'idle_lock', 'used') THEN
        RAISE EXCEPTION 'a session ends by logout, idle_lock or used, not %', p_reason
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE countersign.staff_sessions x SET ended_at = now(), end_reason = p_reason
     WHERE x.token_hash = sha256(decode(coalesce(p_token, ''), 'hex')) AND x.counter_id = v_counter
       AND x.ended_at IS NULL
    RETURNING x.staff_id INTO v_staff;
    IF v_staff IS NOT NULL THEN
        SELECT username INTO v_username FROM countersign.staff WHERE id = v_staff;
        PERFORM countersign.audit_append(v_counter, v_staff, 'session.ended', v_username,
                                         jsonb_build_object('reason', p_reason));
    END IF;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Admin work: an admin's session, or the owner's login (the installer: the first admin, the first trust).
-- ---------------------------------------------------------------------------------------------------------------

-- Who does admin work `p_what`: the admin behind an open session at this counter (audited in this counter's
-- chain), or, with no session, the owner's login (audited in p_owner_audit_counter's chain, when given). Raises
-- naming what needs an admin otherwise. Not for counters to call directly.
CREATE FUNCTION countersign.require_admin(p_session text, p_owner_audit_counter bigint, p_what text,
                                          OUT admin_id bigint, OUT audit_counter bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF p_session IS NULL THEN
        IF NOT pg_has_role(session_user, 'countersign_owner', 'MEMBER') THEN
            RAISE EXCEPTION '% needs an admin''s session (or the database owner''s login)', p_what
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        audit_counter := p_owner_audit_counter;
    ELSE
        admin_id := (countersign.session_staff(p_session, ARRAY['admin'])).id;
        audit_counter := countersign.acting_counter();
    END IF;
END
$fn$;

CREATE FUNCTION countersign.staff_create(p_session text, p_username text, p_display_name text, p_role text,
                                         p_password text, p_centre_id bigint, p_owner_audit_counter bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who record := countersign.require_admin(p_session, p_owner_audit_counter, 'creating a staff account');
    v_id  bigint;
BEGIN
    IF length(coalesce(p_password, '')) < 8 THEN
        RAISE EXCEPTION 'a staff password has at least 8 characters' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM countersign.staff WHERE username = p_username) THEN
        RAISE EXCEPTION 'a staff account named % already exists', p_username USING ERRCODE = 'unique_violation';
    END IF;
    INSERT INTO countersign.staff (username, display_name, role, password_hash, centre_id)
    VALUES (p_username, p_display_name, p_role, countersign.password_hash_make(p_password), p_centre_id)
    RETURNING id INTO v_id;
    IF v_who.audit_counter IS NOT NULL THEN
        PERFORM countersign.audit_append(v_who.audit_counter, v_who.admin_id, 'staff.created', p_username,
                                         jsonb_build_object('role', p_role, 'id', v_id));
    END IF;
    RETURN v_id;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Privileges: counters read staff without the hash; they never write staff, sessions or attempts.
-- ---------------------------------------------------------------------------------------------------------------
REVOKE ALL ON countersign.staff FROM countersign_counter;
GRANT SELECT (id, username, display_name, role, centre_id, failed_logins, locked_until, active, created_at,
              password_changed_at)
    ON countersign.staff TO countersign_counter;
REVOKE ALL ON countersign.auth_policy, countersign.staff_sessions, countersign.login_attempts
    FROM countersign_counter;
GRANT SELECT ON countersign.auth_policy TO countersign_counter;

GRANT EXECUTE ON FUNCTION
    countersign.staff_login_params(text),
    countersign.login_check(text, text, text, text),
    countersign.login_result(bigint),
    countersign.session_whoami(text),
    countersign.staff_logout(text, text),
    countersign.staff_create(text, text, text, text, text, bigint, bigint)
TO countersign_counter;
GRANT EXECUTE ON PROCEDURE
    countersign.staff_login(text, text, text, text, text, text, bigint, text, text, text, text, boolean, boolean)
TO countersign_counter;
