-- 0029_keymodels.sql — key models: where a vendor key's factory SO PIN is, its PIN lengths and algorithms; and
-- an SO PIN version that is recorded only when this system put the key on a derived SO PIN (issue 20, "real keys").
--
-- Real USB-KEYs ship initialised with a vendor SO PIN, the same for every key of a model. The stock now knows
-- each model (the name a key reports in CK_TOKEN_INFO.model, what tokens.model holds):
--
--   key_models        the model's manufacturer, the PATH of its factory SO PIN file on the counter machines
--                     (a file of mode 0600 the counter reads when it first initialises such a key), the user PIN
--                     lengths it takes and the algorithms it offers (empty: what the key's mechanism list says).
--                     The factory SO PIN itself is never in the database, not even hashed: a hash of an 8-digit
--                     PIN is the PIN. Counters read the table (nothing secret in it) and never write it.
--   key_model_set(session, name, manufacturer, factory_so_pin_file, pin_min, pin_max, algorithms[])
--                     an admin's session (require_admin_session) sets a model whole, audited "stock.model_set"
--                     with the admin from the session.
--
-- The factory SO PIN is for a key that is not yet on an SO PIN derived by this system: one whose SO PIN version
-- is not recorded. Until now tokens.so_pin_version was NOT NULL DEFAULT 1, so a key received into stock looked as
-- if it were on version 1 already. Now:
--   * a key entering the stock (INSERT in state in_stock: stock_receive, tx_key_take's receive at the counter) has
--     no SO PIN version (trigger tokens_stock_version); keys in stock that never left it and were never
--     initialised by an admin lose the default 1 they were given;
--   * a key is given one when it is issued (tx_key_take, as before) or presented (key_presented: the default 1);
--   * key_so_pin_recorded(session, action, serial, version): the SO PIN version of a key an admin initialised or
--     retired from the command line (the started token.init / token.retire action of that admin at this counter,
--     about that key), so the factory SO PIN is never used for that key again. A key not on record (not in
--     stock, another system's) gets its version in key_so_pin_records, which key_so_pin_version reads too.
--
-- Merge note: this migration restates countersign.key_so_pin_version (0025) to read key_so_pin_records as well.
SET LOCAL ROLE countersign_owner;
SET LOCAL search_path = countersign;

-- ---------------------------------------------------------------------------------------------------------------
-- Key models
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE countersign.key_models (
    name                text PRIMARY KEY CHECK (name <> '' AND length(name) <= 64),
    manufacturer        text CHECK (manufacturer <> '' AND length(manufacturer) <= 64),
    -- The path of the factory SO PIN file on the counter machines (absolute); NULL: the model has none recorded.
    factory_so_pin_file text CHECK (left(factory_so_pin_file, 1) = '/' AND length(factory_so_pin_file) <= 1024
                                    AND strpos(factory_so_pin_file, E'\n') = 0),
    pin_min             integer CHECK (pin_min BETWEEN 1 AND 255),
    pin_max             integer CHECK (pin_max BETWEEN 1 AND 255),
    algorithms          text[] NOT NULL DEFAULT '{}'
                        CHECK (algorithms <@ ARRAY['rsa2048', 'rsa3072', 'ec-p256']::text[]
                               AND array_position(algorithms, NULL) IS NULL),
    updated_by          bigint NOT NULL REFERENCES countersign.staff,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (pin_min IS NULL OR pin_max IS NULL OR pin_min <= pin_max)
);

-- Sets model p_name whole (a new model, or every field of one on record), as the admin of p_session; audited
-- "stock.model_set". Empty text and NULL mean "none"; an empty algorithm list means "what the key offers".
CREATE FUNCTION countersign.key_model_set(p_session text, p_name text, p_manufacturer text,
                                          p_factory_so_pin_file text, p_pin_min integer, p_pin_max integer,
                                          p_algorithms text[])
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who   record := countersign.require_admin_session(p_session, 'setting a key model');
    v_file  text := nullif(p_factory_so_pin_file, '');
    v_algs  text[] := coalesce(p_algorithms, '{}');
    v_bad   text;
    v_known boolean;
BEGIN
    IF coalesce(p_name, '') = '' THEN
        RAISE EXCEPTION 'a key model needs its name (as the key reports it)' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_file IS NOT NULL AND left(v_file, 1) <> '/' THEN
        RAISE EXCEPTION 'the factory SO PIN file of model % must be an absolute path, not %', p_name, v_file
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_pin_min IS NOT NULL AND p_pin_min NOT BETWEEN 1 AND 255
       OR p_pin_max IS NOT NULL AND p_pin_max NOT BETWEEN 1 AND 255 THEN
        RAISE EXCEPTION 'PIN lengths of model % must be 1..255', p_name USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_pin_min > p_pin_max THEN
        RAISE EXCEPTION 'model %: the shortest PIN (%) is longer than the longest (%)', p_name, p_pin_min,
            p_pin_max USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT a INTO v_bad FROM unnest(v_algs) a
     WHERE a IS NULL OR a NOT IN ('rsa2048', 'rsa3072', 'ec-p256') LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'model %: no algorithm % (rsa2048, rsa3072, ec-p256)', p_name, coalesce(v_bad, '(none)')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_algs := ARRAY(SELECT DISTINCT a FROM unnest(v_algs) a ORDER BY a);
    v_known := EXISTS (SELECT 1 FROM countersign.key_models m WHERE m.name = p_name);
    INSERT INTO countersign.key_models AS m (name, manufacturer, factory_so_pin_file, pin_min, pin_max,
                                             algorithms, updated_by)
    VALUES (p_name, nullif(p_manufacturer, ''), v_file, p_pin_min, p_pin_max, v_algs, v_who.admin_id)
    ON CONFLICT (name) DO UPDATE
       SET manufacturer = excluded.manufacturer, factory_so_pin_file = excluded.factory_so_pin_file,
           pin_min = excluded.pin_min, pin_max = excluded.pin_max, algorithms = excluded.algorithms,
           updated_by = excluded.updated_by, updated_at = now();
    PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, 'stock.model_set', left(p_name, 200),
                                     jsonb_build_object('new', NOT v_known,
                                                        'manufacturer', nullif(p_manufacturer, ''),
                                                        'factory_so_pin_file', v_file,
                                                        'pin_min', p_pin_min, 'pin_max', p_pin_max,
                                                        'algorithms', to_jsonb(v_algs)));
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------------
-- An SO PIN version only when this system put the key on a derived SO PIN
-- ---------------------------------------------------------------------------------------------------------------
ALTER TABLE countersign.tokens ALTER COLUMN so_pin_version DROP NOT NULL;

-- Keys in stock that never left it and no admin initialised are on their factory SO PIN, not on version 1.
UPDATE countersign.tokens k SET so_pin_version = NULL
 WHERE k.state = 'in_stock'
   AND NOT EXISTS (SELECT 1 FROM countersign.stock_movements m WHERE m.token_id = k.id AND m.kind = 'issue')
   AND NOT EXISTS (SELECT 1 FROM countersign.admin_actions a
                    WHERE a.kind IN ('token.init', 'token.retire') AND a.state = 'done'
                      AND (a.subject = k.serial OR a.outcome ->> 'serial' = k.serial));

CREATE FUNCTION countersign.tokens_stock_version() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    -- A key entering the stock comes from its maker: its SO PIN is not one of ours yet.
    NEW.so_pin_version := NULL;
    RETURN NEW;
END
$fn$;
CREATE TRIGGER tokens_stock_version BEFORE INSERT ON countersign.tokens
    FOR EACH ROW WHEN (NEW.state = 'in_stock') EXECUTE FUNCTION countersign.tokens_stock_version();

-- The SO PIN versions of keys an admin initialised that the database has no tokens row for.
CREATE TABLE countersign.key_so_pin_records (
    serial         text PRIMARY KEY CHECK (serial <> ''),
    so_pin_version integer NOT NULL CHECK (so_pin_version >= 1),
    action_id      bigint NOT NULL REFERENCES countersign.admin_actions,
    recorded_at    timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION countersign.key_so_pin_recorded(p_session text, p_action bigint, p_serial text, p_version integer)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_who    record := countersign.require_admin_session(p_session, 'recording a key''s SO PIN version');
    v_action countersign.admin_actions;
    v_token  bigint;
BEGIN
    SELECT * INTO v_action FROM countersign.admin_actions a WHERE a.id = p_action FOR UPDATE;
    IF NOT FOUND OR v_action.staff_id <> v_who.admin_id OR v_action.counter_id <> v_who.counter_id
       OR v_action.kind NOT IN ('token.init', 'token.retire') OR v_action.state <> 'started' THEN
        RAISE EXCEPTION 'no started key initialisation % of this admin at this counter', coalesce(p_action, 0)
            USING ERRCODE = 'no_data_found';
    END IF;
    IF coalesce(p_serial, '') = '' OR (v_action.subject <> '' AND v_action.subject <> p_serial) THEN
        RAISE EXCEPTION 'admin command % is about key %, not %', p_action,
            coalesce(nullif(v_action.subject, ''), '(the blank key)'), coalesce(nullif(p_serial, ''), '(none)')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_version IS NULL OR p_version < 1 THEN
        RAISE EXCEPTION 'no SO PIN version %', coalesce(p_version::text, '(none)')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_action.subject = '' AND EXISTS (
           SELECT 1 FROM countersign.transactions t JOIN countersign.tokens k ON k.id = t.token_id
            WHERE k.serial = p_serial AND t.state NOT IN ('completed', 'failed', 'compensated')) THEN
        RAISE EXCEPTION 'key % is being worked on by a transaction', p_serial
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    UPDATE countersign.tokens k SET so_pin_version = p_version WHERE k.serial = p_serial
    RETURNING k.id INTO v_token;
    IF v_token IS NULL THEN
        INSERT INTO countersign.key_so_pin_records AS r (serial, so_pin_version, action_id)
        VALUES (p_serial, p_version, p_action)
        ON CONFLICT (serial) DO UPDATE SET so_pin_version = excluded.so_pin_version,
                                           action_id = excluded.action_id, recorded_at = now();
    END IF;
    PERFORM countersign.audit_append(v_who.counter_id, v_who.admin_id, 'key.so_pin_recorded', p_serial,
                                     jsonb_build_object('version', p_version, 'action', p_action,
                                                        'key_on_record', v_token IS NOT NULL));
END
$fn$;

-- 0025's reader, now also of the versions recorded for keys without a tokens row.
CREATE OR REPLACE FUNCTION countersign.key_so_pin_version(p_serial text) RETURNS integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    PERFORM countersign.require_acting_counter();
    RETURN coalesce((SELECT x.so_pin_version FROM countersign.tokens x WHERE x.serial = p_serial),
                    (SELECT r.so_pin_version FROM countersign.key_so_pin_records r WHERE r.serial = p_serial));
END
$fn$;

REVOKE ALL ON countersign.key_models, countersign.key_so_pin_records FROM countersign_counter;
GRANT SELECT ON countersign.key_models TO countersign_counter;
GRANT EXECUTE ON FUNCTION
    countersign.key_model_set(text, text, text, text, integer, integer, text[]),
    countersign.key_so_pin_recorded(text, bigint, text, integer)
TO countersign_counter;
