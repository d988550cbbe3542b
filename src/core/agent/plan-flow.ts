// The plan inside a running task: submit_plan ends a plan-mode task with its plan (checked against
// the policy at once), update_plan ticks the steps of an approved plan, and the approved plan scopes
// what runs unasked (see plan/scope.ts).
import type { PolicyDecision, PolicyRule } from '../shared/types';
import type { Plan } from '../events/plan-schema';
import { assessPlan } from '../plan/assess';
import { commandInPlan, escalateOutsidePlan, fileInPlan, planScope, type PlanScope } from '../plan/scope';
import { PLAN_EXECUTION_TOOLS, PLAN_MODE_TOOLS, type UpdatePlanArgs } from '../tools/plan-tools';
import { ALL_TOOLS } from '../tools/definitions';
import type { ToolDefinition } from '../tools/registry';
import type { TaskContext } from './context';
import type { ToolOutcome } from './edit-flow';

/** Plan mode's own rules: its registry offers no tool that changes anything, and these refuse them anyway. */
export const PLAN_MODE_SOURCE = 'plan-mode';
export const PLAN_MODE_RULES: readonly PolicyRule[] = ['write_file', 'edit_file', 'delete_file', 'run_command'].map((tool) => ({ action: 'deny' as const, tool, source: PLAN_MODE_SOURCE }));

const TOOL_SETS = { plan: PLAN_MODE_TOOLS, execute: PLAN_EXECUTION_TOOLS, task: ALL_TOOLS };

/** The built-in tools a task of this mode is offered (MCP tools are added in mcp-flow.ts). */
export function toolsFor(mode: 'plan' | 'execute' | undefined): readonly ToolDefinition[] {
  return TOOL_SETS[mode ?? 'task'];
}

const failed = (msg: string): ToolOutcome => ({ outcome: 'failed', content: msg, error: msg });

const PLAN_TOOL_DECISION: PolicyDecision = { decision: 'allow', risk: 'low', rule: 'builtin:plan', reason: 'The plan tools change only the task\'s own record, never the workspace.' };

async function submitPlan(ctx: TaskContext, plan: Plan): Promise<ToolOutcome> {
  if (ctx.state.mode !== 'plan') return failed('submit_plan is for plan mode only ("Harness: Plan task", `harness run --plan`). Carry on with the task; tick plan steps with update_plan.');
  if (ctx.state.plan) return failed('A plan was submitted already: stop here.');
  await ctx.emit({ type: 'plan-submitted', plan });
  // Judged by the policy the work will run under, not plan mode's own read-only rules.
  const policy = { ...ctx.policy, rules: ctx.policy.rules.filter((r) => r.source !== PLAN_MODE_SOURCE) };
  const assessment = await assessPlan(plan, policy, ctx.root);
  await ctx.emit({ type: 'plan-assessed', assessment });
  return { outcome: 'ok', content: `Plan submitted (${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}). ${assessment.summary} The user reviews it now: stop here.` };
}

async function updatePlan(ctx: TaskContext, args: UpdatePlanArgs): Promise<ToolOutcome> {
  const state = ctx.state.plan;
  if (ctx.state.mode !== 'execute' || !state?.approved) return failed('This task carries out no approved plan: update_plan has nothing to tick.');
  const n = state.plan.steps.length;
  if (args.step > n) return failed(`Step ${args.step} does not exist: the plan has ${n} step${n === 1 ? '' : 's'} (numbered from 1).`);
  await ctx.emit({ type: 'plan-step-updated', step: args.step - 1, status: args.status, ...(args.note ? { note: args.note } : {}) });
  const open = state.steps.map((s, i) => ({ s, i })).filter(({ s }) => s.status === 'pending' || s.status === 'in_progress');
  const rest = open.length ? `Open: ${open.map(({ i }) => `${i + 1}. ${state.plan.steps[i].title}`).join('; ')}.` : 'Every step is done or skipped.';
  return { outcome: 'ok', content: `Step ${args.step} (${state.plan.steps[args.step - 1].title}) is ${args.status.replace('_', ' ')}. ${rest}` };
}

export async function runPlanTool(ctx: TaskContext, toolCallId: string, name: string, args: unknown): Promise<ToolOutcome> {
  await ctx.emit({ type: 'policy-decision', toolCallId, tool: name, decision: PLAN_TOOL_DECISION });
  return name === 'submit_plan' ? submitPlan(ctx, args as Plan) : updatePlan(ctx, args as UpdatePlanArgs);
}

const scopes = new WeakMap<Plan, PlanScope>();

/**
 * The policy's decision with the plan as scope: an edit of a file, or a command, outside the approved
 * plan is escalated (allow → ask) and says "outside the plan". Unchanged when no plan is carried out.
 */
export async function scopedByPlan(ctx: TaskContext, d: PolicyDecision, target: { path?: string; command?: string }): Promise<PolicyDecision> {
  const state = ctx.state.plan;
  if (ctx.state.mode !== 'execute' || !state?.approved) return d;
  let scope = scopes.get(state.plan);
  if (!scope) scopes.set(state.plan, (scope = planScope(state.plan)));
  if (target.path !== undefined) return fileInPlan(scope, target.path) ? d : escalateOutsidePlan(d, `\`${target.path}\``);
  if (target.command !== undefined) return (await commandInPlan(scope, target.command, ctx.root)) ? d : escalateOutsidePlan(d, `the command \`${target.command.length > 200 ? `${target.command.slice(0, 200)}…` : target.command}\``);
  return d;
}

const reminders = new WeakMap<TaskContext, number>();
const MAX_REMINDERS = 2;

/** Plan mode, the model answered without submitting a plan: remind it (twice), then give up. */
export async function remindToPlan(ctx: TaskContext): Promise<void> {
  const n = (reminders.get(ctx) ?? 0) + 1;
  reminders.set(ctx, n);
  if (n > MAX_REMINDERS) throw new Error('The model ended the planning task without submitting a plan (submit_plan); try again, or describe the task in more detail.');
  await ctx.emit({
    type: 'message',
    message: { role: 'user', content: 'This is a planning task: finish by calling submit_plan with your plan (a summary, the steps with their files and commands, every file and command, the risks). Nothing changes until the user approves it.' },
  });
}
