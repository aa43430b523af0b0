-- The staff_admin migration — admins manage staff accounts in the database (issue 21, "the back office").
--
-- Every change below takes the acting admin's staff session (require_admin_session, 0018): the person comes
-- from the session, never from a staff id the client sends, and each change is audited in the acting counter's
-- chain with the admin as actor and the account as subject.
--
--   staff_accounts(session)                   the accounts, with centre, lock, must-change and last login; an
--                                             admin's session, or the owner's login without one. No hashes.
--   staff_disable(session, username)          the account can't log in, its open sessions end ("disabled")
--   staff_enable(session, username)
--   staff_set_role(session, username, role, centre)
--                                             role NULL: kept; centre NULL: kept, '': every centre (head
--                                             office), else a centre's code. The person's other sessions end.
--   staff_reset_password(session, username, password)
--                                             a temporary password, hashed here as staff_create does; the
--                                             account must change it at its next login (password_changed_at
--                                             NULL, what login_result reports as must_change_password); any
--                                             lock is cleared and the person's other sessions end.
--   staff_unlock(session, username)           clears locked_until and the failure count
--   staff_change_password(session, old, new)  a person's own change: their own session, the old password
--                                             checked here. The one thing a session whose password must be
--                                             changed may do (besides logging out).
--
-- The last admin: no change leaves the database without an active admin. Disabling or demoting the last
-- active admin — oneself included — is refused here; such changes run one after the other (a transaction-scoped
-- advisory lock taken first), so two admins disabling each other at the same moment can't both succeed.
--
-- session_staff (0010, 0016) is restated: a session whose person must change their password is refused for
-- everything ("the password of NAME must be changed first"); staff_change_password reads the session through
-- session_person, the same checks without that one.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- ---------------------------------------------------------------------------------------------------------------
-- Sessions: the person behind a token, and the must-change rule
-- ---------------------------------------------------------------------------------------------------------------

-- The person behind an open session of this counter (not ended, not past its end or idle limit, the account
-- active), the session's row with it. Not for counters to call.
CREATE FUNCTION countersign.session_person(p_token text, OUT person countersign.staff,
                                           OUT sess countersign.staff_sessions)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.require_acting_counter();
    v_idle    integer;
BEGIN
    SELECT p.session_idle_minutes INTO v_idle FROM countersign.auth_policy p;
    SELECT * INTO sess FROM countersign.staff_sessions x
     WHERE x.token_hash = sha256(decode(coalesce(p_token, ''), 'hex'));
    IF NOT FOUND OR sess.counter_id <> v_counter THEN
        RAISE EXCEPTION 'no such staff session at this counter: log in again'
            USING ERRCODE = 'invalid_authorization_specification';
    END IF;
    IF sess.ended_at IS NOT NULL OR sess.expires_at <= now()
       OR (sess.purpose <> 'approval' AND sess.last_used_at + make_interval(mins => v_idle) <= now()) THEN
        RAISE EXCEPTION 'the staff session has ended: log in again'
            USING ERRCODE = 'invalid_authorization_specification';
    END IF;
    SELECT * INTO person FROM countersign.staff st WHERE st.id = sess.staff_id;
    IF NOT person.active THEN
        UPDATE countersign.staff_sessions x SET ended_at = now(), end_reason = 'disabled' WHERE x.id = sess.id;
        RAISE EXCEPTION 'the account % is disabled', person.username USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF sess.last_used_at <= now() - interval '1 minute' THEN
        UPDATE countersign.staff_sessions x SET last_used_at = now() WHERE x.id = sess.id;
    END IF;
END
$fn$;

CREATE OR REPLACE FUNCTION countersign.session_staff(p_token text, p_roles text[] DEFAULT NULL)
RETURNS countersign.staff
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    s countersign.staff := (countersign.session_person(p_token)).person;
BEGIN
    IF s.password_changed_at IS NULL THEN
        RAISE EXCEPTION 'the password of % must be changed first', s.username
            USING ERRCODE = 'insufficient_privilege', HINT = 'countersign.staff_change_password';
    END IF;
    IF p_roles IS NOT NULL AND NOT s.role = ANY (p_roles) THEN
        RAISE EXCEPTION '% is % and this needs %', s.username, s.role, array_to_string(p_roles, ' or ')
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN s;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- What the admin functions share
-- ---------------------------------------------------------------------------------------------------------------

-- The account named p_username, locked for the change. Not for counters to call.
CREATE FUNCTION countersign.staff_target(p_username text) RETURNS countersign.staff
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    s countersign.staff;
BEGIN
    SELECT * INTO s FROM countersign.staff st WHERE st.username = p_username FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no staff account named %', coalesce(p_username, '(none)')
            USING ERRCODE = 'no_data_found';
    END IF;
    RETURN s;
END
$fn$;

-- Refuses a change that would leave no active admin: p_target stops being one (p_active false, or p_role not
-- admin) while no other active admin exists. Its callers hold the staff_admins lock (staff_admins_lock) from
-- before they read the account, so what is counted here is what any change beside it committed.
CREATE FUNCTION countersign.staff_keep_an_admin(p_target countersign.staff, p_active boolean, p_role text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_others integer;
BEGIN
    IF NOT (p_target.active AND p_target.role = 'admin') OR (p_active AND p_role = 'admin') THEN
        RETURN;
    END IF;
    SELECT count(*) INTO v_others FROM countersign.staff st
     WHERE st.role = 'admin' AND st.active AND st.id <> p_target.id;
    IF v_others = 0 THEN
        RAISE EXCEPTION '% is the last active admin: make another admin first', p_target.username
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
END
$fn$;

-- One change of an account's role or activity at a time, taken before anything is read or locked: the second
-- waits here and sees what the first committed. (Locking the admins' rows while counting instead would deadlock
-- two admins disabling each other: each would hold its target's row and the other's key share from the audit.)
CREATE FUNCTION countersign.staff_admins_lock() RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT pg_advisory_xact_lock(hashtext('countersign.staff_admins'))
$fn$;

-- Ends the open sessions of p_staff but p_keep (the acting one); returns how many ended.
CREATE FUNCTION countersign.staff_end_sessions(p_staff bigint, p_keep text, p_reason text) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_n integer;
BEGIN
    UPDATE countersign.staff_sessions x SET ended_at = now(), end_reason = p_reason
     WHERE x.staff_id = p_staff AND x.ended_at IS NULL
       AND x.token_hash IS DISTINCT FROM sha256(decode(coalesce(p_keep, ''), 'hex'));
    GET DIAGNOSTICS v_n = ROW_COUNT;
    RETURN v_n;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- The list
-- ---------------------------------------------------------------------------------------------------------------
CREATE FUNCTION countersign.staff_accounts(p_session text)
RETURNS TABLE (username text, display_name text, role text, centre_code text, active boolean,
               locked_until timestamptz, failed_logins integer, must_change_password boolean,
               last_login timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    PERFORM countersign.require_admin(p_session, NULL, 'listing the staff accounts');
    RETURN QUERY
    SELECT s.username, s.display_name, s.role, c.code, s.active,
           CASE WHEN s.locked_until > now() THEN s.locked_until END, s.failed_logins,
           s.password_changed_at IS NULL,
           (SELECT max(x.opened_at) FROM countersign.staff_sessions x
             WHERE x.staff_id = s.id AND x.purpose = 'login')
      FROM countersign.staff s LEFT JOIN countersign.centres c ON c.id = s.centre_id
     ORDER BY s.username;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Changes
-- ---------------------------------------------------------------------------------------------------------------
CREATE FUNCTION countersign.staff_disable(p_session text, p_username text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who record := countersign.require_admin_session(p_session, 'disabling a staff account');
    s     countersign.staff;
    v_ended integer;
BEGIN
    PERFORM countersign.staff_admins_lock();
    s := countersign.staff_target(p_username);
    IF NOT s.active THEN
        RAISE EXCEPTION 'the account % is disabled already', s.username
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM countersign.staff_keep_an_admin(s, false, s.role);
    UPDATE countersign.staff st SET active = false WHERE st.id = s.id;
    -- Every session of the person ends, the acting one too when an admin disables themself.
    v_ended := countersign.staff_end_sessions(s.id, NULL, 'disabled');
    PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, 'staff.disabled', s.username,
                                     jsonb_build_object('id', s.id, 'sessions_ended', v_ended));
END
$fn$;

CREATE FUNCTION countersign.staff_enable(p_session text, p_username text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who record := countersign.require_admin_session(p_session, 'enabling a staff account');
    s     countersign.staff := countersign.staff_target(p_username);
BEGIN
    IF s.active THEN
        RAISE EXCEPTION 'the account % is enabled already', s.username
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    UPDATE countersign.staff st SET active = true WHERE st.id = s.id;
    PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, 'staff.enabled', s.username,
                                     jsonb_build_object('id', s.id));
END
$fn$;

CREATE FUNCTION countersign.staff_set_role(p_session text, p_username text, p_role text, p_centre text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who    record := countersign.require_admin_session(p_session, 'changing a staff account''s role');
    s        countersign.staff;
    v_role   text;
    v_centre bigint;
    v_from   text;
    v_to     text;
    v_ended  integer;
BEGIN
    PERFORM countersign.staff_admins_lock();
    s := countersign.staff_target(p_username);
    v_role := coalesce(p_role, s.role);
    v_centre := s.centre_id;
    IF v_role NOT IN ('operator', 'supervisor', 'admin') THEN
        RAISE EXCEPTION 'a role is operator, supervisor or admin, not %', v_role
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_centre = '' THEN
        v_centre := NULL;
    ELSIF p_centre IS NOT NULL THEN
        SELECT c.id INTO v_centre FROM countersign.centres c WHERE c.code = p_centre;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'there is no centre %', p_centre USING ERRCODE = 'no_data_found';
        END IF;
    END IF;
    IF v_role = s.role AND v_centre IS NOT DISTINCT FROM s.centre_id THEN
        RAISE EXCEPTION '% is % of that centre already: nothing to change', s.username, s.role
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM countersign.staff_keep_an_admin(s, s.active, v_role);
    UPDATE countersign.staff st SET role = v_role, centre_id = v_centre WHERE st.id = s.id;
    -- The person logs in again to work in the new role; the acting admin keeps their session.
    v_ended := countersign.staff_end_sessions(s.id, p_session, 'replaced');
    SELECT c.code INTO v_from FROM countersign.centres c WHERE c.id = s.centre_id;
    SELECT c.code INTO v_to FROM countersign.centres c WHERE c.id = v_centre;
    PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, 'staff.role_changed', s.username,
                                     jsonb_build_object('id', s.id, 'from_role', s.role, 'to_role', v_role,
                                                        'from_centre', v_from, 'to_centre', v_to,
                                                        'sessions_ended', v_ended));
END
$fn$;

CREATE FUNCTION countersign.staff_reset_password(p_session text, p_username text, p_password text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who   record := countersign.require_admin_session(p_session, 'resetting a staff password');
    s       countersign.staff := countersign.staff_target(p_username);
    v_ended integer;
BEGIN
    IF length(coalesce(p_password, '')) < 8 THEN
        RAISE EXCEPTION 'a staff password has at least 8 characters' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE countersign.staff st
       SET password_hash = countersign.password_hash_make(p_password), password_changed_at = NULL,
           failed_logins = 0, locked_until = NULL
     WHERE st.id = s.id;
    v_ended := countersign.staff_end_sessions(s.id, p_session, 'replaced');
    PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, 'staff.password_reset', s.username,
                                     jsonb_build_object('id', s.id, 'was_locked', s.locked_until > now(),
                                                        'sessions_ended', v_ended));
END
$fn$;

CREATE FUNCTION countersign.staff_unlock(p_session text, p_username text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who record := countersign.require_admin_session(p_session, 'unlocking a staff account');
    s     countersign.staff := countersign.staff_target(p_username);
BEGIN
    IF coalesce(s.locked_until > now(), false) = false AND s.failed_logins = 0 THEN
        RAISE EXCEPTION 'the account % is not locked', s.username
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    UPDATE countersign.staff st SET locked_until = NULL, failed_logins = 0 WHERE st.id = s.id;
    PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, 'staff.unlocked', s.username,
                                     jsonb_build_object('id', s.id, 'failed_logins', s.failed_logins,
                                                        'locked_until',
                                                        CASE WHEN s.locked_until > now() THEN
                                                            to_char(s.locked_until, 'YYYY-MM-DD"T"HH24:MI:SSOF')
                                                        END));
END
$fn$;

-- A person's own change: the old password checked against the stored hash, the new one at least 8 characters
-- and not the old one. Clears the must-change mark.
CREATE FUNCTION countersign.staff_change_password(p_session text, p_old text, p_new text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    r         record := countersign.session_person(p_session);
    s         countersign.staff := r.person;
    v_session countersign.staff_sessions := r.sess;
BEGIN
    IF v_session.purpose NOT IN ('login', 'unlock') THEN
        RAISE EXCEPTION 'a password is changed from a login session, not an % one', v_session.purpose
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT countersign.password_hash_matches(s.password_hash, p_old, NULL) THEN
        RAISE EXCEPTION 'the current password given for % is wrong', s.username
            USING ERRCODE = 'invalid_authorization_specification';
    END IF;
    IF length(coalesce(p_new, '')) < 8 THEN
        RAISE EXCEPTION 'a staff password has at least 8 characters' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_new = p_old THEN
        RAISE EXCEPTION 'the new password must differ from the current one' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE countersign.staff st
       SET password_hash = countersign.password_hash_make(p_new), password_changed_at = now()
     WHERE st.id = s.id;
    PERFORM countersign.audit_append(v_session.counter_id, s.id, 'staff.password_changed', s.username,
                                     jsonb_build_object('id', s.id, 'was_temporary', s.password_changed_at IS NULL));
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Privileges: counters call the functions; they hold no write on staff or sessions (0010).
-- ---------------------------------------------------------------------------------------------------------------
GRANT EXECUTE ON FUNCTION
    countersign.staff_accounts(text),
    countersign.staff_disable(text, text),
    countersign.staff_enable(text, text),
    countersign.staff_set_role(text, text, text, text),
    countersign.staff_reset_password(text, text, text),
    countersign.staff_unlock(text, text),
    countersign.staff_change_password(text, text, text)
TO countersign_counter;
