// `harness policy explain` for commands: decision, parts and rules from the workspace settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { policyExplainMain } from '../../../src/cli/policy-explain';
import { resetSandboxProbe } from '../../../src/core/commands/sandbox';

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
    "harness.rules": [{ "action": "allow", "command": "git status" }],
  }`);
  const { out, io } = capture();
  // git status is read-only, so the workspace's rule allows it with or without a sandbox on this machine.
  const code = await policyExplainMain(['explain', '--command', 'git status && make', '--workspace', root, '--json'], io);
  assert.equal(code, 0, out.stderr);
  const d = JSON.parse(out.stdout);
  assert.equal(d.decision, 'ask');
  assert.equal(d.risk, 'high');
  assert.deepEqual(d.parts.map((p: { text: string; decision: string }) => [p.text, p.decision]), [['git status', 'allow'], ['make', 'ask']]);
  assert.equal(d.parts[0].rule, 'allow "git status" (workspace)');
});

test('explain says which regime a command runs under, and without a sandbox a workspace rule allows only reads', async () => {
  const root = workspace('{"harness.automationLevel": 4, "harness.rules": [{ "action": "allow", "command": "npm test" }]}');
  resetSandboxProbe([]);
  try {
    const text = capture();
    assert.equal(await policyExplainMain(['--command', 'npm test', '--workspace', root], text.io), 0);
    assert.match(text.out.stdout, /^ASK/);
    assert.match(text.out.stdout, /comes from the workspace's settings/);
    assert.match(text.out.stdout, /Regime: UNSANDBOXED \(bubblewrap \(bwrap\) is not installed[^)]*\) — at level 4 only known read-only commands run unasked/);
    const json = capture();
    assert.equal(await policyExplainMain(['--command', 'make', '--workspace', root, '--json'], json.io), 0);
    const d = JSON.parse(json.out.stdout);
    assert.equal(d.decision, 'ask');
    assert.equal(d.regime.sandboxed, false);
    assert.equal((await explainJson(root, 'git log --oneline -3')).decision, 'allow', 'read-only commands run unasked without a sandbox');
  } finally {
    resetSandboxProbe();
  }
});

async function explainJson(root: string, command: string) {
  const c = capture();
  assert.equal(await policyExplainMain(['--command', command, '--workspace', root, '--json'], c.io), 0);
  return JSON.parse(c.out.stdout);
}

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

test('a flag where a value should be, an empty command and an unknown tool are bad input (exit 2, one line)', async () => {
  const root = workspace();
  for (const argv of [['--command', '--json'], ['--command', '', '--json'], ['--command', '   '], ['--path', 'a.txt', '--tool', 'frobnicate', '--json'], ['--command', 'ls', '--tool', 'write_file'], ['--path', '--json']]) {
    const { out, io } = capture();
    assert.equal(await policyExplainMain([...argv, '--workspace', root], io), 2, JSON.stringify(argv));
    assert.equal(out.stdout, '');
    assert.equal(out.stderr.trim().split('\n').length, 1, out.stderr);
    assert.match(out.stderr, /^harness policy explain: /);
  }
});

test('--path --tool judges a file operation the way the tool call would, links included', async () => {
  const saved = process.env.HARNESS_CONFIG;
  process.env.HARNESS_CONFIG = path.join(os.tmpdir(), 'harness-no-such-config.json');
  try {
    const root = workspace();
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'a.ts'), 'x');
    fs.symlinkSync('/etc', path.join(root, 'etc-link'));
    const explain = async (...argv: string[]) => {
      const { out, io } = capture();
      assert.equal(await policyExplainMain(['--workspace', root, '--automation', '3', '--json', ...argv], io), 0, out.stderr);
      return JSON.parse(out.stdout) as { decision: string; risk: string; rule: string | null; reason: string; parts: unknown[] };
    };
    const edit = await explain('--path', 'src/a.ts', '--tool', 'write_file');
    assert.deepEqual([edit.decision, edit.risk, edit.parts], ['allow', 'medium', []]);
    assert.equal((await explain('--path', path.join(root, 'src', 'a.ts'), '--tool', 'write_file')).decision, 'allow');
    const viaLink = await explain('--path', 'etc-link/passwd', '--tool', 'write_file');
    assert.deepEqual([viaLink.decision, viaLink.risk, viaLink.rule], ['deny', 'critical', 'builtin:workspace-scope']);
    assert.match(viaLink.reason, /symbolic link/);
    assert.equal((await explain('--path', '../x', '--tool', 'write_file')).decision, 'deny');
    assert.equal((await explain('--path', '/etc/passwd', '--tool', 'read_file')).decision, 'deny');
    const hook = await explain('--path', '.git/hooks/pre-commit', '--tool', 'write_file');
    assert.deepEqual([hook.decision, hook.risk], ['ask', 'critical']);
    assert.deepEqual([(await explain('--path', 'src/a.ts', '--tool', 'delete_file')).risk], ['critical']);
  } finally {
    if (saved === undefined) delete process.env.HARNESS_CONFIG;
    else process.env.HARNESS_CONFIG = saved;
  }
});

test('the --json shape is stable: decision, risk, rule, reason and every part with its rule', async () => {
  const root = workspace('{"harness.rules": [{"action": "allow", "command": "git diff *"}]}');
  const { out, io } = capture();
  assert.equal(await policyExplainMain(['--command', 'git diff HEAD | head; sudo ls', '--workspace', root, '--automation', '3', '--json'], io), 0);
  const d = JSON.parse(out.stdout);
  // The workspace's allow rule loosens the user's policy: explain applies it and says so.
  assert.deepEqual(Object.keys(d), ['decision', 'risk', 'rule', 'reason', 'parts', 'regime', 'workspaceLoosenings', 'acceptWith']);
  assert.deepEqual(Object.keys(d.regime), ['sandboxed', 'reason']);
  assert.match(d.acceptWith, /^--accept-workspace-policy \S+$/);
  assert.deepEqual([d.decision, d.risk, d.rule], ['ask', 'critical', 'builtin:critical']);
  for (const p of d.parts) assert.deepEqual(Object.keys(p), ['text', 'decision', 'risk', 'rule', 'reason']);
  assert.deepEqual(d.parts.map((p: { text: string; rule: string | null }) => [p.text, p.rule]), [
    ['git diff HEAD', 'allow "git diff *" (workspace)'],
    ['head', null],
    ['sudo ls', 'builtin:critical'],
    ['ls  (via sudo)', null],
  ]);
});
