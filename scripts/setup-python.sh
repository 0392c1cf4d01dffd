#!/usr/bin/env bash
# Installs what the interop verification tests run exported scripts with, from Debian (apt):
#   - python3-torch (+ libopenblas0-pthread, without which it is ~6× slower) and python3-numpy:
#     the exported PyTorch scripts, their --check, torchrun, and loading exported safetensors
#   - python3-onnx where the distribution has it: the ONNX checker on exported model.onnx
# Users do not need any of this: `nn export` works without Python and says how to run the script.
# A second run only asks dpkg and takes well under a second.
set -euo pipefail

log() { printf 'setup-python: %s\n' "$*"; }
die() { printf 'setup-python: ERROR: %s\n' "$*" >&2; exit 1; }

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
available() { apt-cache show "$1" >/dev/null 2>&1; }

command -v dpkg-query >/dev/null || die "this script installs Debian packages; on another system install PyTorch, numpy and onnx for python3 yourself"

required=(python3 python3-numpy python3-torch libopenblas0-pthread)
optional=(python3-onnx)
missing=()
for pkg in "${required[@]}" "${optional[@]}"; do is_installed "$pkg" || missing+=("$pkg"); done
if ((${#missing[@]})); then
    SUDO=()
    if [[ "$(id -u)" != 0 ]]; then
        command -v sudo >/dev/null || die "need root (or sudo) to apt-get install ${missing[*]}"
        SUDO=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    # Optional packages are dropped when the distribution does not have them.
    wanted=()
    for pkg in "${missing[@]}"; do
        if available "$pkg" || [[ " ${required[*]} " == *" $pkg "* ]]; then wanted+=("$pkg"); else log "skipping $pkg: not in this distribution"; fi
    done
    log "apt-get install ${wanted[*]}"
    if ! "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${wanted[@]}"; then
        log "install from cached lists failed; running apt-get update and retrying"
        "${SUDO[@]}" apt-get update -q
        "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${wanted[@]}"
    fi
fi
/usr/bin/python3 -c 'import torch, numpy' || die "/usr/bin/python3 cannot import torch and numpy after the install"
log "ready: $(/usr/bin/python3 -c 'import torch; print("torch", torch.__version__)')$(/usr/bin/python3 -c 'import onnx; print(", onnx", onnx.__version__)' 2>/dev/null || true)"
