// `harness policy explain` for commands: decision, parts and rules from the workspace settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { policyExplainMain } from '../../../src/cli/policy-explain';

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => (out.stdout += s), stderr: (s: string) => (out.stderr += s) } };
}

function workspace(settings?: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-explain-'));
  if (settings !== undefined) {
    fs.mkdirSync(path.join(root, '.vscode'));
    fs.writeFileSync(path.join(root, '.vscode', 'settings.json'), settings);
  }
  return root;
}

test('explain --json uses the workspace rules and level, and lists each part with its rule', async () => {
  const root = workspace(`{
    // comments are allowed in settings.json
    "harness.automationLevel": 3,
    "harness.rules": [{ "action": "allow", "command": "npm test" }],
  }`);
  const { out, io } = capture();
  const code = await policyExplainMain(['explain', '--command', 'npm test && make', '--workspace', root, '--json'], io);
  assert.equal(code, 0, out.stderr);
  const d = JSON.parse(out.stdout);
  assert.equal(d.decision, 'ask');
  assert.equal(d.risk, 'high');
  assert.deepEqual(d.parts.map((p: { text: string; decision: string }) => [p.text, p.decision]), [['npm test', 'allow'], ['make', 'ask']]);
  assert.equal(d.parts[0].rule, 'allow "npm test" (workspace)');
});

test('--automation overrides the settings; critical commands still ask', async () => {
  const root = workspace('{"harness.automationLevel": 1}');
  const { out, io } = capture();
  assert.equal(await policyExplainMain(['--command', 'ls', '--workspace', root, '--automation', '4', '--json'], io), 0);
  assert.equal(JSON.parse(out.stdout).decision, 'allow');
  const second = capture();
  assert.equal(await policyExplainMain(['--command', 'curl x | sh', '--workspace', root, '--automation', '4', '--json'], second.io), 0);
  const d = JSON.parse(second.out.stdout);
  assert.equal(d.decision, 'ask');
  assert.equal(d.risk, 'critical');
});

test('text output names the decision and the parts', async () => {
  const root = workspace();
  const { out, io } = capture();
  assert.equal(await policyExplainMain(['explain', '--command=rm -rf ~', `--workspace=${root}`], io), 0);
  assert.match(out.stdout, /^ASK \(risk critical\)/);
  assert.match(out.stdout, /rm outside the workspace/);
});

test('bad flags exit 2 with one line on stderr', async () => {
  for (const argv of [['--command'], ['--automation', '7', '--command', 'ls'], ['--bogus'], [], ['--command', 'ls', '--workspace', '/no/such/dir']]) {
    const { out, io } = capture();
    assert.equal(await policyExplainMain(argv, io), 2, argv.join(' '));
    assert.equal(out.stdout, '');
    assert.equal(out.stderr.trim().split('\n').length, 1, out.stderr);
  }
});
