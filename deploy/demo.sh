#!/usr/bin/env bash
# Countersign demo: installs what is missing, builds the release preset, makes the demo state and starts the
# kiosk. The state lives in a data directory and is reused by the next run:
#   - a local PostgreSQL 15 cluster owned by the app (the embedded default database), schema migrated,
#     centre DEMO with counter 01;
#   - a SoftHSM2 token store acting as the demo writer, holding a blank key;
#   - demo staff accounts (operator, supervisor, admin) whose passwords are printed once, at creation.
#
#   - the DEMO tax office and its assistance letters (DEMO-0001 … as text and as scanned PNGs in
#     <data>/letters/scans, the kiosk's scanner folder).
#   - the kiosk's demo controls (the DEMO button in the orange banner): insert a fresh blank key, remove
#     the key, put it back, lock a key's PIN, and sample letters of demo companies signed by that tax office.
#
# usage: ./deploy/demo.sh [--data DIR] [--reset] [--headless --screenshot FILE] [--screenshots DIR]
#                         [--language zh_CN|en]
#   --data DIR         where the demo state lives (default ~/.local/share/countersign-demo)
#   --reset            wipe the demo state first (new database, new keys, new passwords)
#   --headless         run offscreen; with --screenshot FILE, write a PNG of the login screen and exit
#   --screenshots DIR  offscreen: walk every screen of every flow (really issuing, replacing and unlocking demo
#                      keys) and write one PNG per screen and language to DIR, then exit
#   --language L       start in Chinese (zh_CN, the default) or English (en)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
demo_start=$(cs_now)

data="${HOME}/.local/share/countersign-demo"
reset=0 headless=0 screenshot="" screenshots="" language=""
while [ $# -gt 0 ]; do
    case "$1" in
    --data) data=${2:?--data needs a directory}; shift 2 ;;
    --data=*) data=${1#--data=}; shift ;;
    --reset) reset=1; shift ;;
    --headless) headless=1; shift ;;
    --screenshot) screenshot=${2:?--screenshot needs a file}; shift 2 ;;
    --screenshot=*) screenshot=${1#--screenshot=}; shift ;;
    --screenshots) screenshots=${2:?--screenshots needs a directory}; shift 2 ;;
    --screenshots=*) screenshots=${1#--screenshots=}; shift ;;
    --language) language=${2:?--language needs zh_CN or en}; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) cs_die "unknown option $1 (see --help)" ;;
    esac
done
[ -z "$screenshot" ] || [ $headless = 1 ] || cs_die "--screenshot needs --headless"
[ $headless = 0 ] || [ -n "$screenshot" ] || cs_die "--headless needs --screenshot FILE"
case "$screenshot" in ""|/*) ;; *) screenshot="$PWD/$screenshot" ;; esac
case "$screenshots" in ""|/*) ;; *) screenshots="$PWD/$screenshots" ;; esac
mkdir -p "$data"
data=$(cd "$data" && pwd)
# Only ever wipe a directory this script made (or an empty one).
if [ -n "$(ls -A "$data")" ] && [ ! -f "$data/.countersign-demo" ]; then
    cs_die "$data is not empty and not a Countersign demo directory; choose another with --data"
fi
touch "$data/.countersign-demo"

pgbin=/usr/lib/postgresql/15/bin
bin="$cs_root/build/release"
ctl="$bin/backend/countersignctl"
kiosk="$bin/qml/countersign"
# --screenshots: the walk is test tooling, built with the tests and never installed; the kiosk has no such switch.
screenshots_walk="$bin/tests/screens/countersign_screenshots"

# --- the PostgreSQL cluster --------------------------------------------------------------------------------
# initdb refuses root, so as root the cluster runs as the postgres user, which must be able to reach its
# directory. When the data directory is not reachable for it (e.g. under /root), the cluster goes to
# /var/lib/countersign-demo/<hash> and the data directory links to it.
# From /, which the postgres user can enter wherever the repository lives (a 0700 home).
as_owner() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
pg_location() {
    if [ "$(id -u)" != 0 ] || runuser -u postgres -- test -x "$data"; then
        echo "$data/postgres"
    else
        echo "/var/lib/countersign-demo/$(printf '%s' "$data" | sha256sum | cut -c1-16)"
    fi
}
pgdir=$(pg_location)
pg_running() { [ -f "$pgdir/data/postmaster.pid" ] && as_owner "$pgbin/pg_ctl" -D "$pgdir/data" status >/dev/null 2>&1; }
pg_stop() { if pg_running; then as_owner "$pgbin/pg_ctl" -D "$pgdir/data" -m fast -w stop >/dev/null; fi; }

if [ $reset = 1 ]; then
    cs_log "wiping the demo state in $data"
    if [ -d "$pgdir/data" ] && [ -x "$pgbin/pg_ctl" ]; then pg_stop || true; fi
    rm -rf "$pgdir"
    find "$data" -mindepth 1 -maxdepth 1 ! -name .countersign-demo -exec rm -rf {} +
fi

cs_install_packages
# Only what the demo runs: the kiosk, countersignctl and the fault module its writer sits behind (and, for
# --screenshots, the walk), not the test suite.
demo_targets=(countersign countersignctl countersign_faultmodule)
[ -z "$screenshots" ] || demo_targets+=(countersign_screenshots)
build_start=$(cs_now)
cs_build release "${demo_targets[@]}"
cs_log "built in $(($(cs_now) - build_start)) s"

if [ ! -f "$pgdir/data/PG_VERSION" ]; then
    cs_log "creating the demo PostgreSQL cluster in $pgdir"
    mkdir -p "$pgdir/data" "$pgdir/socket"
    chmod 700 "$pgdir/data"
    if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$pgdir"; fi
    as_owner "$pgbin/initdb" -D "$pgdir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1 \
        || { cat "$pgdir/initdb.log" >&2; exit 1; }
    [ "$pgdir" = "$data/postgres" ] || ln -sfn "$pgdir" "$data/postgres"
fi
# Only a Unix socket in the cluster's own 0700 directory: nobody but its owner (and root) can connect.
chmod 700 "$pgdir/socket"
if ! pg_running; then
    as_owner "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 \
        -o "-p 5432 -k '$pgdir/socket' -c listen_addresses=''" start >/dev/null \
        || { cat "$pgdir/server.log" >&2; exit 1; }
fi
trap pg_stop EXIT
export PGHOST="$pgdir/socket" PGPORT=5432

# --- the SO-PIN master secret: every key's SO PIN is derived from it (readable by its owner only) ---------
master="$data/sopin-master.key"
if [ ! -f "$master" ]; then
    (umask 077 && head -c 48 /dev/urandom | base64 -w0 >"$master")
fi
chmod 600 "$master"
# The demo writer is SoftHSM2 behind the test fault module, so demo keys lock after 6 wrong PINs as real keys
# do; the retry counters persist across runs like a real key's.
faultmodule="$bin/tests/faultmodule/countersign_faultmodule.so"
mkdir -p "$data/softhsm/pin-counters"
export CSFAULT_REAL_MODULE=/usr/lib/softhsm/libsofthsm2.so CSFAULT_STATE_DIR="$data/softhsm/pin-counters"

# --- database, workstation, accounts ------------------------------------------------------------------------
admin_conf="$data/admin.conf"
kiosk_conf="$data/countersign.conf"
cat >"$admin_conf" <<CONF
; countersignctl as the database owner (migrations, registering centres and counters, staff accounts)
[database]
dsn=host='$pgdir/socket' port=5432 user=postgres dbname=countersign
[workstation]
centre=DEMO
counter=01
[pkcs11]
module=$faultmodule
[sopin]
master_file=$master
[ca]
key_file=$data/ca/issuing.key
[fees]
schedule=tianjin-2018
[demo]
enabled=true
CONF
cat >"$kiosk_conf" <<CONF
; The demo counter. Every key is explained in deploy/countersign.conf.example.
[database]
dsn=host='$pgdir/socket' port=5432 user=countersign_demo_counter dbname=countersign
[workstation]
centre=DEMO
counter=01
[ui]
language=zh_CN
[security]
idle_lock_minutes=10
[pkcs11]
module=$faultmodule
[sopin]
master_file=$master
[ca]
key_file=$data/ca/issuing.key
[fees]
schedule=tianjin-2018
[scanner]
folder=$data/letters/scans
[demo]
enabled=true
; the DEMO tax office the demo controls sign sample letters with
letters_dir=$data/letters
CONF

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -U postgres "$@"; }
if [ "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'countersign'")" != 1 ]; then
    psql_admin -d postgres -c "CREATE DATABASE countersign"
fi
"$ctl" --config "$admin_conf" db migrate
if ! "$ctl" --config "$admin_conf" --json db status | grep -q '"up to date"'; then cs_die "the demo database is not up to date"; fi
psql_admin -d countersign <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'countersign_demo_counter') THEN
    CREATE ROLE countersign_demo_counter LOGIN IN ROLE countersign_counter;
  END IF;
END $$;
SQL
if [ "$(psql_admin -d countersign -tAc "SELECT 1 FROM countersign.centres WHERE code = 'DEMO'")" != 1 ]; then
    "$ctl" --config "$admin_conf" centre add --name "演示服务中心" --region "演示" DEMO
    "$ctl" --config "$admin_conf" counter add --centre DEMO --name "1号窗口" --login countersign_demo_counter 01
fi
# A demo state made before counters had logins of their own gets its binding now.
if [ "$(psql_admin -d countersign -tAc "SELECT login_role FROM countersign.counters WHERE code = '01'")" = "" ]; then
    "$ctl" --config "$admin_conf" counter bind --centre DEMO --login countersign_demo_counter 01 >/dev/null
fi

accounts_note="$data/accounts.txt"
if [ ! -f "$accounts_note" ]; then
    cs_log "creating the demo staff accounts"
    summary=""
    for spec in "demo.operator:operator:演示受理员" "demo.supervisor:supervisor:演示主管" "demo.admin:admin:演示管理员"; do
        IFS=: read -r user role name <<<"$spec"
        password=$(head -c 12 /dev/urandom | base64 | tr -d '/+=' | cut -c1-12)
        # The password goes through a file descriptor, never the command line.
        "$ctl" --config "$admin_conf" staff add --role "$role" --display-name "$name" --centre DEMO \
            --password-fd 3 "$user" 3<<<"$password" >/dev/null
        summary+=$(printf '  %-16s %-11s %s' "$user" "$role" "$password")$'\n'
    done
    printf 'Demo staff accounts were created on %s; their passwords were shown once.\nStart again with --reset for new ones.\n' \
        "$(date -Iseconds)" >"$accounts_note"
    printf '\n\033[1mDemo staff accounts (the passwords are shown only now):\033[0m\n  %-16s %-11s %s\n%s\n' \
        username role password "$summary"
else
    cs_log "reusing the demo state in $data (its staff passwords were shown when it was made; --reset for new ones)"
fi

# --- the built-in CA (root and issuing CA; the issuing key in a 0600 file) ----------------------------------
mkdir -p "$data/ca"
chmod 700 "$data/ca"
if [ "$(psql_admin -d countersign -tAc "SELECT 1 FROM countersign.ca_authority")" != 1 ]; then
    cs_log "making the demo's built-in CA"
    "$ctl" --config "$admin_conf" ca init --alg ec-p256 >/dev/null
fi

# --- sample assistance letters from a DEMO tax office -----------------------------------------------------
letters="$data/letters"
if [ ! -f "$letters/demo-root.crt" ]; then
    cs_log "making the DEMO tax-office letter issuer in $letters"
    "$ctl" --config "$admin_conf" letter demo-issuer init --dir "$letters" >/dev/null
fi
# Assistance letters for a person to try NEW with: the QR text to paste or scan, and the scanned image the
# kiosk opens from its scanner folder. Each is used up by the NEW that completes with it.
mkdir -p "$letters/scans"
if [ -z "$(ls -A "$letters/scans")" ]; then
    cs_log "signing demo assistance letters into $letters/scans"
    for i in 1 2 3 4 5; do
        "$ctl" --config "$admin_conf" letter demo-issue --dir "$letters" --uscc 91350100M000100Y43 \
            --org "天津市演示科技有限公司" --agent-name "张三" --agent-id 11010519491231002X \
            --no "DEMO-$(date +%Y%m%d)-000$i" --out "$letters/scans/letter-$i" >/dev/null
    done
fi
# The account the screenshot walk logs in with; its password stays in the demo directory (mode 0600).
screens_password="$data/screens.password"
if [ ! -f "$screens_password" ]; then
    (umask 077 && head -c 12 /dev/urandom | base64 | tr -d '/+=' | cut -c1-12 >"$screens_password")
    "$ctl" --config "$admin_conf" staff add --role operator --display-name "演示截图" --centre DEMO \
        --password-fd 3 demo.screens 3<"$screens_password" >/dev/null
fi
# The admin the walk shows the back office with: the same password, in the same 0600 file.
if [ "$(psql_admin -d countersign -tAc "SELECT 1 FROM countersign.staff WHERE username = 'demo.screens.admin'")" != 1 ]; then
    "$ctl" --config "$admin_conf" staff add --role admin --display-name "演示截图管理员" --centre DEMO \
        --password-fd 3 demo.screens.admin 3<"$screens_password" >/dev/null
fi
# The counter checks letters against the tax offices it trusts: here, and only here, the DEMO one.
"$ctl" --config "$admin_conf" letter trust add --anchor "$letters/demo-root.crt" >/dev/null
"$ctl" --config "$admin_conf" letter trust add --signer "$letters/demo-signer.crt" --office 11201010000 >/dev/null

# --- the demo writer: a SoftHSM2 token store ----------------------------------------------------------------
mkdir -p "$data/softhsm/tokens"
cat >"$data/softhsm/softhsm2.conf" <<CONF
directories.tokendir = $data/softhsm/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = true
slots.mechanisms = ALL
CONF
export SOFTHSM2_CONF="$data/softhsm/softhsm2.conf"
# The fault module acts as a key writer: each start, a blank key is in it; the demo controls put in the next.
export CSFAULT_WRITER=blank

# --- the kiosk ---------------------------------------------------------------------------------------------
args=(--config "$kiosk_conf")
[ -z "$language" ] || args+=(--language "$language")
if [ -n "$screenshots" ]; then
    cs_log "walking every screen into $screenshots"
    QT_QPA_PLATFORM=offscreen "$screenshots_walk" "${args[@]}" --screenshots "$screenshots" \
        --letters "$letters" --operator demo.screens --admin demo.screens.admin --password-fd 3 3<"$screens_password"
    cs_log "wrote the screenshots to $screenshots"
elif [ $headless = 1 ]; then
    cs_log "rendering the login screen to $screenshot"
    QT_QPA_PLATFORM=offscreen "$kiosk" "${args[@]}" --screenshot "$screenshot"
    cs_log "wrote $screenshot: the first screen $(($(cs_now) - demo_start)) s after this script started"
else
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        cs_die "no display to open the kiosk window on; try --headless --screenshot FILE"
    fi
    cs_log "starting the kiosk $(($(cs_now) - demo_start)) s after this script started (close the window to end the demo)"
    "$kiosk" "${args[@]}" --windowed
fi
