// Feedforward through the real CLI: before the model acts, its first request already holds the
// project's instructions, the verification command that will judge it and the protected paths;
// which instruction files it got is on the record (report, journal, audit log), and a folder's own
// AGENTS.md reaches it the first time it works there, once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { main } from '../../../src/cli';
import { sha256 } from '../../../src/core/shared/hash';
import { startMockLlm, type Script } from '../../support/mock-llm-server';
import { useTempStateHome } from '../../support/state-home';
import { API_KEY, tempWorkspace, type Workspace } from '../agent/helpers';

const KEY_ENV = 'HARNESS_FEEDFORWARD_KEY';
process.env[KEY_ENV] = API_KEY;
useTempStateHome();

const ROOT_RULES = '# How we work\nAlways run the linter with `npm run lint:strict` after editing TypeScript.\n';
const API_RULES = 'Handlers in this folder must stay pure: no I/O at module level (marker 4711).\n';

async function run(ws: Workspace, script: Script, flags: string[]) {
  const mock = await startMockLlm(script);
  let stdout = '';
  let stderr = '';
  try {
    const code = await main(['run', '--workspace', ws.root, '--task', 'tidy the api', '--base-url', mock.url, '--api-key-env', KEY_ENV, ...flags], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
    return { code, stdout, stderr, requests: mock.requests };
  } finally {
    await mock.close();
  }
}

test('the first request holds the instructions, the verification command and the protected paths', async () => {
  const ws = tempWorkspace({ 'AGENTS.md': ROOT_RULES, 'src/api/AGENTS.md': API_RULES, 'src/api/h.ts': 'export const h = 1;\n', 'src/api/g.ts': 'export const g = 2;\n' });
  const r = await run(
    ws,
    [
      { toolCalls: [{ id: 'r1', name: 'read_file', arguments: { path: 'src/api/h.ts' } }] },
      { toolCalls: [{ id: 'r2', name: 'read_file', arguments: { path: 'src/api/g.ts' } }] },
      { content: 'Nothing to change.' },
    ],
    ['--verify', 'test -f src/api/h.ts', '--automation', '3', '--json'],
  );
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const system = r.requests[0].body.messages[0];
  assert.equal(system.role, 'system');
  // The project's own instructions, the command that will judge "done", and the guarded paths.
  assert.ok(system.content.includes(ROOT_RULES.trim()), 'AGENTS.md is in the first request');
  assert.ok(system.content.includes('`test -f src/api/h.ts` (runs unasked'), 'the verification command is named');
  for (const p of ['.git/**', '.github/workflows/**', '.env*']) assert.ok(system.content.includes(p), `protected path ${p} is named`);
  assert.match(system.content, /Automation level 3 of 4/);
  assert.match(system.content, /enforces this policy whatever a file in the workspace/);
  assert.ok(!system.content.includes(API_RULES.trim()), 'a folder\'s instructions wait until the model works there');
  assert.match(system.content, /Sub-folders have their own instructions \(src\/api\/AGENTS\.md\)/);

  // The nested file came with the first result in its folder, and only then.
  const toolResults = r.requests[2].body.messages.filter((m: { role: string }) => m.role === 'tool');
  assert.ok(toolResults[0].content.includes(API_RULES.trim()), 'src/api/AGENTS.md follows the first read in src/api');
  assert.ok(!toolResults[1].content.includes(API_RULES.trim()), 'and is not repeated');

  // On the record: which files, with their hashes.
  const report = JSON.parse(r.stdout);
  assert.deepEqual(
    report.instructions.map((i: { path: string; hash: string; folder: string; truncated: boolean }) => [i.path, i.hash, i.folder, i.truncated]),
    [
      ['AGENTS.md', sha256(ROOT_RULES), '.', false],
      ['src/api/AGENTS.md', sha256(API_RULES), 'src/api', false],
    ],
  );
  const audit = fs.readFileSync(report.auditLog, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  const loaded = audit.filter((l) => l.kind === 'instructions-loaded').flatMap((l) => l.files.map((f: { path: string; hash: string }) => [f.path, f.hash]));
  assert.deepEqual(loaded, [['AGENTS.md', sha256(ROOT_RULES)], ['src/api/AGENTS.md', sha256(API_RULES)]]);
});

test('fallbacks and harness.instructionFiles: CLAUDE.md without AGENTS.md; the workspace setting changes the list', async () => {
  const claude = tempWorkspace({ 'CLAUDE.md': 'claude-only rules 9182\n', '.github/copilot-instructions.md': 'copilot rules 5531\n' });
  const r1 = await run(claude, [{ content: 'ok' }], ['--json']);
  const s1 = r1.requests[0].body.messages[0].content as string;
  assert.ok(s1.includes('claude-only rules 9182'), 'CLAUDE.md is the fallback');
  assert.ok(!s1.includes('copilot rules 5531'), 'the first file found wins');

  const custom = tempWorkspace({ 'AGENTS.md': 'agents 1\n', 'docs/AI.md': 'custom instructions 7734\n', '.vscode/settings.json': '{"harness.instructionFiles": ["docs/AI.md"]}' });
  const r2 = await run(custom, [{ content: 'ok' }], ['--json']);
  const s2 = r2.requests[0].body.messages[0].content as string;
  assert.ok(s2.includes('custom instructions 7734'));
  assert.ok(!s2.includes('agents 1'));
  assert.deepEqual(JSON.parse(r2.stdout).instructions.map((i: { path: string }) => i.path), ['docs/AI.md']);

  const bad = tempWorkspace({ 'AGENTS.md': 'agents 2\n', '.vscode/settings.json': '{"harness.instructionFiles": ["../outside.md"]}' });
  const r3 = await run(bad, [{ content: 'ok' }], ['--json']);
  assert.match(r3.stderr, /Ignored harness\.instructionFiles/);
  assert.ok((r3.requests[0].body.messages[0].content as string).includes('agents 2'), 'a bad list keeps the default');
});

test('an instruction file that leads outside the workspace or is a secret never reaches the model', async () => {
  const ws = tempWorkspace({ '.env': 'API_TOKEN=abc123secret\n', '.vscode/settings.json': '{"harness.instructionFiles": ["AGENTS.md", ".env"]}' });
  fs.symlinkSync(`${ws.outside}/secret.txt`, `${ws.root}/AGENTS.md`);
  const r = await run(ws, [{ content: 'ok' }], ['--json']);
  assert.equal(r.code, 0, r.stderr);
  const body = JSON.stringify(r.requests[0].body);
  assert.ok(!body.includes('OUTSIDE-CONTENT'), 'the link out was not followed');
  assert.ok(!body.includes('abc123secret'), 'the secret file was not read');
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.instructions, []);
  const audit = fs.readFileSync(report.auditLog, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  const skipped = audit.find((l) => l.kind === 'instructions-loaded')?.skipped ?? [];
  assert.deepEqual(skipped.map((s: { path: string }) => s.path), ['AGENTS.md', '.env']);
  assert.match(skipped[0].reason, /outside the workspace/);
  assert.match(skipped[1].reason, /policy does not let it be read unasked/);
});
