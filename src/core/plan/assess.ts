// The feedforward pre-check of a plan: before anything runs, what the policy would decide for each
// file a step changes and each command it runs, through the real engine. A step takes the strictest
// decision of its items; the summary says how many steps will ask or be refused, and for what.
import type { DecisionKind, PolicyConfig, PolicyDecision } from '../shared/types';
import type { CommandRegime } from '../commands/sandbox';
import type { Plan, PlanAssessment, PlanItemCheck } from '../events/plan-schema';
import { decideFileOperation, decidePolicyCommand } from '../policy/engine';
import { ScopeError } from '../workspace/paths';
import { resolveRealTarget } from '../workspace/real-target';

const RANK: Record<DecisionKind, number> = { allow: 0, ask: 1, deny: 2 };

function item(kind: PlanItemCheck['kind'], target: string, d: PolicyDecision): PlanItemCheck {
  return { kind, target, decision: d.decision, risk: d.risk, ...(d.rule ? { rule: d.rule } : {}), reason: d.reason };
}

/** An edit of `target` as the policy judges it: its name and where it really leads through links. */
async function fileCheck(target: string, policy: PolicyConfig, root: string): Promise<PlanItemCheck> {
  const path = target.replace(/\/$/, '');
  try {
    const real = await resolveRealTarget(root, path);
    return item('file', target, decideFileOperation({ tool: 'write_file', path: real.rel, realPath: real.realRel }, policy));
  } catch (err) {
    if (err instanceof ScopeError || (err as Error)?.name === 'ScopeError') return item('file', target, decideFileOperation({ tool: 'write_file', path, outside: true }, policy));
    throw err;
  }
}

const strictest = (items: PlanItemCheck[]): DecisionKind => items.reduce<DecisionKind>((d, i) => (RANK[i.decision] > RANK[d] ? i.decision : d), 'allow');

const phrase = (i: PlanItemCheck) => (i.kind === 'file' ? `edit \`${i.target}\`` : `run \`${i.target}\``);

function listOf(items: PlanItemCheck[], max = 4): string {
  const unique = [...new Set(items.map(phrase))];
  return unique.slice(0, max).join(', ') + (unique.length > max ? '…' : '');
}

/** "3 of 7 steps will ask: they run `npm install`, edit `.github/workflows/ci.yml`…" and the refusals. */
export function summarise(plan: Plan, steps: PlanAssessment['steps'], planWide: PlanItemCheck[]): string {
  const n = plan.steps.length;
  const asking = steps.filter((s) => s.decision === 'ask');
  const refused = steps.filter((s) => s.decision === 'deny');
  const parts: string[] = [];
  if (!asking.length && !refused.length) parts.push(n === 1 ? 'The step runs without asking.' : `All ${n} steps run without asking.`);
  if (asking.length) {
    const they = asking.length === 1 ? 'it will' : 'they';
    parts.push(`${asking.length} of ${n} step${n === 1 ? '' : 's'} will ask: ${they} ${listOf(asking.flatMap((s) => s.items.filter((i) => i.decision === 'ask')))}.`);
  }
  if (refused.length) {
    const which = refused.map((s) => steps.indexOf(s) + 1).join(', ');
    parts.push(`${refused.length === 1 ? 'Step' : 'Steps'} ${which} would be refused: ${listOf(refused.flatMap((s) => s.items.filter((i) => i.decision === 'deny')))}.`);
  }
  const wideAsk = planWide.filter((i) => i.decision !== 'allow');
  if (wideAsk.length) parts.push(`Outside any step, the plan also lists what will ask or be refused: ${listOf(wideAsk)}.`);
  return parts.join(' ');
}

export async function assessPlan(plan: Plan, policy: PolicyConfig, root: string, regime?: CommandRegime): Promise<PlanAssessment> {
  const cache = new Map<string, Promise<PlanItemCheck>>();
  const check = (kind: PlanItemCheck['kind'], target: string) => {
    const key = `${kind}\u0000${target}`;
    if (!cache.has(key)) cache.set(key, kind === 'file' ? fileCheck(target, policy, root) : decidePolicyCommand(target, policy, root, regime).then((d) => item('command', target, d)));
    return cache.get(key)!;
  };
  const steps: PlanAssessment['steps'] = [];
  for (const s of plan.steps) {
    const items = [...(await Promise.all((s.files ?? []).map((f) => check('file', f)))), ...(await Promise.all((s.commands ?? []).map((c) => check('command', c))))];
    steps.push({ decision: strictest(items), items });
  }
  const inSteps = new Set(plan.steps.flatMap((s) => [...(s.files ?? []).map((f) => `file\u0000${f}`), ...(s.commands ?? []).map((c) => `command\u0000${c}`)]));
  const wide = [...plan.files.filter((f) => !inSteps.has(`file\u0000${f}`)).map((f) => check('file', f)), ...plan.commands.filter((c) => !inSteps.has(`command\u0000${c}`)).map((c) => check('command', c))];
  const planWide = await Promise.all(wide);
  return { steps, planWide, summary: summarise(plan, steps, planWide) };
}
