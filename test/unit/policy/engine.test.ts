// The policy engine's rules, directly: risk classes, what each level asks, rule precedence
// (deny, then ask, then allow), and critical calls always needing a human.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decideFileOperation, decideToolCall } from '../../../src/core/policy/engine';
import { loadWorkspacePolicyDetailed } from '../../../src/core/policy/settings';
import type { AutomationLevel, PolicyRule } from '../../../src/core/shared/types';
import { DEFAULT_PROTECTED_PATHS } from '../../../src/core/workspace/protected';

const pol = (level: AutomationLevel, rules: PolicyRule[] = []) => ({ automationLevel: level, rules, protectedPaths: [...DEFAULT_PROTECTED_PATHS] });

test('edits: levels 1 and 2 ask, levels 3 and 4 allow (medium risk)', () => {
  const got = ([1, 2, 3, 4] as const).map((l) => decideFileOperation({ tool: 'write_file', path: 'src/a.ts', exists: true }, pol(l)));
  assert.deepEqual(got.map((d) => d.decision), ['ask', 'ask', 'allow', 'allow']);
  assert.ok(got.every((d) => d.risk === 'medium'));
});

test('reads run at every level (low risk); reading a secret file asks (high risk)', () => {
  for (const l of [1, 2, 3, 4] as const) {
    assert.equal(decideFileOperation({ tool: 'read_file', path: 'src/a.ts' }, pol(l)).decision, 'allow');
    const env = decideFileOperation({ tool: 'read_file', path: '.env' }, pol(l));
    assert.deepEqual([env.decision, env.risk], ['ask', 'high']);
  }
});

test('critical calls ask at every level, even against an allow rule: protected paths, deletes', () => {
  const allowAll: PolicyRule[] = [{ action: 'allow' }];
  for (const p of ['.vscode/settings.json', '.env', '.git/config', '.harness/x', 'my.code-workspace', '.GIT/hooks/pre-commit']) {
    const d = decideFileOperation({ tool: 'write_file', path: p, exists: false }, pol(4, allowAll));
    assert.deepEqual([d.decision, d.risk], ['ask', 'critical'], p);
  }
  const del = decideFileOperation({ tool: 'delete_file', path: 'src/a.ts', exists: true }, pol(4, allowAll));
  assert.deepEqual([del.decision, del.risk], ['ask', 'critical']);
});

test('anything outside the workspace is denied as critical', () => {
  const d = decideFileOperation({ tool: 'read_file', path: '/etc/passwd', outside: true }, pol(4, [{ action: 'allow' }]));
  assert.deepEqual([d.decision, d.risk, d.rule], ['deny', 'critical', 'builtin:workspace-scope']);
});

test('deny wins over ask and allow, ask over allow, whatever the order; the rule is recorded', () => {
  const rules: PolicyRule[] = [
    { action: 'allow', path: 'src/**', source: 'user' },
    { action: 'ask', path: 'src/**', source: 'user' },
    { action: 'deny', path: 'src/secret/**', source: 'workspace' },
  ];
  const denied = decideFileOperation({ tool: 'write_file', path: 'src/secret/k.ts', exists: true }, pol(4, rules));
  assert.equal(denied.decision, 'deny');
  assert.match(denied.rule ?? '', /deny .*src\/secret\/\*\*.*workspace/);
  const asked = decideFileOperation({ tool: 'write_file', path: 'src/a.ts', exists: true }, pol(4, rules));
  assert.equal(asked.decision, 'ask');
  assert.match(asked.reason, /asks/);
  // A deny rule also beats the critical "ask a human": a denied protected write never reaches a human.
  const deniedCritical = decideFileOperation({ tool: 'write_file', path: '.env', exists: true }, pol(4, [{ action: 'deny', path: '.env' }]));
  assert.equal(deniedCritical.decision, 'deny');
});

test('commands ask below level 4 unless a rule allows them; a deny rule wins over an allow rule', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-policy-'));
  try {
    for (const l of [1, 2, 3] as const) assert.equal((await decideToolCall({ tool: 'run_command', command: 'node check.js' }, pol(l), root)).decision, 'ask');
    assert.equal((await decideToolCall({ tool: 'run_command', command: 'node check.js' }, pol(3, [{ action: 'allow', command: 'node check.js' }]), root)).decision, 'allow');
    const both = pol(4, [{ action: 'allow', command: 'node' }, { action: 'deny', command: 'node' }]);
    assert.equal((await decideToolCall({ tool: 'run_command', command: 'node check.js' }, both, root)).decision, 'deny');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('workspace settings tighten freely but loosen only with the accepted hash', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-policy-'));
  try {
    fs.mkdirSync(path.join(root, '.vscode'));
    fs.writeFileSync(path.join(root, '.vscode', 'settings.json'), '{"harness.automationLevel": 4}');
    const blocked = loadWorkspacePolicyDetailed(root, { user: { automationLevel: 2 } });
    assert.equal(blocked.effective.automationLevel, 2);
    assert.ok(blocked.blockedBy && blocked.hash);
    assert.equal(loadWorkspacePolicyDetailed(root, { user: { automationLevel: 2 }, acceptedHash: blocked.hash }).effective.automationLevel, 4);
    fs.writeFileSync(path.join(root, '.vscode', 'settings.json'), '{"harness.automationLevel": 1}');
    assert.equal(loadWorkspacePolicyDetailed(root, { user: { automationLevel: 3 } }).effective.automationLevel, 1);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a command writing into one of the policy\'s own protected paths is critical, like an edit there', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-engine-'));
  const policy = { ...pol(4, [{ action: 'allow', command: 'echo *' }]), protectedPaths: [...DEFAULT_PROTECTED_PATHS, 'private/**'] };
  const d = await decideToolCall({ tool: 'run_command', command: 'echo x > private/notes.txt' }, policy, root);
  assert.deepEqual([d.decision, d.risk], ['ask', 'critical']);
  const elsewhere = await decideToolCall({ tool: 'run_command', command: 'echo x > public/notes.txt' }, policy, root);
  assert.equal(elsewhere.decision, 'allow');
});
