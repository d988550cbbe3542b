// The plan and the project instructions as the panel shows them: a projection of the plan-* and
// instructions-loaded events (the same ones the journal keeps), so a reloaded panel rebuilds them.
import type { TaskEvent } from '../events/schema';
import { OUTSIDE_PLAN_RULE, type PlanAssessment } from '../events/plan-schema';
import type { PolicyDecision } from '../shared/types';
import type { InstructionsView, PanelState, PlanView } from './panel-protocol';

const cap = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
/** Plans and instruction lists the panel keeps: one per task, the newest tasks. */
const TASKS_KEPT = 20;

type PlanEvent = Extract<TaskEvent, { type: 'plan-submitted' | 'plan-approved' | 'plan-assessed' | 'plan-step-updated' }>;

/** Why a step will ask or be refused: the reasons of its items that do not run unasked. */
function stepWhy(items: PlanAssessment['steps'][number]['items']): string | undefined {
  const lines = items.filter((i) => i.decision !== 'allow').map((i) => `${i.kind === 'file' ? 'edit' : 'run'} ${i.target}: ${i.reason}`);
  return lines.length ? cap(lines.join('\n'), 1000) : undefined;
}

function withPlan(s: PanelState, view: PlanView): PanelState {
  return { ...s, plans: [...s.plans.filter((p) => p.taskId !== view.taskId), view].slice(-TASKS_KEPT) };
}

/** The task's plan view after one plan event; the plan section is replaced whole. */
export function applyPlanEvent(s: PanelState, e: PlanEvent): PanelState {
  const current = s.plans.find((p) => p.taskId === e.taskId);
  switch (e.type) {
    case 'plan-submitted':
    case 'plan-approved':
      return withPlan(s, {
        taskId: e.taskId,
        summary: cap(e.plan.summary, 2000),
        approved: e.type === 'plan-approved',
        ...(e.type === 'plan-approved' ? { by: cap(e.by, 200) } : {}),
        steps: e.plan.steps.slice(0, 50).map((st) => ({ title: cap(st.title, 500), status: 'pending' as const })),
        ...(e.plan.risks?.length ? { risks: e.plan.risks.slice(0, 30).map((r) => cap(r, 1000)) } : {}),
      });
    case 'plan-assessed': {
      if (!current) return s;
      const steps = current.steps.map((st, i) => {
        const a = e.assessment.steps[i];
        if (!a) return st;
        const why = stepWhy(a.items);
        return { ...st, expected: a.decision, ...(why ? { why } : {}) };
      });
      return withPlan(s, { ...current, steps, assessment: cap(e.assessment.summary, 2000) });
    }
    case 'plan-step-updated': {
      if (!current || e.step >= current.steps.length) return s;
      const steps = current.steps.map((st, i) => (i === e.step ? { ...st, status: e.status, ...(e.note ? { note: cap(e.note, 500) } : {}) } : st));
      return withPlan(s, { ...current, steps });
    }
  }
}

/** The timeline's line for a plan event (the pre-check is shown by the plan section, not repeated here). */
export function planEntryTitle(e: PlanEvent, s: PanelState): string | undefined {
  switch (e.type) {
    case 'plan-submitted':
      return `Plan submitted: ${e.plan.steps.length} step${e.plan.steps.length === 1 ? '' : 's'}`;
    case 'plan-approved':
      return `Plan approved by ${cap(e.by, 200)}: ${e.plan.steps.length} step${e.plan.steps.length === 1 ? '' : 's'}`;
    case 'plan-step-updated': {
      const title = s.plans.find((p) => p.taskId === e.taskId)?.steps[e.step]?.title ?? '?';
      return cap(`Plan step ${e.step + 1} ${e.status.replace('_', ' ')}: ${title}`, 1000);
    }
    default:
      return undefined;
  }
}

/** The instruction files a task's model was given (and those found but not given), added per folder. */
export function applyInstructions(s: PanelState, e: Extract<TaskEvent, { type: 'instructions-loaded' }>): PanelState {
  const current: InstructionsView = s.instructions.find((v) => v.taskId === e.taskId) ?? { taskId: e.taskId, files: [], skipped: [] };
  const files = [...current.files, ...e.files.map((f) => ({ path: cap(f.path, 1000), hash: cap(f.hash, 100), folder: cap(e.folder, 1000), truncated: f.truncated, untrusted: e.untrusted }))].slice(0, 100);
  const skipped = [...current.skipped, ...(e.skipped ?? []).map((x) => ({ path: cap(x.path, 1000), reason: cap(x.reason, 1000) }))].slice(0, 100);
  const view = { ...current, files, skipped };
  return { ...s, instructions: [...s.instructions.filter((v) => v.taskId !== e.taskId), view].slice(-TASKS_KEPT) };
}

/** A decision the plan's scope escalated, or that says the call was outside the plan. */
export const outsidePlan = (d: PolicyDecision): boolean => d.rule === OUTSIDE_PLAN_RULE || d.reason.startsWith('Outside the plan');
