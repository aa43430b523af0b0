#!/usr/bin/env bash
# Installs what is missing, builds the dev preset and runs the whole test suite with ctest against a
# throwaway PostgreSQL cluster and fresh SoftHSM2 token stores (both made by the suite itself).
# Exit status is non-zero on any failure. Works as root (as CI runs it) and as a user with sudo.
#   ./deploy/test.sh [ctest arguments…]     e.g. ./deploy/test.sh -R login
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cs_install_packages

start=$(cs_now)
cs_build dev
built=$(cs_now)

cs_log "running the test suite"
cd "$cs_root"
status=0
ctest --preset dev -j "$(nproc)" --timeout 600 "$@" || status=$?
done_at=$(cs_now)

cs_log "build $((built - start)) s, tests $((done_at - built)) s"
exit $status
