#!/usr/bin/env bash
# deploy.units: installs a built tree into a temporary root (as the package lays it out) and runs
# `systemd-analyze verify` on the units there: syntax, directives, dependencies on systemd's own units and that
# every program an Exec line names exists. Works in a container without systemd as PID 1: --root makes
# systemd-analyze load units and resolve programs inside the temporary root, which gets a copy of this
# machine's systemd units and of the programs the Exec lines run; a program of a package this machine lacks
# (cage, a Depends of the package) gets a stand-in there.
#   tests/deploy/units.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: units.sh BUILD_DIR}
tmp=$(mktemp -d /tmp/countersign-units.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
root="$tmp/root"

DESTDIR="$root" cmake --install "$build" --prefix /usr >"$tmp/install.log" 2>&1 \
    || { cat "$tmp/install.log" >&2; echo "FAIL: cmake --install" >&2; exit 1; }
unitdir="$root/usr/lib/systemd/system"
ours=$(cd "$unitdir" && ls countersign*)
echo "units: $(echo $ours)"
cp -an /usr/lib/systemd/system/. "$unitdir/"

# The programs the Exec lines name (without systemd's prefixes - + ! @ :).
grep -h '^Exec[A-Za-z]*=' $(for u in $ours; do echo "$unitdir/$u"; done) | sed 's/^[^=]*=//; s/^[-+!@:]*//' \
    | awk '{print $1}' | sort -u | while read -r program; do
    if [ -e "$root$program" ]; then
        continue
    elif [ -x "$program" ]; then
        mkdir -p "$root$(dirname "$program")"
        cp "$program" "$root$program"
    else
        echo "stand-in for $program (not installed on this machine)"
        mkdir -p "$root$(dirname "$program")"
        printf '#!/bin/sh\nexit 0\n' >"$root$program"
        chmod 755 "$root$program"
    fi
done

# A template is verified as the instance its [Install] section names.
targets=()
for u in $ours; do
    case "$u" in
    *@.service) targets+=("${u%@.service}@$(sed -n 's/^DefaultInstance=//p' "$unitdir/$u").service") ;;
    *) targets+=("$u") ;;
    esac
done
echo "verifying ${targets[*]}"
# Manual pages are checked by the package test; `man` here would look on this machine, not in the root.
if ! systemd-analyze verify --man=no --root="$root" "${targets[@]}" >"$tmp/verify.log" 2>&1 || [ -s "$tmp/verify.log" ]; then
    cat "$tmp/verify.log" >&2
    echo "FAIL: systemd-analyze verify" >&2
    exit 1
fi
# What the issue asks of the kiosk's unit, so that a later edit can't drop it unnoticed.
kiosk="$unitdir/countersign@.service"
for want in 'Type=notify' 'NotifyAccess=all' 'WatchdogSec=' 'Restart=always' 'User=countersign' 'NoNewPrivileges=yes' \
    'ProtectSystem=strict' 'PrivateTmp=yes' 'ReadWritePaths=' 'ExecStart=/usr/bin/cage ' 'TTYPath=/dev/%I' \
    'Wants=pcscd.socket cups.service' 'After=pcscd.socket cups.service'; do
    grep -q "^$want" "$kiosk" || { echo "FAIL: countersign@.service lacks $want" >&2; exit 1; }
done
# The CRL timer runs well before a 7-day CRL's nextUpdate, and its service publishes where the package serves.
crl="$unitdir/countersign-crl.service"
for want in 'Type=oneshot' 'User=countersign' 'ExecStart=/usr/bin/countersignctl ca crl --publish /var/lib/countersign/crl' \
    'ReadWritePaths=/var/lib/countersign/crl' 'ProtectSystem=strict' 'NoNewPrivileges=yes'; do
    grep -q "^$want" "$crl" || { echo "FAIL: countersign-crl.service lacks $want" >&2; exit 1; }
done
for want in 'OnCalendar=\*-\*-\* 00/6:00:00' 'Persistent=true' 'WantedBy=timers.target'; do
    grep -q "^$want" "$unitdir/countersign-crl.timer" || { echo "FAIL: countersign-crl.timer lacks $want" >&2; exit 1; }
done
echo "deploy.units: systemd-analyze verify passed on ${#targets[@]} units"
