// A finished, failed or cancelled task goes on with the person's next message: the same journal,
// checkpoints and conversation, with its budgets topped up from where it stands (a continued task
// spends what it was given again, not what it had left).
import type { Budgets } from '../shared/limits';
import { budgetBase, type TaskState } from '../events/fold';
import { resumeMessages } from '../state/resume';
import type { RunTaskOptions } from './api';
import type { TaskContext } from './context';

/** The user's message as the model gets it: what they typed, then the editor context they kept. */
export function userMessage(text: string, context?: string): string {
  const c = context?.trim();
  return c ? `${text}\n\n${c}` : text;
}

/** `budgets` counted from `base` (the step, tokens and cost the run starts at); the time budget is per run. */
export function topUp(budgets: Budgets, base: { step: number; tokens: number; costUsd?: number }): Budgets {
  return {
    maxSteps: base.step + budgets.maxSteps,
    ...(budgets.maxTokens !== undefined ? { maxTokens: base.tokens + budgets.maxTokens } : {}),
    ...(budgets.maxWallMs !== undefined ? { maxWallMs: budgets.maxWallMs } : {}),
    ...(budgets.maxCostUsd !== undefined ? { maxCostUsd: (base.costUsd ?? 0) + budgets.maxCostUsd } : {}),
  };
}

/** The budgets of this run: a continuation (and a resume of one) counts from where it began. */
export function runBudgets(opts: Pick<RunTaskOptions, 'budgets' | 'continue' | 'resume'>, state: TaskState): Budgets {
  const base = opts.continue ? budgetBase(state) : opts.resume ? state.continuedFrom : undefined;
  return base ? topUp(opts.budgets, base) : opts.budgets;
}

export async function continueConversation(ctx: TaskContext, message: string, context?: string): Promise<void> {
  const snap = ctx.state;
  if (!snap.task && snap.messages.length === 0) throw new Error(`No task ${ctx.taskId} to continue: check the id with "harness tasks list".`);
  if (!snap.ended) throw new Error(`Task ${ctx.taskId} has not ended: resume it instead of continuing it.`);
  const last = snap.messages.at(-1);
  if (!message.trim() && (!last || (last.role === 'assistant' && !last.tool_calls?.length))) {
    throw new Error(`Say what task ${ctx.taskId} should do next: the model already answered.`);
  }
  await ctx.emit({ type: 'task-continued', message, budgets: ctx.budgets });
  // A task stopped mid-step (cancelled, failed) left tool calls unanswered; the API needs an answer each.
  const filled = resumeMessages(snap);
  for (const m of filled.slice(snap.messages.length)) await ctx.emit({ type: 'message', message: m });
  if (message.trim()) await ctx.emit({ type: 'message', message: { role: 'user', content: userMessage(message, context) } });
}
