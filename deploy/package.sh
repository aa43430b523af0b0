#!/usr/bin/env bash
# Builds the Debian package `countersign` (CPack, cmake/Packaging.cmake) from the release preset in its own
# build directory, build/package, and prints the path of the .deb.
#   ./deploy/package.sh [--out DIR]     (default build/package/dist)
# Install it on a counter with `apt install ./countersign_VERSION_ARCH.deb` (README: installing a counter).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out="$cs_root/build/package/dist"
while [ $# -gt 0 ]; do
    case "$1" in
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    --out=*) out=${1#--out=}; shift ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) cs_die "unknown option $1 (see --help)" ;;
    esac
done
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

cs_install_packages
build="$cs_root/build/package"
cs_log "building the release preset in $build"
cd "$cs_root"
cmake --preset release -B "$build" >/dev/null
# Only what the package holds (the programs and their manual pages), not the tests.
cmake --build "$build" -j "$(nproc)" --target countersign countersignctl countersign_manpages
cs_log "packaging"
mkdir -p "$out"
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$out" -D CPACK_STRIP_FILES=ON >"$build/cpack.log" 2>&1 \
    || { cat "$build/cpack.log" >&2; cs_die "cpack failed"; }
deb=$(ls -t "$out"/countersign_*.deb | head -n 1)
rm -rf "$out/_CPack_Packages"
cs_log "built $deb"
dpkg-deb -f "$deb" Package Version Architecture Depends
echo "$deb"
