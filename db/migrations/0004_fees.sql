-- 0004_fees.sql — the fee presets of DESIGN §2 (Tianjin and Ningbo) and refunds made by crash recovery.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- ---------------------------------------------------------------------------------------------------------------
-- Presets. Neither is tied to a centre or region: a centre picks one by code ([fees] schedule in the workstation
-- configuration). Amounts in fen; a waiver condition is negative (fee-line sign convention of 0001).
-- ---------------------------------------------------------------------------------------------------------------

-- Tianjin tax CA service (CFCA, 23 service centres): counter operations are free from the 2018-09-18 upgrade
-- on, except the 26 CNY USB-KEY media fee of a replacement, waived when the key failed without human damage and
-- its exterior is intact.
INSERT INTO countersign.fee_schedules (code, name, valid_from)
VALUES ('tianjin-2018', 'Tianjin tax CA (CFCA), from the 2018 upgrade', DATE '2018-09-18');

INSERT INTO countersign.fee_rules (schedule_id, operation, condition, amount_fen, description)
SELECT s.id, r.operation, r.condition, r.amount_fen, r.description
  FROM countersign.fee_schedules s
 CROSS JOIN (VALUES
    ('NEW',     'default',       0::bigint, 'new certificate: no fee'),
    ('RENEW',   'default',       0,         'certificate renewal: no fee'),
    ('UPGRADE', 'default',       0,         'certificate upgrade: no fee'),
    ('REPLACE', 'default',       2600,      'USB-KEY media fee'),
    ('REPLACE', 'damage_waiver', -2600,     'key failed without human damage, exterior intact'),
    ('UNLOCK',  'default',       0,         'USB-KEY unlock: no fee')
 ) AS r (operation, condition, amount_fen, description)
 WHERE s.code = 'tianjin-2018';

-- Ningbo tax-bureau CA guide (iTrus): 150 CNY per certificate and year; an enterprise's first certificate is
-- subsidised by the city (first year's service and media fee), each further one costs 180 CNY; a replacement
-- costs 100 CNY including the new USB-KEY.
INSERT INTO countersign.fee_schedules (code, name, valid_from)
VALUES ('ningbo', 'Ningbo tax CA (iTrus)', DATE '2018-01-01');

INSERT INTO countersign.fee_rules (schedule_id, operation, condition, amount_fen, description)
SELECT s.id, r.operation, r.condition, r.amount_fen, r.description
  FROM countersign.fee_schedules s
 CROSS JOIN (VALUES
    ('NEW',     'first_certificate',   0::bigint, 'first certificate subsidised'),
    ('NEW',     'further_certificate', 18000,     'further certificate'),
    ('RENEW',   'default',             15000,     'annual service fee'),
    ('UPGRADE', 'default',             0,         'certificate upgrade: no fee'),
    ('REPLACE', 'default',             10000,     'replacement certificate incl. USB-KEY'),
    ('UNLOCK',  'default',             0,         'USB-KEY unlock: no fee')
 ) AS r (operation, condition, amount_fen, description)
 WHERE s.code = 'ningbo';

-- ---------------------------------------------------------------------------------------------------------------
-- Refunds made by crash recovery (DESIGN §7): no supervisor stands at the counter when a fee taken for a
-- transaction that could not finish is paid back, so such a refund has no approval; it is flagged instead and a
-- supervisor acknowledges it afterwards (reviewed_by / reviewed_at).
-- ---------------------------------------------------------------------------------------------------------------

ALTER TABLE countersign.refunds
    ALTER COLUMN approval_id DROP NOT NULL,
    ADD COLUMN by_recovery boolean NOT NULL DEFAULT false,
    ADD COLUMN reviewed_by bigint REFERENCES countersign.staff,
    ADD COLUMN reviewed_at timestamptz,
    ADD CONSTRAINT refunds_approved_unless_recovery CHECK (approval_id IS NOT NULL OR by_recovery),
    ADD CONSTRAINT refunds_reviewed_together CHECK ((reviewed_by IS NULL) = (reviewed_at IS NULL));

CREATE INDEX refunds_awaiting_review_idx ON countersign.refunds (centre_id)
    WHERE by_recovery AND reviewed_by IS NULL;

-- Counters may only set the review, once, and only an active supervisor may give it (the column grant below
-- keeps every other column out of reach).
CREATE FUNCTION countersign.refunds_check_review() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF OLD.reviewed_by IS NOT NULL AND NEW.reviewed_by IS DISTINCT FROM OLD.reviewed_by THEN
        RAISE EXCEPTION 'refund %: already reviewed', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.reviewed_by IS NOT NULL AND OLD.reviewed_by IS NULL THEN
        IF NOT OLD.by_recovery THEN
            RAISE EXCEPTION 'refund %: only refunds made by recovery are reviewed', OLD.id
                USING ERRCODE = 'check_violation';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM countersign.staff s
                       WHERE s.id = NEW.reviewed_by AND s.role = 'supervisor' AND s.active) THEN
            RAISE EXCEPTION 'refund %: reviewer % is not an active supervisor', OLD.id, NEW.reviewed_by
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER refunds_review BEFORE UPDATE ON countersign.refunds
    FOR EACH ROW EXECUTE FUNCTION countersign.refunds_check_review();

GRANT UPDATE (reviewed_by, reviewed_at) ON countersign.refunds TO countersign_counter;
