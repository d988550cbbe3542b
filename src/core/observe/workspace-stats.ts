// The workspace's figures over all its tasks: how they ended, how verification went, what people
// reviewed, approvals against rejections per tool and per command with the wait for an answer,
// tokens, time and cost. Pure: `harness stats --json` prints it, the panel shows it.
import { costUsd, type PriceLookup } from './cost';
import { isHumanAnswer, type ApprovalFact, type TaskFacts } from './task-facts';

/** Approvals for one tool or one command. */
export interface ApprovalRow {
  /** The tool name, or the command line. */
  key: string;
  asked: number;
  approved: number;
  rejected: number;
  /** Some hunks of an edit accepted, some not. */
  partly: number;
  /** The file changed before the answer: not applied. */
  stale: number;
  /** Asked and never answered (the task stopped while it waited). */
  unanswered: number;
  /** Answered by a person (the rest by a script's --on-approval, a cancellation or the harness). */
  byHuman: number;
  /** Median time from the question to the answer, over the answered ones. */
  medianWaitMs: number | null;
}

export interface WorkspaceStats {
  tasks: {
    total: number;
    /** Final status; `unfinished` for a task that stopped without ending (it may be resumed). */
    byStatus: Record<string, number>;
    byVerdict: Record<string, number>;
  };
  verification: {
    /** Tasks that ran at least one round. */
    tasksVerified: number;
    /** Of those, the ones whose first round passed. */
    verifiedFirstRound: number;
    /** verifiedFirstRound / tasksVerified; null with no verified task. */
    firstRoundShare: number | null;
    /** Rounds after the first, summed over the tasks, and the most one task used. */
    fixRounds: number;
    maxFixRounds: number;
  };
  /** Decisions a person made: approvals answered by a human, by kind, and tasks handed over for review. */
  humanReviews: { total: number; edits: number; commands: number; tools: number; tasksNeedingReview: number };
  approvals: Omit<ApprovalRow, 'key'> & { byTool: ApprovalRow[]; byCommand: ApprovalRow[] };
  usage: { promptTokens: number; completionTokens: number; cachedTokens: number; totalTokens: number; modelCalls: number };
  wallMs: { total: number; median: number | null };
  cost: {
    /** Sum over the tasks whose price is known; null when none is. */
    usd: number | null;
    pricedTasks: number;
    /** Models used by tasks whose cost is unknown. */
    unpricedModels: string[];
  };
}

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const bump = (m: Record<string, number>, k: string) => void (m[k] = (m[k] ?? 0) + 1);

function approvalRow(key: string, list: readonly ApprovalFact[]): ApprovalRow {
  const row: ApprovalRow = { key, asked: list.length, approved: 0, rejected: 0, partly: 0, stale: 0, unanswered: 0, byHuman: 0, medianWaitMs: null };
  const waits: number[] = [];
  for (const a of list) {
    if (!a.outcome) row.unanswered++;
    else row[a.outcome]++;
    if (isHumanAnswer(a.by)) row.byHuman++;
    if (a.outcome && a.waitMs !== undefined) waits.push(a.waitMs);
  }
  row.medianWaitMs = median(waits);
  return row;
}

function rows(list: readonly ApprovalFact[], keyOf: (a: ApprovalFact) => string | undefined): ApprovalRow[] {
  const groups = new Map<string, ApprovalFact[]>();
  for (const a of list) {
    const k = keyOf(a);
    if (k === undefined) continue;
    const g = groups.get(k);
    if (g) g.push(a);
    else groups.set(k, [a]);
  }
  return [...groups].map(([k, g]) => approvalRow(k, g)).sort((a, b) => b.asked - a.asked || (a.key < b.key ? -1 : 1));
}

/** The commands' lines as asked about, spaces evened out, so `npm  test` and `npm test` are one row. */
export const commandKey = (command: string): string => command.trim().replace(/\s+/g, ' ');

export function workspaceStats(tasks: readonly TaskFacts[], prices?: PriceLookup): WorkspaceStats {
  const byStatus: Record<string, number> = {};
  const byVerdict: Record<string, number> = {};
  const approvals = tasks.flatMap((t) => t.approvals);
  const verified = tasks.filter((t) => t.rounds > 0);
  const human = approvals.filter((a) => isHumanAnswer(a.by));
  let usd: number | null = null;
  let pricedTasks = 0;
  const unpriced = new Set<string>();
  const usage = { promptTokens: 0, completionTokens: 0, cachedTokens: 0, totalTokens: 0, modelCalls: 0 };
  for (const t of tasks) {
    bump(byStatus, t.status);
    bump(byVerdict, t.verdict);
    usage.promptTokens += t.usage.promptTokens;
    usage.completionTokens += t.usage.completionTokens;
    usage.cachedTokens += t.usage.cachedTokens ?? 0;
    usage.modelCalls += t.modelCalls;
    const reported = (t.usage as { costUsd?: number }).costUsd ?? t.reportedCostUsd;
    const cost = costUsd({ ...t.usage, ...(reported !== undefined ? { costUsd: reported } : {}) }, t.model, prices);
    if (cost !== null) {
      usd = (usd ?? 0) + cost;
      pricedTasks++;
    } else if (t.usage.promptTokens + t.usage.completionTokens > 0) unpriced.add(t.model ?? 'unknown');
  }
  usage.totalTokens = usage.promptTokens + usage.completionTokens;
  const { key: _key, ...overall } = approvalRow('', approvals);
  void _key;
  return {
    tasks: { total: tasks.length, byStatus, byVerdict },
    verification: {
      tasksVerified: verified.length,
      verifiedFirstRound: verified.filter((t) => t.firstRoundVerdict === 'verified').length,
      firstRoundShare: verified.length ? verified.filter((t) => t.firstRoundVerdict === 'verified').length / verified.length : null,
      fixRounds: verified.reduce((n, t) => n + t.rounds - 1, 0),
      maxFixRounds: verified.reduce((n, t) => Math.max(n, t.rounds - 1), 0),
    },
    humanReviews: {
      total: human.length,
      edits: human.filter((a) => a.request === 'edit').length,
      commands: human.filter((a) => a.request === 'command').length,
      tools: human.filter((a) => a.request === 'tool').length,
      tasksNeedingReview: tasks.filter((t) => t.verdict === 'needs_review').length,
    },
    approvals: {
      ...overall,
      byTool: rows(approvals, (a) => a.tool),
      byCommand: rows(approvals, (a) => (a.command !== undefined ? commandKey(a.command) : undefined)),
    },
    usage,
    wallMs: { total: tasks.reduce((n, t) => n + t.wallMs, 0), median: median(tasks.filter((t) => t.status !== 'unfinished').map((t) => t.wallMs)) },
    cost: { usd, pricedTasks, unpricedModels: [...unpriced].sort() },
  };
}
