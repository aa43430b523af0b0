#!/usr/bin/env bash
# deploy.package: packages a built tree (the one the suite runs in) with its CPack configuration into a
# temporary directory and checks the Debian package a counter is installed from: its control data (Depends
# from dpkg-shlibdeps plus what the programs run by name), the maintainer scripts (the system user), the file
# list (programs, manual pages, units, PAM, example configuration, migrations; nothing from the tests), and
# that the packaged programs run.
#   tests/deploy/package.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: package.sh BUILD_DIR}
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d /tmp/countersign-package.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

start=$(date +%s)
# Stripped, as ./deploy/package.sh makes it: debug symbols of a Debug build would make most of the time here.
if ! cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/out" -D CPACK_STRIP_FILES=ON \
    >"$tmp/cpack.log" 2>&1; then
    cat "$tmp/cpack.log" >&2
    echo "FAIL: cpack" >&2
    exit 1
fi
deb=$(ls "$tmp"/out/countersign_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { cat "$tmp/cpack.log" >&2; echo "FAIL: cpack made no countersign_*.deb" >&2; exit 1; }
echo "packaged $(basename "$deb") ($(du -h "$deb" | cut -f1)) in $(($(date +%s) - start)) s"

# --- control data ---------------------------------------------------------------------------------------------
[ "$(dpkg-deb -f "$deb" Package)" = countersign ] && pass "package name" || fail "package is not named countersign"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
# Libraries found by dpkg-shlibdeps, and the packages the programs load or run by name.
for want in libqt6core6 libqt6quick6 libpqxx libp11 libssl3 libzxing libc6 \
    adduser cage xwayland qt6-wayland qml6-module-qtquick-controls p11-kit-modules fonts-wqy-microhei; do
    case ", $depends" in
    *", $want"*) pass "Depends names $want" ;;
    *) fail "Depends lacks $want" ;;
    esac
done
# Every QML module the screens import is a package the kiosk depends on (the module's qmldir names the package
# that ships it on this, the build, machine); our own module (Countersign) is compiled in.
qml_dir=/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/qt6/qml
for module in $(grep -h '^import ' "$src/qml"/*.qml | awk '{print $2}' | sort -u); do
    [ "$module" = Countersign ] && continue
    provider=$(dpkg -S "$qml_dir/${module//.//}/qmldir" 2>/dev/null | cut -d: -f1 | head -n 1)
    if [ -z "$provider" ]; then fail "no installed package ships QML module $module (import in qml/)"
    else
        if echo "$depends" | tr ',|' '\n\n' | awk '{print $1}' | grep -qx "$provider"; then
            pass "Depends names $provider (import $module)"
        else
            fail "Depends lacks $provider, which ships QML module $module that qml/ imports"
        fi
    fi
done
dpkg-deb -e "$deb" "$tmp/control"
for script in postinst prerm postrm; do
    if [ -x "$tmp/control/$script" ] && sh -n "$tmp/control/$script"; then pass "$script is an executable shell script"
    else fail "$script missing, not executable or not valid sh"; fi
done
grep -Eq 'adduser --system .*countersign' "$tmp/control/postinst" && pass "postinst creates the system user" \
    || fail "postinst does not create the countersign system user"
grep -q '/var/lib/countersign' "$tmp/control/postinst" && pass "postinst makes the state directory" \
    || fail "postinst does not make /var/lib/countersign"
grep -q 'install -d -o countersign -g countersign -m 0755 /var/lib/countersign/crl' "$tmp/control/postinst" \
    && pass "postinst makes the CRL publication directory" || fail "postinst does not make /var/lib/countersign/crl"
for conf in /etc/pam.d/countersign /etc/default/countersign-pgdump; do
    grep -qx "$conf" "$tmp/control/conffiles" && pass "$conf is a conffile" || fail "$conf is not a conffile"
done

# --- file list ------------------------------------------------------------------------------------------------
dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$tmp/files"
for want in /usr/bin/countersign /usr/bin/countersignctl \
    /usr/share/man/man1/countersign.1.gz /usr/share/man/man1/countersignctl.1.gz \
    /usr/lib/systemd/system/countersign@.service /usr/lib/systemd/system/countersign-pgdump.service \
    /usr/lib/systemd/system/countersign-pgdump.timer /usr/lib/countersign/countersign-pgdump \
    /usr/lib/systemd/system/countersign-crl.service /usr/lib/systemd/system/countersign-crl.timer \
    /etc/pam.d/countersign /etc/default/countersign-pgdump /usr/share/countersign/countersign.conf.example \
    /usr/share/countersign/migrations/0001_initial.sql /usr/share/countersign/central-db/setup.sh \
    /usr/share/countersign/central-db/durability.conf; do
    grep -qx "$want" "$tmp/files" && pass "ships $want" || fail "does not ship $want"
done
# Nothing from the tests or the build: no fault module, no screenshot walk, no static libraries, headers or build
# paths.
if grep -Eq 'faultmodule|screenshots|\.a$|/include/|_CPack|/build/' "$tmp/files"; then
    fail "ships files it must not: $(grep -E 'faultmodule|screenshots|\.a$|/include/|_CPack|/build/' "$tmp/files" | tr '\n' ' ')"
else
    pass "ships nothing from the tests or the build"
fi
dpkg-deb -c "$deb" | awk '$1 ~ /^-/ && $2 != "root/root" {print}' >"$tmp/owners"
[ ! -s "$tmp/owners" ] && pass "every file belongs to root" || fail "files not owned by root: $(cat "$tmp/owners")"

# --- the packaged programs run -------------------------------------------------------------------------------
dpkg-deb -x "$deb" "$tmp/root"
if version=$("$tmp/root/usr/bin/countersignctl" --version) && [ -n "$version" ]; then pass "countersignctl --version: $version"
else fail "the packaged countersignctl does not run"; fi
if QT_QPA_PLATFORM=offscreen "$tmp/root/usr/bin/countersign" --help >"$tmp/kiosk-help" 2>&1 \
    && grep -q -- '--config' "$tmp/kiosk-help"; then pass "countersign --help"
else fail "the packaged countersign does not run: $(cat "$tmp/kiosk-help")"; fi
# The screenshot walk is test tooling (tests/screens/): the kiosk has no switch for it.
grep -q -- '--screenshots' "$tmp/kiosk-help" && fail "the packaged countersign offers --screenshots" \
    || pass "the packaged countersign has no screenshot walk"
# The shipped example configuration is one the programs read without complaint.
if COUNTERSIGN_CONFIG="$tmp/root/usr/share/countersign/countersign.conf.example" \
    "$tmp/root/usr/bin/countersignctl" validate uscc 91350100M000100Y43 >/dev/null; then
    pass "the example configuration loads"
else fail "countersignctl refuses the example configuration"; fi
zcat "$tmp/root/usr/share/man/man1/countersignctl.1.gz" | grep -q '^\.TH COUNTERSIGNCTL 1' \
    && pass "the manual page is roff" || fail "countersignctl.1.gz is not a manual page"

echo "deploy.package: $failures failed checks, $(($(date +%s) - start)) s"
[ "$failures" = 0 ]
