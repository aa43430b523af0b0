#!/usr/bin/env bash
# Sets up the central Countersign database that every counter of every centre points at: a PostgreSQL 15
# primary and a streaming standby (Debian 12 clusters, postgresql-common), TLS + SCRAM only, synchronous
# replication, the roles. Run as root on the database servers; README.md beside this file walks through it.
#
#   setup.sh primary --counters CIDR --standby ADDR [--reporting CIDR] [--listen ADDRS] [--cluster 15/main]
#       durability and replication settings, pg_hba.conf, the database `countersign`, the replication role
#       (password asked), the schema (countersignctl db migrate, when countersignctl is installed here) and roles
#   setup.sh roles
#       after every `countersignctl db migrate`: the read-only reporting role and its grants (idempotent)
#   setup.sh counter-role NAME --centre CODE --counter CODE
#       a counter's own login role (member of countersign_counter), bound to that registered counter
#   setup.sh reporting-role NAME      a read-only login role for head-office reports
#       passwords: the first line of stdin, or asked twice on a terminal; never on the command line
#   setup.sh standby --primary HOST [--port 5432] [--listen ADDRS] [--cluster 15/main]
#       replaces this server's (empty) cluster with a streaming copy of the primary (pg_basebackup -R, its own
#       replication slot), with the same settings except synchronous replication
#   setup.sh synchronous [--cluster 15/main]
#       on the primary, once the standby streams (waits up to 60 s for it): commits wait for the standby from
#       now on (primary.conf)
#
# psql runs as the postgres user over the local socket; with PGHOST set (tests) it uses libpq's environment.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cluster=15/main
db=countersign
standby_name=countersign_standby
replicator=countersign_replicator

die() { echo "setup.sh: $*" >&2; exit 1; }
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

psql_admin() {
    if [ -n "${PGHOST:-}" ]; then
        psql -X -q -v ON_ERROR_STOP=1 "$@"
    elif [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "$@"
    else
        psql -X -q -v ON_ERROR_STOP=1 "$@"
    fi
}

# A password from the first line of stdin, or asked twice on the terminal.
read_password() {
    local what=$1 first second
    if [ -t 0 ]; then
        read -r -s -p "Password for $what: " first; echo >&2
        read -r -s -p "Again: " second; echo >&2
        [ "$first" = "$second" ] || die "the two entries differ"
    else
        IFS= read -r first || true
    fi
    [ ${#first} -ge 12 ] || die "a database password has at least 12 characters"
    printf '%s' "$first"
}

# A login role with a SCRAM password, made or updated: `options` are ALTER ROLE's (REPLICATION), `member_of` a
# group role to grant. The password goes over stdin with statement logging off for this session, so it is in
# neither argv nor the server log (the server keeps only its SCRAM verifier).
set_login_role() {
    local role=$1 options=$2 member_of=$3 password=$4
    [[ "$role" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "a role name is lower case letters, digits and _: $role"
    psql_admin -d postgres <<SQL
SET log_statement = 'none';
SET log_min_duration_statement = -1;
SET password_encryption = 'scram-sha-256';
SELECT format('CREATE ROLE %I', '$role') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$role')
\gexec
ALTER ROLE "$role" LOGIN $options PASSWORD '${password//\'/\'\'}';
${member_of:+GRANT $member_of TO $role;}
SQL
}

cluster_paths() {
    local version=${cluster%%/*} name=${cluster##*/}
    confdir=/etc/postgresql/$version/$name
    [ -d "$confdir" ] || die "no cluster $cluster (pg_lsclusters lists them; pg_createcluster $version $name)"
    datadir=$(sed -n "s/^data_directory *= *'\(.*\)'.*/\1/p" "$confdir/postgresql.conf")
    bindir=/usr/lib/postgresql/$version/bin
}

# Writes the block between markers into pg_hba.conf, before Debian's defaults; a second run replaces it.
write_hba() {
    local hba=$confdir/pg_hba.conf block=$1
    local begin="# --- countersign (setup.sh) ---" end="# --- end countersign ---"
    local tmp
    tmp=$(mktemp)
    { echo "$begin"; echo "$block"; echo "$end"; sed "/^$begin\$/,/^$end\$/d" "$hba"; } >"$tmp"
    install -o postgres -g postgres -m 0640 "$tmp" "$hba"
    rm -f "$tmp"
}

cmd_roles() {
    log "the reporting role and its grants"
    psql_admin -d "$db" <<'SQL'
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'countersign_reporting') THEN
        CREATE ROLE countersign_reporting NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'countersign') THEN
        RAISE EXCEPTION 'no countersign schema yet: run countersignctl db migrate first';
    END IF;
END $$;
GRANT CONNECT ON DATABASE countersign TO countersign_counter, countersign_reporting;
GRANT USAGE ON SCHEMA countersign TO countersign_reporting;
-- Reading everything, changing nothing; tables later migrations add are readable too.
GRANT SELECT ON ALL TABLES IN SCHEMA countersign TO countersign_reporting;
ALTER DEFAULT PRIVILEGES FOR ROLE countersign_owner IN SCHEMA countersign
    GRANT SELECT ON TABLES TO countersign_reporting;
-- Except the secrets: password hashes, staff sessions and login attempts (0010_staff_sessions.sql).
REVOKE SELECT ON countersign.staff, countersign.staff_sessions, countersign.login_attempts
    FROM countersign_reporting;
GRANT SELECT (id, username, display_name, role, centre_id, active, created_at, password_changed_at)
    ON countersign.staff TO countersign_reporting;
-- and each receipt's secret, the key of its QR verification code (0005_records.sql): every other column.
REVOKE SELECT ON countersign.receipts FROM countersign_reporting;
DO $$
DECLARE cols text;
BEGIN
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
      FROM pg_attribute
     WHERE attrelid = 'countersign.receipts'::regclass AND attnum > 0 AND NOT attisdropped AND attname <> 'secret';
    EXECUTE format('GRANT SELECT (%s) ON countersign.receipts TO countersign_reporting', cols);
END $$;
SQL
}

cmd_primary() {
    local counters="" standby="" reporting="" listen="*"
    while [ $# -gt 0 ]; do
        case "$1" in
        --counters) counters=$2; shift 2 ;;
        --standby) standby=$2; shift 2 ;;
        --reporting) reporting=$2; shift 2 ;;
        --listen) listen=$2; shift 2 ;;
        --cluster) cluster=$2; shift 2 ;;
        *) die "primary: unknown option $1" ;;
        esac
    done
    [ -n "$counters" ] && [ -n "$standby" ] || die "primary needs --counters CIDR and --standby ADDR"
    cluster_paths
    log "settings: $confdir/conf.d/countersign.conf"
    install -d -o postgres -g postgres "$confdir/conf.d"
    { cat "$here/durability.conf"; echo; echo "listen_addresses = '$listen'"; } \
        | install -o postgres -g postgres -m 0644 /dev/stdin "$confdir/conf.d/countersign.conf"
    grep -q "^include_dir = 'conf.d'" "$confdir/postgresql.conf" || die "$confdir/postgresql.conf does not include conf.d"
    local hba
    hba=$(printf '%s\n' \
        "local      all          postgres                                peer" \
        "hostssl    $db  +countersign_counter    $counters  scram-sha-256" \
        ${reporting:+"hostssl    $db  +countersign_reporting  $reporting  scram-sha-256"} \
        "hostssl    replication  $replicator  $standby/32  scram-sha-256" \
        "hostnossl  all          all                     0.0.0.0/0  reject" \
        "hostnossl  all          all                     ::/0       reject")
    write_hba "$hba"
    log "restarting $cluster"
    pg_ctlcluster "${cluster%%/*}" "${cluster##*/}" restart
    if [ "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
        psql_admin -d postgres -c "CREATE DATABASE $db"
    fi
    log "the replication role $replicator"
    set_login_role "$replicator" "REPLICATION" "" "$(read_password "$replicator (the standby asks for it)")"
    if command -v countersignctl >/dev/null; then
        log "migrating the schema"
        runuser -u postgres -- env COUNTERSIGN_CONFIG=/nonexistent PGDATABASE="$db" countersignctl db migrate
        cmd_roles
    else
        log "countersignctl is not installed here: run \`countersignctl db migrate\` as the database owner from an"
        log "admin workstation, then \`setup.sh roles\` here"
    fi
    log "primary ready; add counters with: setup.sh counter-role NAME --centre C --counter N; once the standby streams: setup.sh synchronous"
}

# On the primary, once the standby streams: a commit waits for the standby's flush from now on.
cmd_synchronous() {
    while [ $# -gt 0 ]; do
        case "$1" in
        --cluster) cluster=$2; shift 2 ;;
        *) die "synchronous: unknown option $1" ;;
        esac
    done
    cluster_paths
    # A standby just started needs a moment to connect and catch up.
    local state="" tries=0
    while :; do
        state=$(psql_admin -d postgres -tAc \
            "SELECT state FROM pg_stat_replication WHERE application_name = '$standby_name'")
        [ "$state" != streaming ] || break
        tries=$((tries + 1))
        [ "$tries" -lt 60 ] || die "no standby $standby_name streams from this server (state '${state:-none}'): \
commits would wait for ever"
        sleep 1
    done
    install -o postgres -g postgres -m 0644 "$here/primary.conf" "$confdir/conf.d/countersign-primary.conf"
    pg_ctlcluster "${cluster%%/*}" "${cluster##*/}" reload
    sleep 1
    psql_admin -d postgres -c \
        "SELECT application_name, state, sync_state FROM pg_stat_replication"
}

cmd_standby() {
    local primary="" port=5432 listen="*"
    while [ $# -gt 0 ]; do
        case "$1" in
        --primary) primary=$2; shift 2 ;;
        --port) port=$2; shift 2 ;;
        --listen) listen=$2; shift 2 ;;
        --cluster) cluster=$2; shift 2 ;;
        *) die "standby: unknown option $1" ;;
        esac
    done
    [ -n "$primary" ] || die "standby needs --primary HOST"
    cluster_paths
    if [ -f "$datadir/PG_VERSION" ] && pg_ctlcluster "${cluster%%/*}" "${cluster##*/}" status >/dev/null 2>&1 &&
        [ "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" = 1 ]; then
        die "this cluster already holds a $db database; a standby starts from an empty cluster"
    fi
    local password
    password=$(read_password "$replicator on $primary")
    # The walreceiver finds the password in the postgres user's ~/.pgpass (0600), like pg_basebackup now.
    local pgpass=~postgres/.pgpass
    touch "$pgpass" && chown postgres:postgres "$pgpass" && chmod 600 "$pgpass"
    grep -v "^$primary:$port:replication:$replicator:" "$pgpass" >"$pgpass.new" || true
    printf '%s:%s:replication:%s:%s\n' "$primary" "$port" "$replicator" "${password//:/\\:}" >>"$pgpass.new"
    mv "$pgpass.new" "$pgpass"; chown postgres:postgres "$pgpass"; chmod 600 "$pgpass"
    log "stopping $cluster and copying the primary into $datadir"
    pg_ctlcluster "${cluster%%/*}" "${cluster##*/}" stop || true
    [ -d "$datadir" ] && mv "$datadir" "$datadir.before-standby.$(date +%s)"
    install -d -o postgres -g postgres -m 0700 "$datadir"
    runuser -u postgres -- "$bindir/pg_basebackup" -D "$datadir" -X stream -R -C -S "$standby_name" \
        --checkpoint=fast -d "host=$primary port=$port user=$replicator sslmode=require application_name=$standby_name"
    install -d -o postgres -g postgres "$confdir/conf.d"
    { cat "$here/durability.conf"; echo; echo "listen_addresses = '$listen'"; echo "cluster_name = '$standby_name'"; } \
        | install -o postgres -g postgres -m 0644 /dev/stdin "$confdir/conf.d/countersign.conf"
    rm -f "$confdir/conf.d/countersign-primary.conf"
    pg_ctlcluster "${cluster%%/*}" "${cluster##*/}" start
    log "standby streaming from $primary:$port; on the primary: SELECT * FROM pg_stat_replication"
}

[ $# -ge 1 ] || { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
command=$1; shift
case "$command" in
primary) cmd_primary "$@" ;;
standby) cmd_standby "$@" ;;
synchronous) cmd_synchronous "$@" ;;
roles) cmd_roles ;;
counter-role)
    usage="usage: setup.sh counter-role NAME --centre CODE --counter CODE"
    [ $# = 5 ] || die "$usage"
    role=$1; shift
    centre= counter=
    while [ $# -gt 0 ]; do
        case "$1" in
        --centre) centre=$2; shift 2 ;;
        --counter) counter=$2; shift 2 ;;
        *) die "$usage" ;;
        esac
    done
    [ -n "$centre" ] && [ -n "$counter" ] || die "$usage"
    set_login_role "$role" "" countersign_counter "$(read_password "$role")"
    # The counter (registered with countersignctl counter add) knows its login from now on: the database tells
    # counters apart by their connection, so each counter has a role of its own.
    bound=$(psql_admin -d "$db" -tA -v role="$role" -v centre="$centre" -v counter="$counter" <<'SQL'
WITH b AS (
    UPDATE countersign.counters co SET login_role = :'role'
      FROM countersign.centres ce
     WHERE ce.id = co.centre_id AND ce.code = :'centre' AND co.code = :'counter'
    RETURNING co.id)
INSERT INTO countersign.audit_log (counter_id, seq, event, subject, detail, prev_hash, hash)
SELECT id, 0, 'counter.login_bound', :'centre' || '/' || :'counter', jsonb_build_object('login', :'role'), '', ''
  FROM b
RETURNING counter_id;
SQL
)
    [ -n "$bound" ] || die "no counter $counter of centre $centre: register it first (countersignctl counter add)"
    log "counter $centre/$counter now connects as $role"
    ;;
reporting-role)
    [ $# = 1 ] || die "usage: setup.sh reporting-role NAME"
    set_login_role "$1" "" countersign_reporting "$(read_password "$1")"
    # Its sessions are read only even where a grant was forgotten.
    psql_admin -d postgres -c "ALTER ROLE \"$1\" SET default_transaction_read_only = on"
    ;;
-h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' ;;
*) die "unknown command $command (see --help)" ;;
esac
