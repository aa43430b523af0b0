-- 0007_fast_audit.sql — cheaper audit appends, with the same guarantees (DESIGN §7).
--
-- Until now an append ran two triggers: audit_log_chain() (BEFORE INSERT: an advisory lock per counter, the
-- chain's last row, the hash) and audit_heads_advance() (AFTER INSERT, SECURITY DEFINER: the counter's
-- audit_heads row read FOR UPDATE, then updated): two function calls, a queued after-trigger event, an
-- advisory lock and a row lock, two lookups of the head. Now one BEFORE INSERT trigger does both, and in the
-- usual case runs two statements:
--   1. it reads the chain's last row from audit_log itself (not the head's (seq, hash)), sets seq, prev_hash,
--      at, detail and hash (countersign.audit_hash, unchanged: existing rows still verify);
--   2. it advances the head with one UPDATE whose WHERE requires the head to be that very row and not
--      diverged. The UPDATE takes the head row's lock, which now serialises a counter's appends (instead of
--      the advisory lock); under READ COMMITTED an UPDATE that waited for another appender re-checks the
--      newest head, which no longer matches, and changes nothing.
-- When nothing was changed (another appender got there first, no head row yet, a diverged head, a chain cut
-- or extended behind the insert path's back) the trigger does what 0005 did, under the head row's lock (or
-- the advisory lock ('CSAU', counter id) while the counter has no head row): the last row is read again in a
-- snapshot taken after the lock, and the head advances, records diverged_at_seq, or is created — exactly as
-- audit_heads_advance() did, so audit_verify_full() names the same first bad entry as before.
-- The head is written before the row, in the same statement: if the row is refused (a CHECK, a foreign key)
-- the statement fails and the head's change goes with it.
--
-- The function is SECURITY DEFINER (counters may only read audit_heads) and so keeps a fixed search_path
-- (pg_catalog, pg_temp); every name in it is schema-qualified. Under REPEATABLE READ an append racing another
-- one that committed after the snapshot now fails with serialization_failure (from the head row) instead of a
-- UNIQUE (counter_id, seq) violation; append under READ COMMITTED, or retry.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

CREATE OR REPLACE FUNCTION countersign.audit_log_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    head_seq      bigint;
    head_hash     bytea;
    head_diverged bigint;
    head_found    boolean;
    last_seq      bigint;
    last_hash     bytea;
BEGIN
    NEW.at := pg_catalog.clock_timestamp();
    NEW.detail := coalesce(NEW.detail, '{}'::pg_catalog.jsonb);

    -- The usual case: the head is the chain's last row (nothing cut off, nothing diverged) and the new row
    -- extends it. The last row is read without a lock; the head's UPDATE then takes the lock and advances
    -- only if the head still is that row. If another appender moved the head meanwhile, the UPDATE (which
    -- re-checks the newest version of the head row once that appender commits) changes nothing, and the
    -- locked path below runs instead.
    SELECT a.seq, a.hash INTO last_seq, last_hash
      FROM countersign.audit_log a
     WHERE a.counter_id = NEW.counter_id
     ORDER BY a.seq DESC
     LIMIT 1;
    IF FOUND THEN
        NEW.seq := last_seq + 1;
        NEW.prev_hash := last_hash;
        NEW.hash := countersign.audit_hash(NEW.prev_hash, NEW.seq, NEW.counter_id, NEW.at, NEW.actor_staff_id,
                                           NEW.event, NEW.subject, NEW.detail);
        UPDATE countersign.audit_heads
           SET seq = NEW.seq, hash = NEW.hash, updated_at = pg_catalog.now()
         WHERE counter_id = NEW.counter_id
           AND seq = last_seq
           AND hash = last_hash
           AND diverged_at_seq IS NULL;
        IF FOUND THEN
            RETURN NEW;
        END IF;
    END IF;

    -- Otherwise: the head row's lock serialises this counter's appends (the advisory lock while it has no head
    -- row yet), and the chain's last row is read in a snapshot taken after it.
    SELECT h.seq, h.hash, h.diverged_at_seq INTO head_seq, head_hash, head_diverged
      FROM countersign.audit_heads h
     WHERE h.counter_id = NEW.counter_id
       FOR NO KEY UPDATE;
    head_found := FOUND;
    IF NOT head_found THEN
        PERFORM pg_catalog.pg_advisory_xact_lock(1129529685, NEW.counter_id::integer);
        SELECT h.seq, h.hash, h.diverged_at_seq INTO head_seq, head_hash, head_diverged
          FROM countersign.audit_heads h
         WHERE h.counter_id = NEW.counter_id
           FOR NO KEY UPDATE;
        head_found := FOUND;
    END IF;
    SELECT a.seq, a.hash INTO last_seq, last_hash
      FROM countersign.audit_log a
     WHERE a.counter_id = NEW.counter_id
     ORDER BY a.seq DESC
     LIMIT 1;
    IF NOT FOUND THEN
        last_seq := 0;
        last_hash := pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex');
    END IF;
    NEW.seq := last_seq + 1;
    NEW.prev_hash := last_hash;
    NEW.hash := countersign.audit_hash(NEW.prev_hash, NEW.seq, NEW.counter_id, NEW.at, NEW.actor_staff_id,
                                       NEW.event, NEW.subject, NEW.detail);

    -- The head advances only when the new row extends it; otherwise the first divergence is kept (as
    -- audit_heads_advance() of 0005 did).
    IF NOT head_found THEN
        INSERT INTO countersign.audit_heads (counter_id, seq, hash, diverged_at_seq, updated_at)
        VALUES (NEW.counter_id, NEW.seq, NEW.hash, CASE WHEN NEW.seq = 1 THEN NULL ELSE NEW.seq END,
                pg_catalog.now());
    ELSIF head_diverged IS NULL AND NEW.seq = head_seq + 1 AND NEW.prev_hash = head_hash THEN
        UPDATE countersign.audit_heads
           SET seq = NEW.seq, hash = NEW.hash, updated_at = pg_catalog.now()
         WHERE counter_id = NEW.counter_id;
    ELSIF head_diverged IS NULL THEN
        UPDATE countersign.audit_heads
           SET diverged_at_seq = NEW.seq, updated_at = pg_catalog.now()
         WHERE counter_id = NEW.counter_id;
    END IF;
    RETURN NEW;
END
$fn$;

DROP TRIGGER audit_log_head ON countersign.audit_log;
DROP FUNCTION countersign.audit_heads_advance();

-- ---------------------------------------------------------------------------------------------------------------
-- Receipt numbers: the same INSERT … ON CONFLICT as 0001's, in PL/pgSQL. A LANGUAGE sql function that can't be
-- inlined (it writes) plans its statement again at every call; PL/pgSQL keeps the plan for the session, which
-- makes taking a number about a third cheaper. Locking, gaplessness and the grant to counters are unchanged
-- (CREATE OR REPLACE keeps the function's owner and privileges).
-- ---------------------------------------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION countersign.take_receipt_number(p_centre_id bigint, p_year integer) RETURNS integer
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    taken integer;
BEGIN
    INSERT INTO countersign.receipt_counters AS rc (centre_id, year, last_number)
    VALUES (p_centre_id, p_year, 1)
    ON CONFLICT (centre_id, year) DO UPDATE SET last_number = rc.last_number + 1
    RETURNING rc.last_number INTO taken;
    RETURN taken;
END
$fn$;
