-- The scans migration — the agent's ID card kept front and back (issue 22, "evidence scans in the kiosk").
--
-- DESIGN §3.1 and §3.3 keep a scan of the letter and of the agent's ID card with the transaction. An ID card has
-- two sides: the portrait side (人像面), kind 'id_card_scan' as before, and the national-emblem side (国徽面),
-- the new kind 'id_card_back_scan'. The evidence kinds are restated with it; nothing else changes: scans are
-- still added only through tx_add_evidence with the acting person's session, read only through evidence_open
-- (a supervisor's act, audited "evidence.opened"), and emptied by retention_purge.
ALTER TABLE countersign.evidence DROP CONSTRAINT evidence_kind_check;
ALTER TABLE countersign.evidence ADD CONSTRAINT evidence_kind_check
    CHECK (kind IN ('letter_scan', 'id_card_scan', 'id_card_back_scan', 'licence_scan', 'damaged_key_photo',
                    'qr_text', 'other'));
