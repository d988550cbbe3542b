// A task's result (what runTask returns, and so the CLI's --json report) as a fold over its events.
import type { TaskStatus, Usage, VerificationReport } from '../shared/types';
import type { EditRecord, QuestionRecord, TaskState, ToolCallRecord } from './fold';
import type { TaskOutcome } from './schema';
import { taskOutcome } from './outcome';

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
  /** What the task came to, in one word (see events/outcome.ts). */
  outcome?: TaskOutcome;
  /** The model's questions to the person and the answers (none: nobody could answer). */
  questions: QuestionRecord[];
  /** The kind of model failure that ended the task, when one did. */
  errorKind?: string;
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
    outcome: taskOutcome(state),
    questions: state.questions.map((q) => ({ ...q })),
    ...(state.errorKind ? { errorKind: state.errorKind } : {}),
  };
}
