// A plan as text: for the model (the plan-mode and execution sections of the prompt, and for context
// management to keep), for the CLI, and the step list with each step's expected decision.
import type { Plan, PlanAssessment, PlanStepStatus } from '../events/plan-schema';

const STATUS_MARK: Record<PlanStepStatus, string> = { pending: '[ ]', in_progress: '[~]', done: '[x]', skipped: '[-]' };

const code = (xs: string[]) => xs.map((x) => `\`${x}\``).join(', ');

/** The steps, numbered from 1, with their files and commands (and states, when given). */
export function planSteps(plan: Plan, states?: readonly { status: PlanStepStatus; note?: string }[]): string[] {
  return plan.steps.map((s, i) => {
    const st = states?.[i];
    const what = [s.files?.length ? `files ${code(s.files)}` : '', s.commands?.length ? `commands ${code(s.commands)}` : ''].filter(Boolean).join('; ');
    return `${st ? `${STATUS_MARK[st.status]} ` : ''}${i + 1}. ${s.title}${what ? ` — ${what}` : ''}${st?.note ? ` (${st.note})` : ''}`;
  });
}

export const PLAN_MODE_TEXT = [
  '## Plan mode',
  'This is a planning task. You have the read tools only (read_file, list_files, search_files); nothing you do changes the workspace.',
  'Look at what you need, then finish by calling submit_plan once: a summary, the steps in order (each with the files it changes and the commands it runs), every file the plan changes, every command it runs, and the risks.',
  'The user reviews the plan with what the policy will ask about each step, may edit it, and approves it. It is then carried out with the plan as its scope: edits and commands outside it ask first.',
].join('\n');

/** The approved plan for the prompt of the task that carries it out (and for context management to keep). */
export function planForModel(plan: Plan, states?: readonly { status: PlanStepStatus; note?: string }[]): string {
  return [
    '## The approved plan (your scope)',
    'The user approved this plan. Stay inside it: an edit to a file it does not name, or a command it does not list, asks the user first even where the policy alone would allow it.',
    'Mark progress with update_plan: a step in_progress when you start it, done when it is finished, skipped (with a note saying why) when it turned out unnecessary. Verification reports steps left open.',
    `Summary: ${plan.summary}`,
    ...planSteps(plan, states),
    `Files in the plan: ${plan.files.length ? code(plan.files) : 'none'}. Commands in the plan: ${plan.commands.length ? code(plan.commands) : 'none'}.`,
    ...(plan.risks?.length ? [`Risks: ${plan.risks.join('; ')}`] : []),
  ].join('\n');
}

const DECISION_WORD = { allow: 'runs', ask: 'ASKS', deny: 'REFUSED' } as const;

/** The plan with each step's expected decision, for a person reviewing it (CLI, log). */
export function planReviewText(plan: Plan, assessment: PlanAssessment): string {
  const lines = [`Plan: ${plan.summary}`, ''];
  plan.steps.forEach((s, i) => {
    const a = assessment.steps[i];
    lines.push(`  ${i + 1}. [${a ? DECISION_WORD[a.decision] : '?'}] ${s.title}`);
    for (const it of a?.items ?? []) lines.push(`       ${it.decision.padEnd(5)} ${it.kind === 'file' ? 'edit' : 'run '} ${it.target}${it.decision === 'allow' ? '' : ` — ${it.reason}`}`);
  });
  for (const it of assessment.planWide) lines.push(`  (plan-wide) ${it.decision.padEnd(5)} ${it.kind === 'file' ? 'edit' : 'run '} ${it.target}${it.decision === 'allow' ? '' : ` — ${it.reason}`}`);
  if (plan.risks?.length) lines.push('', 'Risks:', ...plan.risks.map((r) => `  - ${r}`));
  lines.push('', assessment.summary);
  return lines.join('\n');
}
