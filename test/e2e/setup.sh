#!/usr/bin/env bash
# Installs what the end-to-end tests need, once, into a cache outside the repo:
# Debian's chromium, and code-server (a real VS Code) from npm. Safe to re-run:
# every step checks first and only does the work that is missing.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# code-server 4.100.3's lib/vscode shrinkwrap pins @vscode/ripgrep 1.15.11, whose
# postinstall downloads ripgrep v13.0.0-10 from GitHub. There is no GitHub here,
# so we pre-seed its download cache with Debian's rg (the same ripgrep 13.0.0).
RIPGREP_PKG_VERSION=1.15.11
RIPGREP_TAG=v13.0.0-10

CACHE_DIR="${HARNESS_E2E_CACHE:-$HOME/.cache/harness-e2e/code-server}"
MARKER="$CACHE_DIR/.installed-version"
CODE_SERVER_BIN="$CACHE_DIR/node_modules/.bin/code-server"

say() { echo "e2e setup: $*"; }
fail() { echo "e2e setup: ERROR: $*" >&2; exit 1; }
trap 'fail "step at test/e2e/setup.sh line $LINENO failed (see the message above)"' ERR

apt_install() {
  # Only root can apt-get; anyone else gets told what to install.
  if [ "$(id -u)" != 0 ]; then
    fail "missing Debian package(s) $*; run: sudo apt-get update && sudo apt-get install -y $*"
  fi
  if [ -z "${E2E_APT_UPDATED:-}" ]; then
    say "apt-get update"
    apt-get update -qq >/dev/null || fail "apt-get update failed; check the apt sources and network"
    E2E_APT_UPDATED=1
  fi
  say "apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
    || fail "apt-get install $* failed; run it by hand to see why"
}

has_deb() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# --- The browser Playwright drives -------------------------------------------
if [ -x /usr/bin/chromium ]; then
  say "chromium present ($(/usr/bin/chromium --version 2>/dev/null | head -1))"
else
  apt_install chromium
  [ -x /usr/bin/chromium ] || fail "chromium installed but /usr/bin/chromium is missing"
fi

# --- code-server --------------------------------------------------------------
if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$CODE_SERVER_VERSION" ] && [ -x "$CODE_SERVER_BIN" ]; then
  say "code-server $CODE_SERVER_VERSION cached in $CACHE_DIR"
  exit 0
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" = 20 ] || fail "code-server $CODE_SERVER_VERSION needs Node 20, found $(node -v); switch Node and re-run"

# Native modules (kerberos, node-pty, ...) build from source: headers + toolchain.
missing=()
has_deb libkrb5-dev || missing+=(libkrb5-dev)
has_deb ripgrep || missing+=(ripgrep)
command -v make >/dev/null && command -v g++ >/dev/null || missing+=(build-essential)
command -v python3 >/dev/null || missing+=(python3)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

case "$(uname -m)" in
  x86_64) rg_target=x86_64-unknown-linux-musl ;;
  aarch64) rg_target=aarch64-unknown-linux-musl ;;
  *) fail "unsupported CPU $(uname -m); only x86_64 and aarch64 are scripted" ;;
esac
rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
rg_tarball="$rg_cache/ripgrep-$RIPGREP_TAG-$rg_target.tar.gz"
if [ ! -s "$rg_tarball" ]; then
  say "seeding the ripgrep download cache from Debian's rg: $rg_tarball"
  rg_stage="$(mktemp -d)"
  cp "$(command -v rg)" "$rg_stage/rg"
  mkdir -p "$rg_cache"
  # @vscode/ripgrep runs `tar xvf <tarball> -C bin` and expects bin/rg.
  tar -czf "$rg_tarball.tmp" -C "$rg_stage" rg && mv "$rg_tarball.tmp" "$rg_tarball"
  rm -rf "$rg_stage"
fi

say "installing code-server@$CODE_SERVER_VERSION into $CACHE_DIR (first time only; builds native modules, takes minutes)"
# Only ever wipe a folder this script made: HARNESS_E2E_CACHE could point anywhere.
if [ -d "$CACHE_DIR" ] && [ -n "$(ls -A "$CACHE_DIR")" ]; then
  grep -qs '"harness-e2e-code-server"' "$CACHE_DIR/package.json" \
    || fail "$CACHE_DIR is not empty and not an e2e cache; point HARNESS_E2E_CACHE at an empty or new folder"
  rm -rf "$CACHE_DIR"
fi
mkdir -p "$CACHE_DIR" 2>/dev/null || fail "cannot create $CACHE_DIR; set HARNESS_E2E_CACHE to a writable folder"
# A package.json of our own so npm treats the cache as a project.
cat >"$CACHE_DIR/package.json" <<EOF
{ "name": "harness-e2e-code-server", "private": true, "description": "Cache for the harness e2e tests; safe to delete." }
EOF

# node-gyp builds the native modules against Node's headers, which it downloads from nodejs.org into
# ~/.cache/node-gyp unless told where installed ones are. Debian/NodeSource's nodejs ships them under
# <prefix>/include/node: use those, so a machine without access to nodejs.org (or a wiped cache) builds.
node_prefix="$(dirname "$(dirname "$(command -v node)")")"
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$node_prefix/include/node/common.gypi" ]; then
  export npm_config_nodedir="$node_prefix"
  say "native modules build against the installed Node headers in $node_prefix/include/node"
else
  say "no Node headers under $node_prefix/include/node: node-gyp downloads them from nodejs.org (set npm_config_nodedir to avoid that)"
fi

log="$CACHE_DIR/install.log"
started=$SECONDS
# unsafe_perm: code-server's postinstall refuses to run as root without it.
# dangerously_allow_all_scripts: npm 11 blocks dependency install scripts by
#   default, but code-server's postinstall runs two nested `npm install`s in
#   lib/vscode whose native modules must build. Scope: this one pinned,
#   shrinkwrapped package, installed into its own folder.
if ! (
  cd "$CACHE_DIR" &&
    npm_config_unsafe_perm=true npm_config_yes=true \
      npm_config_dangerously_allow_all_scripts=true \
      npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false \
      npm install --prefix "$CACHE_DIR" --no-save "code-server@$CODE_SERVER_VERSION"
) >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  fail "npm install code-server@$CODE_SERVER_VERSION failed; full log: $log"
fi

# The postinstall is what makes it work; make sure it ran rather than trusting npm's exit code.
vsc="$CACHE_DIR/node_modules/code-server/lib/vscode"
[ -x "$vsc/node_modules/@vscode/ripgrep/bin/rg" ] \
  || fail "code-server's postinstall did not run (no ripgrep in $vsc); npm may have blocked install scripts; see $log"
# A throwaway XDG_CONFIG_HOME: otherwise code-server writes ~/.config/code-server/config.yaml.
probe_cfg="$(mktemp -d)"
version="$(XDG_CONFIG_HOME="$probe_cfg" "$CODE_SERVER_BIN" --version 2>/dev/null | grep -m1 'with Code')" \
  || { rm -rf "$probe_cfg"; fail "code-server installed but does not start; see $log"; }
rm -rf "$probe_cfg"
echo "$CODE_SERVER_VERSION" >"$MARKER"
say "code-server ready: $version (took $((SECONDS - started))s)"
