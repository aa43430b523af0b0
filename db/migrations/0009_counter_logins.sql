-- 0009_counter_logins.sql — each counter has its own database identity (issue "the database is the authority").
--
-- A counter workstation connects as a login role of its own, a member of countersign_counter, and that role is
-- named in counters.login_role. The database knows which counter is acting from the connection alone
-- (session_user, which SET ROLE and SECURITY DEFINER do not change), never from a counter id a client sends:
-- acting_counter() is how every function that records something for "this counter" finds it. A login role that
-- is no counter's (the owner, a superuser, the reporting role) acts for no counter.
--
-- Made by `deploy/central-db/setup.sh counter-role NAME --centre C --counter N` (or `countersignctl counter
-- bind` as the owner); a role can be bound to one counter only, a counter has at most one role.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

ALTER TABLE countersign.counters
    ADD COLUMN login_role name UNIQUE;

-- The counter the connected login role belongs to, or NULL. SECURITY DEFINER with a pinned search_path like the
-- audit functions, so a caller's objects cannot stand in for ours.
CREATE FUNCTION countersign.acting_counter() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT c.id FROM countersign.counters c WHERE c.login_role = session_user AND c.active
$fn$;

-- The same, but an error naming the login role when it is no active counter's: what every function that acts
-- for a counter calls first.
CREATE FUNCTION countersign.require_acting_counter() RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.acting_counter();
BEGIN
    IF v_counter IS NULL THEN
        RAISE EXCEPTION 'the database login "%" is not the login of an active counter', session_user
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'bind it with: setup.sh counter-role NAME --centre CODE --counter CODE';
    END IF;
    RETURN v_counter;
END
$fn$;

GRANT EXECUTE ON FUNCTION countersign.acting_counter(), countersign.require_acting_counter()
    TO countersign_counter;
