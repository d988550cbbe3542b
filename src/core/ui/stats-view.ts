// The workspace's figures (core/observe) as the panel's protocol carries them: bounded lists, long
// keys shortened. The same numbers `harness stats` prints.
import type { RuleSuggestion } from '../observe/suggestions';
import type { ApprovalRow, WorkspaceStats } from '../observe/workspace-stats';
import type { ApprovalRowView, StatsView } from './panel-protocol';

const cap = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const whole = (n: number) => (Number.isFinite(n) && n > 0 ? Math.round(n) : 0);
const ms = (n: number | null) => (n === null || !Number.isFinite(n) ? null : Math.max(0, n));

function row(r: Omit<ApprovalRow, 'key'> & { key?: string }): ApprovalRowView {
  return { key: cap(r.key ?? '', 500), asked: r.asked, approved: r.approved, rejected: r.rejected, partly: r.partly, stale: r.stale, unanswered: r.unanswered, byHuman: r.byHuman, medianWaitMs: ms(r.medianWaitMs) };
}

const keyCounts = (m: Record<string, number>, max: number) =>
  Object.entries(m)
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([key, count]) => ({ key: cap(key, 60), count }));

export function statsView(s: WorkspaceStats, suggestions: readonly RuleSuggestion[]): StatsView {
  const { byTool, byCommand, ...overall } = s.approvals;
  return {
    tasks: s.tasks.total,
    byStatus: keyCounts(s.tasks.byStatus, 20),
    byVerdict: keyCounts(s.tasks.byVerdict, 10),
    tasksVerified: s.verification.tasksVerified,
    verifiedFirstRound: s.verification.verifiedFirstRound,
    fixRounds: s.verification.fixRounds,
    maxFixRounds: s.verification.maxFixRounds,
    humanReviews: s.humanReviews.total,
    tasksNeedingReview: s.humanReviews.tasksNeedingReview,
    approvals: row(overall),
    byTool: byTool.slice(0, 30).map(row),
    byCommand: byCommand.slice(0, 30).map(row),
    promptTokens: whole(s.usage.promptTokens),
    completionTokens: whole(s.usage.completionTokens),
    modelCalls: s.usage.modelCalls,
    wallMs: whole(s.wallMs.total),
    medianWallMs: ms(s.wallMs.median),
    costUsd: ms(s.cost.usd),
    unpricedModels: s.cost.unpricedModels.slice(0, 20).map((m) => cap(m, 200)),
    // The host acts on an id it finds in its own list: one that would not fit is not offered.
    suggestions: suggestions.filter((x) => x.id.length <= 600).slice(0, 20).map((x) => ({ id: x.id, title: cap(x.title, 600), detail: cap(x.detail, 2000), approvals: x.approvals })),
  };
}
