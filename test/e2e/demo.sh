#!/usr/bin/env bash
# npm run demo: real VS Code (code-server) with the packaged extension and a demo workspace,
# served on http://127.0.0.1:${HARNESS_DEMO_PORT:-8080}/ until Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "demo: ERROR: $*" >&2; exit 1; }

bash test/e2e/setup.sh
[ -f src/vscode/extension.ts ] || fail "the extension (src/vscode/extension.ts) is not there yet; nothing to demo"
echo "demo: npm run package"
pkg_log="$(mktemp)"
if ! npm run package >"$pkg_log" 2>&1; then
  tail -n 30 "$pkg_log" >&2
  fail "npm run package failed (output above)"
fi
rm -f "$pkg_log"
export HARNESS_E2E_VSIX="$PWD/harness.vsix"
exec node --import tsx test/e2e/demo.ts
