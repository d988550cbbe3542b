import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeLoosenings, mergePolicySettings, type PolicyLayers } from '../../../src/core/policy/merge';

const DEFAULT_PATHS = ['.git/**', '.vscode/**', '.env*'];
const base: PolicyLayers = {
  automationLevel: { defaultValue: 2 },
  protectedPaths: { defaultValue: DEFAULT_PATHS },
  maxSteps: { defaultValue: 25 },
  sandbox: { defaultValue: 'auto' },
  allowNetwork: { defaultValue: false },
};
const trusted = { trusted: true, allowWorkspaceLoosening: true };

function withWs(extra: PolicyLayers): PolicyLayers {
  return { ...base, ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, { ...(base as any)[k], ...v }])) };
}

test('no workspace settings: the user policy is the effective policy and nothing needs confirming', () => {
  const r = mergePolicySettings(withWs({ automationLevel: { globalValue: 3 } }), trusted);
  assert.equal(r.effective.automationLevel, 3);
  assert.deepEqual(r.loosenings, []);
  assert.equal(r.blockedBy, undefined);
  assert.deepEqual(r.effective.protectedPaths, DEFAULT_PATHS);
});

test('a workspace raising the level does nothing until the exact hash is confirmed', () => {
  const layers = withWs({ automationLevel: { workspaceValue: 4 } });
  const unconfirmed = mergePolicySettings(layers, trusted);
  assert.equal(unconfirmed.effective.automationLevel, 2);
  assert.equal(unconfirmed.blockedBy, 'unconfirmed');
  assert.equal(unconfirmed.loosenings.length, 1);
  assert.match(unconfirmed.loosenings[0].description, /Automation level 2 → 4/);

  const wrongHash = mergePolicySettings(layers, { ...trusted, confirmedHash: 'something-else' });
  assert.equal(wrongHash.effective.automationLevel, 2);

  const confirmed = mergePolicySettings(layers, { ...trusted, confirmedHash: unconfirmed.hash });
  assert.equal(confirmed.effective.automationLevel, 4);
  assert.equal(confirmed.looseningApplied, true);
  assert.equal(confirmed.blockedBy, undefined);
});

test('a confirmed hash stops applying when the workspace asks for more', () => {
  const first = mergePolicySettings(withWs({ automationLevel: { workspaceValue: 3 } }), trusted);
  const changed = mergePolicySettings(withWs({ automationLevel: { workspaceValue: 4 } }), { ...trusted, confirmedHash: first.hash });
  assert.notEqual(changed.hash, first.hash);
  assert.equal(changed.effective.automationLevel, 2);
});

test('loosening never applies in an untrusted workspace or with the application switch off, even if confirmed', () => {
  const layers = withWs({ automationLevel: { workspaceValue: 4 } });
  const hash = mergePolicySettings(layers, trusted).hash;
  const untrusted = mergePolicySettings(layers, { trusted: false, allowWorkspaceLoosening: true, confirmedHash: hash });
  assert.equal(untrusted.effective.automationLevel, 2);
  assert.equal(untrusted.blockedBy, 'untrusted');
  const disabled = mergePolicySettings(layers, { trusted: true, allowWorkspaceLoosening: false, confirmedHash: hash });
  assert.equal(disabled.effective.automationLevel, 2);
  assert.equal(disabled.blockedBy, 'disabled');
});

test('tightenings apply at once, without confirmation and even untrusted', () => {
  const r = mergePolicySettings(
    withWs({
      automationLevel: { globalValue: 3, workspaceValue: 1 },
      maxSteps: { workspaceFolderValue: 5 },
      maxTokens: { workspaceValue: 1000 },
      sandbox: { workspaceValue: 'required' },
      allowNetwork: { globalValue: true, workspaceValue: false },
      protectedPaths: { workspaceValue: [...DEFAULT_PATHS, 'secrets/**'] },
      rules: { globalValue: [{ action: 'allow', command: 'npm test' }], workspaceValue: [{ action: 'deny', command: 'git push' }, { action: 'ask', path: 'src/**' }] },
    }),
    { trusted: false, allowWorkspaceLoosening: false },
  );
  assert.deepEqual(r.loosenings, []);
  assert.equal(r.effective.automationLevel, 1);
  assert.equal(r.effective.maxSteps, 5);
  assert.equal(r.effective.maxTokens, 1000);
  assert.equal(r.effective.sandbox, 'required');
  assert.equal(r.effective.allowNetwork, false);
  assert.deepEqual(r.effective.protectedPaths, [...DEFAULT_PATHS, 'secrets/**']);
  assert.deepEqual(
    r.effective.rules.map((x) => [x.action, x.source]),
    [['allow', 'user'], ['deny', 'workspace'], ['ask', 'workspace']],
  );
});

test('a workspace rules list cannot drop the user rules (arrays replace in VS Code; here they add)', () => {
  const r = mergePolicySettings(
    withWs({ rules: { globalValue: [{ action: 'deny', command: 'rm' }], workspaceValue: [{ action: 'ask', tool: 'write_file' }] } }),
    trusted,
  );
  assert.ok(r.effective.rules.some((x) => x.action === 'deny' && x.command === 'rm' && x.source === 'user'));
});

test('a workspace allow rule is a loosening; its deny rule next to it still applies at once', () => {
  const layers = withWs({ rules: { workspaceValue: [{ action: 'allow', command: 'curl' }, { action: 'deny', command: 'git push' }] } });
  const r = mergePolicySettings(layers, trusted);
  assert.equal(r.loosenings.length, 1);
  assert.match(r.loosenings[0].description, /allow command "curl"/);
  assert.deepEqual(r.effective.rules.map((x) => x.action), ['deny']);
  const ok = mergePolicySettings(layers, { ...trusted, confirmedHash: r.hash });
  assert.deepEqual(ok.effective.rules.map((x) => x.action).sort(), ['allow', 'deny']);
});

test('fewer protected paths is a loosening; the added path applies now, the removal only after confirmation', () => {
  const layers = withWs({ protectedPaths: { workspaceValue: ['.git/**', 'private/**'] } });
  const r = mergePolicySettings(layers, trusted);
  assert.deepEqual(r.effective.protectedPaths, [...DEFAULT_PATHS, 'private/**']);
  assert.equal(r.loosenings.length, 1);
  assert.match(r.loosenings[0].description, /Stops protecting: \.vscode\/\*\*, \.env\*/);
  const ok = mergePolicySettings(layers, { ...trusted, confirmedHash: r.hash });
  assert.deepEqual(ok.effective.protectedPaths, ['.git/**', 'private/**']);
});

test('larger budgets, sandbox off and network on are loosenings', () => {
  const r = mergePolicySettings(
    withWs({
      maxSteps: { workspaceValue: 100 },
      maxTokens: { globalValue: 5000, workspaceValue: 9000 },
      sandbox: { workspaceValue: 'off' },
      allowNetwork: { workspaceValue: true },
    }),
    trusted,
  );
  assert.deepEqual(r.loosenings.map((l) => l.key).sort(), ['allowNetwork', 'maxSteps', 'maxTokens', 'sandbox']);
  assert.equal(r.effective.maxSteps, 25);
  assert.equal(r.effective.maxTokens, 5000);
  assert.equal(r.effective.sandbox, 'auto');
  assert.equal(r.effective.allowNetwork, false);
});

test('the folder value wins over the workspace value, like VS Code', () => {
  const r = mergePolicySettings(withWs({ automationLevel: { workspaceValue: 1, workspaceFolderValue: 4 } }), trusted);
  assert.equal(r.effective.automationLevel, 2);
  assert.equal(r.loosenings[0].to, 4);
});

test('bad values are ignored with a one-line warning that says what to use', () => {
  const r = mergePolicySettings(withWs({ automationLevel: { workspaceValue: 9 }, maxSteps: { globalValue: -1 }, rules: { workspaceValue: [{ action: 'permit' }] } }), trusted);
  assert.equal(r.effective.automationLevel, 2);
  assert.equal(r.effective.maxSteps, 25);
  assert.equal(r.warnings.length, 3);
  assert.match(r.warnings[0], /harness\.automationLevel in workspace settings \(9\): use 1, 2, 3 or 4/);
});

test('the hash does not depend on key order and the modal text lists every change', () => {
  const a = mergePolicySettings(withWs({ automationLevel: { workspaceValue: 4 }, allowNetwork: { workspaceValue: true } }), trusted);
  const layers = withWs({ automationLevel: { workspaceValue: 4 } });
  const reordered: PolicyLayers = { allowNetwork: { defaultValue: false, workspaceValue: true }, automationLevel: layers.automationLevel, protectedPaths: layers.protectedPaths };
  const b = mergePolicySettings(reordered, trusted);
  assert.deepEqual(b.loosenings.map((l) => l.key), ['automationLevel', 'allowNetwork']);
  assert.equal(a.hash, b.hash);
  const text = describeLoosenings(a.loosenings);
  assert.match(text, /2 changes/);
  assert.match(text, /Automation level 2 → 4/);
  assert.match(text, /network/);
});

test('a user rule scoped to a folder ("Always allow" from the editor) applies in that folder only, and is no loosening', () => {
  const layers = withWs({ rules: { globalValue: [{ action: 'allow', command: 'npm test', folder: '/work/app' }, { action: 'deny', command: 'rm' }] } });
  const here = mergePolicySettings(layers, { ...trusted, folder: '/work/app/' });
  assert.deepEqual(here.effective.rules.map((r) => [r.action, r.command, r.source]), [['allow', 'npm test', 'user, this folder'], ['deny', 'rm', 'user']]);
  assert.ok(here.effective.rules.every((r) => r.folder === undefined), 'the engine sees plain rules');
  assert.deepEqual(here.loosenings, [], 'the user\'s own rule asks no confirmation');
  const elsewhere = mergePolicySettings(layers, { ...trusted, folder: '/work/other' });
  assert.deepEqual(elsewhere.effective.rules.map((r) => r.command), ['rm']);
  const nowhere = mergePolicySettings(layers, trusted);
  assert.deepEqual(nowhere.effective.rules.map((r) => r.command), ['rm'], 'without a folder, a scoped rule applies nowhere');
});

test('a workspace rule naming a folder is still the workspace\'s: an allow is a loosening that waits for confirmation', () => {
  const layers = withWs({ rules: { workspaceValue: [{ action: 'allow', command: 'curl', folder: '/work/app' }] } });
  const r = mergePolicySettings(layers, { ...trusted, folder: '/work/app' });
  assert.equal(r.loosenings.length, 1);
  assert.deepEqual(r.effective.rules, []);
});

test('the cost budget: a workspace may lower it at once; raising or adding none is a loosening', () => {
  const lower = mergePolicySettings(withWs({ maxCostUsd: { globalValue: 5, workspaceValue: 0.5 } }), { trusted: false, allowWorkspaceLoosening: false });
  assert.equal(lower.effective.maxCostUsd, 0.5);
  assert.deepEqual(lower.loosenings, []);
  const raise = mergePolicySettings(withWs({ maxCostUsd: { globalValue: 1, workspaceValue: 50 } }), trusted);
  assert.equal(raise.effective.maxCostUsd, 1);
  assert.match(raise.loosenings[0].description, /maxCostUsd 1 US dollars → 50 US dollars/);
  const bad = mergePolicySettings(withWs({ maxCostUsd: { globalValue: -2 } }), trusted);
  assert.equal(bad.effective.maxCostUsd, undefined);
  assert.match(bad.warnings[0], /harness\.maxCostUsd .*use a positive number of US dollars/);
});

test('unsandboxed autonomy comes from the user settings only: a workspace can never turn it on, even confirmed', () => {
  const layers = { unsandboxedAutonomy: { defaultValue: false, workspaceValue: true, workspaceFolderValue: true } };
  for (const confirmedHash of [undefined, mergePolicySettings(layers, { trusted: true, allowWorkspaceLoosening: true }).hash]) {
    const r = mergePolicySettings(layers, { trusted: true, allowWorkspaceLoosening: true, ...(confirmedHash ? { confirmedHash } : {}) });
    assert.equal(r.effective.unsandboxedAutonomy, false);
    assert.deepEqual(r.loosenings, [], 'not even offered as a loosening');
    assert.match(r.warnings.join('\n'), /Ignored harness\.unsandboxedAutonomy in the workspace settings: only your user settings can turn it on/);
  }
  const mine = mergePolicySettings({ unsandboxedAutonomy: { defaultValue: false, globalValue: true, workspaceValue: false } }, { trusted: false, allowWorkspaceLoosening: false });
  assert.equal(mine.effective.unsandboxedAutonomy, true, 'the user turned it on');
});
