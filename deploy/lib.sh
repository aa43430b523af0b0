# Shared helpers for deploy/*.sh (sourced, not run).

cs_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

cs_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
cs_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, through sudo otherwise.
cs_as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs whatever deploy/packages.txt lists that is not installed yet (apt; sudo when not root).
cs_install_packages() {
    local -a wanted=() missing=()
    mapfile -t wanted < <(grep -v '^\s*#' "$cs_root/deploy/packages.txt" | grep -v '^\s*$')
    for pkg in "${wanted[@]}"; do
        if [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]; then
            missing+=("$pkg")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        cs_log "all ${#wanted[@]} Debian packages are installed"
        return
    fi
    cs_log "installing ${#missing[@]} Debian packages: ${missing[*]}"
    if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
        cs_die "these packages are missing and there is no sudo to install them: ${missing[*]}"
    fi
    cs_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    cs_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Configures and builds a CMake preset (dev, release, asan).
# cs_build PRESET [TARGET…]: configures and builds the preset; with targets, only those and what they need.
cs_build() {
    local preset=$1
    shift
    local targets=()
    [ $# = 0 ] || targets=(--target "$@")
    cs_log "building the $preset preset${1:+ ($*)}"
    (cd "$cs_root" && cmake --preset "$preset" >/dev/null && cmake --build --preset "$preset" -j "$(nproc)" "${targets[@]}")
}

# Seconds since the epoch, for timing the steps.
cs_now() { date +%s; }
