// Verification's view of the plan: steps left undone are a failed check, so the model finishes them
// or says, with update_plan, why one was skipped.
import type { CheckResult } from '../shared/types';
import type { PlanState } from '../events/fold';

export const PLAN_CHECK = 'plan-steps';

export function planStepsCheck(state: PlanState | undefined): CheckResult | undefined {
  if (!state?.approved) return undefined;
  const n = state.steps.length;
  const open = state.steps.map((s, i) => ({ ...s, i })).filter((s) => s.status === 'pending' || s.status === 'in_progress');
  const skipped = state.steps.filter((s) => s.status === 'skipped').length;
  if (!open.length) return { name: PLAN_CHECK, status: 'passed', passed: true, severity: 'medium', summary: `all ${n} plan step${n === 1 ? '' : 's'} done${skipped ? ` (${skipped} skipped)` : ''}` };
  const titles = open.map((s) => `${s.i + 1}. ${state.plan.steps[s.i].title}`);
  return {
    name: PLAN_CHECK,
    status: 'failed',
    passed: false,
    severity: 'medium',
    summary: `${open.length} of ${n} plan step${n === 1 ? '' : 's'} not done: ${titles.join('; ').slice(0, 500)}`,
    details: `Not done:\n${titles.join('\n')}\nDo them, or mark each with update_plan: done when finished, skipped with a note saying why.`,
  };
}
