// The panel's state as a pure reducer over task events (live, or a journal read back after a
// reload). The host keeps one PanelState (so a hidden or reloaded panel gets it back whole) and sends
// the webview only what changed.
import type { TaskEvent } from '../events/schema';
import { foldProgress, type TaskProgress } from '../events/progress';
import { OUTCOME_WORDS } from '../events/outcome';
import { applyInstructions, applyPlanEvent, outsidePlan, planEntryTitle } from './panel-plan';
import type { CheckpointView, PanelState, PanelUpdate, PendingApproval, PendingQuestion, StatsView, TaskSummary, TimelineEntry } from './panel-protocol';
import { compactionTitle } from './compaction-text';

/** Enough history to scroll back through a long task without the snapshot growing without bound. */
export const TIMELINE_CAP = 2000;
/** Tasks the panel lists (the newest). */
export const TASK_CAP = 200;
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
    plans: [],
    instructions: [],
    questions: [],
  };
}

const cap = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
/** Ids can come from the model: keep them within what the protocol accepts. */
const safeId = (id: string) => cap(id || '?', 200);
const nat = (n: number) => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);

function argsSummary(args: unknown): string {
  if (args && typeof args === 'object') {
    const a = args as Record<string, unknown>;
    for (const key of ['command', 'path', 'pattern', 'query', 'question']) if (typeof a[key] === 'string') return cap(a[key] as string, 200);
  }
  try {
    return cap(JSON.stringify(args) ?? '', 200);
  } catch {
    return '';
  }
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
    budgets: { ...state.budgets, steps: 0, tokens: 0, cachedTokens: undefined, costUsd: undefined, elapsedMs: 0, startedAt: now, endedAt: undefined },
  };
}

function updateTask(state: PanelState, taskId: string, patch: Partial<TaskSummary>): PanelState {
  return { ...state, tasks: state.tasks.map((t) => (t.id === taskId ? { ...t, ...patch } : t)) };
}

/** Replaces the newest timeline entry of a tool call (an entry that may already have been sent). */
function patchCall(state: PanelState, taskId: string, toolCallId: string, patch: Partial<TimelineEntry>): PanelState {
  const id = safeId(toolCallId);
  for (let i = state.timeline.length - 1; i >= 0; i--) {
    const e = state.timeline[i];
    if (e.taskId === taskId && e.toolCallId === id && e.kind === 'tool') {
      const timeline = state.timeline.slice();
      timeline[i] = { ...e, ...patch };
      return { ...state, timeline };
    }
  }
  return state;
}

/** The newest model entry of a task still being streamed, if any. */
function streamingIndex(state: PanelState, taskId: string): number {
  for (let i = state.timeline.length - 1; i >= 0; i--) {
    const e = state.timeline[i];
    if (e.taskId === taskId && e.kind === 'model') return e.streaming ? i : -1;
  }
  return -1;
}

function patchAt(state: PanelState, i: number, patch: Partial<TimelineEntry>): PanelState {
  const timeline = state.timeline.slice();
  timeline[i] = { ...timeline[i], ...patch };
  return { ...state, timeline };
}

/** Replaces the newest entry of a question (its answer arrives after it). */
function patchQuestion(state: PanelState, taskId: string, toolCallId: string, patch: Partial<TimelineEntry>): PanelState {
  const id = safeId(toolCallId);
  const i = state.timeline.findLastIndex((e) => e.taskId === taskId && e.toolCallId === id && e.kind === 'question');
  return i === -1 ? state : patchAt(state, i, patch);
}

/** The task's progress as the panel keeps it (in its task list), so the same fold drives it. */
function progressOf(t: TaskSummary): TaskProgress {
  const usage = { promptTokens: t.tokens ?? 0, completionTokens: 0, ...(t.cachedTokens !== undefined ? { cachedTokens: t.cachedTokens } : {}), ...(t.costUsd !== undefined ? { costUsd: t.costUsd } : {}) };
  return { phase: t.phase, step: t.step ?? 0, maxSteps: t.maxSteps ?? 0, pendingApprovals: t.pendingApprovals ?? 0, usage, ...(t.detail ? { detail: t.detail } : {}), ...(t.outcome ? { outcome: t.outcome } : {}) };
}

const money = (n: number | undefined) => (n !== undefined && Number.isFinite(n) && n >= 0 ? n : undefined);

function withProgress(s: PanelState, e: TaskEvent): PanelState {
  const task = s.tasks.find((t) => t.id === e.taskId);
  if (!task) return s;
  const p = foldProgress(progressOf(task), e);
  const tokens = p.usage.promptTokens + p.usage.completionTokens;
  const costUsd = money(p.usage.costUsd);
  const cachedTokens = p.usage.cachedTokens === undefined ? undefined : nat(p.usage.cachedTokens);
  if (p.phase === task.phase && p.step === (task.step ?? 0) && p.maxSteps === (task.maxSteps ?? 0) && tokens === (task.tokens ?? 0) && costUsd === task.costUsd && cachedTokens === task.cachedTokens && p.pendingApprovals === (task.pendingApprovals ?? 0) && p.detail === task.detail && p.outcome === task.outcome) return s;
  s = updateTask(s, e.taskId, { phase: p.phase, step: nat(p.step), maxSteps: nat(p.maxSteps), tokens: nat(tokens), cachedTokens, costUsd, pendingApprovals: nat(p.pendingApprovals), detail: p.detail ? cap(p.detail, 1000) : undefined, outcome: p.outcome });
  if (e.taskId !== s.activeTaskId) return s;
  return { ...s, budgets: { ...s.budgets, steps: nat(p.step), maxSteps: nat(p.maxSteps), tokens: nat(tokens), cachedTokens, costUsd, startedAt: task.startedAt, elapsedMs: Math.max(0, e.at - task.startedAt) } };
}

function approvalView(e: Extract<TaskEvent, { type: 'approval-asked' }>): PendingApproval {
  const title = e.request === 'command' ? `run ${cap(e.subject, 800)}` : cap(e.subject, 1000);
  return {
    taskId: e.taskId,
    toolCallId: safeId(e.toolCallId),
    kind: e.request,
    title,
    reason: cap(e.decision.reason, 2000),
    risk: e.decision.risk,
    ...(e.decision.rule ? { rule: cap(e.decision.rule, 1000) } : {}),
    ...(e.diff !== undefined ? { diff: cap(e.diff, DIFF_CAP) } : {}),
  };
}

const OUTCOME_WORD: Record<string, string> = { approved: 'Approved', rejected: 'Rejected', stale: 'Not applied (stale)', partly: 'Partly approved' };

export function applyEvent(prev: PanelState, e: TaskEvent): PanelState {
  if (e.type === 'command-output') return prev; // too chatty for the timeline
  if (e.type === 'text-delta') {
    // Streamed text fills the model's entry as it arrives (the host sends it coalesced).
    const i = streamingIndex(prev, e.taskId);
    if (i === -1) return prev;
    const text = prev.timeline[i].text ?? '';
    return text.length >= TEXT_CAP ? prev : patchAt(prev, i, { text: cap(text + e.text, TEXT_CAP) });
  }
  if (e.type === 'log' && (e.level === 'trace' || e.level === 'debug')) return prev;
  const at = e.at;
  const taskId = e.taskId;
  let s = withProgress(withTask(prev, taskId, at), e);
  switch (e.type) {
    case 'task-started':
      s = updateTask(s, taskId, { title: cap(e.task, 1000), startedAt: at });
      return append(s, { taskId, at, kind: 'user', title: 'Task', text: cap(e.task, TEXT_CAP) });
    case 'task-resumed':
      s = updateTask(s, taskId, { status: undefined, endedAt: undefined, outcome: undefined, errorKind: undefined, interrupted: undefined });
      return append(s, { taskId, at, kind: 'log', level: 'info', title: `Task resumed after step ${e.step}` });
    case 'task-continued':
      s = updateTask(s, taskId, { status: undefined, endedAt: undefined, outcome: undefined, errorKind: undefined });
      if (taskId === s.activeTaskId) s = { ...s, budgets: { ...s.budgets, startedAt: at, endedAt: undefined, elapsedMs: 0 } };
      return e.message.trim() ? append(s, { taskId, at, kind: 'user', title: 'Follow-up', text: cap(e.message, TEXT_CAP) }) : append(s, { taskId, at, kind: 'log', level: 'info', title: 'Task retried' });
    case 'model-request':
      return append(s, { taskId, at, kind: 'model', title: `Step ${e.step}: model`, streaming: true });
    case 'model-turn': {
      const calls = e.toolCalls.map((c) => c.name).join(', ');
      const done = { title: `Step ${e.step}: model${calls ? ` → ${calls}` : ''}`, text: cap(e.content, TEXT_CAP) || undefined, streaming: undefined };
      const i = streamingIndex(s, taskId);
      return i === -1 ? append(s, { taskId, at, kind: 'model', ...done }) : patchAt(s, i, done);
    }
    case 'question-asked': {
      const q: PendingQuestion = { taskId, toolCallId: safeId(e.toolCallId), question: cap(e.question, 2000), ...(e.options?.length ? { options: e.options.slice(0, 8).map((o) => cap(o, 200)) } : {}) };
      s = { ...s, questions: [...(s.questions ?? []).filter((x) => x.toolCallId !== q.toolCallId), q] };
      return append(s, { taskId, at, kind: 'question', title: q.question, toolCallId: q.toolCallId, ...(q.options ? { text: q.options.join('\n') } : {}) });
    }
    case 'question-answered':
      s = { ...s, questions: (s.questions ?? []).filter((x) => x.toolCallId !== safeId(e.toolCallId)) };
      return patchQuestion(s, taskId, e.toolCallId, e.answer !== undefined ? { reason: cap(`Answered by ${e.by}: ${e.answer}`, 2000), ok: true } : { reason: 'No one answered: the model was told to go on by its own judgement.', ok: false });
    case 'model-retry':
      if (streamingIndex(s, taskId) !== -1) s = patchAt(s, streamingIndex(s, taskId), { text: undefined }); // the text comes again
      return append(s, { taskId, at, kind: 'log', level: 'warn', title: cap(`Model call retried (attempt ${e.attempt}, in ${Math.round(e.delayMs / 100) / 10} s): ${e.reason}`, 1000) });
    case 'tool-call-proposed':
      return append(s, { taskId, at, kind: 'tool', title: `${e.tool} ${argsSummary(e.args)}`.trim(), toolCallId: safeId(e.toolCallId) });
    case 'policy-decision':
      return patchCall(s, taskId, e.toolCallId, { decision: e.decision.decision, reason: cap(e.decision.reason, 2000), risk: e.decision.risk, ...(outsidePlan(e.decision) ? { outsidePlan: true } : {}) });
    case 'tool-call-ended':
      return patchCall(s, taskId, e.toolCallId, { ok: e.outcome === 'ok', text: cap(e.error && e.outcome !== 'ok' ? `${e.error}\n\n${e.result}` : e.result, TEXT_CAP) || undefined });
    case 'command-finished':
      return e.savedBytes ? patchCall(s, taskId, e.toolCallId, { fullOutput: true }) : s;
    case 'context-compacted':
      return append(s, { taskId, at, kind: 'log', level: e.reason === 'overflow' ? 'warn' : 'info', title: cap(compactionTitle(e), 1000) });
    case 'approval-asked': {
      const view = approvalView(e);
      s = { ...s, approvals: [...s.approvals.filter((a) => a.toolCallId !== view.toolCallId), view] };
      return append(s, { taskId, at, kind: 'approval', title: `Approval requested: ${view.title}`, reason: view.reason, risk: view.risk, toolCallId: view.toolCallId, ...(outsidePlan(e.decision) ? { outsidePlan: true } : {}) });
    }
    case 'approval-answered':
      s = { ...s, approvals: s.approvals.filter((a) => a.toolCallId !== safeId(e.toolCallId)) };
      return append(s, {
        taskId,
        at,
        kind: 'approval',
        title: `${OUTCOME_WORD[e.outcome]} by ${cap(e.by, 200)}`,
        reason: e.reason ? cap(e.reason, 2000) : undefined,
        ok: e.outcome === 'approved' || e.outcome === 'partly',
        toolCallId: safeId(e.toolCallId),
      });
    case 'edit-applied':
      return append(s, { taskId, at, kind: 'edit', title: `applied ${cap(e.path, 900)}`, ok: true, text: e.checkpointId ? `checkpoint ${e.checkpointId}` : undefined });
    case 'edit-refused':
      return append(s, { taskId, at, kind: 'edit', title: `${e.status} ${cap(e.path, 900)}`, ok: false, reason: e.reason ? cap(e.reason, 2000) : undefined });
    case 'edit-reverted':
      return append(s, { taskId, at, kind: 'edit', title: `reverted ${cap(e.path, 900)}`, ok: false, reason: cap(`${e.reason} (${e.by})`, 2000) });
    case 'verification-round': {
      const earlier = s.verification.find((v) => v.taskId === taskId)?.rounds ?? [];
      // The panel shows the rendered details (failing tests first); the structured failures stay in the report.
      const round = { checks: e.checks.slice(0, 200).map(({ failures: _failures, ...c }) => ({ ...c, name: cap(c.name, 500), file: c.file === undefined ? undefined : cap(c.file, 1000), summary: cap(c.summary, 2000), details: c.details === undefined ? undefined : cap(c.details, DETAILS_CAP), forHuman: undefined })) };
      const view = { taskId, verdict: e.verdict, rounds: [...earlier, round].slice(-50) };
      s = { ...s, verification: [...s.verification.filter((v) => v.taskId !== taskId), view].slice(-TASK_CAP) };
      const n = view.rounds.length;
      return append(s, { taskId, at, kind: 'verification', title: `Verification: ${view.verdict.replace('_', ' ')} (${n} round${n === 1 ? '' : 's'})`, ok: view.verdict === 'verified' });
    }
    case 'instructions-loaded':
      return applyInstructions(s, e);
    case 'plan-submitted':
    case 'plan-approved':
    case 'plan-assessed':
    case 'plan-step-updated': {
      s = applyPlanEvent(s, e);
      const title = planEntryTitle(e, s);
      return title ? append(s, { taskId, at, kind: 'plan', title, ...(e.type === 'plan-step-updated' && e.status === 'done' ? { ok: true } : {}) }) : s;
    }
    case 'hook-run': {
      const failed = e.result === 'block' || e.result === 'deny' || e.result === 'error';
      const title = `${e.hookEvent} hook \`${cap(e.command, 200)}\`${e.tool ? ` (${e.tool})` : ''}: ${e.result}${e.reason ? ` — ${e.reason}` : ''}`;
      return append(s, { taskId, at, kind: 'log', level: failed ? 'warn' : 'info', title: cap(title, 1000) });
    }
    case 'mcp-server': {
      const what = e.state === 'running' ? `running, ${e.tools.length} tool${e.tools.length === 1 ? '' : 's'}${e.sandboxed ? ', sandboxed' : e.sandboxed === false ? ', not sandboxed' : ''}` : `${e.state}${e.error ? `: ${e.error}` : ''}`;
      return append(s, { taskId, at, kind: 'log', level: e.state === 'running' ? 'info' : 'warn', title: cap(`MCP server "${e.server}" (${e.source}): ${what}`, 1000) });
    }
    case 'budget-hit':
      return append(s, { taskId, at, kind: 'log', level: 'warn', title: cap(e.message, 1000) });
    case 'error':
      return append(s, { taskId, at, kind: 'log', level: 'error', title: cap(e.message, 1000) });
    case 'log':
      return append(s, { taskId, at, kind: 'log', level: e.level, title: cap(e.message, 1000) });
    case 'task-ended': {
      s = updateTask(s, taskId, { status: e.status, endedAt: at, ...(e.errorKind ? { errorKind: cap(e.errorKind, 40) } : {}) });
      s = { ...s, approvals: s.approvals.filter((a) => a.taskId !== taskId), questions: (s.questions ?? []).filter((q) => q.taskId !== taskId) };
      // A model entry cut off by the end (cancelled mid-stream) stops growing.
      const open = streamingIndex(s, taskId);
      if (open !== -1) s = patchAt(s, open, { streaming: undefined });
      if (taskId === s.activeTaskId) {
        const startedAt = s.budgets.startedAt ?? at;
        s = { ...s, budgets: { ...s.budgets, endedAt: at, elapsedMs: Math.max(0, at - startedAt) } };
      }
      const words = e.outcome && OUTCOME_WORDS[e.outcome] !== e.status ? ` — ${OUTCOME_WORDS[e.outcome]}` : '';
      return append(s, { taskId, at, kind: 'done', title: `Task ${e.status}${words}`, text: e.error ? cap(e.error, TEXT_CAP) : undefined, ok: e.status === 'completed' });
    }
    default:
      return s;
  }
}

export function setCheckpoints(s: PanelState, list: CheckpointView[]): PanelState {
  return { ...s, checkpoints: list.slice(-1000).map((c) => ({ ...c, files: c.files.slice(0, 5000) })) };
}

export function setLimits(s: PanelState, limits: { maxTokens?: number; maxWallMs?: number; maxCostUsd?: number }): PanelState {
  return { ...s, budgets: { ...s.budgets, maxTokens: limits.maxTokens, maxWallMs: limits.maxWallMs, maxCostUsd: money(limits.maxCostUsd) } };
}

export function setStats(s: PanelState, stats: StatsView): PanelState {
  return { ...s, stats };
}

export function selectTask(s: PanelState, taskId: string): PanelState {
  return s.tasks.some((t) => t.id === taskId) ? { ...s, activeTaskId: taskId } : s;
}

/** What `next` adds to `prev`, or null when nothing visible changed. Relies on the reducer's structural sharing. */
export function diffState(prev: PanelState, next: PanelState): PanelUpdate | null {
  if (prev === next) return null;
  const update: PanelUpdate = { entries: next.timeline.filter((t) => t.seq >= prev.nextSeq), nextSeq: next.nextSeq };
  if (next.timeline !== prev.timeline) {
    // Entries already sent that changed since (a tool call's decision and result fill in its entry).
    const before = new Map(prev.timeline.map((t) => [t.seq, t]));
    const changed = next.timeline.filter((t) => t.seq < prev.nextSeq && before.has(t.seq) && before.get(t.seq) !== t);
    if (changed.length) update.changed = changed;
  }
  if (next.droppedEntries !== prev.droppedEntries) update.droppedEntries = next.droppedEntries;
  if (next.tasks !== prev.tasks) update.tasks = next.tasks;
  if (next.activeTaskId !== prev.activeTaskId) update.activeTaskId = next.activeTaskId;
  if (next.approvals !== prev.approvals) update.approvals = next.approvals;
  if (next.verification !== prev.verification) update.verification = next.verification;
  if (next.checkpoints !== prev.checkpoints) update.checkpoints = next.checkpoints;
  if (next.budgets !== prev.budgets) update.budgets = next.budgets;
  if (next.plans !== prev.plans) update.plans = next.plans;
  if (next.instructions !== prev.instructions) update.instructions = next.instructions;
  if (next.questions !== prev.questions) update.questions = next.questions;
  if (next.stats !== prev.stats && next.stats) update.stats = next.stats;
  return update;
}

/** The webview's side of diffState: applying an update twice changes nothing. */
/**
 * The timeline entries a batch of updates adds to a page that had seen up to `nextSeq`, each once
 * even if the host sent it twice (applyUpdate drops repeats from the state the same way).
 */
export function newEntries(batch: readonly PanelUpdate[], nextSeq: number): TimelineEntry[] {
  let next = nextSeq;
  return batch.flatMap((u) => u.entries).filter((e) => (e.seq >= next ? ((next = e.seq + 1), true) : false));
}

export function applyUpdate(s: PanelState, u: PanelUpdate): PanelState {
  const fresh = u.entries.filter((e) => e.seq >= s.nextSeq);
  let timeline = s.timeline;
  if (u.changed?.length) {
    const bySeq = new Map(u.changed.map((e) => [e.seq, e]));
    timeline = timeline.map((e) => bySeq.get(e.seq) ?? e);
  }
  if (fresh.length) timeline = [...timeline, ...fresh];
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
    plans: u.plans ?? s.plans,
    instructions: u.instructions ?? s.instructions,
    questions: u.questions ?? s.questions,
    ...(u.stats ?? s.stats ? { stats: u.stats ?? s.stats } : {}),
  };
}
