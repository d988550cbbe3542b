#!/usr/bin/env bash
# npm run test:e2e [-- files...]: installs what the e2e tests need (cached after the first
# run), packages the extension into harness.vsix, then runs the *.e2e.ts tests one at a
# time (each starts its own code-server and chromium). Screenshots: test-output/e2e/.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$SECONDS

fail() { echo "e2e: ERROR: $*" >&2; exit 1; }

bash test/e2e/setup.sh

if [ -f src/vscode/extension.ts ]; then
  echo "e2e: npm run package"
  pkg_log="$(mktemp)"
  if ! npm run package >"$pkg_log" 2>&1; then
    tail -n 30 "$pkg_log" >&2
    fail "npm run package failed (output above); fix the build, then re-run npm run test:e2e"
  fi
  rm -f "$pkg_log"
  [ -s harness.vsix ] || fail "npm run package succeeded but harness.vsix is missing"
  export HARNESS_E2E_VSIX="$PWD/harness.vsix"
  echo "e2e: packaged harness.vsix ($(du -k harness.vsix | cut -f1) KiB)"
else
  # Empty on purpose: the tests must not pick up a stale harness.vsix from an earlier build.
  export HARNESS_E2E_VSIX=""
  echo "e2e: no src/vscode/extension.ts yet; the smoke test proves the stack with a throwaway extension"
fi

# Old screenshots would mislead whoever looks at this run's results.
rm -rf test-output/e2e
mkdir -p test-output/e2e

if [ $# -gt 0 ]; then files=("$@"); else files=(test/e2e/*.e2e.ts); fi
echo "e2e: running ${files[*]}"
status=0
node --import tsx --test --test-concurrency=1 "${files[@]}" || status=$?
echo "e2e: done in $((SECONDS - started))s; screenshots in test-output/e2e/"
exit $status
