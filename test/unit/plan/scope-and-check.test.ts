// The plan's pre-check (what the policy would decide for each step, through the real engine), its
// summary sentence, and the scope rules: what is inside the plan, what outside it turns into.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessPlan } from '../../../src/core/plan/assess';
import { commandInPlan, escalateOutsidePlan, fileInPlan, planScope } from '../../../src/core/plan/scope';
import type { Plan } from '../../../src/core/events/plan-schema';
import type { PolicyConfig } from '../../../src/core/shared/types';
import { DEFAULT_PROTECTED_PATHS } from '../../../src/core/workspace/protected';
import { tempWorkspace } from '../agent/helpers';

const SANDBOX = { sandboxed: true, reason: 'sandboxed' };
const NO_SANDBOX = { sandboxed: false, reason: 'no bwrap' };

const plan: Plan = {
  summary: 'Add CI and a dependency.',
  steps: [
    { title: 'Install the dependency', commands: ['npm install left-pad'] },
    { title: 'Use it', files: ['src/pad.ts'] },
    { title: 'Run the tests', commands: ['npm test'] },
    { title: 'Add CI', files: ['.github/workflows/ci.yml'] },
    { title: 'Clean up', commands: ['git push --force'] },
    { title: 'Think' },
    { title: 'Escape', files: ['../elsewhere.txt'] },
  ],
  files: ['src/pad.ts', '.github/workflows/ci.yml', 'README.md'],
  commands: ['npm install left-pad', 'npm test', 'git push --force'],
};

test('pre-check at level 4 without a sandbox: which steps ask, which are refused, and for what', async () => {
  const ws = tempWorkspace({ 'src/x.ts': '' });
  const policy: PolicyConfig = { automationLevel: 4, rules: [{ action: 'deny', command: 'git push', source: 'user' }, { action: 'allow', command: 'npm test', source: 'user' }], protectedPaths: [...DEFAULT_PROTECTED_PATHS] };
  const a = await assessPlan(plan, policy, ws.root, NO_SANDBOX);
  assert.deepEqual(a.steps.map((s) => s.decision), ['ask', 'allow', 'allow', 'ask', 'deny', 'allow', 'deny']);
  assert.equal(a.summary, '2 of 7 steps will ask: they run `npm install left-pad`, edit `.github/workflows/ci.yml`. Steps 5, 7 would be refused: run `git push --force`, edit `../elsewhere.txt`.');
  assert.deepEqual(a.planWide.map((i) => [i.target, i.decision]), [['README.md', 'allow']]);
  assert.match(a.steps[4].items[0].reason, /denied by rule deny "git push"/);
  assert.equal(a.steps[6].items[0].rule, 'builtin:workspace-scope');
});

test('pre-check follows the regime and the level: sandboxed level 4 runs the install; level 2 asks everything', async () => {
  const ws = tempWorkspace();
  const simple: Plan = { summary: 's', steps: [{ title: 'a', commands: ['npm install left-pad'], files: ['src/a.ts'] }], files: ['src/a.ts'], commands: ['npm install left-pad'] };
  const level4 = await assessPlan(simple, { automationLevel: 4, rules: [], protectedPaths: [] }, ws.root, SANDBOX);
  assert.equal(level4.summary, 'The step runs without asking.');
  const level2 = await assessPlan(simple, { automationLevel: 2, rules: [], protectedPaths: [] }, ws.root, SANDBOX);
  assert.equal(level2.summary, '1 of 1 step will ask: it will edit `src/a.ts`, run `npm install left-pad`.');
});

test('a link to a protected file is judged where it leads', async () => {
  const ws = tempWorkspace({ '.github/workflows/ci.yml': 'on: push\n' });
  const fs = await import('node:fs');
  fs.symlinkSync('.github/workflows/ci.yml', `${ws.root}/ci-link.yml`);
  const a = await assessPlan({ summary: 's', steps: [{ title: 'x', files: ['ci-link.yml'] }], files: ['ci-link.yml'], commands: [] }, { automationLevel: 4, rules: [], protectedPaths: [...DEFAULT_PROTECTED_PATHS] }, ws.root, SANDBOX);
  assert.equal(a.steps[0].decision, 'ask');
  assert.match(a.steps[0].items[0].reason, /leads through a link to \.github\/workflows\/ci\.yml/);
});

test('scope: files by name, folder or glob; commands by whole-word prefix, every part of a compound', async () => {
  const ws = tempWorkspace();
  const scope = planScope({ summary: 's', steps: [{ title: 'a', files: ['./src/api/'], commands: ['npm test'] }], files: ['docs/*.md', 'README.md'], commands: ['git status'] });
  assert.deepEqual(scope.files, ['docs/*.md', 'README.md', 'src/api/']);
  for (const [p, inside] of [['README.md', true], ['src/api/x/y.ts', true], ['src/apix.ts', false], ['docs/a.md', true], ['docs/deep/a.md', false], ['readme.md', false]] as const) assert.equal(fileInPlan(scope, p), inside, p);
  for (const [c, inside] of [
    ['npm test', true],
    ['npm  test  -- --grep x', true],
    ['npm testx', false],
    ['git status && npm test', true],
    ['npm test && rm -rf src', false],
    ['cd src && npm test', true],
    ['npm run build', false],
    ['$(echo npm) test', false],
  ] as const) assert.equal(await commandInPlan(scope, c, ws.root), inside, c);
});

test('outside the plan: allow becomes ask, ask and deny stay, and each says "outside the plan"', () => {
  const allow = escalateOutsidePlan({ decision: 'allow', risk: 'medium', rule: 'level:4', reason: 'Automation level 4: edits apply.' }, '`b.txt`');
  assert.deepEqual([allow.decision, allow.rule], ['ask', 'plan:outside']);
  assert.equal(allow.reason, 'Outside the plan: `b.txt` is not in the approved plan, so it asks first. Without the plan: Automation level 4: edits apply.');
  const ask = escalateOutsidePlan({ decision: 'ask', risk: 'critical', rule: 'builtin:critical', reason: 'Needs a human.' }, '`.env`');
  assert.deepEqual([ask.decision, ask.rule], ['ask', 'builtin:critical']);
  assert.match(ask.reason, /^Outside the plan/);
  assert.equal(escalateOutsidePlan({ decision: 'deny', risk: 'high', reason: 'Denied.' }, 'x').decision, 'deny');
});
