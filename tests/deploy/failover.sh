#!/usr/bin/env bash
# deploy.failover (DESIGN §10): a primary and a streaming, synchronous standby on loopback ports, set up with
# deploy/central-db's settings; a counter process (countersign_failover_counter) issuing certificates one after
# another the way the kiosk does, connected through a DSN that lists both servers with
# target_session_attrs=read-write. The primary is killed with SIGKILL (the postmaster and every backend) and
# the standby promoted. Checks: the counter reconnects by itself within 30 s of the promotion; every operation
# it reported completed is on the new primary; nothing is half-recorded (the audit chains verify; after the
# counter's own resumption and `countersignctl recover` no transaction is left unfinished); every transaction
# on the new primary is one the counter reported (completed, resumed or failed): none silently lost.
#   tests/deploy/failover.sh COUNTERSIGNCTL FAILOVER_COUNTER
# As root the clusters run as the postgres user (STACK.md §10).
set -euo pipefail
ctl=${1:?usage: failover.sh COUNTERSIGNCTL FAILOVER_COUNTER}
counter_bin=${2:?usage: failover.sh COUNTERSIGNCTL FAILOVER_COUNTER}
here=$(cd "$(dirname "$0")" && pwd)
central="$here/../../deploy/central-db"
bindir=/usr/lib/postgresql/15/bin
t0=$(date +%s%N)
elapsed() { echo $((($(date +%s%N) - t0) / 1000000)); }
log() { echo "[$(printf '%6d' "$(elapsed)") ms] $*"; }
# From /, which the postgres user can enter wherever the repository lives (a 0700 home).
as_pg() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

tmp=$(mktemp -d /tmp/countersign-failover.XXXXXX)
chmod 755 "$tmp"
counter_pid=""
cleanup() {
    [ -z "$counter_pid" ] || kill "$counter_pid" 2>/dev/null || true
    for node in primary standby; do
        if [ -f "$tmp/$node/data/postmaster.pid" ]; then
            as_pg "$bindir/pg_ctl" -D "$tmp/$node/data" -m immediate -w stop >/dev/null 2>&1 || true
        fi
    done
    # Whatever the killed primary left running (nothing, normally): by process id, never by name.
    for pid in ${primary_pids:-}; do kill -9 "$pid" 2>/dev/null || true; done
    if [ "${keep:-0}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; keep=${COUNTERSIGN_KEEP_FAILOVER:-0}; exit 1; }

# Two free loopback ports: p1, p2.
. "$here/ports.sh"

# --- the primary ------------------------------------------------------------------------------------------------
mkdir -p "$tmp/primary/data" "$tmp/primary/socket" "$tmp/standby" "$tmp/standby/socket"
chmod 700 "$tmp/primary/data"
[ "$(id -u)" != 0 ] || chown -R postgres:postgres "$tmp/primary" "$tmp/standby"
as_pg "$bindir/initdb" -D "$tmp/primary/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 \
    || { cat "$tmp/initdb.log"; fail "initdb"; }
# The central database's settings as deploy/central-db ships them; here without TLS (loopback, trust). A copy
# the postgres user can read wherever the repository lives (a home of mode 0700, as /root is).
install -m 0644 "$central/durability.conf" "$tmp/durability.conf"
cat >>"$tmp/primary/data/postgresql.conf" <<CONF
include '$tmp/durability.conf'
ssl = off
listen_addresses = '127.0.0.1'
max_connections = 100
CONF
start_node() { # node port [extra -c options]
    local node=$1 port=$2 extra=${3:-}
    as_pg "$bindir/pg_ctl" -D "$tmp/$node/data" -l "$tmp/$node/server.log" -w -t 60 \
        -o "-p $port -k $tmp/$node/socket $extra" start >/dev/null || { cat "$tmp/$node/server.log"; fail "start $node"; }
}
start_node primary "$p1"
log "primary on 127.0.0.1:$p1"

# --- the Countersign database, as an installer makes it -------------------------------------------------------------
primary_dsn="host=127.0.0.1 port=$p1 user=postgres dbname=countersign"
PGHOST=127.0.0.1 PGPORT=$p1 PGUSER=postgres psql -X -q -d postgres -c "CREATE DATABASE countersign"
mkdir -p "$tmp/counter/ca" "$tmp/counter/softhsm/tokens"
chmod 700 "$tmp/counter/ca"
(umask 077 && head -c 48 /dev/urandom | base64 -w0 >"$tmp/counter/sopin-master.key")
common_conf="[workstation]
centre=TJ01
counter=01
[pkcs11]
module=/usr/lib/softhsm/libsofthsm2.so
[sopin]
master_file=$tmp/counter/sopin-master.key
[ca]
key_file=$tmp/counter/ca/issuing.key
[fees]
schedule=tianjin-2018"
printf '[database]\ndsn=%s\n%s\n' "$primary_dsn" "$common_conf" >"$tmp/admin.conf"
admin() { "$ctl" --config "$tmp/admin.conf" "$@"; }
admin db migrate >/dev/null
PGHOST=127.0.0.1 PGPORT=$p1 PGUSER=postgres "$central/setup.sh" roles 2>/dev/null
admin centre add --name "天津市第一服务中心" --region 天津 TJ01 >/dev/null
admin counter add --centre TJ01 --name "1号窗口" 01 >/dev/null
# The counter's own login role, as setup.sh makes one (password from stdin; trust ignores it here).
echo "failover-test-password" | PGHOST=127.0.0.1 PGPORT=$p1 PGUSER=postgres "$central/setup.sh" counter-role \
    cs_failover_counter --centre TJ01 --counter 01
echo "operator-password" | admin staff add --role operator --display-name "受理员" --password-fd 0 op >/dev/null
admin ca init --alg ec-p256 >/dev/null
admin letter demo-issuer init --dir "$tmp/counter/letters" >/dev/null
admin letter trust add --anchor "$tmp/counter/letters/demo-root.crt" >/dev/null
admin letter trust add --signer "$tmp/counter/letters/demo-signer.crt" --office 11201010000 >/dev/null
log "database migrated and set up"

# --- the standby: pg_basebackup -R from the primary, its own replication slot ----------------------------------------
as_pg "$bindir/pg_basebackup" -D "$tmp/standby/data" -X stream -R -C -S countersign_standby --checkpoint=fast \
    -d "host=127.0.0.1 port=$p1 user=postgres application_name=countersign_standby" >"$tmp/basebackup.log" 2>&1 \
    || { cat "$tmp/basebackup.log"; fail "pg_basebackup"; }
start_node standby "$p2" "-c cluster_name=countersign_standby"
# Synchronous replication on the primary only, once the standby streams (setup.sh synchronous installs
# primary.conf): from now on a commit waits for the standby's flush.
sync_names=$(sed -n "s/^synchronous_standby_names *= *'\(.*\)'/\1/p" "$central/primary.conf")
PGHOST=127.0.0.1 PGPORT=$p1 PGUSER=postgres psql -X -q -d postgres \
    -c "ALTER SYSTEM SET synchronous_standby_names = '$sync_names'" -c "SELECT pg_reload_conf()" >/dev/null
for _ in $(seq 1 100); do
    state=$(PGHOST=127.0.0.1 PGPORT=$p1 PGUSER=postgres psql -X -tA -d postgres \
        -c "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'countersign_standby'")
    [ "$state" = sync ] && break
    sleep 0.1
done
[ "$state" = sync ] || fail "the standby is not a synchronous standby (sync_state '$state')"
log "standby on 127.0.0.1:$p2 streaming, synchronous_standby_names = '$sync_names', sync_state = sync"

# --- the counter --------------------------------------------------------------------------------------------------------
cat >"$tmp/counter/softhsm2.conf" <<CONF
directories.tokendir = $tmp/counter/softhsm/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = true
slots.mechanisms = ALL
CONF
counter_dsn="host=127.0.0.1,127.0.0.1 port=$p1,$p2 dbname=countersign user=cs_failover_counter target_session_attrs=read-write connect_timeout=2"
printf '[database]\ndsn=%s\n%s\n' "$counter_dsn" "$common_conf" >"$tmp/counter.conf"
SOFTHSM2_CONF="$tmp/counter/softhsm2.conf" "$counter_bin" --config "$tmp/counter.conf" \
    --letters "$tmp/counter/letters" --operator op --stop "$tmp/stop" --seconds 150 <<<"operator-password" \
    >"$tmp/counter.out" 2>"$tmp/counter.err" &
counter_pid=$!
completed() { grep -c '^completed ' "$tmp/counter.out" || true; }
for _ in $(seq 1 200); do
    [ "$(completed)" -ge 10 ] && break
    kill -0 "$counter_pid" 2>/dev/null || { cat "$tmp/counter.err"; fail "the counter stopped"; }
    sleep 0.1
done
# Let it run a little longer, so the kill lands in the middle of an operation, not between two.
sleep 3
before=$(completed)
[ "$before" -ge 10 ] || { cat "$tmp/counter.out" "$tmp/counter.err"; fail "the counter completed only $before operations"; }

# --- kill the primary, promote the standby -------------------------------------------------------------------------------
postmaster=$(head -n 1 "$tmp/primary/data/postmaster.pid")
primary_pids="$postmaster $(ps -o pid= --ppid "$postmaster" | tr '\n' ' ')"
kill -9 $primary_pids
kill_ms=$(elapsed)
log "killed the primary with SIGKILL (pids $primary_pids) after $before completed operations"
sleep 2
as_pg "$bindir/pg_ctl" -D "$tmp/standby/data" -w -t 60 promote >/dev/null || fail "promote"
promote_ms=$(elapsed)
log "promoted the standby"

reconnected=""
for _ in $(seq 1 300); do
    if grep -q '^reconnected ' "$tmp/counter.out"; then reconnected=1; break; fi
    kill -0 "$counter_pid" 2>/dev/null || break
    sleep 0.1
done
reconnect_ms=$(elapsed)
[ -n "$reconnected" ] || { cat "$tmp/counter.out" "$tmp/counter.err"; fail "the counter did not reconnect within 30 s of the promotion"; }
log "the counter reconnected: $((reconnect_ms - promote_ms)) ms after the promotion, $((reconnect_ms - kill_ms)) ms after the kill"
# A few more operations on the new primary, then stop.
target=$(($(completed) + 5))
for _ in $(seq 1 150); do
    [ "$(completed)" -ge "$target" ] && break
    sleep 0.1
done
touch "$tmp/stop"
wait "$counter_pid" || fail "the counter exited with status $?"
counter_pid=""
after=$(completed)
log "the counter stopped after $after completed operations"
grep -v '^completed ' "$tmp/counter.out" | sed 's/^/    counter: /'
! grep -q '^refused ' "$tmp/counter.out" || fail "operations were refused"
[ "$after" -gt "$before" ] || fail "no operation completed after the failover"

# --- what the new primary holds --------------------------------------------------------------------------------------------
new_admin="$tmp/new-admin.conf"
printf '[database]\ndsn=host=127.0.0.1 port=%s user=postgres dbname=countersign\n%s\n' "$p2" "$common_conf" >"$new_admin"
# Recovery is the counter's work: its own login, on the new primary.
new_counter="$tmp/new-counter.conf"
printf '[database]\ndsn=host=127.0.0.1 port=%s user=cs_failover_counter dbname=countersign\n%s\n' "$p2" "$common_conf" >"$new_counter"
q() { PGHOST=127.0.0.1 PGPORT=$p2 PGUSER=postgres psql -X -tA -d countersign -c "$1"; }
[ "$(q 'SELECT pg_is_in_recovery()')" = f ] || fail "the standby was not promoted"
reported=$(awk '$1 == "completed" {print $2}' "$tmp/counter.out" | sort -u)
missing=0
for number in $reported; do
    [[ "$number" =~ ^[A-Z0-9-]+$ ]] || fail "odd transaction number $number"
    state=$(q "SELECT state FROM countersign.transactions WHERE number = '$number'")
    [ "$state" = completed ] || { echo "reported completed, but on the new primary: '${state:-missing}' $number" >&2; missing=$((missing + 1)); }
done
[ "$missing" = 0 ] || fail "$missing operations reported completed are not completed on the new primary"
log "all $(echo "$reported" | wc -w) operations reported completed are completed on the new primary"

"$ctl" --config "$new_counter" recover --operator op --password-fd 3 3<<<"operator-password" >"$tmp/recover.out" 2>&1 \
    || { cat "$tmp/recover.out"; fail "countersignctl recover"; }
open=$(q "SELECT count(*) FROM countersign.transactions WHERE state NOT IN ('completed', 'compensated')")
[ "$open" = 0 ] || { q "SELECT number, state FROM countersign.transactions WHERE state NOT IN ('completed', 'compensated')"; fail "$open transactions are left unfinished"; }
"$ctl" --config "$new_admin" audit verify >"$tmp/audit.out" 2>&1 || { cat "$tmp/audit.out"; fail "audit verify"; }
log "recover: $(tr '\n' ' ' <"$tmp/recover.out" | cut -c1-160)"
log "audit verify: $(tail -n 1 "$tmp/audit.out")"
# Every transaction the new primary holds is one the counter knows the fate of.
accounted=$(awk '$1 == "completed" || $1 == "resumed" || $1 == "failed" {print $2}' "$tmp/counter.out" | sort -u)
silent=0
for number in $(q "SELECT number FROM countersign.transactions ORDER BY id"); do
    grep -qx -- "$number" <<<"$accounted" || { echo "on the new primary, never reported: $number ($(q "SELECT state FROM countersign.transactions WHERE number = '$number'"))" >&2; silent=$((silent + 1)); }
done
[ "$silent" = 0 ] || fail "$silent transactions were left unfinished without the counter saying so"
in_flight=$(grep -cE '^(resumed|failed) ' "$tmp/counter.out" || true)
log "deploy.failover passed: reconnect $((reconnect_ms - promote_ms)) ms after promotion ($((reconnect_ms - kill_ms)) ms after the kill), $after operations ($before before the kill), $in_flight in flight at the kill resumed or failed, total $(elapsed) ms"
