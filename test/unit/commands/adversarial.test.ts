// The adversarial table (adversarial-cases.ts) through decideCommand at automation levels 2, 3 and 4,
// with and without the user rules, plus deny rules that must not be escaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decideCommand } from '../../../src/core/commands/decide';
import type { AutomationLevel, PolicyDecision, PolicyRule } from '../../../src/core/shared/types';
import { CASES, DENIED, DENY_RULES, HOME, makeWorkspace, NOT_ALLOWED_WITH_DENY, USER_RULES, type Kind } from './adversarial-cases';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-adversarial-'));
makeWorkspace(fs, root);
const rules = USER_RULES.map((r) => ({ ...r, source: 'user' })) as PolicyRule[];
const denyRules = [...rules, ...DENY_RULES.map((r) => ({ ...r }))] as PolicyRule[];

const decide = (cmd: string, level: AutomationLevel, withRules: PolicyRule[]) => decideCommand(cmd, { root, rules: withRules, level, home: HOME });

/** What a decision must look like, or a description of why it fails. */
function check(kind: Kind, level: AutomationLevel, ruled: boolean, d: PolicyDecision): string | undefined {
  const notAllowed = d.decision === 'ask' || d.decision === 'deny';
  const want = (ok: boolean, what: string) => (ok ? undefined : what);
  if (kind === 'crit') return want(notAllowed && d.risk === 'critical', 'a human (ask, risk critical)');
  if (level === 2 || kind === 'noallow') return want(notAllowed, 'ask or deny');
  switch (kind) {
    case 'ask':
      return want(d.decision === 'ask' && d.risk !== 'critical', 'ask, not critical');
    case 'any':
      return undefined;
    case 'neutral':
      return want(d.decision === 'allow', 'allow');
    case 'ruled':
      return want(d.decision === (level === 4 || ruled ? 'allow' : 'ask') && d.risk !== 'critical', level === 4 || ruled ? 'allow' : 'ask');
    case 'safe':
      return want(d.decision === (level === 4 ? 'allow' : 'ask') && d.risk !== 'critical', level === 4 ? 'allow' : 'ask');
  }
}

const CONFIGS: [AutomationLevel, boolean][] = [[2, false], [3, false], [3, true], [4, true]];

test(`the adversarial table (${CASES.length} command lines) gets its decisions at levels 2, 3 and 4`, async () => {
  assert.ok(CASES.length >= 150);
  const failures: string[] = [];
  for (const { cmd, kind } of CASES) {
    for (const [level, ruled] of CONFIGS) {
      const d = await decide(cmd, level, ruled ? rules : []);
      const wanted = check(kind, level, ruled, d);
      if (wanted) failures.push(`${JSON.stringify(cmd)} at level ${level}${ruled ? ' with rules' : ''}: wanted ${wanted}, got ${d.decision}/${d.risk} (${d.reason})`);
    }
  }
  assert.deepEqual(failures, []);
});

test('deny rules hold through chaining, wrappers, quoting and cd, at every level', async () => {
  const failures: string[] = [];
  for (const cmd of DENIED) {
    for (const level of [2, 3, 4] as AutomationLevel[]) {
      const d = await decide(cmd, level, denyRules);
      if (d.decision !== 'deny') failures.push(`${JSON.stringify(cmd)} at level ${level}: ${d.decision} (${d.reason})`);
    }
  }
  for (const cmd of NOT_ALLOWED_WITH_DENY) {
    const d = await decide(cmd, 4, denyRules);
    if (d.decision === 'allow') failures.push(`${JSON.stringify(cmd)} escaped the deny rule: ${d.reason}`);
  }
  assert.deepEqual(failures, []);
});

test('an allow rule does not match a program spelled as a path (./git may be the workspace\'s own)', async () => {
  const d = await decide('./git status', 3, rules);
  assert.equal(d.decision, 'ask');
  assert.equal((await decide('/usr/bin/git status', 3, rules)).decision, 'ask');
});

test('every part of a critical command line is listed with the rule that matched it', async () => {
  const d = await decide('npm test && cd src && rm -rf ../..', 3, rules);
  assert.equal(d.decision, 'ask');
  assert.equal(d.risk, 'critical');
  assert.deepEqual(d.parts!.map((p) => [p.text, p.decision, p.rule ?? null]), [
    ['npm test', 'allow', 'allow "npm test" (user)'],
    ['cd src', 'allow', null],
    ['rm -rf ../..', 'ask', 'builtin:critical'],
  ]);
});
