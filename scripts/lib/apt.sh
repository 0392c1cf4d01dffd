# Sourced by the setup scripts: `apt_install PKG...` installs the Debian packages not yet installed
# (as root, or through sudo), touching the package lists only when the cached ones cannot serve.
# Expects the caller's `log` and `die` functions.

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

apt_install() {
    local missing=() pkg started sudo=()
    for pkg in "$@"; do is_installed "$pkg" || missing+=("$pkg"); done
    ((${#missing[@]})) || return 0
    started="$(date +%s)"
    if [[ "$(id -u)" != 0 ]]; then
        command -v sudo >/dev/null || die "need root (or sudo) to apt-get install ${missing[*]}"
        sudo=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    log "apt-get install ${missing[*]}"
    # Only refresh the package lists when the cached ones cannot satisfy the install
    # (missing lists, or versions that the mirror no longer serves).
    if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; then
        log "install from cached lists failed; running apt-get update and retrying"
        "${sudo[@]}" apt-get update -q
        "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
    log "apt packages ready in $(($(date +%s) - started))s"
}
