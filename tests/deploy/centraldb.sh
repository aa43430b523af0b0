#!/usr/bin/env bash
# deploy.central-db (DESIGN §10): deploy/central-db/setup.sh for real, on two Debian clusters made with
# pg_createcluster on loopback ports, the way an administrator runs it on the primary and the standby server:
#   setup.sh primary     durability settings, pg_hba.conf (hostssl + scram only), the database, the
#                        replication role, the schema (countersignctl db migrate), the roles
#   setup.sh counter-role / reporting-role
#   setup.sh standby     the second cluster replaced by a streaming copy of the primary
#   setup.sh synchronous commits wait for the standby
# Checks what the administrator would: the settings in force, a counter's login over TLS with its password and
# not without TLS, the reporting role reading but not writing, the standby streaming synchronously and holding
# what the primary committed, the standby read only.
#   tests/deploy/centraldb.sh COUNTERSIGNCTL
# Needs root (or sudo without a password): it makes and drops clusters under /etc/postgresql. Everything it
# makes is removed again, and both clusters listen on 127.0.0.1 only.
set -euo pipefail
ctl_bin=${1:?usage: centraldb.sh COUNTERSIGNCTL}
here=$(cd "$(dirname "$0")" && pwd)
setup="$(cd "$here/../../deploy/central-db" && pwd)/setup.sh"
version=15
t0=$(date +%s%N)
log() { echo "[$(printf '%6d' $((($(date +%s%N) - t0) / 1000000))) ms] $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

if [ "$(id -u)" = 0 ]; then
    as_root() { "$@"; }
elif sudo -n true 2>/dev/null; then
    as_root() { sudo -n --preserve-env=PATH,PGPORT "$@"; }
else
    fail "setup.sh makes clusters under /etc/postgresql: run as root or with sudo that needs no password"
fi
command -v pg_createcluster >/dev/null || fail "pg_createcluster not found (install postgresql-common)"

# Two free loopback ports: p1, p2.
. "$here/ports.sh"
primary=cstest_primary_$$
standby=cstest_standby_$$
tmp=$(mktemp -d /tmp/countersign-centraldb.XXXXXX)
chmod 755 "$tmp"
pgpass=$(getent passwd postgres | cut -d: -f6)/.pgpass

cleanup() {
    for c in "$primary" "$standby"; do
        if [ -d "/etc/postgresql/$version/$c" ]; then
            as_root pg_dropcluster --stop "$version" "$c" >/dev/null 2>&1 || true
        fi
        as_root rm -rf "/var/lib/postgresql/$version/$c" "/var/lib/postgresql/$version/$c".before-standby.* \
            "/etc/postgresql/$version/$c"
    done
    # setup.sh standby wrote the replication password for this primary into the postgres user's .pgpass.
    if as_root test -f "$pgpass"; then
        as_root sed -i "/^127\.0\.0\.1:$p1:replication:/d" "$pgpass"
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# psql as the database superuser over the cluster's own socket (peer), as setup.sh itself talks to it.
admin_psql() { # port, then psql arguments
    local port=$1
    shift
    as_root env --chdir=/ PGPORT="$port" runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -tA "$@"
}
expect() { # what, expected, actual
    [ "$3" = "$2" ] || fail "$1: expected '$2', got '$3'"
    log "ok: $1 = $3"
}

# --- two clusters, as apt install postgresql-15 + pg_createcluster make them ------------------------------------
# Each gets a TLS certificate in conf.d, as README.md says to give them one (the test's own, self-signed).
mkdir -p "$tmp/tls" "$tmp/bin"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -keyout "$tmp/tls/server.key" -out "$tmp/tls/server.crt" 2>/dev/null
as_root chown -R postgres:postgres "$tmp/tls"
as_root chmod 600 "$tmp/tls/server.key"
for c in "$primary:$p1" "$standby:$p2"; do
    name=${c%%:*} port=${c##*:}
    as_root pg_createcluster "$version" "$name" -p "$port" >/dev/null || fail "pg_createcluster $name"
    printf "ssl_cert_file = '%s'\nssl_key_file = '%s'\n" "$tmp/tls/server.crt" "$tmp/tls/server.key" \
        | as_root install -o postgres -g postgres -m 0644 /dev/stdin "/etc/postgresql/$version/$name/conf.d/tls.conf"
done
log "clusters $version/$primary on 127.0.0.1:$p1 and $version/$standby on 127.0.0.1:$p2"

# countersignctl where the postgres user can run it (setup.sh primary migrates as that user).
install -m 0755 "$ctl_bin" "$tmp/bin/countersignctl"
replication_password="replication-secret-$$-$RANDOM"

# --- setup.sh primary ---------------------------------------------------------------------------------------------
echo "$replication_password" | as_root env PATH="$tmp/bin:$PATH" PGPORT="$p1" "$setup" primary \
    --cluster "$version/$primary" --counters 127.0.0.1/32 --reporting 127.0.0.1/32 --standby 127.0.0.1 \
    --listen 127.0.0.1 >"$tmp/primary.log" 2>&1 || { cat "$tmp/primary.log"; fail "setup.sh primary"; }
log "setup.sh primary done"
expect "fsync on the primary" on "$(admin_psql "$p1" -d postgres -c 'SHOW fsync')"
expect "synchronous_commit on the primary" on "$(admin_psql "$p1" -d postgres -c 'SHOW synchronous_commit')"
expect "ssl on the primary" on "$(admin_psql "$p1" -d postgres -c 'SHOW ssl')"
expect "password_encryption" scram-sha-256 "$(admin_psql "$p1" -d postgres -c 'SHOW password_encryption')"
migrations=$(find "$here/../../db/migrations" -name '*.sql' | wc -l)
expect "schema version after setup.sh's migration" "$migrations" \
    "$(admin_psql "$p1" -d countersign -c 'SELECT max(version) FROM countersign.schema_migrations')"
expect "the replication role may replicate" t \
    "$(admin_psql "$p1" -d postgres -c "SELECT rolreplication FROM pg_roles WHERE rolname = 'countersign_replicator'")"

# --- a counter's and a reporting login -----------------------------------------------------------------------------
admin_psql "$p1" -d countersign -c "INSERT INTO countersign.centres (code, name) VALUES ('T01', '测试中心');
    INSERT INTO countersign.counters (centre_id, code) SELECT id, '01' FROM countersign.centres WHERE code = 'T01'" \
    >/dev/null || fail "registering counter T01/01"
if echo "counter-password-$$-x" | as_root env PGPORT="$p1" "$setup" counter-role counter_t01_01 --centre T01 \
    --counter 99 >/dev/null 2>&1; then
    fail "setup.sh counter-role bound a counter that is not registered"
fi
echo "counter-password-$$-x" | as_root env PGPORT="$p1" "$setup" counter-role counter_t01_01 --centre T01 \
    --counter 01 >/dev/null 2>&1 || fail "setup.sh counter-role"
expect "the counter's login is bound to it" counter_t01_01 \
    "$(admin_psql "$p1" -d countersign -c "SELECT login_role FROM countersign.counters WHERE code = '01'")"
echo "reporting-password-$$-x" | as_root env PGPORT="$p1" "$setup" reporting-role head_office >/dev/null 2>&1 \
    || fail "setup.sh reporting-role"
counter_dsn="host=127.0.0.1 port=$p1 dbname=countersign user=counter_t01_01 connect_timeout=5"
expect "a counter's login over TLS with its password" t \
    "$(PGPASSWORD="counter-password-$$-x" psql -X -tA "$counter_dsn sslmode=require" \
        -c 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')"
if out=$(PGPASSWORD="counter-password-$$-x" psql -X -tA "$counter_dsn sslmode=disable" -c 'SELECT 1' 2>&1); then
    fail "a counter logged in without TLS: $out"
fi
case "$out" in *"pg_hba.conf rejects"* | *"no pg_hba.conf entry"*) log "ok: without TLS: ${out##*FATAL:  }" ;;
*) fail "without TLS: unexpected error: $out" ;;
esac
if out=$(PGPASSWORD="wrong-password-123" psql -X -tA "$counter_dsn sslmode=require" -c 'SELECT 1' 2>&1); then
    fail "a wrong password was accepted"
fi
case "$out" in *"password authentication failed"*) log "ok: a wrong password is refused" ;;
*) fail "wrong password: unexpected error: $out" ;;
esac
reporting_dsn="host=127.0.0.1 port=$p1 dbname=countersign user=head_office sslmode=require connect_timeout=5"
expect "the reporting role reads" 0 \
    "$(PGPASSWORD="reporting-password-$$-x" psql -X -tA "$reporting_dsn" -c 'SELECT count(*) FROM countersign.transactions')"
if out=$(PGPASSWORD="reporting-password-$$-x" psql -X -tA "$reporting_dsn" \
    -c "SELECT password_hash FROM countersign.staff" 2>&1); then
    fail "the reporting role read a password hash"
fi
case "$out" in *"permission denied"*) log "ok: the reporting role can't read a password hash" ;;
*) fail "password hash: unexpected error: $out" ;;
esac
if out=$(PGPASSWORD="reporting-password-$$-x" psql -X -tA "$reporting_dsn" \
    -c "SELECT secret FROM countersign.receipts" 2>&1); then
    fail "the reporting role read a receipt's secret"
fi
case "$out" in *"permission denied"*) log "ok: the reporting role can't read a receipt's secret" ;;
*) fail "receipt secret: unexpected error: $out" ;;
esac
expect "the reporting role reads the receipts' numbers" 0 \
    "$(PGPASSWORD="reporting-password-$$-x" psql -X -tA "$reporting_dsn" -c 'SELECT count(number) FROM countersign.receipts')"
expect "the reporting role reads the staff names" 0 \
    "$(PGPASSWORD="reporting-password-$$-x" psql -X -tA "$reporting_dsn" -c 'SELECT count(username) FROM countersign.staff')"
if out=$(PGPASSWORD="reporting-password-$$-x" psql -X -tA "$reporting_dsn" \
    -c "DELETE FROM countersign.audit_log" 2>&1); then
    fail "the reporting role could delete audit entries"
fi
case "$out" in *"read-only transaction"* | *"permission denied"*) log "ok: the reporting role can't write" ;;
*) fail "reporting write: unexpected error: $out" ;;
esac

# --- setup.sh standby, then synchronous ------------------------------------------------------------------------------
echo "$replication_password" | as_root env PGPORT="$p2" "$setup" standby --cluster "$version/$standby" \
    --primary 127.0.0.1 --port "$p1" --listen 127.0.0.1 >"$tmp/standby.log" 2>&1 \
    || { cat "$tmp/standby.log"; fail "setup.sh standby"; }
log "setup.sh standby done"
as_root env PGPORT="$p1" "$setup" synchronous --cluster "$version/$primary" >"$tmp/sync.log" 2>&1 \
    || { cat "$tmp/sync.log"; fail "setup.sh synchronous"; }
expect "the standby streams synchronously" "countersign_standby|streaming|sync" \
    "$(admin_psql "$p1" -d postgres -c 'SELECT application_name, state, sync_state FROM pg_stat_replication')"
expect "the standby is read only" t "$(admin_psql "$p2" -d postgres -c 'SELECT pg_is_in_recovery()')"
expect "the standby listens on loopback only" 127.0.0.1 \
    "$(admin_psql "$p2" -d postgres -c 'SHOW listen_addresses')"

# A commit on the primary returns once the standby has it; it is then readable there.
admin_psql "$p1" -d countersign -c "CREATE TABLE public.replication_probe (v text); \
    INSERT INTO public.replication_probe VALUES ('committed-$$')" >/dev/null
seen=""
for _ in $(seq 50); do
    seen=$(admin_psql "$p2" -d countersign -c "SELECT v FROM public.replication_probe" 2>/dev/null || true)
    [ -z "$seen" ] || break
    sleep 0.1
done
expect "the primary's commit on the standby" "committed-$$" "$seen"
if out=$(admin_psql "$p2" -d countersign -c "INSERT INTO public.replication_probe VALUES ('x')" 2>&1); then
    fail "the standby accepted a write"
fi
log "ok: the standby refuses writes (${out##*ERROR:  })"
log "PASS"
