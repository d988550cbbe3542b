// A task's result (what runTask returns, and so the CLI's --json report) as a fold over its events.
import type { TaskStatus, Usage, VerificationReport } from '../shared/types';
import type { EditRecord, TaskState, ToolCallRecord } from './fold';

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
  };
}
