// The plan tools: submit_plan ends a plan-mode task with its plan; update_plan ticks the steps of an
// approved plan while it is carried out. Which tools a task is offered depends on its mode.
import { z } from 'zod';
import { PlanSchema } from '../events/plan-schema';
import { ALL_TOOLS, listFilesTool, readFileTool, searchFilesTool } from './definitions';
import type { ToolDefinition } from './registry';

export const submitPlanTool: ToolDefinition = {
  name: 'submit_plan',
  kind: 'plan',
  description: 'Plan mode: submit your plan and end the planning task. The user reviews it (with what the policy will ask about each step), may edit it, and approves it before anything runs.',
  // The journal's own schema (zod/mini): the plan the model submits is exactly the one recorded,
  // written by --plan-out and read back by --plan-file. Both zods share one core, so it validates here.
  schema: PlanSchema as unknown as z.ZodType,
};

export const updatePlanTool = {
  name: 'update_plan',
  kind: 'plan',
  description: 'Mark a step of the approved plan: in_progress when you start it, done when it is finished, skipped (with a note saying why) when it is not needed.',
  schema: z.strictObject({
    step: z.number().int().min(1).describe('The step\'s number, counting from 1.'),
    status: z.enum(['in_progress', 'done', 'skipped']),
    note: z.string().max(500).optional().describe('Why, for a skipped step; what was done, briefly, otherwise.'),
  }),
} satisfies ToolDefinition;

export type UpdatePlanArgs = z.infer<typeof updatePlanTool.schema>;

/** Plan mode: looking only, then the plan. */
export const PLAN_MODE_TOOLS: readonly ToolDefinition[] = [readFileTool, listFilesTool, searchFilesTool, submitPlanTool];
/** Carrying out an approved plan: every tool, and ticking the steps. */
export const PLAN_EXECUTION_TOOLS: readonly ToolDefinition[] = [...ALL_TOOLS, updatePlanTool];
