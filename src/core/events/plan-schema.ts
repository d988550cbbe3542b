// A plan as the model submits it (`submit_plan`), the user edits and approves it, and the journal
// keeps it: one schema for all three, so the file `--plan-out` writes is what `--plan-file` reads.
// zod/mini like the rest of the event schema; the messages say what to fix, since the model reads them.
import * as z from 'zod/mini';

const text = (what: string, max: number) =>
  z.string({ error: `${what} must be text` }).check(z.minLength(1, `${what} must not be empty`), z.maxLength(max, `${what} is longer than ${max} characters: shorten it`));

const list = <T extends z.ZodMiniType>(what: string, item: T, max: number) =>
  z.array(item, { error: `${what} must be a list` }).check(z.maxLength(max, `${what} has more than ${max} entries: group them`));

const PATH = text('a file path', 1000).check(z.describe('Workspace-relative path (forward slashes); a folder ends with "/", a glob may use *.'));
const COMMAND = text('a command', 2000).check(z.describe('A command line exactly as it will be run.'));

export const PlanStepSchema = z.strictObject({
  title: text('a step title', 500).check(z.describe('What this step does, in one line.')),
  files: z.optional(list('a step\'s files', PATH, 100).check(z.describe('Files this step creates, edits or deletes.'))),
  commands: z.optional(list('a step\'s commands', COMMAND, 30).check(z.describe('Commands this step runs.'))),
});

export const PlanSchema = z.strictObject({
  summary: text('summary', 2000).check(z.describe('What the plan achieves, in a few sentences.')),
  steps: list('steps', PlanStepSchema, 50).check(z.minLength(1, 'steps must have at least one step'), z.describe('The steps in order.')),
  files: list('files', PATH, 200).check(z.describe('Every file the plan will change (the union of the steps\' files). Edits outside this list ask first.')),
  commands: list('commands', COMMAND, 50).check(z.describe('Every command the plan will run. Commands outside this list ask first.')),
  risks: z.optional(list('risks', text('a risk', 1000), 30).check(z.describe('What could go wrong, and what would need a human.'))),
});

/** The rule of a decision the plan's scope escalated (allow became ask): the panel and audit say "outside the plan". */
export const OUTSIDE_PLAN_RULE = 'plan:outside';

export type Plan = z.infer<typeof PlanSchema>;
export type PlanStep = z.infer<typeof PlanStepSchema>;

export const PLAN_STEP_STATUSES = ['pending', 'in_progress', 'done', 'skipped'] as const;
export const PlanStepStatusSchema = z.enum(PLAN_STEP_STATUSES);
export type PlanStepStatus = z.infer<typeof PlanStepStatusSchema>;

const Decision = z.enum(['allow', 'ask', 'deny']);

/** What the policy would decide for one file or command the plan names (the feedforward pre-check). */
export const PlanItemCheckSchema = z.object({
  kind: z.enum(['file', 'command']),
  target: z.string(),
  decision: Decision,
  risk: z.enum(['low', 'medium', 'high', 'critical']),
  rule: z.optional(z.string()),
  reason: z.string(),
});

export const PlanAssessmentSchema = z.object({
  /** Per step, in order: the strictest decision of its items, and the items. */
  steps: z.array(z.object({ decision: Decision, items: z.array(PlanItemCheckSchema) })),
  /** Files and commands of the plan that no step names. */
  planWide: z.array(PlanItemCheckSchema),
  /** "3 of 7 steps will ask: they run `npm install`, edit `.github/workflows/ci.yml`…" */
  summary: z.string(),
});

export type PlanItemCheck = z.infer<typeof PlanItemCheckSchema>;
export type PlanAssessment = z.infer<typeof PlanAssessmentSchema>;
