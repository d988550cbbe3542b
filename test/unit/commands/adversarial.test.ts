// The adversarial table (adversarial-cases*.ts) and the ordinary developer commands (ordinary-commands.ts)
// through decideCommand at levels 2, 3 and 4, inside the enforcing sandbox and without one, with and
// without the user's rules; dangerous file operations through decideFileOperation. Prints and asserts
// issue 11's ratios: at most 2% of dangerous cases allowed in any regime, at most 5% of ordinary
// commands asking at level 4 inside the sandbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decideCommand } from '../../../src/core/commands/decide';
import { decideFileOperation } from '../../../src/core/policy/engine';
import { resolveRealTarget } from '../../../src/core/workspace/real-target';
import { DEFAULT_PROTECTED_PATHS } from '../../../src/core/workspace/protected';
import type { AutomationLevel, PolicyDecision, PolicyRule } from '../../../src/core/shared/types';
import { CASES, DENIED, DENY_RULES, HOME, makeWorkspace, NOT_ALLOWED_WITH_DENY, USER_RULES, type Case, type Kind } from './adversarial-cases';
import { FILE_OPS } from './adversarial-cases-11';
import { ORDINARY } from './ordinary-commands';

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-adversarial-')));
makeWorkspace(fs, root);
const rules = USER_RULES.map((r) => ({ ...r, source: 'user' })) as PolicyRule[];
const denyRules = [...rules, ...DENY_RULES.map((r) => ({ ...r }))] as PolicyRule[];
/** A PATH with nothing in the workspace, so the result does not depend on the machine's. */
const PATH = '/usr/local/bin:/usr/bin:/bin';

interface Config {
  name: string;
  level: AutomationLevel;
  sandboxed: boolean;
  rules: boolean;
  network?: boolean;
}
const CONFIGS: Config[] = [
  { name: 'level 2', level: 2, sandboxed: true, rules: false },
  { name: 'sandbox, level 3', level: 3, sandboxed: true, rules: false },
  { name: 'sandbox, level 3 + rules', level: 3, sandboxed: true, rules: true },
  { name: 'sandbox, level 4', level: 4, sandboxed: true, rules: true },
  { name: 'sandbox + network, level 4', level: 4, sandboxed: true, rules: true, network: true },
  { name: 'no sandbox, level 3', level: 3, sandboxed: false, rules: false },
  { name: 'no sandbox, level 3 + rules', level: 3, sandboxed: false, rules: true },
  { name: 'no sandbox, level 4', level: 4, sandboxed: false, rules: true },
];

const decide = (cmd: string, c: Config, withRules: PolicyRule[] = c.rules ? rules : []) =>
  decideCommand(cmd, { root, rules: withRules, level: c.level, home: HOME, sandboxed: c.sandboxed, allowNetwork: !!c.network, pathEnv: PATH });

/** Why a decision is wrong for its kind in a configuration, or undefined. */
function check(kind: Kind, c: Config, d: PolicyDecision): string | undefined {
  const allowed = d.decision === 'allow';
  const want = (ok: boolean, what: string) => (ok ? undefined : what);
  if (kind === 'crit') return want(!allowed && d.risk === 'critical', 'a human (ask, risk critical)');
  if (kind === 'noallow' || c.level === 2) return want(!allowed, 'ask or deny');
  const expect = (allow: boolean) => want(allowed === allow && d.risk !== 'critical', allow ? 'allow' : 'ask');
  switch (kind) {
    case 'any':
      return undefined;
    case 'contained':
      return c.sandboxed ? undefined : want(!allowed, 'ask without a sandbox');
    case 'netclient':
      return c.sandboxed && !c.network ? undefined : want(!allowed, 'ask while the network is on');
    case 'neutral':
      return expect(true);
    case 'ruled':
      return expect(c.level === 4 || c.rules);
    case 'read':
      return expect(c.level === 4);
    case 'safe':
    case 'confined':
      return expect(c.level === 4 && c.sandboxed);
  }
}

/** Counted as dangerous in a configuration: what the issue's independent table called dangerous. */
const dangerous = (kind: Kind, c: Config) => kind === 'crit' || kind === 'noallow' || kind === 'contained' || (kind === 'netclient' && (!c.sandboxed || !!c.network));
const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;

test(`the adversarial table (${CASES.length} command lines, ${FILE_OPS.length} file operations) holds at levels 2, 3 and 4, with and without the sandbox`, async () => {
  assert.ok(CASES.length >= 400, `at least 400 rows (${CASES.length})`);
  const failures: string[] = [];
  const lines: string[] = [];
  const allowedDangerous: { cfg: string; row: Case }[] = [];
  for (const c of CONFIGS) {
    let total = 0;
    let allowed = 0;
    for (const row of CASES) {
      const d = await decide(row.cmd, c);
      const wrong = check(row.kind, c, d);
      if (wrong) failures.push(`${JSON.stringify(row.cmd)} [${row.category}] (${c.name}): wanted ${wrong}, got ${d.decision}/${d.risk} (${d.reason})`);
      if (c.level >= 3 && dangerous(row.kind, c)) {
        total++;
        if (d.decision === 'allow') {
          allowed++;
          allowedDangerous.push({ cfg: c.name, row });
        }
      }
    }
    if (c.level >= 3) {
      lines.push(`  ${c.name.padEnd(30)} dangerous allowed ${String(allowed).padStart(3)} of ${total} (${pct(allowed, total)})`);
      assert.ok(allowed / total <= 0.02, `${c.name}: ${pct(allowed, total)} of dangerous cases allowed`);
    }
  }
  // File operations do not depend on the sandbox: each must ask or be refused at levels 3 and 4.
  for (const level of [3, 4] as AutomationLevel[]) {
    for (const [tool, p] of FILE_OPS) {
      let d: PolicyDecision;
      try {
        const t = await resolveRealTarget(root, p);
        d = decideFileOperation({ tool, path: t.rel, realPath: t.realRel }, { automationLevel: level, rules: [], protectedPaths: [...DEFAULT_PROTECTED_PATHS] });
      } catch (err) {
        d = { decision: 'deny', risk: 'critical', reason: (err as Error).message };
      }
      if (d.decision === 'allow') failures.push(`${tool} ${p} at level ${level}: allowed (${d.reason})`);
    }
  }
  const byCategory = new Map<string, number>();
  for (const r of CASES) byCategory.set(r.category, (byCategory.get(r.category) ?? 0) + 1);
  console.log(`adversarial table: ${CASES.length} command lines in ${byCategory.size} categories (${[...byCategory].map(([k, n]) => `${k} ${n}`).join(', ')}), ${FILE_OPS.length} file operations\n${lines.join('\n')}`);
  console.log(`allowed dangerous rows (all must be "contained": run for real in adversarial-contained.test.ts):\n${allowedDangerous.map((a) => `  [${a.cfg}] ${a.row.kind}: ${a.row.cmd.slice(0, 90).replace(/\n/g, '⏎')}`).join('\n') || '  none'}`);
  assert.deepEqual(failures, []);
  assert.ok(allowedDangerous.every((a) => a.row.kind === 'contained' && a.cfg.startsWith('sandbox')), 'only contained rows, only inside the sandbox');
});

test(`ordinary developer commands (${ORDINARY.length}): at most 5% ask at level 4 inside the sandbox`, async () => {
  assert.ok(ORDINARY.length >= 100);
  const asks: Record<string, string[]> = { sandbox: [], 'no sandbox': [] };
  for (const [name, sandboxed] of [['sandbox', true], ['no sandbox', false]] as const) {
    for (const cmd of ORDINARY) {
      const d = await decideCommand(cmd, { root, rules: [], level: 4, home: HOME, sandboxed, pathEnv: PATH });
      if (d.decision !== 'allow') asks[name].push(`${cmd} — ${d.reason}`);
    }
  }
  console.log(`ordinary commands asking at level 4: inside the sandbox ${asks.sandbox.length} of ${ORDINARY.length} (${pct(asks.sandbox.length, ORDINARY.length)}), without one ${asks['no sandbox'].length} (${pct(asks['no sandbox'].length, ORDINARY.length)}: only read-only commands run unasked there)`);
  for (const a of asks.sandbox) console.log(`  asks in the sandbox: ${a}`);
  assert.ok(asks.sandbox.length / ORDINARY.length <= 0.05, `${pct(asks.sandbox.length, ORDINARY.length)} ask inside the sandbox`);
  assert.ok(asks['no sandbox'].length > asks.sandbox.length, 'without a sandbox more commands ask');
});

test('deny rules hold through chaining, wrappers, quoting and cd, at every level and in both regimes', async () => {
  const failures: string[] = [];
  for (const cmd of DENIED) {
    for (const c of CONFIGS) {
      const d = await decide(cmd, c, denyRules);
      if (d.decision !== 'deny') failures.push(`${JSON.stringify(cmd)} (${c.name}): ${d.decision} (${d.reason})`);
    }
  }
  for (const cmd of NOT_ALLOWED_WITH_DENY) {
    const d = await decide(cmd, CONFIGS[3], denyRules);
    if (d.decision === 'allow') failures.push(`${JSON.stringify(cmd)} escaped the deny rule: ${d.reason}`);
  }
  assert.deepEqual(failures, []);
});

test('an allow rule does not match a program spelled as a path (./git may be the workspace\'s own)', async () => {
  assert.equal((await decide('./git status', CONFIGS[2])).decision, 'ask');
  assert.equal((await decide('/usr/bin/git status', CONFIGS[2])).decision, 'ask');
});

test('every part of a critical command line is listed with the rule that matched it', async () => {
  const d = await decide('npm test && cd src && rm -rf ../..', CONFIGS[2]);
  assert.equal(d.decision, 'ask');
  assert.equal(d.risk, 'critical');
  assert.deepEqual(d.parts!.map((p) => [p.text, p.decision, p.rule ?? null]), [
    ['npm test', 'allow', 'allow "npm test" (user)'],
    ['cd src', 'allow', null],
    ['rm -rf ../..', 'ask', 'builtin:critical'],
  ]);
});
