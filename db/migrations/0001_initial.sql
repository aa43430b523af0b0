-- 0001_initial.sql — the first Countersign schema (PostgreSQL 15).
--
-- How this file is run
--   The migration runner sends the whole file as one multi-statement simple query inside ONE transaction (so: no
--   BEGIN/COMMIT here, no psql meta-commands), as a superuser or a role with CREATEROLE, and then itself inserts
--   (version, name) into countersign.schema_migrations in the same transaction. That insert runs under the
--   `SET LOCAL ROLE countersign_owner` below, which the owner of the table is allowed to do.
--   Verify by hand: psql -v ON_ERROR_STOP=1 --single-transaction -f db/migrations/0001_initial.sql
--
-- Roles (cluster-wide, created only if missing, so the file runs into a second database of the same cluster)
--   countersign_owner   NOLOGIN; owns every object. The invoking role is made a member so it can SET ROLE to it.
--   countersign_counter NOLOGIN; the login roles of counter workstations (and countersignctl) are members of it.
--     It may SELECT everything; INSERT/UPDATE where a workflow changes a row; INSERT only on append-only records
--     (audit_log, transaction_steps, stock_movements, fee_lines, payments, refunds, approvals, evidence,
--     day_closes); SELECT only on centres, counters, the state-transition tables and schema_migrations.
--     It never has DELETE or TRUNCATE anywhere. Centres and counters are set up by the owner (installer).
--   Functions are not executable by PUBLIC (default privileges of countersign_owner are changed below); later
--   migrations must GRANT EXECUTE to countersign_counter for every function a counter calls directly, from a
--   DEFAULT or from a CHECK (trigger functions need no grant). New tables need explicit grants too.
--
-- Conventions (other code depends on them)
--   * Everything lives in schema `countersign`; the application sets search_path = countersign. Function bodies
--     use fully qualified names so they do not depend on the caller's search_path.
--   * Keys: id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY unless a natural key is stated.
--   * Money: integer fen (分) in bigint columns named *_fen, never floating point.
--     Sign convention for fee lines: a charge is >= 0, a waiver or discount is its own line with a NEGATIVE
--     amount, a waiver reason and the supervisor who attested it. Fee rules follow the same sign. Payments and
--     refunds are always > 0 (a refund is a row of its own, never a negative payment).
--   * States are text columns with CHECK (state IN (...)). The allowed transitions of transactions.state and
--     tokens.state are rows of transaction_state_transitions / token_state_transitions (from_state NULL = the state
--     a row may be created in); triggers refuse any other INSERT state or UPDATE of state. The application loads
--     the same rows, so code and database enforce one table.
--   * Timestamps are timestamptz. business_date is the centre's calendar day (China Standard Time,
--     Asia/Shanghai): it is what daily reports and the day close group by.
--   * Foreign keys everywhere, all ON DELETE NO ACTION: records are never deleted (staff get active = false).
--
-- Audit log: hash-chained per counter, computed by the database (see audit_log_chain()). Verification:
--   SELECT countersign.audit_verify(counter_id);   -- NULL when intact, else the first bad seq
--   SELECT * FROM countersign.audit_verify_report(counter_id);   -- the same with the reason
-- A chain alone cannot detect entries cut off its END, nor a full rewrite by a superuser: the day close snapshot
-- should therefore record each counter's last (seq, hash), which anchors the chain outside the rows it covers.

-- ---------------------------------------------------------------------------------------------------------------
-- Roles and schema
-- ---------------------------------------------------------------------------------------------------------------

-- Roles are cluster-wide and the migration lock is per database, so two databases of one cluster may be
-- migrated at the same moment (the test suite does): a role created meanwhile by the other is not an error.
DO $roles$
BEGIN
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'countersign_owner') THEN
            CREATE ROLE countersign_owner NOLOGIN;
        END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'countersign_counter') THEN
            CREATE ROLE countersign_counter NOLOGIN;
        END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
    -- A superuser is a member of every role already; anyone else needs the grant to SET ROLE below.
    IF NOT pg_catalog.pg_has_role(current_user, 'countersign_owner', 'MEMBER') THEN
        BEGIN
            GRANT countersign_owner TO CURRENT_USER;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END IF;
END
$roles$;

-- Created by the invoking role (which has CREATE on the database), owned by countersign_owner, so the owner role
-- needs no privilege on the database itself.
CREATE SCHEMA countersign AUTHORIZATION countersign_owner;

SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

REVOKE ALL ON SCHEMA countersign FROM PUBLIC;
GRANT USAGE ON SCHEMA countersign TO countersign_counter;

ALTER DEFAULT PRIVILEGES FOR ROLE countersign_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE countersign_owner IN SCHEMA countersign
    GRANT USAGE ON SEQUENCES TO countersign_counter;

CREATE TABLE countersign.schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------------------------------------------
-- Identifier checks (DESIGN §3.4). Used in CHECK constraints, so they must stay IMMUTABLE and in step with the
-- application's checks. Lower-case input is refused here: the application normalises before it stores.
-- ---------------------------------------------------------------------------------------------------------------

-- GB 32100-2015 unified social credit code.
CREATE FUNCTION countersign.uscc_is_valid(p_code text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
DECLARE
    alphabet CONSTANT text := '0123456789ABCDEFGHJKLMNPQRTUWXY';
    weights  CONSTANT integer[] := ARRAY[1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    total    integer := 0;
    expected integer;
BEGIN
    IF p_code !~ '^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$' THEN
        RETURN false;
    END IF;
    FOR i IN 1..17 LOOP
        total := total + (pg_catalog.strpos(alphabet, pg_catalog.substr(p_code, i, 1)) - 1) * weights[i];
    END LOOP;
    expected := 31 - total % 31;
    IF expected = 31 THEN
        expected := 0;
    END IF;
    RETURN pg_catalog.strpos(alphabet, pg_catalog.substr(p_code, 18, 1)) - 1 = expected;
END
$fn$;

-- GB 11643-1999 resident identity number: check digit and a real calendar birth date. "In the past" depends on
-- today, so it is the application's check, not this one's.
CREATE FUNCTION countersign.resident_id_is_valid(p_id text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
DECLARE
    weights CONSTANT integer[] := ARRAY[7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    total   integer := 0;
BEGIN
    IF p_id !~ '^[0-9]{17}[0-9X]$' THEN
        RETURN false;
    END IF;
    FOR i IN 1..17 LOOP
        total := total + pg_catalog.substr(p_id, i, 1)::integer * weights[i];
    END LOOP;
    IF pg_catalog.substr('10X98765432', total % 11 + 1, 1) <> pg_catalog.substr(p_id, 18, 1) THEN
        RETURN false;
    END IF;
    BEGIN
        PERFORM pg_catalog.make_date(pg_catalog.substr(p_id, 7, 4)::integer,
                                     pg_catalog.substr(p_id, 11, 2)::integer,
                                     pg_catalog.substr(p_id, 13, 2)::integer);
    EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
        RETURN false;
    END;
    RETURN true;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- Generic trigger functions
-- ---------------------------------------------------------------------------------------------------------------

CREATE FUNCTION countersign.touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- §1 Centres, counters, staff
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE countersign.centres (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       text NOT NULL UNIQUE CHECK (code <> ''),
    name       text NOT NULL CHECK (name <> ''),
    region     text,                                  -- matches fee_schedules.region
    active     boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE countersign.counters (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    centre_id  bigint NOT NULL REFERENCES countersign.centres,
    code       text NOT NULL CHECK (code <> ''),
    name       text,
    active     boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (centre_id, code),
    UNIQUE (id, centre_id)                            -- target of (counter_id, centre_id) foreign keys
);

CREATE TABLE countersign.staff (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username            text NOT NULL UNIQUE CHECK (username <> ''),
    display_name        text NOT NULL,
    role                text NOT NULL CHECK (role IN ('operator', 'supervisor', 'admin')),
    password_hash       text NOT NULL CHECK (password_hash <> ''),   -- slow salted hash (PHC string), never clear
    centre_id           bigint REFERENCES countersign.centres,       -- NULL: head office / all centres
    failed_logins       integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until        timestamptz,
    active              boolean NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz DEFAULT now()      -- NULL: must change at next login
);
CREATE INDEX staff_centre_idx ON countersign.staff (centre_id);

-- ---------------------------------------------------------------------------------------------------------------
-- Parties: enterprises and their agents (§2, §3)
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE countersign.enterprises (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- USCC (18 characters, GB 32100) or a legacy 15/20-character taxpayer identification number.
    uscc       text NOT NULL UNIQUE CHECK (uscc ~ '^[0-9A-Z]{15}$|^[0-9A-Z]{18}$|^[0-9A-Z]{20}$'),
    name       text NOT NULL CHECK (name <> ''),
    -- uscc_override_approval_id (an 18-character code that fails its check needs a supervisor's override) is
    -- added after the approvals table, with its CHECK.
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER enterprises_touch BEFORE UPDATE ON countersign.enterprises
    FOR EACH ROW EXECUTE FUNCTION countersign.touch_updated_at();

-- The person (经办人) who comes to the counter for an enterprise; one row per person, whatever company they act for.
CREATE TABLE countersign.agents (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL CHECK (name <> ''),
    id_number  text NOT NULL UNIQUE CHECK (countersign.resident_id_is_valid(id_number)),
    mobile     text CHECK (mobile ~ '^\+?[0-9]{5,20}$'),  -- latest known; the letter keeps what it said
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER agents_touch BEFORE UPDATE ON countersign.agents
    FOR EACH ROW EXECUTE FUNCTION countersign.touch_updated_at();

-- ---------------------------------------------------------------------------------------------------------------
-- §3 Papers
-- ---------------------------------------------------------------------------------------------------------------

-- Certificates trusted for assistance-letter signatures (§3.2): tax-authority trust anchors and the configured
-- signer certificates, looked up by the JWS header's x5t#S256.
CREATE TABLE countersign.letter_signers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('trust_anchor', 'signer')),
    office_code text,                                 -- the tax office a signer signs for, when known
    subject     text NOT NULL,
    der         bytea NOT NULL,
    x5t_s256    bytea GENERATED ALWAYS AS (sha256(der)) STORED UNIQUE,
    not_before  timestamptz NOT NULL,
    not_after   timestamptz NOT NULL CHECK (not_after > not_before),
    active      boolean NOT NULL DEFAULT true,
    added_by    bigint REFERENCES countersign.staff,
    added_at    timestamptz NOT NULL DEFAULT now()
);

-- Both kinds of letter in one table, so a transaction has one letter_id.
--   assistance    证书协办函: from the tax office, QR with a JWS; (office_code, letter_no) unique; biz has NEW.
--                 valid_from/valid_to are the payload's issued/expires.
--   authorization 授权书: the enterprise's paper letter; biz is REPLACE and/or UNLOCK; seal checked by the operator.
-- Name, USCC and agent fields keep what the letter SAYS (checked against enterprises/agents by the application);
-- enterprise_id/agent_id are what it was matched to.
-- A letter is consumed by the transaction that COMPLETES with it (set by the transactions trigger below); a
-- failed transaction leaves it free for another try. consumed_by_transaction_id is UNIQUE: one use only.
CREATE TABLE countersign.letters (
    id                         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                       text NOT NULL CHECK (kind IN ('assistance', 'authorization')),
    office_code                text,               -- assistance: payload `office`
    office_name                text,               -- assistance: payload `officeName`
    letter_no                  text,               -- assistance: payload `no`
    org_name                   text NOT NULL,      -- company name as written
    uscc                       text NOT NULL,      -- company ID as written
    agent_name                 text NOT NULL,
    agent_id_number            text NOT NULL,
    agent_mobile               text,
    biz                        text[] NOT NULL,    -- operation codes the letter covers
    valid_from                 date NOT NULL,
    valid_to                   date NOT NULL,
    letter_date                date,               -- authorization: the date on the letter
    entry_mode                 text CHECK (entry_mode IN ('qr', 'hand_entered')),  -- assistance only
    jws                        text,               -- assistance via QR: the scanned JWS compact serialization
    payload                    jsonb,              -- assistance: the decoded payload
    signer_id                  bigint REFERENCES countersign.letter_signers,
    seal_confirmed             boolean NOT NULL DEFAULT false,
    seal_confirmed_by          bigint REFERENCES countersign.staff,
    enterprise_id              bigint REFERENCES countersign.enterprises,
    agent_id                   bigint REFERENCES countersign.agents,
    registered_by              bigint NOT NULL REFERENCES countersign.staff,
    registered_at              timestamptz NOT NULL DEFAULT now(),
    -- entry_approval_id (hand-entered assistance letter) and consumed_by_transaction_id are added below, once
    -- approvals and transactions exist.
    consumed_at                timestamptz,
    UNIQUE (office_code, letter_no),
    CONSTRAINT letters_validity CHECK (valid_to >= valid_from),
    CONSTRAINT letters_biz
        CHECK (cardinality(biz) > 0 AND biz <@ ARRAY['NEW', 'RENEW', 'UPGRADE', 'REPLACE', 'UNLOCK']),
    CONSTRAINT letters_seal_confirmer CHECK (NOT seal_confirmed OR seal_confirmed_by IS NOT NULL),
    CONSTRAINT letters_kind_fields CHECK (
        CASE kind
            WHEN 'assistance' THEN office_code IS NOT NULL AND letter_no IS NOT NULL
                                   AND 'NEW' = ANY (biz) AND entry_mode IS NOT NULL
                                   AND (entry_mode <> 'qr' OR jws IS NOT NULL)
            ELSE office_code IS NULL AND letter_no IS NULL AND entry_mode IS NULL AND jws IS NULL
                 AND biz <@ ARRAY['REPLACE', 'UNLOCK']
        END)
);
CREATE INDEX letters_enterprise_idx ON countersign.letters (enterprise_id);
CREATE INDEX letters_agent_idx ON countersign.letters (agent_id);

-- ---------------------------------------------------------------------------------------------------------------
-- §4, §9 Tokens (USB-KEY) and their allowed state transitions
-- ---------------------------------------------------------------------------------------------------------------
-- Token states:
--   in_stock  received into a centre's stock, never handed to a transaction
--   blank     taken from stock by a transaction (or re-initialised), holds no enterprise certificate yet
--   active    holds an enterprise's certificate, in the holder's hands
--   locked    user PIN locked (6 wrong PINs); UNLOCK brings it back unless its SO PIN is locked too
--   lost      reported lost (REPLACE, lost); never comes back
--   damaged   handed in damaged, failed at initialisation, found faulty in stock, or unrecoverable (SO PIN locked)
--   retired   out of service for good (written off from stock, or a damaged key written off)

CREATE TABLE countersign.token_state_transitions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    from_state  text CHECK (from_state IN ('in_stock', 'blank', 'active', 'locked', 'lost', 'damaged', 'retired')),
    to_state    text NOT NULL
                CHECK (to_state IN ('in_stock', 'blank', 'active', 'locked', 'lost', 'damaged', 'retired')),
    description text NOT NULL,
    UNIQUE NULLS NOT DISTINCT (from_state, to_state),   -- from_state NULL: a state a token row may be created in
    CHECK (from_state IS DISTINCT FROM to_state)
);

INSERT INTO countersign.token_state_transitions (from_state, to_state, description) VALUES
    (NULL,       'in_stock', 'blank key received into a centre''s stock'),
    (NULL,       'active',   'key issued before Countersign, first seen at the counter (renew, upgrade, replace)'),
    (NULL,       'locked',   'key issued before Countersign, first seen at the counter locked (unlock)'),
    ('in_stock', 'blank',    'issued from stock to a transaction'),
    ('in_stock', 'damaged',  'found faulty in stock'),
    ('in_stock', 'lost',     'missing from stock'),
    ('in_stock', 'retired',  'written off from stock'),
    ('blank',    'in_stock', 'transaction compensated: unused key returned to stock'),
    ('blank',    'active',   'certificate written and verified'),
    ('blank',    'damaged',  'failed while being initialised or written'),
    ('active',   'locked',   'user PIN locked'),
    ('active',   'lost',     'reported lost (REPLACE)'),
    ('active',   'damaged',  'handed in damaged (REPLACE)'),
    ('active',   'blank',    're-initialised for a new application'),
    ('active',   'retired',  'taken out of service'),
    ('locked',   'active',   'unlocked with the SO PIN (UNLOCK)'),
    ('locked',   'lost',     'reported lost (REPLACE)'),
    ('locked',   'damaged',  'handed in; SO PIN locked or key damaged (REPLACE)'),
    ('locked',   'retired',  'taken out of service'),
    ('damaged',  'retired',  'damaged key written off');

CREATE TABLE countersign.tokens (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    serial         text NOT NULL UNIQUE CHECK (serial <> ''),   -- PKCS#11 token serial: how keys are told apart
    model          text NOT NULL,
    manufacturer   text,
    state          text NOT NULL
                   CHECK (state IN ('in_stock', 'blank', 'active', 'locked', 'lost', 'damaged', 'retired')),
    centre_id      bigint REFERENCES countersign.centres,       -- stock location / centre that last handled it
    enterprise_id  bigint REFERENCES countersign.enterprises,   -- holder, while active or locked
    so_pin_version integer NOT NULL DEFAULT 1 CHECK (so_pin_version >= 1),  -- SO PIN master-secret version
    received_at    timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tokens_stock_has_centre CHECK (state <> 'in_stock' OR centre_id IS NOT NULL)
);
CREATE INDEX tokens_centre_state_idx ON countersign.tokens (centre_id, state);
CREATE INDEX tokens_enterprise_idx ON countersign.tokens (enterprise_id);

CREATE FUNCTION countersign.tokens_check_state() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM countersign.token_state_transitions t
                       WHERE t.from_state IS NULL AND t.to_state = NEW.state) THEN
            RAISE EXCEPTION 'token %: may not be created in state %', NEW.serial, NEW.state
                USING ERRCODE = 'check_violation';
        END IF;
    ELSIF NEW.state IS DISTINCT FROM OLD.state THEN
        IF NOT EXISTS (SELECT 1 FROM countersign.token_state_transitions t
                       WHERE t.from_state = OLD.state AND t.to_state = NEW.state) THEN
            RAISE EXCEPTION 'token %: state change % -> % is not allowed', OLD.serial, OLD.state, NEW.state
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER tokens_state BEFORE INSERT OR UPDATE OF state ON countersign.tokens
    FOR EACH ROW EXECUTE FUNCTION countersign.tokens_check_state();
CREATE TRIGGER tokens_touch BEFORE UPDATE ON countersign.tokens
    FOR EACH ROW EXECUTE FUNCTION countersign.touch_updated_at();

-- ---------------------------------------------------------------------------------------------------------------
-- §2, §7 Transactions and their allowed state transitions
-- ---------------------------------------------------------------------------------------------------------------
-- Step order (a state says what has been DONE; it is written before the next outside step starts):
--   NEW, REPLACE     started > papers_checked > fee_recorded > key_initialised > key_generated > cert_issued
--                    > cert_written > verified > completed
--   RENEW, UPGRADE   started > papers_checked > fee_recorded > key_generated > cert_issued > cert_written
--                    > verified > completed            (same key: no initialisation)
--   UNLOCK           started > papers_checked > fee_recorded > key_initialised (user PIN re-set with the SO PIN)
--                    > verified > completed
--   Any unfinished state may go to failed; failed goes to compensated once the CA certificate is revoked and the
--   fee refunded. completed and compensated are final; a crash leaves the state as it was, to resume from.
--   The fee step is always taken, with no fee lines or a zero line when nothing is due.

CREATE TABLE countersign.transaction_state_transitions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    from_state  text CHECK (from_state IN ('started', 'papers_checked', 'fee_recorded', 'key_initialised',
                                           'key_generated', 'cert_issued', 'cert_written', 'verified',
                                           'completed', 'failed', 'compensated')),
    to_state    text NOT NULL
                CHECK (to_state IN ('started', 'papers_checked', 'fee_recorded', 'key_initialised',
                                    'key_generated', 'cert_issued', 'cert_written', 'verified',
                                    'completed', 'failed', 'compensated')),
    kinds       text[] NOT NULL
                CHECK (cardinality(kinds) > 0 AND kinds <@ ARRAY['NEW', 'RENEW', 'UPGRADE', 'REPLACE', 'UNLOCK']),
    description text NOT NULL,
    UNIQUE NULLS NOT DISTINCT (from_state, to_state),   -- from_state NULL: the state a transaction starts in
    CHECK (from_state IS DISTINCT FROM to_state)
);

INSERT INTO countersign.transaction_state_transitions (from_state, to_state, kinds, description) VALUES
    (NULL,              'started',         '{NEW,RENEW,UPGRADE,REPLACE,UNLOCK}', 'transaction opened'),
    ('started',         'papers_checked',  '{NEW,RENEW,UPGRADE,REPLACE,UNLOCK}', 'letters, ID, key and PIN checked'),
    ('papers_checked',  'fee_recorded',    '{NEW,RENEW,UPGRADE,REPLACE,UNLOCK}', 'fee lines and payment recorded'),
    ('fee_recorded',    'key_initialised', '{NEW,REPLACE,UNLOCK}',
     'NEW/REPLACE: blank key initialised, user PIN set; UNLOCK: user PIN re-set with the SO PIN'),
    ('key_initialised', 'key_generated',   '{NEW,REPLACE}',                      'key pair generated on the key'),
    ('fee_recorded',    'key_generated',   '{RENEW,UPGRADE}',                    'new key pair on the same key'),
    ('key_generated',   'cert_issued',     '{NEW,RENEW,UPGRADE,REPLACE}',        'CA issued the certificate'),
    ('cert_issued',     'cert_written',    '{NEW,RENEW,UPGRADE,REPLACE}',        'certificate written to the key'),
    ('cert_written',    'verified',        '{NEW,RENEW,UPGRADE,REPLACE}',        'key and certificate verified'),
    ('key_initialised', 'verified',        '{UNLOCK}',                           'login with the new PIN verified'),
    ('verified',        'completed',       '{NEW,RENEW,UPGRADE,REPLACE,UNLOCK}', 'transaction completed'),
    ('started',         'failed',          '{NEW,RENEW,UPGRADE,REPLACE,UNLOCK}', 'gave up'),
    ('papers_checked',  'failed',          '{NEW,RENEW,UPGRADE,REPLACE,UNLOCK}', 'gave up'),
    ('fee_recorded',    'failed',          '{NEW,RENEW,UPGRADE,REPLACE,UNLOCK}', 'gave up'),
    ('key_initialised', 'failed',          '{NEW,RENEW,UPGRADE,REPLACE,UNLOCK}', 'gave up'),
    ('key_generated',   'failed',          '{NEW,RENEW,UPGRADE,REPLACE,UNLOCK}', 'gave up'),
    ('cert_issued',     'failed',          '{NEW,RENEW,UPGRADE,REPLACE,UNLOCK}', 'gave up'),
    ('cert_written',    'failed',          '{NEW,RENEW,UPGRADE,REPLACE,UNLOCK}', 'gave up'),
    ('verified',        'failed',          '{NEW,RENEW,UPGRADE,REPLACE,UNLOCK}', 'gave up'),
    ('failed',          'compensated',     '{NEW,RENEW,UPGRADE,REPLACE,UNLOCK}',
     'issued certificate revoked, fee refunded, key returned');


CREATE TABLE countersign.transactions (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number            text NOT NULL UNIQUE CHECK (number <> ''),       -- 业务流水号, made by the application
    kind              text NOT NULL CHECK (kind IN ('NEW', 'RENEW', 'UPGRADE', 'REPLACE', 'UNLOCK')),
    state             text NOT NULL DEFAULT 'started'
                      CHECK (state IN ('started', 'papers_checked', 'fee_recorded', 'key_initialised',
                                       'key_generated', 'cert_issued', 'cert_written', 'verified',
                                       'completed', 'failed', 'compensated')),
    operator_staff_id bigint NOT NULL REFERENCES countersign.staff,
    counter_id        bigint NOT NULL,
    centre_id         bigint NOT NULL,                 -- the counter's centre, kept here for reports
    business_date     date NOT NULL DEFAULT (now() AT TIME ZONE 'Asia/Shanghai')::date,
    enterprise_id     bigint REFERENCES countersign.enterprises,
    agent_id          bigint REFERENCES countersign.agents,
    token_id          bigint REFERENCES countersign.tokens,   -- key worked on: the new blank key for NEW/REPLACE
    old_token_id      bigint REFERENCES countersign.tokens,   -- REPLACE: the lost or damaged key
    replace_reason    text CHECK (replace_reason IN ('lost', 'damaged')),
    letter_id         bigint REFERENCES countersign.letters,
    started_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz,                     -- set by trigger on completed / failed / compensated
    failure_reason    text,
    UNIQUE (id, centre_id),                            -- target of (transaction_id, centre_id) foreign keys
    FOREIGN KEY (counter_id, centre_id) REFERENCES countersign.counters (id, centre_id),
    CONSTRAINT transactions_replace_fields
        CHECK (kind = 'REPLACE' OR (replace_reason IS NULL AND old_token_id IS NULL)),
    CONSTRAINT transactions_failure_reason_given
        CHECK (state NOT IN ('failed', 'compensated') OR failure_reason IS NOT NULL),
    CONSTRAINT transactions_finished_at_matches_state
        CHECK ((state IN ('completed', 'failed', 'compensated')) = (finished_at IS NOT NULL))
);
CREATE INDEX transactions_centre_day_idx ON countersign.transactions (centre_id, business_date, kind);
CREATE INDEX transactions_operator_day_idx ON countersign.transactions (operator_staff_id, business_date);
CREATE INDEX transactions_counter_open_idx ON countersign.transactions (counter_id)
    WHERE state NOT IN ('completed', 'failed', 'compensated');       -- resumable work at a counter
CREATE INDEX transactions_failed_idx ON countersign.transactions (centre_id) WHERE state = 'failed';
CREATE INDEX transactions_enterprise_idx ON countersign.transactions (enterprise_id);
CREATE INDEX transactions_agent_idx ON countersign.transactions (agent_id);
CREATE INDEX transactions_token_idx ON countersign.transactions (token_id);
CREATE INDEX transactions_old_token_idx ON countersign.transactions (old_token_id) WHERE old_token_id IS NOT NULL;
CREATE INDEX transactions_letter_idx ON countersign.transactions (letter_id);

CREATE FUNCTION countersign.transactions_check_state() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM countersign.transaction_state_transitions t
                       WHERE t.from_state IS NULL AND t.to_state = NEW.state AND NEW.kind = ANY (t.kinds)) THEN
            RAISE EXCEPTION 'transaction %: may not start in state %', NEW.number, NEW.state
                USING ERRCODE = 'check_violation';
        END IF;
    ELSE
        IF NEW.kind IS DISTINCT FROM OLD.kind THEN
            RAISE EXCEPTION 'transaction %: kind may not change (% -> %)', OLD.number, OLD.kind, NEW.kind
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.state IS DISTINCT FROM OLD.state THEN
            IF NOT EXISTS (SELECT 1 FROM countersign.transaction_state_transitions t
                           WHERE t.from_state = OLD.state AND t.to_state = NEW.state
                             AND NEW.kind = ANY (t.kinds)) THEN
                RAISE EXCEPTION 'transaction %: state change % -> % is not allowed for %',
                                OLD.number, OLD.state, NEW.state, NEW.kind
                    USING ERRCODE = 'check_violation';
            END IF;
            IF NEW.state IN ('completed', 'failed', 'compensated') THEN
                NEW.finished_at := now();
            END IF;
        END IF;
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER transactions_state BEFORE INSERT OR UPDATE ON countersign.transactions
    FOR EACH ROW EXECUTE FUNCTION countersign.transactions_check_state();

-- One row per step attempt: what was done, from which state to which, and what came back (never PINs).
CREATE TABLE countersign.transaction_steps (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id bigint NOT NULL REFERENCES countersign.transactions,
    step           text NOT NULL CHECK (step <> ''),
    state_before   text CHECK (state_before IN ('started', 'papers_checked', 'fee_recorded', 'key_initialised',
                                                'key_generated', 'cert_issued', 'cert_written', 'verified',
                                                'completed', 'failed', 'compensated')),
    state_after    text CHECK (state_after IN ('started', 'papers_checked', 'fee_recorded', 'key_initialised',
                                               'key_generated', 'cert_issued', 'cert_written', 'verified',
                                               'completed', 'failed', 'compensated')),
    outcome        text NOT NULL DEFAULT 'ok' CHECK (outcome IN ('ok', 'failed', 'interrupted')),
    staff_id       bigint REFERENCES countersign.staff,
    at             timestamptz NOT NULL DEFAULT clock_timestamp(),
    detail         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX transaction_steps_transaction_idx ON countersign.transaction_steps (transaction_id, at);

-- ---------------------------------------------------------------------------------------------------------------
-- §4 Certificates
-- ---------------------------------------------------------------------------------------------------------------
-- status: issued (by the CA, not yet confirmed on the key) > active (written and verified) > superseded
-- (replaced by renewal/upgrade; revocation with reason superseded recorded in revoked_at once the CA did it) or
-- revoked (revoked_at and revocation_reason set). Expiry is read from not_after, not stored.

CREATE TABLE countersign.certificates (
    id                         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    serial                     text NOT NULL UNIQUE CHECK (serial <> ''),   -- hex, as the CA reports it
    issuer                     text NOT NULL,                               -- issuer DN (RFC 4514)
    profile                    text,                                        -- certificate profile name
    token_id                   bigint REFERENCES countersign.tokens,
    enterprise_id              bigint NOT NULL REFERENCES countersign.enterprises,
    transaction_id             bigint REFERENCES countersign.transactions,  -- issuing transaction; NULL: pre-existing
    subject                    text NOT NULL,
    uscc                       text,                                        -- from organizationIdentifier NTRCN-<USCC>
    key_algorithm              text,                                        -- e.g. RSA-2048, EC-P256, SM2
    not_before                 timestamptz NOT NULL,
    not_after                  timestamptz NOT NULL,
    status                     text NOT NULL DEFAULT 'issued'
                               CHECK (status IN ('issued', 'active', 'superseded', 'revoked')),
    revocation_reason          text CHECK (revocation_reason IN (
                                   'unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged',
                                   'superseded', 'cessationOfOperation', 'certificateHold', 'removeFromCRL',
                                   'privilegeWithdrawn', 'aACompromise')),        -- RFC 5280 CRLReason names
    revoked_at                 timestamptz,
    revoked_by_transaction_id  bigint REFERENCES countersign.transactions,
    replaced_by_certificate_id bigint REFERENCES countersign.certificates,
    der                        bytea NOT NULL,
    fingerprint_sha256         bytea GENERATED ALWAYS AS (sha256(der)) STORED UNIQUE,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT certificates_validity CHECK (not_after > not_before),
    CONSTRAINT certificates_revocation_fields CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL)),
    CONSTRAINT certificates_revoked_has_time CHECK (status <> 'revoked' OR revoked_at IS NOT NULL),
    CONSTRAINT certificates_live_not_revoked CHECK (status NOT IN ('issued', 'active') OR revoked_at IS NULL)
);
CREATE INDEX certificates_enterprise_idx ON countersign.certificates (enterprise_id);
CREATE INDEX certificates_token_idx ON countersign.certificates (token_id);
CREATE INDEX certificates_transaction_idx ON countersign.certificates (transaction_id);
CREATE INDEX certificates_revoked_by_idx ON countersign.certificates (revoked_by_transaction_id)
    WHERE revoked_by_transaction_id IS NOT NULL;
CREATE INDEX certificates_expiring_idx ON countersign.certificates (not_after) WHERE status = 'active';
CREATE INDEX certificates_uscc_idx ON countersign.certificates (uscc);

-- ---------------------------------------------------------------------------------------------------------------
-- §6 Approvals (second person)
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE countersign.approvals (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('fee_waiver', 'void', 'refund', 'hand_entered_letter',
                                                 'uscc_override', 'day_close')),
    requested_by   bigint NOT NULL REFERENCES countersign.staff,
    approved_by    bigint NOT NULL REFERENCES countersign.staff,   -- an active supervisor (checked by trigger)
    counter_id     bigint NOT NULL REFERENCES countersign.counters,
    transaction_id bigint REFERENCES countersign.transactions,
    subject        text,                                           -- e.g. the USCC overridden, office/no of a letter
    reason         text NOT NULL CHECK (reason <> ''),
    detail         jsonb NOT NULL DEFAULT '{}',
    at             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT approvals_second_person CHECK (requested_by <> approved_by),
    CONSTRAINT approvals_transaction_given
        CHECK (kind NOT IN ('fee_waiver', 'void', 'refund') OR transaction_id IS NOT NULL)
);
CREATE INDEX approvals_transaction_idx ON countersign.approvals (transaction_id);
CREATE INDEX approvals_counter_at_idx ON countersign.approvals (counter_id, at);

CREATE FUNCTION countersign.approvals_check_approver() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM countersign.staff s
                   WHERE s.id = NEW.approved_by AND s.role = 'supervisor' AND s.active) THEN
        RAISE EXCEPTION 'approval %: approver % is not an active supervisor', NEW.kind, NEW.approved_by
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER approvals_approver BEFORE INSERT ON countersign.approvals
    FOR EACH ROW EXECUTE FUNCTION countersign.approvals_check_approver();

-- Links that need approvals or transactions, which did not exist when their tables were made.
ALTER TABLE countersign.enterprises
    ADD COLUMN uscc_override_approval_id bigint REFERENCES countersign.approvals,
    ADD CONSTRAINT enterprises_uscc_checked
        CHECK (length(uscc) <> 18 OR countersign.uscc_is_valid(uscc) OR uscc_override_approval_id IS NOT NULL);

ALTER TABLE countersign.letters
    ADD COLUMN entry_approval_id bigint REFERENCES countersign.approvals,
    ADD COLUMN consumed_by_transaction_id bigint UNIQUE REFERENCES countersign.transactions,
    ADD CONSTRAINT letters_hand_entry_approved
        CHECK (entry_mode IS DISTINCT FROM 'hand_entered' OR entry_approval_id IS NOT NULL),
    ADD CONSTRAINT letters_consumed_together
        CHECK ((consumed_by_transaction_id IS NULL) = (consumed_at IS NULL));

-- A letter is consumed by the transaction that completes with it; a second use is refused, naming the first.
CREATE FUNCTION countersign.transactions_consume_letter() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    earlier text;
BEGIN
    UPDATE countersign.letters
       SET consumed_by_transaction_id = NEW.id, consumed_at = now()
     WHERE id = NEW.letter_id AND consumed_by_transaction_id IS NULL;
    IF NOT FOUND THEN
        SELECT t.number INTO earlier
          FROM countersign.letters l JOIN countersign.transactions t ON t.id = l.consumed_by_transaction_id
         WHERE l.id = NEW.letter_id AND l.consumed_by_transaction_id <> NEW.id;
        IF FOUND THEN
            RAISE EXCEPTION 'letter % was already used by transaction %', NEW.letter_id, earlier
                USING ERRCODE = 'unique_violation';
        END IF;
    END IF;
    RETURN NULL;
END
$fn$;

CREATE TRIGGER transactions_letter AFTER UPDATE OF state ON countersign.transactions
    FOR EACH ROW WHEN (NEW.state = 'completed' AND OLD.state <> 'completed' AND NEW.letter_id IS NOT NULL)
    EXECUTE FUNCTION countersign.transactions_consume_letter();

-- ---------------------------------------------------------------------------------------------------------------
-- §8 Day close. Defined before the money tables because their triggers refuse rows for a closed day.
-- ---------------------------------------------------------------------------------------------------------------
-- Insert-only for counters: the row IS the sign-off; the day's figures are frozen in snapshot (which should also
-- hold each counter's audit chain head: last seq and hash).

CREATE TABLE countersign.day_closes (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    centre_id           bigint NOT NULL REFERENCES countersign.centres,
    counter_id          bigint REFERENCES countersign.counters,     -- where it was signed
    business_date       date NOT NULL,
    closed_by           bigint NOT NULL REFERENCES countersign.staff,
    approval_id         bigint REFERENCES countersign.approvals,    -- kind day_close, when a second person signed
    signed_at           timestamptz NOT NULL DEFAULT now(),
    counted_cash_fen    bigint NOT NULL CHECK (counted_cash_fen >= 0),
    expected_cash_fen   bigint NOT NULL,   -- cash taken minus cash refunded: may be < 0 on a refund-only day
    cash_difference_fen bigint GENERATED ALWAYS AS (counted_cash_fen - expected_cash_fen) STORED,
    snapshot            jsonb NOT NULL,
    UNIQUE (centre_id, business_date)
);

CREATE FUNCTION countersign.refuse_if_day_closed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF EXISTS (SELECT 1 FROM countersign.day_closes d
               WHERE d.centre_id = NEW.centre_id AND d.business_date = NEW.business_date) THEN
        RAISE EXCEPTION 'business day % of centre % is closed', NEW.business_date, NEW.centre_id
            USING ERRCODE = 'check_violation', TABLE = TG_TABLE_NAME;
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER transactions_day_open BEFORE INSERT ON countersign.transactions
    FOR EACH ROW EXECUTE FUNCTION countersign.refuse_if_day_closed();

-- ---------------------------------------------------------------------------------------------------------------
-- §9 Stock movements
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE countersign.stock_movements (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_id       bigint NOT NULL REFERENCES countersign.tokens,
    centre_id      bigint NOT NULL REFERENCES countersign.centres,
    kind           text NOT NULL
                   CHECK (kind IN ('receive', 'issue', 'return_unused', 'return_damaged', 'write_off')),
    transaction_id bigint REFERENCES countersign.transactions,   -- issue: the issuing one; return_damaged: the
                                                                 -- transaction that replaced the key
    staff_id       bigint NOT NULL REFERENCES countersign.staff,
    reference      text,                                         -- delivery note, write-off reference
    note           text,
    at             timestamptz NOT NULL DEFAULT now(),
    business_date  date NOT NULL DEFAULT (now() AT TIME ZONE 'Asia/Shanghai')::date,
    CONSTRAINT stock_movements_transaction_given
        CHECK (kind NOT IN ('issue', 'return_unused', 'return_damaged') OR transaction_id IS NOT NULL)
);
CREATE INDEX stock_movements_centre_day_idx ON countersign.stock_movements (centre_id, business_date, kind);
CREATE INDEX stock_movements_token_idx ON countersign.stock_movements (token_id, at);
CREATE INDEX stock_movements_transaction_idx ON countersign.stock_movements (transaction_id);

CREATE TRIGGER stock_movements_day_open BEFORE INSERT ON countersign.stock_movements
    FOR EACH ROW EXECUTE FUNCTION countersign.refuse_if_day_closed();

-- ---------------------------------------------------------------------------------------------------------------
-- §5 Fees
-- ---------------------------------------------------------------------------------------------------------------
-- Choosing a schedule: the one for the centre, else the one for its region, else the one with neither, valid on
-- the business date. Overlaps at the same level are the admin screen's to refuse.

CREATE TABLE countersign.fee_schedules (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       text NOT NULL UNIQUE CHECK (code <> ''),   -- e.g. tianjin-2018, ningbo
    name       text NOT NULL,
    region     text,
    centre_id  bigint REFERENCES countersign.centres,
    valid_from date NOT NULL,
    valid_to   date,                                       -- inclusive; NULL: open-ended
    created_by bigint REFERENCES countersign.staff,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX fee_schedules_centre_idx ON countersign.fee_schedules (centre_id);

-- amount_fen follows the fee-line sign: >= 0 for a charge, <= 0 for a waiver condition (the line that cancels a
-- charge, e.g. damage_waiver = -2600 against a 2600 media fee).
CREATE TABLE countersign.fee_rules (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    schedule_id bigint NOT NULL REFERENCES countersign.fee_schedules,
    operation   text NOT NULL CHECK (operation IN ('NEW', 'RENEW', 'UPGRADE', 'REPLACE', 'UNLOCK')),
    condition   text NOT NULL
                CHECK (condition IN ('default', 'first_certificate', 'further_certificate', 'damage_waiver')),
    amount_fen  bigint NOT NULL,
    description text NOT NULL CHECK (description <> ''),
    UNIQUE (schedule_id, operation, condition),
    CONSTRAINT fee_rules_amount_sign
        CHECK (CASE WHEN condition = 'damage_waiver' THEN amount_fen <= 0 ELSE amount_fen >= 0 END)
);

-- Sign convention: amount_fen >= 0 is a charge; amount_fen < 0 is a waiver, which must carry its reason and the
-- supervisor who attested it (and normally the fee_waiver approval). The transaction's fee is the sum of its lines.
CREATE TABLE countersign.fee_lines (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id bigint NOT NULL REFERENCES countersign.transactions,
    rule_id        bigint REFERENCES countersign.fee_rules,      -- NULL: a line not from a rule
    description    text NOT NULL CHECK (description <> ''),
    amount_fen     bigint NOT NULL,
    waiver_reason  text,
    attested_by    bigint REFERENCES countersign.staff,
    approval_id    bigint REFERENCES countersign.approvals,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT fee_lines_waiver_reason CHECK ((amount_fen < 0) = (waiver_reason IS NOT NULL)),
    CONSTRAINT fee_lines_waiver_attested CHECK (amount_fen >= 0 OR attested_by IS NOT NULL)
);
CREATE INDEX fee_lines_transaction_idx ON countersign.fee_lines (transaction_id);
CREATE INDEX fee_lines_rule_idx ON countersign.fee_lines (rule_id);
CREATE INDEX fee_lines_waiver_idx ON countersign.fee_lines (transaction_id) WHERE amount_fen < 0;

CREATE TABLE countersign.payments (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id bigint NOT NULL,
    centre_id      bigint NOT NULL,
    method         text NOT NULL CHECK (method IN ('cash', 'bank_card', 'wechat_pay', 'alipay')),
    amount_fen     bigint NOT NULL CHECK (amount_fen > 0),
    reference      text,                               -- terminal / wallet reference, required unless cash
    received_by    bigint NOT NULL REFERENCES countersign.staff,
    at             timestamptz NOT NULL DEFAULT now(),
    business_date  date NOT NULL DEFAULT (now() AT TIME ZONE 'Asia/Shanghai')::date,
    FOREIGN KEY (transaction_id, centre_id) REFERENCES countersign.transactions (id, centre_id),
    CONSTRAINT payments_reference_unless_cash CHECK (method = 'cash' OR btrim(coalesce(reference, '')) <> '')
);
CREATE INDEX payments_transaction_idx ON countersign.payments (transaction_id);
CREATE INDEX payments_centre_day_idx ON countersign.payments (centre_id, business_date, method);

CREATE TRIGGER payments_day_open BEFORE INSERT ON countersign.payments
    FOR EACH ROW EXECUTE FUNCTION countersign.refuse_if_day_closed();

-- Paid back by the payment's method. The sum of a payment's refunds never exceeds it (trigger).
CREATE TABLE countersign.refunds (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payment_id    bigint NOT NULL REFERENCES countersign.payments,
    centre_id     bigint NOT NULL REFERENCES countersign.centres,   -- where it was paid back
    amount_fen    bigint NOT NULL CHECK (amount_fen > 0),
    reason        text NOT NULL CHECK (reason <> ''),
    approval_id   bigint NOT NULL REFERENCES countersign.approvals, -- kind refund
    refunded_by   bigint NOT NULL REFERENCES countersign.staff,
    reference     text,
    at            timestamptz NOT NULL DEFAULT now(),
    business_date date NOT NULL DEFAULT (now() AT TIME ZONE 'Asia/Shanghai')::date
);
CREATE INDEX refunds_payment_idx ON countersign.refunds (payment_id);
CREATE INDEX refunds_centre_day_idx ON countersign.refunds (centre_id, business_date);

CREATE FUNCTION countersign.refunds_check_total() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    paid     bigint;
    refunded bigint;
BEGIN
    -- Serialise refunds of one payment ('CSRF' key) so two concurrent ones cannot both pass the sum check.
    PERFORM pg_catalog.pg_advisory_xact_lock(1129534022, NEW.payment_id::integer);
    SELECT p.amount_fen INTO paid FROM countersign.payments p WHERE p.id = NEW.payment_id;
    SELECT coalesce(sum(r.amount_fen), 0) INTO refunded FROM countersign.refunds r WHERE r.payment_id = NEW.payment_id;
    IF refunded + NEW.amount_fen > paid THEN
        RAISE EXCEPTION 'refund of % fen exceeds payment % (% fen paid, % fen already refunded)',
                        NEW.amount_fen, NEW.payment_id, paid, refunded
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER refunds_total BEFORE INSERT ON countersign.refunds
    FOR EACH ROW EXECUTE FUNCTION countersign.refunds_check_total();
CREATE TRIGGER refunds_day_open BEFORE INSERT ON countersign.refunds
    FOR EACH ROW EXECUTE FUNCTION countersign.refuse_if_day_closed();

-- Invoice data (开票信息) for a later central e-invoice: pending > issued (with its number) or cancelled.
CREATE TABLE countersign.invoice_requests (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id    bigint NOT NULL REFERENCES countersign.transactions,
    buyer_kind        text NOT NULL DEFAULT 'enterprise' CHECK (buyer_kind IN ('enterprise', 'individual')),
    buyer_name        text NOT NULL CHECK (buyer_name <> ''),
    buyer_taxpayer_id text,
    address_phone     text,
    bank_account      text,                             -- bank name and account number
    delivery_email    text,
    delivery_mobile   text,
    amount_fen        bigint NOT NULL CHECK (amount_fen >= 0),
    status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'issued', 'cancelled')),
    invoice_number    text,
    issued_at         timestamptz,
    exported_at       timestamptz,                      -- handed to the invoicing system
    requested_by      bigint NOT NULL REFERENCES countersign.staff,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT invoice_requests_enterprise_taxpayer_id
        CHECK (buyer_kind <> 'enterprise' OR btrim(coalesce(buyer_taxpayer_id, '')) <> ''),
    CONSTRAINT invoice_requests_delivery_given CHECK (delivery_email IS NOT NULL OR delivery_mobile IS NOT NULL),
    CONSTRAINT invoice_requests_issued_number
        CHECK (status <> 'issued' OR (btrim(coalesce(invoice_number, '')) <> '' AND issued_at IS NOT NULL))
);
CREATE INDEX invoice_requests_transaction_idx ON countersign.invoice_requests (transaction_id);
CREATE INDEX invoice_requests_pending_idx ON countersign.invoice_requests (created_at) WHERE status = 'pending';
CREATE TRIGGER invoice_requests_touch BEFORE UPDATE ON countersign.invoice_requests
    FOR EACH ROW EXECUTE FUNCTION countersign.touch_updated_at();

-- ---------------------------------------------------------------------------------------------------------------
-- §5 Receipts, numbered without gaps per centre and year
-- ---------------------------------------------------------------------------------------------------------------
-- Taking a number: in the SAME database transaction that inserts the receipt,
--   SELECT countersign.take_receipt_number(centre_id, year);
-- i.e. INSERT INTO receipt_counters ... ON CONFLICT (centre_id, year) DO UPDATE SET last_number = last_number + 1
-- RETURNING last_number. The row lock is held until commit, so concurrent counters queue, and a rollback gives
-- the number back: no gaps, no duplicates. Never take a number in one transaction and use it in another.

CREATE TABLE countersign.receipt_counters (
    centre_id   bigint NOT NULL REFERENCES countersign.centres,
    year        integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    last_number integer NOT NULL DEFAULT 0 CHECK (last_number >= 0),
    PRIMARY KEY (centre_id, year)
);

CREATE FUNCTION countersign.take_receipt_number(p_centre_id bigint, p_year integer) RETURNS integer
LANGUAGE sql VOLATILE AS $fn$
    INSERT INTO countersign.receipt_counters AS rc (centre_id, year, last_number)
    VALUES (p_centre_id, p_year, 1)
    ON CONFLICT (centre_id, year) DO UPDATE SET last_number = rc.last_number + 1
    RETURNING rc.last_number;
$fn$;

CREATE TABLE countersign.receipts (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id    bigint NOT NULL,
    centre_id         bigint NOT NULL,
    year              integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    number            integer NOT NULL CHECK (number > 0),
    verification_code text UNIQUE,                     -- what the receipt's QR carries to check it
    printed_count     integer NOT NULL DEFAULT 0 CHECK (printed_count >= 0),
    reprinted_count   integer NOT NULL DEFAULT 0 CHECK (reprinted_count >= 0),
    first_printed_at  timestamptz,
    last_printed_at   timestamptz,
    voided_at         timestamptz,
    void_reason       text,
    void_approval_id  bigint REFERENCES countersign.approvals,   -- kind void
    pdf               bytea,
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (centre_id, year, number),
    FOREIGN KEY (transaction_id, centre_id) REFERENCES countersign.transactions (id, centre_id),
    FOREIGN KEY (centre_id, year) REFERENCES countersign.receipt_counters (centre_id, year),
    CONSTRAINT receipts_void_reason CHECK ((voided_at IS NULL) = (void_reason IS NULL)),
    CONSTRAINT receipts_void_approved CHECK (voided_at IS NULL OR void_approval_id IS NOT NULL)
);
CREATE INDEX receipts_transaction_idx ON countersign.receipts (transaction_id);
CREATE UNIQUE INDEX receipts_one_valid_per_transaction ON countersign.receipts (transaction_id)
    WHERE voided_at IS NULL;

-- ---------------------------------------------------------------------------------------------------------------
-- Evidence: scans kept with a transaction (§3.1). Insert-only for counters.
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE countersign.evidence (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id bigint NOT NULL REFERENCES countersign.transactions,
    letter_id      bigint REFERENCES countersign.letters,
    kind           text NOT NULL CHECK (kind IN ('letter_scan', 'id_card_scan', 'licence_scan',
                                                 'damaged_key_photo', 'qr_text', 'other')),
    mime_type      text NOT NULL CHECK (mime_type ~ '^[a-z]+/[a-z0-9][a-z0-9.+-]*$'),
    bytes          bytea NOT NULL,
    sha256         bytea NOT NULL CHECK (octet_length(sha256) = 32),   -- filled in by trigger when not given
    captured_by    bigint NOT NULL REFERENCES countersign.staff,
    captured_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evidence_transaction_idx ON countersign.evidence (transaction_id);
CREATE INDEX evidence_letter_idx ON countersign.evidence (letter_id) WHERE letter_id IS NOT NULL;

CREATE FUNCTION countersign.evidence_digest() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    actual bytea := pg_catalog.sha256(NEW.bytes);
BEGIN
    IF NEW.sha256 IS NOT NULL AND NEW.sha256 <> actual THEN
        RAISE EXCEPTION 'evidence: sha256 given does not match the bytes' USING ERRCODE = 'check_violation';
    END IF;
    NEW.sha256 := actual;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER evidence_digest BEFORE INSERT ON countersign.evidence
    FOR EACH ROW EXECUTE FUNCTION countersign.evidence_digest();

-- ---------------------------------------------------------------------------------------------------------------
-- §7 Audit log: append-only, hash-chained per counter, chained by the database
-- ---------------------------------------------------------------------------------------------------------------
-- For each row: hash = sha256(prev_hash || convert_to(canonical, 'UTF8')) where canonical joins, with U+001F:
--   seq, counter_id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
--   coalesce(actor_staff_id::text, ''), event, coalesce(subject, ''), detail::text
-- prev_hash is the previous row's hash of the same counter, 32 zero bytes for seq 1. seq, prev_hash, hash and at
-- are set by the BEFORE INSERT trigger whatever the client sends. event and subject may not contain U+001F (so no
-- two different rows share a canonical text); detail::text is JSON, which escapes control characters.

CREATE TABLE countersign.audit_log (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    counter_id     bigint NOT NULL REFERENCES countersign.counters,
    seq            bigint NOT NULL CHECK (seq >= 1),
    at             timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_staff_id bigint REFERENCES countersign.staff,
    event          text NOT NULL CHECK (event <> '' AND strpos(event, E'\x1f') = 0),
    subject        text CHECK (strpos(subject, E'\x1f') = 0),   -- e.g. a username, a token serial, a transaction no.
    detail         jsonb NOT NULL DEFAULT '{}',
    prev_hash      bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash           bytea NOT NULL CHECK (octet_length(hash) = 32),
    UNIQUE (counter_id, seq)
);
CREATE INDEX audit_log_at_idx ON countersign.audit_log USING brin (at);
CREATE INDEX audit_log_subject_idx ON countersign.audit_log (subject) WHERE subject IS NOT NULL;
CREATE INDEX audit_log_actor_idx ON countersign.audit_log (actor_staff_id) WHERE actor_staff_id IS NOT NULL;

CREATE FUNCTION countersign.audit_canonical_text(p_seq bigint, p_counter_id bigint, p_at timestamptz,
                                                 p_actor_staff_id bigint, p_event text, p_subject text,
                                                 p_detail jsonb) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
RETURN p_seq::text
    || E'\x1f' || p_counter_id::text
    || E'\x1f' || to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    || E'\x1f' || coalesce(p_actor_staff_id::text, '')
    || E'\x1f' || p_event
    || E'\x1f' || coalesce(p_subject, '')
    || E'\x1f' || p_detail::text;

CREATE FUNCTION countersign.audit_hash(p_prev_hash bytea, p_seq bigint, p_counter_id bigint, p_at timestamptz,
                                       p_actor_staff_id bigint, p_event text, p_subject text, p_detail jsonb)
RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE
RETURN sha256(p_prev_hash || convert_to(countersign.audit_canonical_text(p_seq, p_counter_id, p_at,
                                                                          p_actor_staff_id, p_event, p_subject,
                                                                          p_detail), 'UTF8'));

-- The hash a row should have, given its own prev_hash. A verifier compares it with the stored hash.
CREATE FUNCTION countersign.audit_expected_hash(r countersign.audit_log) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE
RETURN countersign.audit_hash(r.prev_hash, r.seq, r.counter_id, r.at, r.actor_staff_id, r.event, r.subject,
                              r.detail);

CREATE FUNCTION countersign.audit_log_chain() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    last_seq  bigint;
    last_hash bytea;
BEGIN
    -- One appender per counter at a time ('CSAU' key, counter id). Append under READ COMMITTED: a REPEATABLE READ
    -- snapshot may predate the last append and then fails on UNIQUE (counter_id, seq); retry in that case.
    PERFORM pg_catalog.pg_advisory_xact_lock(1129529685, NEW.counter_id::integer);
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
    NEW.at := pg_catalog.clock_timestamp();
    NEW.detail := coalesce(NEW.detail, '{}'::jsonb);
    NEW.hash := countersign.audit_hash(NEW.prev_hash, NEW.seq, NEW.counter_id, NEW.at, NEW.actor_staff_id,
                                       NEW.event, NEW.subject, NEW.detail);
    RETURN NEW;
END
$fn$;

CREATE FUNCTION countersign.audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON countersign.audit_log
    FOR EACH ROW EXECUTE FUNCTION countersign.audit_log_chain();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON countersign.audit_log
    FOR EACH ROW EXECUTE FUNCTION countersign.audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON countersign.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION countersign.audit_log_refuse_change();

-- First problem in a counter's chain, or (NULL, NULL) when intact. problem is one of
--   missing           no row has seq bad_seq although later ones exist (removed)
--   out_of_sequence   a row's seq is below the expected one (renumbered)
--   prev_hash_mismatch  the row does not link to the previous row's hash (previous row changed or removed)
--   hash_mismatch     the row's content does not match its hash (changed)
CREATE FUNCTION countersign.audit_verify_report(p_counter bigint, OUT bad_seq bigint, OUT problem text)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    r           countersign.audit_log;
    expect_seq  bigint := 1;
    expect_prev bytea := pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex');
BEGIN
    FOR r IN SELECT * FROM countersign.audit_log a WHERE a.counter_id = p_counter ORDER BY a.seq LOOP
        IF r.seq <> expect_seq THEN
            bad_seq := expect_seq;
            problem := CASE WHEN r.seq > expect_seq THEN 'missing' ELSE 'out_of_sequence' END;
            RETURN;
        END IF;
        IF r.prev_hash IS DISTINCT FROM expect_prev THEN
            bad_seq := r.seq;
            problem := 'prev_hash_mismatch';
            RETURN;
        END IF;
        IF r.hash IS DISTINCT FROM countersign.audit_expected_hash(r) THEN
            bad_seq := r.seq;
            problem := 'hash_mismatch';
            RETURN;
        END IF;
        expect_prev := r.hash;
        expect_seq := expect_seq + 1;
    END LOOP;
END
$fn$;

-- First bad seq of a counter's chain; NULL when intact.
CREATE FUNCTION countersign.audit_verify(p_counter bigint) RETURNS bigint
LANGUAGE sql STABLE
RETURN (SELECT v.bad_seq FROM countersign.audit_verify_report(p_counter) v);

-- Every counter that has audit rows, with its first problem (NULLs when intact).
CREATE FUNCTION countersign.audit_verify_all()
RETURNS TABLE (counter_id bigint, bad_seq bigint, problem text)
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT c.id, v.bad_seq, v.problem
      FROM countersign.counters c
      CROSS JOIN LATERAL countersign.audit_verify_report(c.id) v
     WHERE EXISTS (SELECT 1 FROM countersign.audit_log a WHERE a.counter_id = c.id)
     ORDER BY c.id;
END;

-- ---------------------------------------------------------------------------------------------------------------
-- Privileges
-- ---------------------------------------------------------------------------------------------------------------

REVOKE ALL ON ALL TABLES IN SCHEMA countersign FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA countersign FROM PUBLIC;

GRANT SELECT ON ALL TABLES IN SCHEMA countersign TO countersign_counter;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA countersign TO countersign_counter;

-- Rows a workflow changes.
GRANT INSERT, UPDATE ON
    countersign.staff, countersign.enterprises, countersign.agents, countersign.letter_signers,
    countersign.letters, countersign.tokens, countersign.transactions, countersign.certificates,
    countersign.fee_schedules, countersign.fee_rules, countersign.invoice_requests,
    countersign.receipt_counters, countersign.receipts
TO countersign_counter;

-- Append-only records.
GRANT INSERT ON
    countersign.audit_log, countersign.transaction_steps, countersign.stock_movements, countersign.fee_lines,
    countersign.payments, countersign.refunds, countersign.approvals, countersign.evidence, countersign.day_closes
TO countersign_counter;

-- Functions counters call directly or through a CHECK constraint (trigger functions need no EXECUTE grant).
GRANT EXECUTE ON FUNCTION
    countersign.uscc_is_valid(text),
    countersign.resident_id_is_valid(text),
    countersign.take_receipt_number(bigint, integer),
    countersign.audit_canonical_text(bigint, bigint, timestamptz, bigint, text, text, jsonb),
    countersign.audit_hash(bytea, bigint, bigint, timestamptz, bigint, text, text, jsonb),
    countersign.audit_expected_hash(countersign.audit_log),
    countersign.audit_verify_report(bigint),
    countersign.audit_verify(bigint),
    countersign.audit_verify_all()
TO countersign_counter;

-- Defence in depth: even the owner may not change or empty the audit log without first granting itself back.
REVOKE UPDATE, DELETE, TRUNCATE ON countersign.audit_log FROM countersign_owner;
