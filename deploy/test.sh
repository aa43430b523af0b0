#!/usr/bin/env bash
# Installs what is missing, builds the dev preset and runs the whole test suite with ctest against a
# throwaway PostgreSQL cluster and fresh SoftHSM2 token stores (both made by the suite itself); then builds the
# asan preset and runs the whole suite again under the sanitizers.
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

# The whole suite again under AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer: the asan presets
# (CMakePresets.json: halt and abort on the first error; tests/sanitizers/lsan.supp holds the leaks of system
# libraries). Every process writes its reports into build/asan/sanitizer-reports, a child's too, whose test
# may not show them: any report there fails the run.
asan_status=0
asan_start=$(cs_now)
reports="$cs_root/build/asan/sanitizer-reports"
if cs_build asan; then
    asan_built=$(cs_now)
    cs_log "running the test suite under the sanitizers"
    rm -rf "$reports" && mkdir -p "$reports"
    ctest --preset asan -j "$(nproc)" --timeout 900 "$@" || asan_status=$?
    if [ -n "$(ls -A "$reports")" ]; then
        for report in "$reports"/*; do
            cs_log "sanitizer report $report"
            cat "$report" >&2
        done
        cs_log "$(ls "$reports" | wc -l) sanitizer reports in $reports"
        asan_status=1
    fi
else
    asan_built=$(cs_now)
    asan_status=1
fi
asan_done=$(cs_now)
cs_log "build $((built - start)) s, tests $((done_at - built)) s (status $status); sanitizers: build $((asan_built - asan_start)) s, tests $((asan_done - asan_built)) s (status $asan_status)"
[ "$status" != 0 ] || status=$asan_status
exit $status
