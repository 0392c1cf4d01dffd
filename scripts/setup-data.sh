#!/usr/bin/env bash
# Installs the data sets the project does not bundle: the Debian packages the language's data-set
# catalogue names (packages/language/src/catalogue/data.ts), e.g. dataset-fashion-mnist. Run by
# `npm test` before the tests, so every data set's loader is tested; a second run takes a second.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf 'setup-data: %s\n' "$*"; }
die() { printf 'setup-data: ERROR: %s\n' "$*" >&2; exit 1; }

# shellcheck source=lib/apt.sh
source "$ROOT/scripts/lib/apt.sh"
mapfile -t packages < <(cd "$ROOT" && node scripts/run-ts.mjs scripts/data-packages.ts)
((${#packages[@]})) || die "the data-set catalogue names no Debian packages (scripts/data-packages.ts printed nothing)"
apt_install "${packages[@]}"
log "ready: ${packages[*]}"
