#!/usr/bin/env bash
# deploy.install (DESIGN §10): the Debian package made from this build, installed on this machine for real the
# way a counter is set up (apt-get install ./countersign_….deb, README: installing a counter), then installed
# again over itself and purged. Checks what the administrator would see: apt resolves every Depends from the
# archive; postinst makes the countersign system user (no login shell) and its directories with their owners
# and modes, without warnings; the installed programs run (countersignctl as root without a login session
# prints nothing but its answer); an install over an existing one works; a purge removes the programs and
# the empty directories but keeps data (a CA key file) and the user. In between, the kiosk runs under cage as the
# unit starts it and covers the (headless) output.
#   tests/deploy/install.sh BUILD_DIR
# Needs root (or sudo without a password) and the Debian archive (apt). It refuses to run where countersign is
# installed already; everything it made is removed again (the user too, if it made it), except the packages
# apt installed as dependencies.
set -euo pipefail
build=${1:?usage: install.sh BUILD_DIR}
tmp=$(mktemp -d /tmp/countersign-install.XXXXXX)
chmod 755 "$tmp"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
die() { echo "FAIL: $*" >&2; exit 1; }

if [ "$(id -u)" = 0 ]; then
    as_root() { "$@"; }
elif sudo -n true 2>/dev/null; then
    as_root() { sudo -n "$@"; }
else
    die "installing a package needs root: run as root or with sudo that needs no password"
fi
installed() { dpkg-query -W -f='${Status}' countersign 2>/dev/null | grep -q 'install ok installed'; }
installed && die "countersign is installed on this machine already; this test installs and purges its own build \
(remove it first: apt-get purge countersign)"
user_before=no
getent passwd countersign >/dev/null && user_before=yes

made_x11_dir=no
cleanup() {
    as_root pkill -u countersign 2>/dev/null || true
    # What Xwayland left behind if cage did not stop cleanly.
    for f in /tmp/.X*-lock /tmp/.X11-unix/X*; do
        [ -e "$f" ] && [ "$(stat -c %U "$f")" = countersign ] && as_root rm -f "$f"
    done
    [ "$made_x11_dir" = yes ] && as_root rmdir /tmp/.X11-unix 2>/dev/null || true
    if installed; then as_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y countersign >/dev/null 2>&1 || true; fi
    as_root rm -f /var/lib/countersign/ca/test-key.pem
    # The kiosk's caches (Qt's and Mesa's shader caches under its home), from the run under cage.
    [ "$user_before" = no ] && as_root rm -rf /var/lib/countersign/.cache
    for dir in /var/lib/countersign/ca /var/lib/countersign/scans /var/lib/countersign /etc/countersign; do
        [ -d "$dir" ] && as_root rmdir --ignore-fail-on-non-empty "$dir" 2>/dev/null || true
    done
    if [ "$user_before" = no ] && getent passwd countersign >/dev/null; then
        as_root userdel countersign 2>/dev/null || true
        getent group countersign >/dev/null && as_root groupdel countersign 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/out" -D CPACK_STRIP_FILES=ON >"$tmp/cpack.log" 2>&1 \
    || { cat "$tmp/cpack.log" >&2; die "cpack"; }
deb=$(ls "$tmp"/out/countersign_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || die "cpack made no countersign_*.deb"
chmod 644 "$deb"

apt_install() {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}
# --- install: apt resolves the Depends ------------------------------------------------------------------------
start=$(date +%s)
if ! apt_install "$deb" >"$tmp/install.log" 2>&1; then
    # A machine whose package lists were never fetched: once more after an update.
    as_root apt-get update >/dev/null 2>&1 || true
    apt_install "$deb" >"$tmp/install.log" 2>&1 || { tail -n 30 "$tmp/install.log" >&2; die "apt-get install $deb"; }
fi
installed && pass "apt-get install $(basename "$deb") in $(($(date +%s) - start)) s" || die "countersign is not installed after apt-get install"
if grep -Ei "warning|can't be accessed|error" "$tmp/install.log" | grep -v "^W: " | grep -qi countersign; then
    fail "the install warned: $(grep -Ei "warning|can't be accessed|error" "$tmp/install.log" | tr '\n' ' ')"
else
    pass "the install printed no warning about countersign"
fi

# --- postinst: the user and the directories --------------------------------------------------------------------
IFS=: read -r _ _ uid _ _ home shell < <(getent passwd countersign) || die "postinst made no countersign user"
[ "$shell" = /usr/sbin/nologin ] && pass "user countersign has no login shell" || fail "user countersign's shell is $shell"
[ "$home" = /var/lib/countersign ] && pass "its home is /var/lib/countersign" || fail "its home is $home"
[ "$uid" -lt 1000 ] && pass "it is a system user (uid $uid)" || fail "uid $uid is not a system uid"
check_dir() { # path owner:group mode
    local got
    got=$(stat -c '%U:%G %a' "$1" 2>/dev/null || echo missing)
    [ "$got" = "$2 $3" ] && pass "$1 is $2 $3" || fail "$1 is $got, not $2 $3"
}
check_dir /var/lib/countersign countersign:countersign 750
check_dir /var/lib/countersign/scans countersign:countersign 750
check_dir /var/lib/countersign/ca countersign:countersign 700
check_dir /etc/countersign root:countersign 750

# --- the installed programs --------------------------------------------------------------------------------------
if out=$(env -u XDG_RUNTIME_DIR /usr/bin/countersignctl --version 2>"$tmp/stderr") && [ -n "$out" ]; then
    pass "countersignctl --version: $out"
else
    fail "the installed countersignctl does not run: $(cat "$tmp/stderr")"
fi
[ ! -s "$tmp/stderr" ] && pass "countersignctl as root without a session prints nothing on stderr" \
    || fail "countersignctl printed on stderr: $(cat "$tmp/stderr")"
out=$(/usr/bin/countersignctl validate uscc 91350100M000100Y43 2>&1) && [ "$out" = "91350100M000100Y43: valid USCC" ] \
    && pass "countersignctl validate uscc" || fail "countersignctl validate uscc said: $out"
QT_QPA_PLATFORM=offscreen /usr/bin/countersign --help >"$tmp/kiosk-help" 2>&1 && grep -q -- '--config' "$tmp/kiosk-help" \
    && pass "countersign --help" || fail "the installed kiosk does not run: $(head -c 400 "$tmp/kiosk-help")"
for f in /usr/share/man/man1/countersignctl.1.gz /usr/lib/systemd/system/countersign@.service \
    /usr/share/countersign/countersign.conf.example; do
    [ -f "$f" ] && pass "installed $f" || fail "$f is not installed"
done

# --- the kiosk under cage, as countersign@.service starts it ------------------------------------------------------
# The unit's ExecStart and Environment, run as the countersign user, on wlroots' headless backend instead of a
# monitor (a freshly installed, not yet configured counter: the login screen says what to configure). Once its
# first frame is shown the kiosk writes to the journal which screen it is full screen on; that line says the
# window covers the whole output. (No picture of the output: with a window exactly the output's size, wlroots
# 0.15 hands the window's buffer to the output directly, and its screen copy of a headless output is then black.)
unit=/usr/lib/systemd/system/countersign@.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
mapfile -t unit_env < <(sed -n 's/^Environment=//p' "$unit")
runtime=$tmp/runtime
as_root install -d -o countersign -g countersign -m 0700 "$runtime"
# Xwayland's socket directory, as systemd-tmpfiles makes it at boot (cage refuses one that another user made).
if [ ! -d /tmp/.X11-unix ]; then
    as_root install -d -o root -g root -m 1777 /tmp/.X11-unix
    made_x11_dir=yes
fi
# shellcheck disable=SC2086 # the unit's command line, split into words as systemd does
as_root runuser -u countersign -- env -i PATH=/usr/bin:/bin HOME=/var/lib/countersign XDG_RUNTIME_DIR="$runtime" \
    WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman "${unit_env[@]}" $exec_start \
    >"$tmp/cage.log" 2>&1 &
cage_pid=$!
for _ in $(seq 120); do # up to 60 s: the suite may be busy on every core
    grep -q 'countersign: \(full screen on\|the window is\)' "$tmp/cage.log" && break
    sleep 0.5
done
if pgrep -u countersign -x countersign >/dev/null; then pass "the kiosk runs under cage as the countersign user"
else fail "the kiosk is not running under cage: $(tail -n 20 "$tmp/cage.log")"; fi
if line=$(grep -m1 'countersign: full screen on' "$tmp/cage.log"); then
    pass "its first frame: ${line#countersign: } (the window covers the output)"
else
    fail "the kiosk did not cover the output: $(grep -m1 'countersign: the window is' "$tmp/cage.log" || tail -n 20 "$tmp/cage.log")"
fi
if grep -Ei 'is not installed|module .* not found|failed to load|QQmlApplicationEngine failed|qrc:.*error' \
    "$tmp/cage.log" >"$tmp/qml-errors"; then
    fail "the kiosk reported QML errors under cage: $(head -n 5 "$tmp/qml-errors" | tr '\n' ' ')"
else
    pass "no QML errors from the kiosk under cage"
fi
as_root pkill -u countersign -x cage 2>/dev/null || true
wait "$cage_pid" 2>/dev/null || true

# --- installed again over itself (an upgrade runs the same scripts) -----------------------------------------
as_root mkdir -p /var/lib/countersign/ca
echo "not a real key" | as_root tee /var/lib/countersign/ca/test-key.pem >/dev/null
if as_root env DEBIAN_FRONTEND=noninteractive dpkg -i "$deb" >"$tmp/reinstall.log" 2>&1; then
    pass "dpkg -i over the installed package (the user exists already)"
else
    fail "installing over itself: $(tail -n 5 "$tmp/reinstall.log")"
fi
check_dir /var/lib/countersign/ca countersign:countersign 700

# --- purge: programs and empty directories go, data and the user stay ---------------------------------------
as_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y countersign >"$tmp/purge.log" 2>&1 \
    || { tail -n 20 "$tmp/purge.log" >&2; fail "apt-get purge countersign"; }
installed && fail "countersign is still installed after the purge" || pass "apt-get purge countersign"
[ ! -e /usr/bin/countersignctl ] && [ ! -e /usr/bin/countersign ] && pass "the programs are gone" \
    || fail "programs left after the purge"
[ ! -d /var/lib/countersign/scans ] && pass "the empty scans directory is gone" || fail "/var/lib/countersign/scans left"
[ -f /var/lib/countersign/ca/test-key.pem ] && pass "the CA's key file survived the purge" \
    || fail "the purge deleted data (/var/lib/countersign/ca/test-key.pem)"
getent passwd countersign >/dev/null && pass "the countersign user stays (files may belong to it)" \
    || fail "the purge removed the countersign user"

if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "deploy.install: all checks passed"
