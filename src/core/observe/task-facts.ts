// What one task's record says for the statistics: how it ended, how verification went, every
// approval with who answered, how and how fast, the tokens and the wall time. A pure fold over the
// task's events (a journal read back, or a live stream), so `harness stats`, the panel and the
// telemetry count the same things.
import type { Usage } from '../shared/types';
import type { ApprovalOutcome, EventOf, TaskEventBody } from '../events/schema';

export type TaskEndStatus = EventOf<'task-ended'>['status'] | 'unfinished';
export type Verdict = EventOf<'task-ended'>['verdict'];
type Decision = EventOf<'policy-decision'>['decision'];

/** One approval request and its answer. */
export interface ApprovalFact {
  toolCallId: string;
  /** The tool asked about (`run_command` for commands, verification's included). */
  tool: string;
  request: EventOf<'approval-asked'>['request'];
  /** The command line, for commands. */
  command?: string;
  /** The workspace-relative path, for file tools. */
  path?: string;
  risk: Decision['risk'];
  /** The rule that made it ask (`builtin:…`, a user rule), or none when nothing allowed it. */
  rule?: string;
  /** A command of several parts (`a && b`): one rule cannot allow it as a whole. */
  compound: boolean;
  /** Absent while unanswered (the task stopped while it waited). */
  outcome?: ApprovalOutcome;
  by?: string;
  /** From the question to the answer. */
  waitMs?: number;
  /** The task's automation level when it was asked. */
  level?: number;
}

export interface TaskFacts {
  id: string;
  status: TaskEndStatus;
  verdict: Verdict;
  model?: string;
  level?: number;
  startedAt: number;
  /** Time the task was running, its pauses between a stop and a resume left out. */
  wallMs: number;
  /** Verification rounds run; the first round's verdict. */
  rounds: number;
  firstRoundVerdict?: Verdict;
  modelCalls: number;
  usage: Usage;
  /** USD the endpoint reported for the task's model calls, where it did (see cost.ts). */
  reportedCostUsd?: number;
  approvals: ApprovalFact[];
}

/** Who answered counts: a person (`user`), not a script (`cli:accept`), a cancellation or the harness. */
export const isHumanAnswer = (by: string | undefined): boolean => by === 'user';

function emptyFacts(id: string): TaskFacts {
  return { id, status: 'unfinished', verdict: 'not_run', startedAt: 0, wallMs: 0, rounds: 0, modelCalls: 0, usage: { promptTokens: 0, completionTokens: 0 }, approvals: [] };
}

/** Folds a task's events (as stored: each with its time) into its facts. */
export function taskFacts(id: string, events: readonly (TaskEventBody & { at?: number })[]): TaskFacts {
  const f = emptyFacts(id);
  const decisions = new Map<string, EventOf<'policy-decision'>>();
  const asked = new Map<string, { fact: ApprovalFact; at?: number }>();
  let segmentStart: number | undefined;
  let lastAt = 0;
  const closeSegment = () => {
    if (segmentStart !== undefined) f.wallMs += Math.max(0, lastAt - segmentStart);
    segmentStart = undefined;
  };
  for (const e of events) {
    const at = e.at ?? 0;
    switch (e.type) {
      case 'task-started':
        f.startedAt = at;
        f.model = e.model;
        f.level = e.level;
        segmentStart = at;
        break;
      case 'task-resumed':
        closeSegment();
        segmentStart = at;
        f.usage = { ...e.usage };
        break;
      case 'model-turn': {
        f.modelCalls++;
        const cost = (e.usage as { costUsd?: unknown }).costUsd;
        if (typeof cost === 'number' && Number.isFinite(cost) && cost >= 0) f.reportedCostUsd = (f.reportedCostUsd ?? 0) + cost;
        break;
      }
      case 'step-ended':
        f.usage = { ...e.usage };
        break;
      case 'policy-decision':
        decisions.set(e.toolCallId, e);
        break;
      case 'approval-asked': {
        const d = decisions.get(e.toolCallId);
        const fact: ApprovalFact = {
          toolCallId: e.toolCallId,
          tool: d?.tool ?? (e.request === 'command' ? 'run_command' : e.request),
          request: e.request,
          ...(e.request === 'command' ? { command: d?.command ?? e.subject } : {}),
          ...(d?.path !== undefined ? { path: d.path } : {}),
          risk: e.decision.risk,
          ...(e.decision.rule ? { rule: e.decision.rule } : {}),
          compound: (e.decision.parts?.length ?? 1) > 1,
          ...(f.level !== undefined ? { level: f.level } : {}),
        };
        f.approvals.push(fact);
        asked.set(e.toolCallId, { fact, at: e.at });
        break;
      }
      case 'approval-answered': {
        const q = asked.get(e.toolCallId);
        if (!q) break;
        asked.delete(e.toolCallId);
        q.fact.outcome = e.outcome;
        q.fact.by = e.by;
        if (e.at !== undefined && q.at !== undefined) q.fact.waitMs = Math.max(0, e.at - q.at);
        break;
      }
      case 'verification-round':
        // Each event is one round run (a resumed task numbers its rounds afresh).
        f.rounds++;
        f.firstRoundVerdict ??= e.verdict;
        f.verdict = e.verdict;
        break;
      case 'task-ended':
        f.status = e.status;
        f.verdict = e.verdict;
        if (e.usage.promptTokens + e.usage.completionTokens > 0) f.usage = { ...e.usage };
        break;
      default:
        break;
    }
    if (at) lastAt = Math.max(lastAt, at);
  }
  closeSegment();
  return f;
}
