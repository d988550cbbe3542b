import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suggestVerificationCommands } from '../../../src/core/verify/default-commands';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'harness-verify-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test('suggests npm test, tsc and eslint from what the workspace has', async (t) => {
  const dir = workspace({ 'package.json': JSON.stringify({ scripts: { test: 'node --test' } }), 'tsconfig.json': '{}', 'eslint.config.js': '' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cmds = (await suggestVerificationCommands(dir)).map((c) => c.command);
  assert.deepEqual(cmds, ['npm test', 'npx tsc --noEmit', 'npx eslint .']);
});

test("npm's placeholder test script and a broken package.json suggest nothing", async (t) => {
  const a = workspace({ 'package.json': JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }) });
  const b = workspace({ 'package.json': '{ not json' });
  t.after(() => [a, b].forEach((d) => rmSync(d, { recursive: true, force: true })));
  assert.deepEqual(await suggestVerificationCommands(a), []);
  assert.deepEqual(await suggestVerificationCommands(b), []);
});

test('scripts and lockfiles pick the runner', async (t) => {
  const dir = workspace({ 'package.json': JSON.stringify({ scripts: { test: 'vitest', typecheck: 'tsc', lint: 'eslint src' } }), 'pnpm-lock.yaml': '', 'tsconfig.json': '{}' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cmds = (await suggestVerificationCommands(dir)).map((c) => c.command);
  assert.deepEqual(cmds, ['pnpm test', 'pnpm run typecheck', 'pnpm run lint']);
});

test('an empty workspace gets no suggestions', async (t) => {
  const dir = workspace({});
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.deepEqual(await suggestVerificationCommands(dir), []);
});
