-- 0011_own_audit_chain.sql — a counter appends only to its own audit chain (issue "the database is the authority").
--
-- The chain an entry goes into is the one of the counter whose login role is connected (acting_counter(),
-- 0009_counter_logins.sql): counter A cannot write into counter B's chain, whatever counter_id it sends. A login
-- that is no counter's may append only if it acts as the owner (the installer's set-up entries, and
-- SECURITY DEFINER functions, which run as the owner but keep the caller's session_user and so its counter).
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

CREATE FUNCTION countersign.audit_log_own_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.acting_counter();
BEGIN
    IF v_counter IS NOT NULL AND NEW.counter_id IS DISTINCT FROM v_counter THEN
        RAISE EXCEPTION 'counter % appends only to its own audit chain, not to counter %''s', v_counter,
                        NEW.counter_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF v_counter IS NULL AND NOT pg_has_role(session_user, 'countersign_owner', 'MEMBER') THEN
        RAISE EXCEPTION 'the database login "%" is no counter''s and may not write the audit log', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$fn$;

-- Named to fire before audit_log_chain (BEFORE triggers fire in name order): a refused entry takes no seq.
CREATE TRIGGER audit_log_a_own_chain BEFORE INSERT ON countersign.audit_log
    FOR EACH ROW EXECUTE FUNCTION countersign.audit_log_own_chain();
