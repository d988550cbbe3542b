// The approved plan as the task's scope: an edit to a file it does not name, or a command it does
// not list, is escalated one step (allow becomes ask) and the decision says "outside the plan". It
// adds caution only: what the policy asks or refuses stays so, and a human asked can still say yes.
import * as os from 'node:os';
import type { PolicyDecision, PolicyRule } from '../shared/types';
import { OUTSIDE_PLAN_RULE, type Plan } from '../events/plan-schema';
import { Extractor } from '../commands/extract';
import { getParser } from '../commands/parser';
import { matchingRules } from '../commands/rules';
import { matchesGlob } from '../workspace/glob';

export interface PlanScope {
  files: string[];
  commands: string[];
}

/** `./src//a.ts` → `src/a.ts`; a trailing `/` is kept (it names a folder). */
function normalise(p: string): string {
  const folder = p.endsWith('/');
  const clean = p.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.').join('/');
  return folder && clean ? `${clean}/` : clean;
}

const squash = (c: string) => c.trim().replace(/\s+/g, ' ');

/** Every file and command the plan names, at the top or in a step. */
export function planScope(plan: Plan): PlanScope {
  const files = new Set([...plan.files, ...plan.steps.flatMap((s) => s.files ?? [])].map(normalise).filter(Boolean));
  const commands = new Set([...plan.commands, ...plan.steps.flatMap((s) => s.commands ?? [])].map(squash).filter(Boolean));
  return { files: [...files], commands: [...commands] };
}

/** A file is in the plan when the plan names it, a folder above it (`src/api/` or `src/api`), or a glob matching it. */
export function fileInPlan(scope: PlanScope, rel: string): boolean {
  const path = normalise(rel);
  return scope.files.some((entry) => {
    const e = entry.replace(/\/$/, '');
    if (path === e || path.startsWith(`${e}/`)) return true;
    return /[*?[{]/.test(e) && matchesGlob(path, e);
  });
}

/**
 * A command is in the plan when it is one of the plan's commands, or every simple command in it is
 * one of them or starts with one on whole words (`npm test` covers `npm test -- --grep x`, as a rule
 * would). What the parser cannot read counts as outside.
 */
export async function commandInPlan(scope: PlanScope, command: string, root: string): Promise<boolean> {
  if (scope.commands.includes(squash(command))) return true;
  if (!scope.commands.length) return false;
  const rules: PolicyRule[] = scope.commands.map((c) => ({ action: 'allow', command: c, source: 'plan' }));
  try {
    const extractor = new Extractor(await getParser(), root, os.homedir());
    extractor.run(command, [root]);
    const parts = extractor.parts.filter((p) => !p.wrapper && p.words.length > 0);
    return parts.length > 0 && parts.every((p) => matchingRules(rules, p.words.map((w) => w.value)).length > 0);
  } catch {
    return false;
  }
}

export { OUTSIDE_PLAN_RULE };

/** The decision for a call outside the plan: allow becomes ask; ask and deny stay, saying so too. */
export function escalateOutsidePlan(d: PolicyDecision, what: string): PolicyDecision {
  const note = `Outside the plan: ${what} is not in the approved plan`;
  if (d.decision === 'allow') return { ...d, decision: 'ask', rule: OUTSIDE_PLAN_RULE, reason: `${note}, so it asks first. Without the plan: ${d.reason}` };
  return { ...d, reason: `${note}. ${d.reason}` };
}
