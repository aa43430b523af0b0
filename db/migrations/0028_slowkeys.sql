-- 0028_slowkeys.sql — how long each key step takes on a key model, learned from the runs on record (issue 20,
-- "slow keys").
--
-- Real USB-KEYs take seconds per step (a key pair 8 s, a certificate's write 1.5 s); the kiosk shows, for the
-- step it is on, the elapsed time and what that step usually takes on keys of this model. Nothing new is
-- recorded for it: every step of a transaction already leaves a transaction_steps row stamped with
-- clock_timestamp() when its state is committed, and each key step starts right after the previous state's row
-- (state is committed before every step). A step's duration is the time between its row and the row just
-- before it in the same transaction, counted only when both are 'ok' and follow each other (no interruption,
-- failure or resume between them) and it lasted at most 15 minutes.
--
-- key_step_estimates(serial, model) answers, for each step the kiosk shows (initialise, unlock, generate,
-- request, write, verify, complete), how many of the last 20 such runs on keys of the model there are and
-- their median in milliseconds. The model is the recorded model of the key with that serial, or, for a key not
-- on record (a blank key without a serial yet), the model the key itself reports. Counters only: it reads the
-- steps of every counter's transactions, and returns only those figures.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

CREATE INDEX tokens_model_idx ON countersign.tokens (model);

CREATE FUNCTION countersign.key_step_estimates(p_serial text, p_model text)
RETURNS TABLE (step text, runs integer, median_ms integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
#variable_conflict use_column
DECLARE
    v_model text;
BEGIN
    PERFORM countersign.require_acting_counter();
    SELECT k.model INTO v_model FROM countersign.tokens k WHERE k.serial = nullif(p_serial, '');
    v_model := coalesce(v_model, nullif(p_model, ''));
    IF v_model IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY
    WITH recent AS (
        -- The latest transactions on keys of the model: enough for 20 runs of every step.
        SELECT t.id, t.kind
          FROM countersign.transactions t
         WHERE t.token_id IN (SELECT k.id FROM countersign.tokens k WHERE k.model = v_model)
         ORDER BY t.id DESC
         LIMIT 500
    ), seen AS (
        SELECT r.kind, s.state_before, s.state_after, s.outcome, s.at,
               lag(s.at) OVER w AS prev_at, lag(s.outcome) OVER w AS prev_outcome,
               lag(s.state_after) OVER w AS prev_state
          FROM recent r
          JOIN countersign.transaction_steps s ON s.transaction_id = r.id
        WINDOW w AS (PARTITION BY s.transaction_id ORDER BY s.at, s.id)
    ), timed AS (
        SELECT CASE x.state_after
                   WHEN 'key_initialised' THEN CASE x.kind WHEN 'NEW' THEN 'initialise'
                                                           WHEN 'UNLOCK' THEN 'unlock' END
                   WHEN 'key_generated' THEN 'generate'
                   WHEN 'cert_issued' THEN 'request'
                   WHEN 'cert_written' THEN 'write'
                   WHEN 'verified' THEN 'verify'
                   WHEN 'completed' THEN 'complete'
               END AS step,
               extract(epoch FROM x.at - x.prev_at) * 1000 AS ms,
               x.at
          FROM seen x
         WHERE x.outcome = 'ok' AND x.prev_outcome = 'ok' AND x.prev_state = x.state_before
           AND x.state_after IS DISTINCT FROM x.state_before
           AND x.at - x.prev_at BETWEEN interval '0' AND interval '15 minutes'
    ), latest AS (
        SELECT u.step, u.ms, row_number() OVER (PARTITION BY u.step ORDER BY u.at DESC) AS n
          FROM timed u
         WHERE u.step IS NOT NULL
    )
    SELECT l.step, count(*)::integer,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY l.ms))::integer
      FROM latest l
     WHERE l.n <= 20
     GROUP BY l.step
     ORDER BY l.step;
END
$fn$;

GRANT EXECUTE ON FUNCTION countersign.key_step_estimates(text, text) TO countersign_counter;
