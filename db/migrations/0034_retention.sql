-- The retention migration — personal data kept only as long as DESIGN §11 allows (issue 21, "Personal data").
--
-- Agents' ID numbers and mobiles and the scans of the papers (ID cards, letters, licences) are personal data
-- (PIPL). They are kept `[retention] evidence_years` (default 3) after the certificate a transaction issued
-- expires — after the transaction ended when it issued none — and then purged:
--
--   evidence        the scan's bytes are emptied (the row stays: its kind, type, sha256 and who captured it)
--   letters         the agent's ID number and mobile, the scanned JWS and the payload's agent numbers blanked
--   agents          the ID number and mobile blanked; the row keeps a salted digest of each (id_digest,
--                   mobile_digest), so the same agent is matched again when they come back (papers_agent)
--
-- The transactions, receipts, fee lines and the audit log are never touched; the purge is audited
-- "retention.purged" with its counts (the audit keeps digests, never a number). A digest is
-- sha256(salt || number) with a salt drawn once per installation (personal_data_salt), readable by no client:
-- an 18-character ID number has too few possibilities for a bare hash.
--
-- Who purges:
--   retention_purge(session, years, before, dry_run, batch)   an admin's session (countersignctl retention purge
--                                                             --operator ADMIN); counters may call it, the
--                                                             database refuses anyone but an admin
--   retention_purge_due(counter_code, years, batch)            the nightly timer's own login, a member of
--                                                             countersign_retention, which may EXECUTE this
--                                                             function and nothing else: it purges only what is
--                                                             past retention today and is audited in the chain
--                                                             of the counter it names
-- Both work in batches of at most `batch` rows of each kind per call (one database transaction each); the caller
-- calls again while a batch came back full.
-- Roles are cluster-wide: made before acting as the owner, as 0001 makes its own.
DO $roles$
BEGIN
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'countersign_retention') THEN
            CREATE ROLE countersign_retention NOLOGIN;
        END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
END
$roles$;

SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;


-- ---------------------------------------------------------------------------------------------------------------
-- Digests
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE countersign.personal_data_salt (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    salt     bytea NOT NULL CHECK (octet_length(salt) = 32)
);
INSERT INTO countersign.personal_data_salt (salt)
VALUES (pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text
                                                || pg_catalog.clock_timestamp()::text, 'UTF8')));

CREATE FUNCTION countersign.personal_digest(p_text text) RETURNS bytea
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE WHEN coalesce(p_text, '') = '' THEN NULL
                ELSE sha256((SELECT s.salt FROM countersign.personal_data_salt s) || convert_to(p_text, 'UTF8')) END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- What a purge leaves
-- ---------------------------------------------------------------------------------------------------------------
ALTER TABLE countersign.agents
    ALTER COLUMN id_number DROP NOT NULL,
    ADD COLUMN id_digest bytea,
    ADD COLUMN mobile_digest bytea,
    ADD COLUMN purged_at timestamptz;
UPDATE countersign.agents SET id_digest = countersign.personal_digest(id_number),
                              mobile_digest = countersign.personal_digest(mobile);
-- A row written with the triggers off (a bulk load) gets its digest when it is purged.
ALTER TABLE countersign.agents
    ADD CONSTRAINT agents_purged CHECK (id_number IS NOT NULL OR (purged_at IS NOT NULL AND id_digest IS NOT NULL));
CREATE UNIQUE INDEX agents_id_digest_idx ON countersign.agents (id_digest);

CREATE FUNCTION countersign.agents_digest() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF NEW.id_number IS NOT NULL THEN
        NEW.id_digest := countersign.personal_digest(NEW.id_number);
    END IF;
    IF NEW.mobile IS NOT NULL THEN
        NEW.mobile_digest := countersign.personal_digest(NEW.mobile);
    END IF;
    RETURN NEW;
END
$fn$;
CREATE TRIGGER agents_digest BEFORE INSERT OR UPDATE OF id_number, mobile ON countersign.agents
    FOR EACH ROW EXECUTE FUNCTION countersign.agents_digest();

ALTER TABLE countersign.letters
    ALTER COLUMN agent_id_number DROP NOT NULL,
    ADD COLUMN purged_at timestamptz,
    ADD CONSTRAINT letters_purged CHECK (purged_at IS NOT NULL OR agent_id_number IS NOT NULL);
-- A purged letter scanned as a QR keeps no JWS (its payload names the agent).
ALTER TABLE countersign.letters DROP CONSTRAINT letters_kind_fields;
ALTER TABLE countersign.letters ADD CONSTRAINT letters_kind_fields CHECK (
    CASE kind
        WHEN 'assistance' THEN office_code IS NOT NULL AND letter_no IS NOT NULL
                               AND 'NEW' = ANY (biz) AND entry_mode IS NOT NULL
                               AND (entry_mode <> 'qr' OR jws IS NOT NULL OR purged_at IS NOT NULL)
        ELSE office_code IS NULL AND letter_no IS NULL AND entry_mode IS NULL AND jws IS NULL
             AND biz <@ ARRAY['REPLACE', 'UNLOCK']
    END);

ALTER TABLE countersign.evidence ADD COLUMN purged_at timestamptz,
    ADD CONSTRAINT evidence_purged CHECK (purged_at IS NULL OR octet_length(bytes) = 0);

-- An agent seen again after their numbers were purged is the same row again: matched by the digest.
CREATE OR REPLACE FUNCTION countersign.papers_agent(p_id_number text, p_name text, p_mobile text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_id bigint;
BEGIN
    IF coalesce(p_id_number, '') = '' THEN
        RETURN NULL;
    END IF;
    UPDATE countersign.agents a SET id_number = p_id_number, name = p_name,
                                    mobile = coalesce(nullif(p_mobile, ''), a.mobile), purged_at = NULL
     WHERE a.id_digest = countersign.personal_digest(p_id_number) AND a.id_number IS NULL
    RETURNING a.id INTO v_id;
    IF v_id IS NOT NULL THEN
        RETURN v_id;
    END IF;
    INSERT INTO countersign.agents AS a (name, id_number, mobile) VALUES (p_name, p_id_number, nullif(p_mobile, ''))
    ON CONFLICT (id_number) DO UPDATE SET name = excluded.name, mobile = coalesce(excluded.mobile, a.mobile)
    RETURNING a.id INTO v_id;
    RETURN v_id;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- The purge
-- ---------------------------------------------------------------------------------------------------------------

-- Whether a transaction's personal data is past retention at p_before: finished, and its certificate's expiry
-- (its end, when it issued none) plus p_years lies before p_before.
CREATE FUNCTION countersign.retention_past(p_transaction bigint, p_years integer, p_before timestamptz)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT t.finished_at IS NOT NULL
           AND coalesce((SELECT max(c.not_after) FROM countersign.certificates c WHERE c.transaction_id = t.id),
                        t.finished_at) + make_interval(years => p_years) < p_before
      FROM countersign.transactions t WHERE t.id = p_transaction
$fn$;

-- The work itself, for both doors: at most p_batch rows of each kind; counts of what was (or, dry, would be)
-- purged. A dry run counts everything due, unbatched, and changes nothing.
CREATE FUNCTION countersign.retention_work(p_years integer, p_before timestamptz, p_dry_run boolean,
                                           p_batch integer, OUT evidence integer, OUT letters integer,
                                           OUT agents integer, OUT agent_digests jsonb)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_limit    bigint := CASE WHEN p_dry_run THEN NULL ELSE p_batch END;
    v_evidence bigint[];
    v_letters  bigint[];
    v_agents   bigint[];
BEGIN
    IF p_years IS NULL OR p_years < 1 OR p_years > 100 THEN
        RAISE EXCEPTION 'retention: evidence_years must be 1 to 100, not %', p_years
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_batch IS NULL OR p_batch < 1 OR p_batch > 100000 THEN
        RAISE EXCEPTION 'retention: a batch is 1 to 100000 rows, not %', p_batch
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_before IS NULL OR p_before > now() THEN
        RAISE EXCEPTION 'retention: the date can''t be later than today: what is within retention is never purged'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    v_evidence := ARRAY(
        SELECT e.id FROM countersign.evidence e
         WHERE e.purged_at IS NULL AND countersign.retention_past(e.transaction_id, p_years, p_before)
         ORDER BY e.id LIMIT v_limit);
    -- A letter once every transaction that used it is past retention (a letter no transaction used: once its
    -- validity ended that long ago).
    v_letters := ARRAY(
        SELECT l.id FROM countersign.letters l
         WHERE l.purged_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM countersign.transactions t
                            WHERE t.letter_id = l.id AND NOT countersign.retention_past(t.id, p_years, p_before))
           AND (EXISTS (SELECT 1 FROM countersign.transactions t WHERE t.letter_id = l.id)
                OR l.valid_to + make_interval(years => p_years) < p_before)
         ORDER BY l.id LIMIT v_limit);
    -- An agent once every transaction and letter of theirs is past retention.
    v_agents := ARRAY(
        SELECT a.id FROM countersign.agents a
         WHERE a.purged_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM countersign.transactions t
                            WHERE t.agent_id = a.id AND NOT countersign.retention_past(t.id, p_years, p_before))
           AND NOT EXISTS (SELECT 1 FROM countersign.letters l JOIN countersign.transactions t ON t.letter_id = l.id
                            WHERE l.agent_id = a.id AND NOT countersign.retention_past(t.id, p_years, p_before))
           AND (EXISTS (SELECT 1 FROM countersign.transactions t WHERE t.agent_id = a.id)
                OR a.created_at + make_interval(years => p_years) < p_before)
         ORDER BY a.id LIMIT v_limit);

    evidence := cardinality(v_evidence);
    letters := cardinality(v_letters);
    agents := cardinality(v_agents);
    -- Whose numbers go, for the audit: the salted digests, never the numbers.
    agent_digests := coalesce((SELECT jsonb_agg(encode(coalesce(a.id_digest, countersign.personal_digest(a.id_number)),
                                                       'hex') ORDER BY a.id)
                                 FROM countersign.agents a WHERE a.id = ANY (v_agents)), '[]'::jsonb);
    IF p_dry_run THEN
        RETURN;
    END IF;

    UPDATE countersign.evidence e SET bytes = '\x'::bytea, purged_at = now() WHERE e.id = ANY (v_evidence);
    UPDATE countersign.letters l
       SET agent_id_number = NULL, agent_mobile = NULL, jws = NULL, purged_at = now(),
           payload = CASE WHEN jsonb_typeof(l.payload -> 'agent') = 'object'
                          THEN jsonb_set(l.payload, '{agent}', (l.payload -> 'agent') - 'idNo' - 'mobile')
                          ELSE l.payload END
     WHERE l.id = ANY (v_letters);
    -- The digests were set when the numbers were written (agents_digest, or here); the numbers go.
    UPDATE countersign.agents a
       SET id_digest = coalesce(a.id_digest, countersign.personal_digest(a.id_number)),
           mobile_digest = coalesce(a.mobile_digest, countersign.personal_digest(a.mobile)),
           id_number = NULL, mobile = NULL, purged_at = now()
     WHERE a.id = ANY (v_agents);
END
$fn$;

-- An admin's purge (countersignctl retention purge --operator ADMIN).
CREATE FUNCTION countersign.retention_purge(p_session text, p_years integer, p_before timestamptz,
                                            p_dry_run boolean, p_batch integer, OUT evidence integer,
                                            OUT letters integer, OUT agents integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who record := countersign.require_admin_session(p_session, 'purging personal data past retention');
    r     record;
BEGIN
    r := countersign.retention_work(p_years, coalesce(p_before, now()), coalesce(p_dry_run, false), p_batch);
    evidence := r.evidence;
    letters := r.letters;
    agents := r.agents;
    IF NOT coalesce(p_dry_run, false) AND evidence + letters + agents > 0 THEN
        PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, 'retention.purged', 'retention',
                                         jsonb_build_object('evidence', evidence, 'letters', letters,
                                                            'agents', agents, 'years', p_years,
                                                            'before', coalesce(p_before, now()),
                                                            'scheduled', false, 'agent_digests', r.agent_digests));
    END IF;
END
$fn$;

-- The nightly timer's purge: what is past retention now, audited in the chain of the counter p_counter_code
-- (the one whose configuration the timer runs with). Only members of countersign_retention run it.
CREATE FUNCTION countersign.retention_purge_due(p_counter_code text, p_years integer, p_batch integer,
                                                OUT evidence integer, OUT letters integer, OUT agents integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint;
    r         record;
BEGIN
    IF NOT pg_has_role(session_user, 'countersign_retention', 'MEMBER') THEN
        RAISE EXCEPTION 'the database login "%" is not the retention timer''s', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT c.id INTO v_counter FROM countersign.counters c WHERE c.code = p_counter_code AND c.active
     ORDER BY c.id LIMIT 1;
    IF v_counter IS NULL THEN
        RAISE EXCEPTION 'retention: there is no active counter %', p_counter_code
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    r := countersign.retention_work(p_years, now(), false, p_batch);
    evidence := r.evidence;
    letters := r.letters;
    agents := r.agents;
    IF evidence + letters + agents > 0 THEN
        PERFORM countersign.audit_append(v_counter, NULL, 'retention.purged', 'retention',
                                         jsonb_build_object('evidence', evidence, 'letters', letters,
                                                            'agents', agents, 'years', p_years,
                                                            'before', now(), 'scheduled', true, 'agent_digests', r.agent_digests));
    END IF;
END
$fn$;

-- The timer's login appends only "retention.purged", through retention_purge_due, to the chain it names.
CREATE OR REPLACE FUNCTION countersign.audit_log_own_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_counter bigint := countersign.acting_counter();
BEGIN
    IF v_counter IS NOT NULL AND NEW.counter_id IS DISTINCT FROM v_counter THEN
        RAISE EXCEPTION 'counter % appends only to its own audit chain, not to counter %''s', v_counter,
                        NEW.counter_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF v_counter IS NULL AND NOT pg_has_role(session_user, 'countersign_owner', 'MEMBER')
       AND NOT (NEW.event = 'retention.purged' AND pg_has_role(session_user, 'countersign_retention', 'MEMBER')) THEN
        RAISE EXCEPTION 'the database login "%" is no counter''s and may not write the audit log', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Privileges
-- ---------------------------------------------------------------------------------------------------------------
REVOKE ALL ON countersign.personal_data_salt FROM PUBLIC, countersign_counter;
DO $reporting$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'countersign_reporting') THEN
        REVOKE ALL ON countersign.personal_data_salt FROM countersign_reporting;
    END IF;
END
$reporting$;
REVOKE ALL ON FUNCTION countersign.personal_digest(text), countersign.retention_past(bigint, integer, timestamptz),
    countersign.retention_work(integer, timestamptz, boolean, integer),
    countersign.retention_purge(text, integer, timestamptz, boolean, integer),
    countersign.retention_purge_due(text, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION countersign.retention_purge(text, integer, timestamptz, boolean, integer)
    TO countersign_counter;
GRANT USAGE ON SCHEMA countersign TO countersign_retention;
GRANT EXECUTE ON FUNCTION countersign.retention_purge_due(text, integer, integer) TO countersign_retention;
