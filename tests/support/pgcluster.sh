#!/usr/bin/env bash
# Starts or stops the throwaway PostgreSQL 15 cluster the test suite runs against (a ctest fixture).
#   pgcluster.sh start ENVFILE   — initdb + pg_ctl start in a fresh /tmp directory; writes PGHOST/PGPORT/PGUSER
#                                  (and the cluster directory) to ENVFILE for the tests to read
#   pgcluster.sh stop ENVFILE    — stops that cluster and removes its directory
# The cluster listens on a Unix socket in its own directory only, so it never clashes with another server.
# initdb refuses to run as root: as root the cluster runs as the postgres user (STACK.md §10).
set -euo pipefail

action=${1:?usage: pgcluster.sh start|stop ENVFILE}
envfile=${2:?usage: pgcluster.sh start|stop ENVFILE}
bindir=$(pg_config --bindir 2>/dev/null || true)
[ -x "$bindir/initdb" ] || bindir=/usr/lib/postgresql/15/bin
[ -x "$bindir/initdb" ] || { echo "pgcluster.sh: PostgreSQL 15 server binaries not found (install postgresql-15)" >&2; exit 1; }

as_owner() {
    # From /, which the postgres user can enter wherever the repository lives (a 0700 home).
    if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

case "$action" in
start)
    if [ -f "$envfile" ]; then "$0" stop "$envfile" || true; fi
    dir=$(mktemp -d /tmp/countersign-test-pg.XXXXXX)
    chmod 755 "$dir"
    mkdir "$dir/data" "$dir/socket"
    if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$dir"; fi
    as_owner "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p 5432 -k $dir/socket -c listen_addresses='' -c fsync=off -c max_connections=200" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    mkdir -p "$(dirname "$envfile")"
    printf 'PGHOST=%s\nPGPORT=5432\nPGUSER=postgres\nPGDATABASE=postgres\nCOUNTERSIGN_TEST_PGDIR=%s\n' \
        "$dir/socket" "$dir" >"$envfile"
    echo "PostgreSQL test cluster running in $dir"
    ;;
stop)
    [ -f "$envfile" ] || exit 0
    dir=$(sed -n 's/^COUNTERSIGN_TEST_PGDIR=//p' "$envfile")
    if [ -n "$dir" ] && [ -d "$dir/data" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$dir"
    fi
    rm -f "$envfile"
    ;;
*)
    echo "usage: pgcluster.sh start|stop ENVFILE" >&2
    exit 2
    ;;
esac
