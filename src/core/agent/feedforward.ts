// The start of a new task: what the model is told before it acts. The task's mode and plan are
// recorded first (an approved plan is checked against the policy at once), then the system prompt
// is built from the workspace, the policy and the project's instructions, and which instruction
// files it used (path and hash) is recorded with it.
import { commandRegime } from '../commands/sandbox';
import { gatherEnvironment } from '../context/environment';
import { DEFAULT_INSTRUCTION_FILES } from '../context/instructions';
import { PlanSchema } from '../events/plan-schema';
import { assessPlan } from '../plan/assess';
import type { TaskContext } from './context';
import { buildSystemPrompt } from './prompt';
import { userMessage } from './continue-flow';

export async function beginTask(ctx: TaskContext): Promise<void> {
  const opts = ctx.options;
  const mode = opts.plan?.mode;
  await ctx.emit({ type: 'task-started', task: opts.task, root: opts.root, budgets: opts.budgets, level: ctx.policy.automationLevel, ...(opts.modelName ? { model: opts.modelName } : {}), ...(mode ? { mode } : {}) });
  const regime = await commandRegime(ctx.policy.sandbox ?? 'auto');
  const plan = opts.plan?.mode === 'execute' ? opts.plan.plan : undefined;
  if (plan) {
    const valid = PlanSchema.safeParse(plan);
    if (!valid.success) throw new Error(`The plan is not valid (${valid.error.issues[0]?.path.join('.') || 'plan'}: ${valid.error.issues[0]?.message}); fix it and approve it again.`);
    await ctx.emit({ type: 'plan-approved', plan: valid.data, by: (opts.plan as { approvedBy?: string }).approvedBy ?? 'user' });
    await ctx.emit({ type: 'plan-assessed', assessment: await assessPlan(valid.data, ctx.policy, ctx.root, regime) });
  }
  const untrusted = !!opts.untrustedWorkspace;
  const { prompt, instructions } = await buildSystemPrompt({
    root: ctx.root,
    policy: ctx.policy,
    budgets: ctx.budgets,
    regime,
    environment: await gatherEnvironment(ctx.root, { trusted: !untrusted }),
    ...(opts.verification ? { verification: opts.verification } : {}),
    ...(mode ? { mode } : {}),
    ...(ctx.state.plan ? { plan: ctx.state.plan.plan } : {}),
    instructionFiles: opts.instructionFiles ?? DEFAULT_INSTRUCTION_FILES,
    untrusted,
    ...(opts.instructions ? { extra: opts.instructions } : {}),
  });
  if (instructions.files.length || instructions.skipped.length) {
    await ctx.emit({
      type: 'instructions-loaded',
      folder: '.',
      files: instructions.files.map(({ text: _text, folder: _folder, ...f }) => f),
      untrusted,
      ...(instructions.skipped.length ? { skipped: instructions.skipped } : {}),
    });
  }
  await ctx.emit({ type: 'message', message: { role: 'system', content: prompt } });
  // The task with the editor context the person attached (file, selection), as a follow-up would carry it.
  await ctx.emit({ type: 'message', message: { role: 'user', content: userMessage(opts.task, opts.context) } });
}
