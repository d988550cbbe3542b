// Journals written before the event stream (harness 0.1's record types) read back as events, so a
// task started by an older version can still be listed, resumed and restored.
import type { TaskEventBody } from './schema';

type Raw = Record<string, unknown> & { type: string };

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

/** The events an old record stands for; null when `rec` is not an old record type. */
export function upgradeLegacyRecord(rec: Raw): unknown[] | null {
  switch (rec.type) {
    case 'start':
      return [{ type: 'task-started', task: rec.task, root: rec.root, budgets: rec.budgets, ...(rec.model ? { model: rec.model } : {}) }];
    case 'step':
      return [{ type: 'step-ended', step: rec.step, usage: rec.usage }];
    case 'tool-start':
      return [{ type: 'tool-started', toolCallId: rec.toolCallId, tool: rec.tool, args: rec.args, ...(rec.intent ? { intent: rec.intent } : {}) }];
    case 'tool-end':
      return [{ type: 'tool-call-ended', toolCallId: rec.toolCallId, tool: '', outcome: rec.ok ? 'ok' : 'failed', result: rec.result }];
    case 'proposal':
      return [{ type: 'edit-proposed', proposal: rec.proposal }];
    case 'approval': {
      const r = obj(rec.result);
      return [{ type: 'approval-answered', toolCallId: rec.toolCallId, outcome: r.approved ? 'approved' : 'rejected', by: r.by ?? 'unknown', ...(r.reason ? { reason: r.reason } : {}), ...(r.acceptedHunks ? { acceptedHunks: r.acceptedHunks } : {}) }];
    }
    case 'edit':
      if (rec.status === 'applied') return [{ type: 'edit-applied', path: rec.path, ...(rec.checkpointId ? { checkpointId: rec.checkpointId } : {}), afterHash: rec.afterHash ?? '' }];
      if (rec.status === 'reverted') return [{ type: 'edit-reverted', path: rec.path, ...(rec.checkpointId ? { checkpointId: rec.checkpointId } : {}), by: 'unknown', reason: 'recorded by an earlier version' }];
      return [{ type: 'edit-refused', path: rec.path, status: rec.status === 'stale' ? 'stale' : 'rejected', by: 'unknown' }];
    case 'status':
      return []; // a resume marker; the fold treats every unfinished task as running
    case 'end':
      return [{ type: 'task-ended', status: rec.status, summary: rec.summary ?? '', verdict: 'not_run', steps: 0, usage: { promptTokens: 0, completionTokens: 0 } }];
    default:
      return null;
  }
}

export type { TaskEventBody };
