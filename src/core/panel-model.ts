// The panel's state as a pure reducer over HarnessEvents. The host keeps one PanelState (so a
// hidden or reloaded panel gets it back whole) and sends the webview only what changed.
import type { ApprovalRequest, HarnessEvent } from './types';
import type { CheckpointView, PanelState, PanelUpdate, PendingApproval, TimelineEntry } from './panel-protocol';

/** Enough history to scroll back through a long task without the snapshot growing without bound. */
export const TIMELINE_CAP = 2000;
const TASK_CAP = 20;
const TEXT_CAP = 4000;
const DIFF_CAP = 20_000;
const DETAILS_CAP = 8000;

export function emptyPanelState(): PanelState {
  return {
    tasks: [],
    activeTaskId: null,
    timeline: [],
    nextSeq: 0,
    droppedEntries: 0,
    approvals: [],
    verification: [],
    checkpoints: [],
    budgets: { steps: 0, maxSteps: 0, tokens: 0, elapsedMs: 0 },
  };
}

const cap = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
/** Ids can come from the model: keep them within what the protocol accepts. */
const safeId = (id: string) => cap(id || '?', 200);
const nat = (n: number) => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);

function argsSummary(args: unknown): string {
  if (args && typeof args === 'object') {
    const a = args as Record<string, unknown>;
    for (const key of ['command', 'path', 'pattern', 'query']) if (typeof a[key] === 'string') return cap(a[key] as string, 200);
  }
  try {
    return cap(JSON.stringify(args) ?? '', 200);
  } catch {
    return '';
  }
}

function approvalView(req: ApprovalRequest): PendingApproval {
  const base = { taskId: req.taskId, toolCallId: safeId(req.toolCallId), reason: cap(req.decision.reason, 2000), risk: req.decision.risk, rule: req.decision.rule ? cap(req.decision.rule, 1000) : undefined };
  if (req.kind === 'edit') {
    return { ...base, kind: 'edit', title: `${req.proposal.kind} ${req.proposal.path}`, diff: cap(req.proposal.diff, DIFF_CAP) };
  }
  if (req.kind === 'command') return { ...base, kind: 'command', title: `run ${cap(req.command, 800)}` };
  return { ...base, kind: 'tool', title: `${req.tool} ${argsSummary(req.args)}` };
}

function append(state: PanelState, entry: Omit<TimelineEntry, 'seq'>): PanelState {
  let timeline = [...state.timeline, { ...entry, seq: state.nextSeq }];
  let dropped = state.droppedEntries;
  if (timeline.length > TIMELINE_CAP) {
    dropped += timeline.length - TIMELINE_CAP;
    timeline = timeline.slice(timeline.length - TIMELINE_CAP);
  }
  return { ...state, timeline, nextSeq: state.nextSeq + 1, droppedEntries: dropped };
}

/** Makes sure the task is listed; a task seen for the first time becomes the active one. */
function withTask(state: PanelState, taskId: string, now: number): PanelState {
  if (state.tasks.some((t) => t.id === taskId)) return state;
  const tasks = [...state.tasks, { id: taskId, phase: 'idle' as const, startedAt: now }].slice(-TASK_CAP);
  return {
    ...state,
    tasks,
    activeTaskId: taskId,
    budgets: { ...state.budgets, steps: 0, tokens: 0, elapsedMs: 0, startedAt: now, endedAt: undefined },
  };
}

function updateTask(state: PanelState, taskId: string, patch: Partial<PanelState['tasks'][number]>): PanelState {
  return { ...state, tasks: state.tasks.map((t) => (t.id === taskId ? { ...t, ...patch } : t)) };
}

export function applyEvent(prev: PanelState, e: HarnessEvent, now: number = Date.now()): PanelState {
  if (e.type === 'model-delta' || e.type === 'command-output') return prev; // too chatty for the timeline
  if (e.type === 'log' && (e.level === 'trace' || e.level === 'debug')) return prev;
  let s = withTask(prev, e.taskId, now);
  const at = now;
  const taskId = e.taskId;
  switch (e.type) {
    case 'phase': {
      s = updateTask(s, taskId, { phase: e.phase, detail: e.detail ? cap(e.detail, 1000) : undefined });
      if (taskId === s.activeTaskId) {
        const task = s.tasks.find((t) => t.id === taskId)!;
        s = {
          ...s,
          budgets: {
            ...s.budgets,
            steps: nat(e.step),
            maxSteps: nat(e.maxSteps),
            tokens: nat(e.usage.promptTokens + e.usage.completionTokens),
            startedAt: task.startedAt,
            elapsedMs: Math.max(0, now - task.startedAt),
          },
        };
      }
      return s;
    }
    case 'model-turn': {
      const calls = e.toolCalls.map((c) => c.name).join(', ');
      return append(s, { taskId, at, kind: 'model', title: `Step ${e.step}: model${calls ? ` → ${calls}` : ''}`, text: cap(e.content, TEXT_CAP) || undefined });
    }
    case 'tool-call':
      return append(s, {
        taskId,
        at,
        kind: 'tool',
        title: `${e.tool} ${argsSummary(e.args)}`.trim(),
        decision: e.decision.decision,
        reason: cap(e.decision.reason, 2000),
        risk: e.decision.risk,
        ok: e.ok,
        toolCallId: safeId(e.id),
        text: cap(e.error ?? e.result, TEXT_CAP) || undefined,
      });
    case 'approval-requested': {
      const view = approvalView(e.request);
      s = { ...s, approvals: [...s.approvals.filter((a) => a.toolCallId !== view.toolCallId), view] };
      return append(s, { taskId, at, kind: 'approval', title: `Approval requested: ${view.title}`, reason: view.reason, risk: view.risk, toolCallId: view.toolCallId });
    }
    case 'approval-resolved': {
      s = { ...s, approvals: s.approvals.filter((a) => a.toolCallId !== safeId(e.toolCallId)) };
      const verb = e.result.approved ? 'Approved' : 'Rejected';
      return append(s, {
        taskId,
        at,
        kind: 'approval',
        title: `${verb} by ${e.result.by}`,
        reason: e.result.reason ? cap(e.result.reason, 2000) : undefined,
        ok: e.result.approved,
        toolCallId: safeId(e.toolCallId),
      });
    }
    case 'edit':
      return append(s, { taskId, at, kind: 'edit', title: `${e.status} ${e.path}`, ok: e.status === 'applied', text: e.checkpointId ? `checkpoint ${e.checkpointId}` : undefined });
    case 'verification': {
      const view = {
        taskId,
        verdict: e.report.verdict,
        rounds: e.report.rounds.slice(-50).map((r) => ({
          // The panel shows the rendered details (failing tests first); the structured failures stay in the report.
          checks: r.checks.slice(0, 200).map(({ failures: _failures, ...c }) => ({ ...c, name: cap(c.name, 500), file: c.file === undefined ? undefined : cap(c.file, 1000), summary: cap(c.summary, 2000), details: c.details === undefined ? undefined : cap(c.details, DETAILS_CAP) })),
        })),
      };
      s = { ...s, verification: [...s.verification.filter((v) => v.taskId !== taskId), view].slice(-TASK_CAP) };
      const n = view.rounds.length;
      return append(s, { taskId, at, kind: 'verification', title: `Verification: ${view.verdict.replace('_', ' ')} (${n} round${n === 1 ? '' : 's'})`, ok: view.verdict === 'verified' });
    }
    case 'log':
      return append(s, { taskId, at, kind: 'log', level: e.level, title: cap(e.message, 1000) });
    case 'done': {
      s = updateTask(s, taskId, { status: e.status, endedAt: now, phase: e.status === 'completed' ? 'done' : e.status === 'cancelled' ? 'cancelled' : 'failed' });
      s = { ...s, approvals: s.approvals.filter((a) => a.taskId !== taskId) };
      if (taskId === s.activeTaskId) {
        const startedAt = s.budgets.startedAt ?? now;
        s = { ...s, budgets: { ...s.budgets, endedAt: now, elapsedMs: Math.max(0, now - startedAt) } };
      }
      return append(s, { taskId, at, kind: 'done', title: `Task ${e.status}`, text: e.error ? cap(e.error, TEXT_CAP) : undefined, ok: e.status === 'completed' });
    }
  }
}

export function setCheckpoints(s: PanelState, list: CheckpointView[]): PanelState {
  return { ...s, checkpoints: list.slice(-1000).map((c) => ({ ...c, files: c.files.slice(0, 5000) })) };
}

export function setLimits(s: PanelState, limits: { maxTokens?: number; maxWallMs?: number }): PanelState {
  return { ...s, budgets: { ...s.budgets, maxTokens: limits.maxTokens, maxWallMs: limits.maxWallMs } };
}

export function selectTask(s: PanelState, taskId: string): PanelState {
  return s.tasks.some((t) => t.id === taskId) ? { ...s, activeTaskId: taskId } : s;
}

/** What `next` adds to `prev`, or null when nothing visible changed. Relies on the reducer's structural sharing. */
export function diffState(prev: PanelState, next: PanelState): PanelUpdate | null {
  if (prev === next) return null;
  const update: PanelUpdate = { entries: next.timeline.filter((t) => t.seq >= prev.nextSeq), nextSeq: next.nextSeq };
  if (next.droppedEntries !== prev.droppedEntries) update.droppedEntries = next.droppedEntries;
  if (next.tasks !== prev.tasks) update.tasks = next.tasks;
  if (next.activeTaskId !== prev.activeTaskId) update.activeTaskId = next.activeTaskId;
  if (next.approvals !== prev.approvals) update.approvals = next.approvals;
  if (next.verification !== prev.verification) update.verification = next.verification;
  if (next.checkpoints !== prev.checkpoints) update.checkpoints = next.checkpoints;
  if (next.budgets !== prev.budgets) update.budgets = next.budgets;
  return update;
}

/** The webview's side of diffState: applying an update twice changes nothing. */
export function applyUpdate(s: PanelState, u: PanelUpdate): PanelState {
  const fresh = u.entries.filter((e) => e.seq >= s.nextSeq);
  let timeline = fresh.length ? [...s.timeline, ...fresh] : s.timeline;
  if (timeline.length > TIMELINE_CAP) timeline = timeline.slice(timeline.length - TIMELINE_CAP);
  return {
    tasks: u.tasks ?? s.tasks,
    activeTaskId: u.activeTaskId === undefined ? s.activeTaskId : u.activeTaskId,
    timeline,
    nextSeq: Math.max(s.nextSeq, u.nextSeq),
    droppedEntries: u.droppedEntries ?? s.droppedEntries,
    approvals: u.approvals ?? s.approvals,
    verification: u.verification ?? s.verification,
    checkpoints: u.checkpoints ?? s.checkpoints,
    budgets: u.budgets ?? s.budgets,
  };
}
