#!/usr/bin/env bash
# Installs what is missing, then:
#  1. builds the dev preset (Debug, warnings are errors);
#  2. builds the asan preset and runs the whole test suite under AddressSanitizer, LeakSanitizer and
#     UndefinedBehaviorSanitizer, with ctest against a throwaway PostgreSQL cluster and fresh SoftHSM2 token
#     stores (both made by the suite itself);
#  3. builds the fuzz preset (clang, libFuzzer) and runs every fuzz target for 20 s on its corpus.
# The suite runs once, under the sanitizers: running it on the dev build as well took another 7.5 minutes and
# would put CI over its 45 minutes; --dev-suite runs it there too (first), as this script did before.
# Exit status is non-zero on any failure (a suite's, any sanitizer report, a fuzz target's finding). Works as
# root (as CI runs it) and as a user with sudo.
#   ./deploy/test.sh [--dev-suite] [ctest arguments…]     e.g. ./deploy/test.sh -R login
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dev_suite=0
if [ "${1:-}" = --dev-suite ]; then
    dev_suite=1
    shift
fi

cs_install_packages
cd "$cs_root"
status=0
summary=()
begin=$(cs_now)

# 1. The dev build: the warnings gate.
start=$(cs_now)
cs_build dev
summary+=("dev build $(($(cs_now) - start)) s")
if [ "$dev_suite" = 1 ]; then
    start=$(cs_now)
    cs_log "running the test suite on the dev build"
    dev_status=0
    ctest --preset dev -j "$(nproc)" --timeout 600 "$@" || dev_status=$?
    summary+=("dev suite $(($(cs_now) - start)) s (status $dev_status)")
    [ "$dev_status" = 0 ] || status=$dev_status
fi

# 2. The whole suite under the sanitizers: the asan presets (CMakePresets.json: halt and abort on the first
# error; tests/sanitizers/lsan.supp holds the leaks of system libraries). Every process writes its reports
# into build/asan/sanitizer-reports, a child's too, whose test may not show them: any report there fails the
# run.
asan_status=0
start=$(cs_now)
reports="$cs_root/build/asan/sanitizer-reports"
if cs_build asan; then
    built=$(cs_now)
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
    summary+=("sanitizers: build $((built - start)) s, suite $(($(cs_now) - built)) s (status $asan_status)")
else
    asan_status=1
    summary+=("sanitizers: the build failed after $(($(cs_now) - start)) s")
fi
[ "$asan_status" = 0 ] || status=$asan_status

# 3. Every fuzz target for 20 s on its corpus (tests/fuzz): a regression run; a crash, leak or UB report fails
# it and leaves the input in build/fuzz/tests/fuzz/crashes.
fuzz_status=0
start=$(cs_now)
if cs_build fuzz; then
    built=$(cs_now)
    cs_log "running every fuzz target for 20 s on its corpus"
    ctest --preset fuzz -j "$(nproc)" "$@" || fuzz_status=$?
    summary+=("fuzz: build $((built - start)) s, runs $(($(cs_now) - built)) s (status $fuzz_status)")
else
    fuzz_status=1
    summary+=("fuzz: the build failed after $(($(cs_now) - start)) s")
fi
[ "$fuzz_status" = 0 ] || status=$fuzz_status

cs_log "$(IFS=';'; echo "${summary[*]}" | sed 's/;/; /g'); in all $(($(cs_now) - begin)) s"
exit $status
