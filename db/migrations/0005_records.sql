-- 0005_records.sql — receipts that can be checked by anyone (DESIGN §5) and an anchor for the end of each
-- counter's audit chain (DESIGN §7).
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- ---------------------------------------------------------------------------------------------------------------
-- §5 Receipts: stored content and what the QR code checks
-- ---------------------------------------------------------------------------------------------------------------
-- content         everything the printed receipt shows (a reprint prints exactly this)
-- content_sha256  sha256(convert_to(content::text, 'UTF8')) at issue; jsonb's text form is canonical, so a later
--                 edit of content shows as a different digest
-- secret          16 random bytes per receipt; the QR's code is HMAC-SHA-256(secret, centre|year|number|digest)
--                 (first 80 bits, base32), stored in verification_code. The printed code commits to the digest,
--                 so content edited in the database no longer matches the paper, even with the digest rewritten.
-- No receipt was issued before this migration (nothing could issue one), so the new columns are NOT NULL.
ALTER TABLE countersign.receipts
    ADD COLUMN counter_id     bigint NOT NULL REFERENCES countersign.counters,
    ADD COLUMN issued_by      bigint NOT NULL REFERENCES countersign.staff,
    ADD COLUMN content        jsonb NOT NULL,
    ADD COLUMN content_sha256 bytea NOT NULL CHECK (octet_length(content_sha256) = 32),
    ADD COLUMN secret         bytea NOT NULL CHECK (octet_length(secret) = 16),
    ADD CONSTRAINT receipts_code_given CHECK (verification_code IS NOT NULL AND verification_code <> '');

-- What a receipt says never changes after issue; printing and voiding do.
CREATE FUNCTION countersign.receipts_refuse_content_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF NEW.transaction_id IS DISTINCT FROM OLD.transaction_id OR NEW.centre_id IS DISTINCT FROM OLD.centre_id
       OR NEW.year IS DISTINCT FROM OLD.year OR NEW.number IS DISTINCT FROM OLD.number
       OR NEW.counter_id IS DISTINCT FROM OLD.counter_id OR NEW.issued_by IS DISTINCT FROM OLD.issued_by
       OR NEW.content IS DISTINCT FROM OLD.content OR NEW.content_sha256 IS DISTINCT FROM OLD.content_sha256
       OR NEW.secret IS DISTINCT FROM OLD.secret OR NEW.verification_code IS DISTINCT FROM OLD.verification_code
       OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        RAISE EXCEPTION 'receipt %-%: what a receipt says may not change after issue', OLD.year, OLD.number
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.voided_at IS NOT NULL AND (NEW.voided_at IS DISTINCT FROM OLD.voided_at
                                      OR NEW.void_reason IS DISTINCT FROM OLD.void_reason
                                      OR NEW.void_approval_id IS DISTINCT FROM OLD.void_approval_id) THEN
        RAISE EXCEPTION 'receipt %-%: a voided receipt stays void', OLD.year, OLD.number
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER receipts_fixed BEFORE UPDATE ON countersign.receipts
    FOR EACH ROW EXECUTE FUNCTION countersign.receipts_refuse_content_change();

-- Counters insert receipts and update only the printing and void columns.
REVOKE UPDATE ON countersign.receipts FROM countersign_counter;
GRANT UPDATE (printed_count, reprinted_count, first_printed_at, last_printed_at, voided_at, void_reason,
              void_approval_id, pdf)
    ON countersign.receipts TO countersign_counter;

-- ---------------------------------------------------------------------------------------------------------------
-- §7 Audit chain heads
-- ---------------------------------------------------------------------------------------------------------------
-- A hash chain shows a changed, removed or reordered entry, but not entries cut off its END. audit_heads keeps
-- each counter's last (seq, hash), maintained by the insert path (a SECURITY DEFINER trigger owned by
-- countersign_owner; counters may only read it). The head advances only when a new row extends it (seq + 1,
-- prev_hash = head hash). A row that doesn't — the tail was cut and the chain grew again from an earlier
-- entry — leaves the head where it was and records diverged_at_seq, so verification still names the cut.

CREATE TABLE countersign.audit_heads (
    counter_id      bigint PRIMARY KEY REFERENCES countersign.counters,
    seq             bigint NOT NULL CHECK (seq >= 1),
    hash            bytea NOT NULL CHECK (octet_length(hash) = 32),
    diverged_at_seq bigint CHECK (diverged_at_seq >= 1),   -- first row appended that did not extend the head
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION countersign.audit_heads_advance() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    h countersign.audit_heads;
BEGIN
    -- Appends of one counter are serialised by audit_log_chain()'s advisory lock, held until commit.
    SELECT * INTO h FROM countersign.audit_heads WHERE counter_id = NEW.counter_id FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO countersign.audit_heads (counter_id, seq, hash, diverged_at_seq, updated_at)
        VALUES (NEW.counter_id, NEW.seq, NEW.hash,
                CASE WHEN NEW.seq = 1 THEN NULL ELSE NEW.seq END, now());
    ELSIF h.diverged_at_seq IS NULL AND NEW.seq = h.seq + 1 AND NEW.prev_hash = h.hash THEN
        UPDATE countersign.audit_heads
           SET seq = NEW.seq, hash = NEW.hash, updated_at = now()
         WHERE counter_id = NEW.counter_id;
    ELSIF h.diverged_at_seq IS NULL THEN
        UPDATE countersign.audit_heads
           SET diverged_at_seq = NEW.seq, updated_at = now()
         WHERE counter_id = NEW.counter_id;
    END IF;
    RETURN NULL;
END
$fn$;

CREATE TRIGGER audit_log_head AFTER INSERT ON countersign.audit_log
    FOR EACH ROW EXECUTE FUNCTION countersign.audit_heads_advance();

-- Chains written before this migration are anchored where they end now.
INSERT INTO countersign.audit_heads (counter_id, seq, hash)
SELECT DISTINCT ON (a.counter_id) a.counter_id, a.seq, a.hash
  FROM countersign.audit_log a
 ORDER BY a.counter_id, a.seq DESC;

GRANT SELECT ON countersign.audit_heads TO countersign_counter;

-- The first problem of a counter's chain, chain head included; bad_seq and problem are NULL when intact.
--   changed        the entry's content does not match its hash
--   removed        the entry does not link to the one before it, and what it links to is gone (an entry was
--                  removed and later ones renumbered, or an entry before it was rewritten)
--   reordered      the entry links to another entry that still exists elsewhere in the chain (seqs swapped)
--   gap            no entry has seq bad_seq although later ones exist
--   out_of_sequence  duplicate or descending seq
--   cut_off_after  the head recorded more entries than there are: bad_seq is the first one missing (or the first
--                  one appended after the cut), last_seq the last good one is bad_seq - 1
--   head_mismatch  the entry at the head's seq is not the one the head recorded (the tail was rewritten)
--   not_anchored   entries after the head's seq were added behind the insert path's back
--   head_missing   entries exist but the counter has no chain head
-- entries: number of rows; last_seq: highest seq present; head_seq: what the head records.
CREATE FUNCTION countersign.audit_verify_full(p_counter bigint, OUT bad_seq bigint, OUT problem text,
                                              OUT entries bigint, OUT last_seq bigint, OUT head_seq bigint)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    r           countersign.audit_log;
    h           countersign.audit_heads;
    expect_seq  bigint := 1;
    expect_prev bytea := pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex');
    head_found  boolean;
    at_head     bytea;
BEGIN
    SELECT count(*), max(a.seq) INTO entries, last_seq FROM countersign.audit_log a WHERE a.counter_id = p_counter;
    SELECT * INTO h FROM countersign.audit_heads WHERE counter_id = p_counter;
    head_found := FOUND;
    head_seq := h.seq;

    FOR r IN SELECT * FROM countersign.audit_log a WHERE a.counter_id = p_counter ORDER BY a.seq LOOP
        IF r.seq <> expect_seq THEN
            bad_seq := expect_seq;
            problem := CASE WHEN r.seq > expect_seq THEN 'gap' ELSE 'out_of_sequence' END;
            EXIT;
        END IF;
        IF r.prev_hash IS DISTINCT FROM expect_prev THEN
            bad_seq := r.seq;
            problem := CASE WHEN EXISTS (SELECT 1 FROM countersign.audit_log o
                                         WHERE o.counter_id = p_counter AND o.hash = r.prev_hash
                                           AND o.seq <> r.seq - 1)
                            THEN 'reordered' ELSE 'removed' END;
            EXIT;
        END IF;
        IF r.hash IS DISTINCT FROM countersign.audit_expected_hash(r) THEN
            bad_seq := r.seq;
            problem := 'changed';
            EXIT;
        END IF;
        expect_prev := r.hash;
        expect_seq := expect_seq + 1;
    END LOOP;

    -- The head's findings count when they point earlier than the chain's own first problem.
    IF NOT head_found THEN
        IF entries > 0 AND bad_seq IS NULL THEN
            bad_seq := 1;
            problem := 'head_missing';
        END IF;
        RETURN;
    END IF;
    IF h.diverged_at_seq IS NOT NULL AND (bad_seq IS NULL OR h.diverged_at_seq <= bad_seq) THEN
        bad_seq := h.diverged_at_seq;
        problem := 'cut_off_after';
        RETURN;
    END IF;
    IF coalesce(last_seq, 0) < h.seq THEN
        IF bad_seq IS NULL OR coalesce(last_seq, 0) + 1 <= bad_seq THEN
            bad_seq := coalesce(last_seq, 0) + 1;
            problem := 'cut_off_after';
        END IF;
        RETURN;
    END IF;
    IF bad_seq IS NOT NULL THEN
        RETURN;
    END IF;
    SELECT a.hash INTO at_head FROM countersign.audit_log a WHERE a.counter_id = p_counter AND a.seq = h.seq;
    IF at_head IS DISTINCT FROM h.hash THEN
        bad_seq := h.seq;
        problem := 'head_mismatch';
    ELSIF last_seq > h.seq THEN
        bad_seq := h.seq + 1;
        problem := 'not_anchored';
    END IF;
END
$fn$;

GRANT EXECUTE ON FUNCTION countersign.audit_verify_full(bigint) TO countersign_counter;
