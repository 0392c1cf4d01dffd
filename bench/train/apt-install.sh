#!/usr/bin/env bash
# Installs the given Debian packages when any is missing; a second run only checks and returns.
# The package lists are refreshed (apt-get update) only when an install is needed and the cached
# lists cannot satisfy it. Exits non-zero with one line on stderr when the packages cannot be had.
#   bash bench/train/apt-install.sh PACKAGE...
set -euo pipefail

missing=()
for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
((${#missing[@]})) || exit 0

command -v apt-get >/dev/null || { echo "no apt-get on this machine to install ${missing[*]}" >&2; exit 1; }
SUDO=()
if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null || { echo "need root (or sudo) to apt-get install ${missing[*]}" >&2; exit 1; }
    SUDO=(sudo -n)
fi
export DEBIAN_FRONTEND=noninteractive
echo "apt-get install ${missing[*]}" >&2
if ! "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
    echo "installing from the cached package lists failed: apt-get update, then again" >&2
    "${SUDO[@]}" apt-get update -q >&2
    "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
