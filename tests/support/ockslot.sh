#!/bin/sh
# ockslot.sh PROGRAM [ARGS...]: runs PROGRAM (a test process) with a private openCryptoki of its own: its own
# pkcsslotd serving only the soft token (slot 3, libpkcs11_sw.so) over a fresh, empty token store. The test
# binary countersign_ock_tests has this script as its CROSSCOMPILING_EMULATOR, so ctest (and Catch2's
# catch_discover_tests) start every one of its tests through it: one test, one process, one daemon, one store.
#
# Why a launcher and not an unshare() inside the test process: openCryptoki 3.8.1 has its paths compiled in
# (/etc/opencryptoki/opencryptoki.conf, /var/run/pkcsslotd.socket and .pid, /var/lib/opencryptoki,
# /var/lock/opencryptoki, /var/log/opencryptoki, SysV and POSIX shared memory), so a private instance needs
# private mount and IPC namespaces. A mount namespace entered with unshare() holds only for the calling thread
# once a process has threads (the test main has made Qt's by then), and a PID namespace holds only for the
# children made after it, so the daemon would not die with a crashed test. Done here, before the test process
# exists, the whole test process sees the private paths, and the daemon is in a PID namespace whose first
# process is this script: when it ends (the test ended, crashed or was killed by ctest's timeout, which kills
# unshare and --kill-child passes that on), the kernel kills every process left in it. Nothing of the
# machine's own openCryptoki is touched: its /etc/opencryptoki, /var/lib/opencryptoki and a machine-wide
# pkcsslotd stay as they are (its socket, if any, is hidden behind the overlay on /run).
#
# Needs root for the namespaces and the daemon (CI runs the suite as root) and the Debian package opencryptoki
# (deploy/packages.txt). Run by another user, it asks sudo (non-interactive, as sudo ./deploy/fresh-check.sh
# --user gives) to set up as root and runs the test process itself as that user again, with the group pkcs11
# added so it may talk to the daemon. Without root or sudo, or without openCryptoki, the test fails with a
# message naming what is missing; it never skips. Catch2's listing of the tests (--list-*) runs without a
# daemon, so the build never needs openCryptoki.
#
# Inside, the test process finds:
#   COUNTERSIGN_OCK_PRIVATE=1    set only here: tests/support/ockslot.cpp refuses to run without it
#   COUNTERSIGN_TEST_PID         this launcher's pid, unique on the machine (the test's own is not)
#   CSFAULT_REAL_MODULE          openCryptoki's module, so the test fault module fronts it
#   CSFAULT_MAX_TRIES=3          and locks a PIN after 3 wrong tries, as the soft token itself does
#   CSFAULT_SLOT_SERIAL=4:124    with --ockslot-tokens=2 only: the second token's serial, as the fault module
#                                presents it
set -eu

module=/usr/lib/x86_64-linux-gnu/pkcs11/libopencryptoki.so
daemon=/usr/sbin/pkcsslotd

# --ockslot-tokens=2 (anywhere among the arguments; ctest passes it after the test's name for the tests tagged
# [ock-two-keys]) serves a second soft token, slot 4 with a store of its own (tokname swtok2). Both tokens have
# serial 123: the fault module presents slot 4's as 124 (CSFAULT_SLOT_SERIAL), so tests go through it.
for arg; do
    shift
    case $arg in
    --ockslot-tokens=*) export COUNTERSIGN_OCK_TOKENS="${arg#*=}" ;;
    *) set -- "$@" "$arg" ;;
    esac
done

case " $* " in
*" --list-"*) exec "$@" ;;
esac

fail() {
    echo "ockslot.sh: $*" >&2
    exit 1
}

# The user the test process runs as: "" (root, as started) or uid:gid:groups when sudo made us root.
as=""
if [ "${1:-}" = --as ]; then
    as=$2
    shift 2
fi

if [ "${1:-}" != --inside ]; then
    [ $# -gt 0 ] || fail "usage: $0 PROGRAM [ARGS...]"
    [ -x "$daemon" ] && [ -e "$module" ] ||
        fail "openCryptoki is not installed ($daemon, $module): install the Debian package opencryptoki (./deploy/test.sh does)"
    getent group pkcs11 >/dev/null || fail "the group pkcs11 (made by the package opencryptoki) does not exist"
    if [ "$(id -u)" != 0 ]; then
        sudo -n true 2>/dev/null ||
            fail "the openCryptoki tests need root, or sudo without a password: a private pkcsslotd needs its own mount and IPC namespaces (unshare)"
        exec sudo -n -E "$0" --as "$(id -u):$(id -g):$(id -G | tr ' ' ,)" "$@"
    fi
    command -v unshare >/dev/null || fail "unshare (util-linux) is missing"
    # Inside, every test process has the same pid: TestDatabase names its databases after this one instead.
    export COUNTERSIGN_TEST_PID="${COUNTERSIGN_TEST_PID:-$$}"
    work=$(mktemp -d "${TMPDIR:-/tmp}/countersign-ock.XXXXXX")
    trap 'rmdir "$work" 2>/dev/null || true' EXIT
    # Nothing mounted in there may reach this namespace: its mounts are made private. In a chroot (as
    # deploy/fresh-check.sh runs the suite) "/" is no mount point and its propagation can't be changed; there
    # the mounts are left as they are, which is as safe only when none of them is shared.
    propagation=private
    if ! mountpoint -q /; then
        grep -q ' shared:' /proc/self/mountinfo &&
            fail "\"/\" is no mount point (a chroot?) and a mount here is shared: the private pkcsslotd's mounts would reach this namespace"
        propagation=unchanged
    fi
    status=0
    unshare --mount --ipc --pid --fork --kill-child --mount-proc --propagation "$propagation" \
        "$0" --as "$as" --inside "$work" "$@" || status=$?
    exit "$status"
fi

# --- inside the namespaces: this shell is PID 1 ------------------------------------------------------------
shift
work=$1
shift

# Everything private lives in a tmpfs that exists only in this mount namespace.
mount -t tmpfs -o mode=0755,size=64m countersign-ock "$work" || fail "cannot mount a tmpfs on $work"
mkdir -p "$work/etc" "$work/lib/swtok/TOK_OBJ" "$work/lock/swtok" "$work/log" "$work/run.upper" "$work/run.work"
chgrp -R pkcs11 "$work/lib" "$work/lock" "$work/log"
chmod -R 0770 "$work/lib" "$work/lock" "$work/log"
cat >"$work/etc/opencryptoki.conf" <<'CONF'
version opencryptoki-3.1

slot 3
{
stdll = libpkcs11_sw.so
}
CONF
if [ "${COUNTERSIGN_OCK_TOKENS:-1}" = 2 ]; then
    mkdir -p "$work/lib/swtok2/TOK_OBJ" "$work/lock/swtok2"
    chgrp -R pkcs11 "$work/lib/swtok2" "$work/lock/swtok2"
    chmod -R 0770 "$work/lib/swtok2" "$work/lock/swtok2"
    # A copy under another name: the soft token library keeps state in globals (its shared memory among
    # them), so two slots served by the same loaded library crash in C_InitToken; a second file is loaded
    # as a library of its own.
    cp "$(dirname "$module")/../opencryptoki/stdll/libpkcs11_sw.so" "$work/libpkcs11_sw2.so"
    printf '\nslot 4\n{\nstdll = %s\ntokname = swtok2\n}\n' "$work/libpkcs11_sw2.so" >>"$work/etc/opencryptoki.conf"
    export CSFAULT_SLOT_SERIAL=4:124
fi

bind() { mount --bind "$1" "$2" || fail "cannot bind $1 over $2"; }
mkdir -p /etc/opencryptoki /var/lib/opencryptoki 2>/dev/null || true
bind "$work/etc" /etc/opencryptoki
bind "$work/lib" /var/lib/opencryptoki
# /var/run and /var/lock lead to /run: an overlay keeps what the machine has there readable (a test may need
# it) while the daemon's socket, pid file and locks go to this namespace's upper layer.
mount -t overlay countersign-ock-run -o "lowerdir=/run,upperdir=$work/run.upper,workdir=$work/run.work" /run ||
    fail "cannot mount an overlay on /run"
mkdir -p /run/lock/opencryptoki
bind "$work/lock" /run/lock/opencryptoki
if [ -d /var/log/opencryptoki ]; then bind "$work/log" /var/log/opencryptoki; fi
mount -t tmpfs -o mode=1777,size=64m countersign-ock-shm /dev/shm || fail "cannot mount a tmpfs on /dev/shm"

"$daemon" -f >"$work/pkcsslotd.log" 2>&1 &
slotd=$!
tries=0
until [ -S /run/pkcsslotd.socket ]; do
    if ! kill -0 "$slotd" 2>/dev/null; then
        cat "$work/pkcsslotd.log" >&2
        fail "pkcsslotd ended before it listened"
    fi
    tries=$((tries + 1))
    [ "$tries" -lt 100 ] || fail "pkcsslotd did not listen within 10 s"
    sleep 0.1
done

# Under the sanitizers (the asan test preset, CMakePresets.json): openCryptoki's soft token library leaks its
# object tree and session state, and libopencryptoki unloads it in C_Finalize, so LeakSanitizer reports those
# leaks from an unknown module, which no suppression can name (tests/sanitizers/lsan.supp). Leak checks are off
# in these test processes and their children; ASan's and UBSan's error checks stay on, and the same
# Countersign code runs with leak checks on SoftHSM2 in the other tests.
if [ -n "${ASAN_OPTIONS:-}" ]; then export ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"; fi
# The fault module in front of openCryptoki counts wrong PINs as the soft token does: 3 tries.
export COUNTERSIGN_OCK_PRIVATE=1 CSFAULT_REAL_MODULE="$module" CSFAULT_MAX_TRIES=3
status=0
if [ -n "$as" ]; then
    # openCryptoki admits a user listed in /etc/group's pkcs11 line, not one merely holding the group: this
    # namespace's /etc/group lists the user (the machine's file is untouched).
    name=$(getent passwd "${as%%:*}" | cut -d: -f1)
    awk -v u="$name" -F: 'BEGIN { OFS = ":" } $1 == "pkcs11" { $4 = ($4 == "" ? u : $4 "," u) } { print }' \
        /etc/group >"$work/group"
    bind "$work/group" /etc/group
    groups="${as##*:}"
    setpriv --reuid "${as%%:*}" --regid "$(echo "$as" | cut -d: -f2)" \
        --groups "$groups,$(getent group pkcs11 | cut -d: -f3)" -- "$@" || status=$?
else
    "$@" || status=$?
fi
kill "$slotd" 2>/dev/null || true
exit "$status"
