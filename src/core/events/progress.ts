// Where a task is, as the status bar, the progress notification and the panel's task list follow it:
// a small fold of its own over the same events (a status bar that joins late folds them too).
import type { TaskPhase, TaskStatus, Usage } from '../shared/types';
import type { TaskEventBody, TaskOutcome } from './schema';
import type { PlanStepStatus } from './plan-schema';

/** A plan's steps as progress: titles and states, for the status bar and the notification. */
export interface PlanProgress {
  steps: { title: string; status: PlanStepStatus }[];
}

/** Where a running task is, for the status bar and the progress notification. */
export interface TaskProgress {
  phase: TaskPhase;
  step: number;
  maxSteps: number;
  pendingApprovals: number;
  usage: Usage;
  /** The tool running, or why the task stopped. */
  detail?: string;
  /** The approved plan's steps, when the task carries one out. */
  plan?: PlanProgress;
  /** What an ended task came to (and later: that its edits were restored or undone). */
  outcome?: TaskOutcome;
}

/** Two usages added up; cached tokens and cost stay absent while neither side knows them. */
export const addUsage = (a: Usage, b: Usage): Usage => ({
  promptTokens: a.promptTokens + b.promptTokens,
  completionTokens: a.completionTokens + b.completionTokens,
  ...(a.cachedTokens !== undefined || b.cachedTokens !== undefined ? { cachedTokens: (a.cachedTokens ?? 0) + (b.cachedTokens ?? 0) } : {}),
  ...(a.costUsd !== undefined || b.costUsd !== undefined ? { costUsd: Math.round(((a.costUsd ?? 0) + (b.costUsd ?? 0)) * 1e6) / 1e6 } : {}),
});

const endPhase = (status: TaskStatus): TaskPhase => (status === 'completed' ? 'done' : status === 'cancelled' ? 'cancelled' : 'failed');
const ENDED_PHASES: ReadonlySet<TaskPhase> = new Set(['done', 'failed', 'cancelled']);

/** Where the task is, from one more event. Also what a status bar that joined late folds. */
export function foldProgress(p: TaskProgress, e: TaskEventBody): TaskProgress {
  switch (e.type) {
    case 'task-started':
      // A task starts from nothing: a summary seeded with its totals (a reload) must not count them twice.
      return { ...p, phase: 'idle', maxSteps: e.budgets.maxSteps, usage: { promptTokens: 0, completionTokens: 0 } };
    case 'task-resumed':
      return { ...p, phase: 'idle', step: e.step, usage: { ...e.usage }, ...(e.budgets ? { maxSteps: e.budgets.maxSteps } : {}), detail: undefined, outcome: undefined };
    case 'task-continued':
      return { ...p, phase: 'idle', maxSteps: e.budgets.maxSteps, pendingApprovals: 0, detail: undefined, outcome: undefined };
    case 'question-asked':
      return { ...p, phase: 'waiting-answer' };
    case 'question-answered':
      return { ...p, phase: p.pendingApprovals > 0 ? 'waiting-approval' : 'running-tool' };
    case 'checkpoint-restored':
      // After the end, a restore changes what the task came to; during the task it is part of its work.
      return ENDED_PHASES.has(p.phase) && e.reverted.length > 0 ? { ...p, outcome: 'restored' } : p;
    case 'edit-reverted':
      return ENDED_PHASES.has(p.phase) && p.outcome !== 'restored' ? { ...p, outcome: 'undone' } : p;
    case 'model-request':
      return { ...p, phase: 'thinking', step: e.step, detail: undefined };
    case 'model-turn':
      return { ...p, usage: addUsage(p.usage, e.usage) };
    case 'context-compacted':
      return e.usage ? { ...p, usage: addUsage(p.usage, e.usage) } : p;
    case 'tool-call-proposed':
      return { ...p, phase: 'running-tool', detail: e.tool };
    case 'approval-asked':
      return { ...p, phase: 'waiting-approval', pendingApprovals: p.pendingApprovals + 1 };
    case 'approval-answered': {
      const pending = Math.max(0, p.pendingApprovals - 1);
      return { ...p, pendingApprovals: pending, phase: pending > 0 ? 'waiting-approval' : p.detail === 'verification' ? 'verifying' : 'running-tool' };
    }
    case 'verification-started':
      return { ...p, phase: 'verifying', detail: 'verification' };
    case 'task-ended':
      return { ...p, phase: endPhase(e.status), pendingApprovals: 0, detail: e.error, ...(e.outcome ? { outcome: e.outcome } : {}) };
    case 'plan-approved':
      return { ...p, plan: { steps: e.plan.steps.map((s) => ({ title: s.title, status: 'pending' as const })) } };
    case 'plan-step-updated': {
      if (!p.plan || e.step >= p.plan.steps.length) return p;
      const steps = p.plan.steps.map((s, i) => (i === e.step ? { ...s, status: e.status } : s));
      return { ...p, plan: { steps } };
    }
    default:
      return p;
  }
}
