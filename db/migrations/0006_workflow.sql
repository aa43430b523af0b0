-- 0006_workflow.sql — what the counter workflows keep between their steps (DESIGN §7).
--
-- transactions.work holds the non-secret facts a resumed or compensated transaction needs: the key it works
-- on (serial, known before the tokens row exists for a key that gets its serial at initialisation), the key
-- pair's CKA_ID, the CSR, the CA request id, the certificate serial, the old certificates a REPLACE revokes.
-- Never a PIN. Written in the same database transaction as the state it belongs to.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

ALTER TABLE countersign.transactions
    ADD COLUMN work jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(work) = 'object');

-- Unfinished transactions of a counter, oldest first: what recovery walks.
CREATE INDEX transactions_unfinished_idx ON countersign.transactions (counter_id, started_at)
    WHERE state NOT IN ('completed', 'compensated');
