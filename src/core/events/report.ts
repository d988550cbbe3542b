// A task's result (what runTask returns, and so the CLI's --json report) as a fold over its events.
import type { TaskStatus, Usage, VerificationReport } from '../shared/types';
import type { EditRecord, InstructionRecord, QuestionRecord, TaskState, ToolCallRecord } from './fold';
import type { Plan, PlanAssessment, PlanStepStatus } from './plan-schema';
import type { TaskOutcome } from './schema';
import { taskOutcome } from './outcome';

/** The plan in a report: the plan itself, each step with its state and expected decision, and the pre-check. */
export interface PlanReport extends Omit<Plan, 'steps'> {
  approved: boolean;
  by?: string;
  steps: (Plan['steps'][number] & { status: PlanStepStatus; note?: string; expected?: 'allow' | 'ask' | 'deny' })[];
  assessment?: PlanAssessment;
}

export interface TaskResult {
  status: TaskStatus;
  taskId: string;
  steps: number;
  toolCalls: ToolCallRecord[];
  edits: EditRecord[];
  verification: VerificationReport | null;
  usage: Usage;
  auditLog: string;
  /** The model's last message. */
  summary: string;
  error?: string;
  /** The task's plan (submitted in plan mode, or the approved one it carried out), or null. */
  plan: PlanReport | null;
  /** The project instruction files the model was given. */
  instructions: InstructionRecord[];
  /** What the task came to, in one word (see events/outcome.ts). */
  outcome?: TaskOutcome;
  /** The model's questions to the person and the answers (none: nobody could answer). */
  questions: QuestionRecord[];
  /** The kind of model failure that ended the task, when one did. */
  errorKind?: string;
}

/** The plan itself, without the report's states: what `--plan-out` writes and `--plan-file` reads. */
export function planOfReport(r: PlanReport): Plan {
  return {
    summary: r.summary,
    steps: r.steps.map((s) => ({ title: s.title, ...(s.files ? { files: s.files } : {}), ...(s.commands ? { commands: s.commands } : {}) })),
    files: r.files,
    commands: r.commands,
    ...(r.risks ? { risks: r.risks } : {}),
  };
}

export function planReport(state: TaskState): PlanReport | null {
  const p = state.plan;
  if (!p) return null;
  return {
    ...p.plan,
    approved: p.approved,
    ...(p.by ? { by: p.by } : {}),
    steps: p.plan.steps.map((s, i) => ({
      ...s,
      status: p.steps[i]?.status ?? 'pending',
      ...(p.steps[i]?.note ? { note: p.steps[i].note } : {}),
      ...(p.assessment?.steps[i] ? { expected: p.assessment.steps[i].decision } : {}),
    })),
    ...(p.assessment ? { assessment: p.assessment } : {}),
  };
}

/** The result of an ended task from its folded state; `auditLog` is where its audit lines went. */
export function taskResult(state: TaskState, auditLog: string): TaskResult {
  return {
    status: state.status === 'running' ? 'error' : state.status,
    taskId: state.id,
    steps: state.step,
    toolCalls: state.toolCalls.map((c) => ({ ...c })),
    edits: state.edits.map((e) => ({ ...e })),
    verification: state.verification,
    usage: { ...state.usage },
    auditLog,
    summary: state.summary ?? '',
    ...(state.error ? { error: state.error } : {}),
    plan: planReport(state),
    instructions: state.instructions.map((i) => ({ ...i })),
    outcome: taskOutcome(state),
    questions: state.questions.map((q) => ({ ...q })),
    ...(state.errorKind ? { errorKind: state.errorKind } : {}),
  };
}
