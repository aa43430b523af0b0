#!/usr/bin/env bash
# The README's promise checked as a new user meets it: a minimal Debian 12 made with debootstrap (minbase, plus
# git, ca-certificates and sudo: nothing a developer machine happens to have), this repository cloned into it,
# then the README's two commands run there one after the other: the demo to its first screen (twice: the first
# run from nothing, and a second one), the demo's screenshot walk, and the test suite:
#   ./deploy/demo.sh --headless --screenshot F (×2), ./deploy/demo.sh --screenshots DIR and ./deploy/test.sh
# It prints each one's time and result and the tests that failed, keeps the logs, and removes what it made
# (unmounting what it mounted). Not part of CI (about 45 minutes on 2 cores); run it before resolving an issue
# that touches deploy/, the packages or the test fixtures.
#
# usage: sudo ./deploy/fresh-check.sh [--user NAME] [--path DIR] [--keep] [--logs DIR] [--mirror URL]
#                                     [--only demo|test]
#   --user NAME   run the commands as NAME, a new user with sudo (no password) whose home is 0700, instead of
#                 as root in /root
#   --path DIR    where the clone goes inside the new system (default /root/work/main, or ~NAME/work/main);
#                 a path with spaces is fine
#   --keep        keep the new system (its mounts are still undone) to look around in it with chroot
#   --logs DIR    where the logs go (default /var/tmp/countersign-fresh-logs.<time>)
#   --mirror URL  the Debian archive to bootstrap from (default: the one this machine's apt uses for bookworm)
#   --only W      run only the demo or only the test suite
# What is checked is what is committed: the clone is of this repository's HEAD, not its working tree. Package
# installs inside never start services (policy-rc.d), so nothing of the new system listens on this machine's
# ports but what the commands start themselves. Needs root, debootstrap (installed when missing) and Debian's
# archive.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

user="" path="" keep=0 logs="" mirror="" only=""
while [ $# -gt 0 ]; do
    case "$1" in
    --user) user=${2:?--user needs a name}; shift 2 ;;
    --path) path=${2:?--path needs a directory}; shift 2 ;;
    --keep) keep=1; shift ;;
    --logs) logs=${2:?--logs needs a directory}; shift 2 ;;
    --mirror) mirror=${2:?--mirror needs a URL}; shift 2 ;;
    --only) only=${2:?--only needs demo or test}; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) cs_die "unknown option $1 (see --help)" ;;
    esac
done
case "$only" in ""|demo|test) ;; *) cs_die "--only takes demo or test" ;; esac
[ "$(id -u)" = 0 ] || cs_die "debootstrap, chroot and mount need root: sudo $0 $*"
case "$user" in ""|[a-z]*) ;; *) cs_die "--user takes a lower-case user name" ;; esac
if [ -z "$path" ]; then
    if [ -n "$user" ]; then path="/home/$user/work/main"; else path="/root/work/main"; fi
fi
case "$path" in /*) ;; *) cs_die "--path must be absolute (a path inside the new system)" ;; esac

stamp=$(date +%Y%m%d-%H%M%S)
logs=${logs:-/var/tmp/countersign-fresh-logs.$stamp}
mkdir -p "$logs"
logs=$(cd "$logs" && pwd)
[ -z "$(git -C "$cs_root" status --porcelain --untracked-files=no)" ] \
    || cs_log "note: the working tree has uncommitted changes; only what is committed is checked"

# --- the archive this machine uses ------------------------------------------------------------------------------
# The first URI that serves bookworm in apt's sources (deb822 .sources or one-line .list).
host_mirror() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk 'BEGIN { RS = ""; FS = "\n" }
             /Suites:[^\n]*bookworm( |\n|$)/ && /Types:[^\n]*deb( |\n|$)/ {
                 for (i = 1; i <= NF; i++) if ($i ~ /^URIs:/) { split($i, u, " "); print u[2]; exit }
             }' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' "$f"
    done
}
[ -n "$mirror" ] || mirror=$(host_mirror | head -n 1)
[ -n "$mirror" ] || cs_die "no bookworm archive in this machine's apt sources; name one with --mirror"

if ! command -v debootstrap >/dev/null; then
    cs_log "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap >/dev/null 2>&1 || {
        DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap >/dev/null
    }
fi

root=$(mktemp -d /var/tmp/countersign-fresh.XXXXXX)
chmod 755 "$root"
mounted=()

# Every process whose root directory is the new system (what the commands left running: a demo cluster, cupsd).
chroot_pids() {
    local p
    for p in /proc/[0-9]*; do
        [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && echo "${p#/proc/}"
    done
    return 0
}
cleanup() {
    local status=$? pids i
    set +e
    pids=$(chroot_pids)
    if [ -n "$pids" ]; then
        kill $pids 2>/dev/null
        sleep 2
        pids=$(chroot_pids)
        [ -z "$pids" ] || kill -9 $pids 2>/dev/null
        sleep 0.5
    fi
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        umount -R "${mounted[i]}" 2>/dev/null || umount -R -l "${mounted[i]}"
    done
    if grep -q " $root/" /proc/mounts; then
        cs_log "something is still mounted below $root: left in place (look with grep $root /proc/mounts)"
    elif [ $keep = 1 ]; then
        cs_log "kept the new system in $root (chroot $root; remove it with rm -rf $root)"
    else
        rm -rf --one-file-system "$root"
    fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mount_in() { # type-or-bind source target [options]
    local target="$root$3"
    mkdir -p "$target"
    if [ "$1" = bind ]; then
        mount --rbind "$2" "$target"
        mount --make-rslave "$target"
    else
        mount -t "$1" ${4:+-o "$4"} "$2" "$target"
    fi
    mounted+=("$target")
}

# --- the minimal Debian 12 ---------------------------------------------------------------------------------------
t0=$(cs_now)
cs_log "debootstrap --variant=minbase bookworm into $root (from $mirror)"
debootstrap --variant=minbase --include=git,ca-certificates,sudo bookworm "$root" "$mirror" \
    >"$logs/debootstrap.log" 2>&1 || { tail -n 20 "$logs/debootstrap.log" >&2; cs_die "debootstrap failed"; }
# The same archives as this machine (its bookworm, -updates and -security entries), as an installed system has.
for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && grep -q bookworm "$f" && cp "$f" "$root$f"
done
cp /etc/resolv.conf "$root/etc/resolv.conf"
printf '#!/bin/sh\n# fresh-check: package installs start no services here\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
mount_in proc proc /proc
mount_in sysfs sysfs /sys
mount_in bind /dev /dev
mount_in tmpfs tmpfs /run mode=755
mkdir -p "$root/run/lock" && chmod 1777 "$root/run/lock"
made=$(cs_now)
cs_log "the new system is ready in $((made - t0)) s"

# --- who runs the commands, and where the clone goes ------------------------------------------------------------------
if [ -n "$user" ]; then
    chroot "$root" useradd --create-home --shell /bin/bash "$user"
    chroot "$root" chmod 700 "/home/$user"
    printf '%s ALL=(ALL) NOPASSWD: ALL\n' "$user" >"$root/etc/sudoers.d/fresh-check"
    chmod 440 "$root/etc/sudoers.d/fresh-check"
    home="/home/$user"
else
    user=root
    home=/root
fi
mkdir -p "$(dirname "$root$path")"
git clone --quiet --no-hardlinks "$cs_root" "$root$path"
commit=$(git -C "$root$path" rev-parse --short HEAD)
chroot "$root" chown -R "$user:" "$(dirname "$path")"
[ "$user" = root ] || chroot "$root" chown "$user:" "$home/work" 2>/dev/null || true
cs_log "cloned $commit into $path (as $user, home mode $(stat -c %a "$root$home"))"

# Runs a command line in the clone as the user, with the environment of a fresh login (no LANG, as minbase), in
# a process namespace of its own: what the commands kill by user or name (pkill -u countersign …) is theirs
# alone, never a process of this machine whose user has the same number, and nothing they started outlives
# them.
in_clone() {
    unshare --pid --fork --kill-child --mount --mount-proc="$root/proc" \
        chroot "$root" /usr/bin/env -i HOME="$home" USER="$user" LOGNAME="$user" TERM=dumb \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        runuser -u "$user" -- bash -c 'cd "$1" && shift && "$@"' bash "$path" "$@" </dev/null
}

results=()
run_step() { # name log command...
    local name=$1 log=$2 start status=0 took
    shift 2
    cs_log "running $* (log: $log)"
    start=$(cs_now)
    in_clone "$@" >"$log" 2>&1 || status=$?
    took=$(($(cs_now) - start))
    if [ $status = 0 ]; then
        results+=("$(printf '%-36s passed in %4d s' "$name" "$took")")
    else
        results+=("$(printf '%-36s FAILED (exit %d) after %4d s' "$name" "$status" "$took")")
    fi
    return 0
}

screens="$home/screenshots"
if [ "$only" != test ]; then
    # A new user's wait: the first run from nothing to the kiosk's first screen (the login screen rendered),
    # then a second run on the state the first one made.
    run_step "./deploy/demo.sh, first screen" "$logs/demo-first.log" ./deploy/demo.sh --headless --screenshot "$home/first.png"
    run_step "./deploy/demo.sh, again" "$logs/demo-again.log" ./deploy/demo.sh --headless --screenshot "$home/again.png"
    [ ! -f "$root$home/first.png" ] || cp "$root$home/first.png" "$logs/"
    run_step "./deploy/demo.sh --screenshots" "$logs/demo.log" ./deploy/demo.sh --screenshots "$screens"
    count=$(find "$root$screens" -name '*.png' 2>/dev/null | wc -l)
    results+=("$(printf '%-36s %d screenshots in %s' "" "$count" "$screens")")
    [ "$count" = 0 ] || cp -r "$root$screens" "$logs/screenshots"
fi
if [ "$only" != demo ]; then
    run_step "./deploy/test.sh" "$logs/test.log" ./deploy/test.sh
    # ctest's lines: the suite under the sanitizers, then the fuzz targets' runs; then test.sh's own timings.
    summaries=$(grep -E 'tests passed, [0-9]+ tests failed out of|dev build [0-9]+ s' "$logs/test.log" || true)
    [ -n "$summaries" ] || summaries="no ctest summary in the log"
    while IFS= read -r summary; do results+=("$(printf '%-36s %s' "" "$summary")"); done <<<"$summaries"
    failed=$(sed -n '/The following tests FAILED:/,/^Errors while running CTest/p' "$logs/test.log" \
        | grep -E '^\s+[0-9]+ - ' || true)
    [ -z "$failed" ] || while IFS= read -r line; do results+=("    failed: ${line#"${line%%[![:space:]]*}"}"); done <<<"$failed"
    # What the failed tests kept: screenshots of the kiosk when a wait gave up.
    [ ! -d "$root$path/build/dev/test-failures" ] || cp -r "$root$path/build/dev/test-failures" "$logs/"
    [ ! -d "$root$path/build/asan/test-failures" ] || cp -r "$root$path/build/asan/test-failures" "$logs/asan-test-failures"
    [ ! -d "$root$path/build/fuzz/tests/fuzz/crashes" ] || cp -r "$root$path/build/fuzz/tests/fuzz/crashes" "$logs/fuzz-crashes"
    [ ! -d "$root$path/build/asan/sanitizer-reports" ] || cp -r "$root$path/build/asan/sanitizer-reports" "$logs/"
fi

{
    echo "fresh-check of $commit on $(date -Iseconds)"
    echo "Debian 12 minbase (+ git, ca-certificates, sudo), $(nproc) cores, as $user in $path (home $(stat -c %a "$root$home"))"
    echo "new system made in $((made - t0)) s"
    printf '%s\n' "${results[@]}"
    echo "logs: $logs"
} | tee "$logs/summary.txt"
! grep -q 'FAILED' "$logs/summary.txt"
