-- 0012_single_use_letters.sql — a letter is held by one live transaction at most (issue "the database is the
-- authority", DESIGN §2, §3.2).
--
-- The rule: at most one transaction that is not failed or compensated may hold a letter (transactions.letter_id).
-- The holder is every state from started to completed: a completed transaction keeps its letter for good (it is
-- the one that consumed it, 0001's transactions_consume_letter), an unfinished one holds it until it completes or
-- is given up; a failed or compensated one lets it go, so the honest retry with the same letter works.
--
-- Why here and not only in the application: before this migration a letter was marked consumed only when its
-- transaction COMPLETED. The same assistance letter presented at two counters at once passed both counters'
-- checks, both opened a transaction on the same letters row (office_code, letter_no is unique, so both find
-- the one row) and both went on to initialise a key and ask the CA; only the second completion was refused. Now
-- the second is refused when it takes the letter, at the papers step (started -> papers_checked, in the same
-- database transaction that opens it), before any key or CA work.
--
-- How:
--   * transactions_take_letter(), a BEFORE trigger on INSERT and on UPDATE OF letter_id, state (only when a row
--     comes to hold a letter it did not hold live before): takes the letter's row lock, so of two counters taking
--     the same letter the second waits until the first commits or rolls back, then looks for a live holder and
--     raises unique_violation (SQLSTATE 23505) naming the letter, the holder's transaction number, its counter
--     and its state: 'letter 13100000/L-1 is already held by transaction TJ01-20250301-01-0004 at counter 01
--     (fee_recorded)'. The client maps that SQLSTATE to a refusal in plain words (backend/workflow/new.cpp).
--   * transactions_letter_holder_key, a partial UNIQUE index on transactions (letter_id) for the live states, is
--     the last line of defence (also 23505): whatever a trigger does or does not see, two live rows can't commit
--     on one letter. It replaces 0001's plain index on letter_id, which nothing needs besides this lookup.
--
-- A database that already has two live transactions on one letter (the race above happened before this
-- upgrade) is NOT migrated: the migration fails, rolled back whole, naming each letter and its holders, and says
-- what to do (give up all but one with `countersignctl transaction cancel` of the version in use, then migrate
-- again). Nothing is given up automatically: which of them the agent is waiting for is a person's decision.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- No counter opens or moves a transaction while the check, the trigger and the index are made, so the check sees
-- what the index will; taken first in the strongest mode the statements below need (DROP INDEX), never upgraded.
LOCK TABLE countersign.transactions IN ACCESS EXCLUSIVE MODE;

DO $check$
DECLARE
    v_clashes text;
BEGIN
    SELECT string_agg(format('%s held by %s', d.letter, d.holders), '; ' ORDER BY d.letter_id)
      INTO v_clashes
      FROM (SELECT t.letter_id,
                   (SELECT CASE WHEN l.kind = 'assistance' THEN 'letter ' || l.office_code || '/' || l.letter_no
                                ELSE 'authorization letter ' || l.id END
                      FROM countersign.letters l WHERE l.id = t.letter_id) AS letter,
                   string_agg(format('%s (counter %s, %s)', t.number, c.code, t.state), ', ' ORDER BY t.id)
                       AS holders
              FROM countersign.transactions t JOIN countersign.counters c ON c.id = t.counter_id
             WHERE t.letter_id IS NOT NULL AND t.state NOT IN ('failed', 'compensated')
             GROUP BY t.letter_id
            HAVING count(*) > 1) d;
    IF v_clashes IS NOT NULL THEN
        RAISE EXCEPTION 'migration 0012: a letter may be held by one transaction that is not failed or '
                        'compensated, but %', v_clashes
            USING ERRCODE = 'unique_violation',
                  HINT = 'give up all but one of each letter''s transactions (countersignctl transaction cancel '
                         'with the program in use now), then migrate again';
    END IF;
END
$check$;

CREATE FUNCTION countersign.transactions_take_letter() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_letter  text;
    v_number  text;
    v_counter text;
    v_state   text;
BEGIN
    -- The letter's row lock: a second transaction taking this letter waits here until the first one ends, and
    -- then (a new statement, a new snapshot) sees it. A letter that does not exist is the foreign key's error.
    SELECT CASE WHEN l.kind = 'assistance' THEN l.office_code || '/' || l.letter_no
                ELSE 'authorization letter ' || l.id END
      INTO v_letter
      FROM countersign.letters l WHERE l.id = NEW.letter_id
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN NEW;
    END IF;
    SELECT t.number, c.code, t.state INTO v_number, v_counter, v_state
      FROM countersign.transactions t JOIN countersign.counters c ON c.id = t.counter_id
     WHERE t.letter_id = NEW.letter_id AND t.state NOT IN ('failed', 'compensated') AND t.id <> NEW.id
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'letter % is already held by transaction % at counter % (%)',
                        v_letter, v_number, v_counter, v_state
            USING ERRCODE = 'unique_violation', SCHEMA = 'countersign', TABLE = 'transactions',
                  CONSTRAINT = 'transactions_letter_holder_key',
                  DETAIL = format('transaction %s may not take it: a letter is held by one transaction that '
                                  'is not failed or compensated', NEW.number),
                  HINT = CASE WHEN v_state = 'completed' THEN 'the letter was used; the agent needs a new one'
                              ELSE 'finish or give up ' || v_number || ' first' END;
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER transactions_letter_holder_insert BEFORE INSERT ON countersign.transactions
    FOR EACH ROW WHEN (NEW.letter_id IS NOT NULL AND NEW.state NOT IN ('failed', 'compensated'))
    EXECUTE FUNCTION countersign.transactions_take_letter();

-- UPDATE OF state fires on every step; the WHEN keeps the function to the moves that take a letter.
CREATE TRIGGER transactions_letter_holder_update BEFORE UPDATE OF letter_id, state ON countersign.transactions
    FOR EACH ROW WHEN (NEW.letter_id IS NOT NULL AND NEW.state NOT IN ('failed', 'compensated')
                       AND (NEW.letter_id IS DISTINCT FROM OLD.letter_id
                            OR OLD.state IN ('failed', 'compensated')))
    EXECUTE FUNCTION countersign.transactions_take_letter();

CREATE UNIQUE INDEX transactions_letter_holder_key ON countersign.transactions (letter_id)
    WHERE letter_id IS NOT NULL AND state NOT IN ('failed', 'compensated');

DROP INDEX countersign.transactions_letter_idx;
