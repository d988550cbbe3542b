// `harness tasks show ID` (a task's timeline from its journal) and `harness stats` (the figures over
// the workspace's tasks): the harness's record, read in a terminal or by a script (--json).
import { costUsd, type PriceLookup } from '../core/observe/cost';
import { workspaceReport } from '../core/observe/load';
import type { RuleSuggestion } from '../core/observe/suggestions';
import { taskFacts } from '../core/observe/task-facts';
import type { ApprovalRow, WorkspaceStats } from '../core/observe/workspace-stats';
import { isSafeId } from '../core/state/ids';
import { readJournal, replay } from '../core/state/journal';
import type { StateStore } from '../core/state/store';
import { UsageError, type CliIo } from './args';
import { seconds, timelineLines, timelineText } from './task-timeline';
import { table, when } from './text-table';
import { usageJson } from './usage';

/** The task an id names: exactly, or as the one task whose id starts with it. */
async function resolveTaskId(store: StateStore, id: string): Promise<string> {
  if (!isSafeId(id)) throw new UsageError(`"${id}" is not a task id: list them with "harness tasks list".`);
  if (await store.exists(`tasks/${id}/journal.jsonl`)) return id;
  const matches = (await store.list('tasks')).filter((t) => isSafeId(t) && t.startsWith(id));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) throw new UsageError(`"${id}" names ${matches.length} tasks (${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', …' : ''}): give more of the id.`);
  throw new UsageError(`no task "${id}" in ${store.dir}: list them with "harness tasks list".`);
}

const usd = (n: number | null) => (n === null ? 'unknown' : `$${n < 0.01 && n > 0 ? n.toFixed(4) : n.toFixed(2)}`);
const tokens = (n: number) => n.toLocaleString('en-US');

export async function showTask(store: StateStore, idArg: string, io: CliIo, json: boolean, prices?: PriceLookup): Promise<number> {
  const id = await resolveTaskId(store, idArg);
  const journal = await readJournal(store, id);
  if (!journal?.records.length) throw new UsageError(`task ${id} has an empty journal: nothing to show.`);
  const state = replay(id, journal.records);
  const facts = taskFacts(id, journal.records);
  const lines = timelineLines(journal.records);
  const reported = (facts.usage as { costUsd?: number }).costUsd ?? facts.reportedCostUsd;
  const cost = costUsd({ ...facts.usage, ...(reported !== undefined ? { costUsd: reported } : {}) }, facts.model, prices);
  const status = state.ended ? state.status : 'interrupted';
  if (json) {
    const timeline = lines.map((l) => ({ at: l.at, offsetMs: l.offsetMs, type: l.type, text: l.text, event: l.details }));
    const report = { id, task: state.task, status, verdict: facts.verdict, model: facts.model ?? null, level: facts.level ?? null, startedAt: state.startedAt, wallMs: facts.wallMs, steps: state.step, usage: usageJson(state.usage), costUsd: cost, timeline, warnings: journal.warnings };
    io.stdout(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  const head = [
    `Task ${id}: ${state.task.replace(/\s+/g, ' ').trim()}`,
    `  ${status} · verdict ${facts.verdict.replace(/_/g, ' ')}${facts.model ? ` · model ${facts.model}` : ''}${facts.level ? ` · automation level ${facts.level}` : ''}`,
    `  started ${when(state.startedAt)} · ran ${seconds(facts.wallMs)} · ${state.step} step${state.step === 1 ? '' : 's'} · ${tokens(state.usage.promptTokens)} in / ${tokens(state.usage.completionTokens)} out tokens · cost ${usd(cost)}`,
    '',
  ];
  io.stdout(head.join('\n') + '\n' + timelineText(lines));
  for (const w of journal.warnings) io.stderr(`harness: warning: ${w}\n`);
  return 0;
}

const pct = (share: number | null) => (share === null ? '-' : `${Math.round(share * 100)}%`);
const counts = (m: Record<string, number>) => Object.entries(m).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k.replace(/_/g, ' ')} ${n}`).join(', ') || 'none';

function approvalTable(title: string, rows: ApprovalRow[]): string {
  if (!rows.length) return '';
  const header = [title, 'ASKED', 'APPROVED', 'REJECTED', 'PARTLY', 'STALE', 'BY A PERSON', 'MEDIAN WAIT'];
  const body = rows.map((r) => [r.key.length > 60 ? `${r.key.slice(0, 59)}…` : r.key, String(r.asked), String(r.approved), String(r.rejected), String(r.partly), String(r.stale), String(r.byHuman), r.medianWaitMs === null ? '-' : seconds(r.medianWaitMs)]);
  return table([header, ...body]).trimEnd().split('\n').map((l) => `  ${l}`).join('\n') + '\n';
}

export function statsText(s: WorkspaceStats, suggestions: readonly RuleSuggestion[]): string {
  if (!s.tasks.total) return 'No tasks yet.\n';
  const v = s.verification;
  const a = s.approvals;
  const out = [
    `Tasks: ${s.tasks.total} — ${counts(s.tasks.byStatus)}`,
    `Verdicts: ${counts(s.tasks.byVerdict)}`,
    v.tasksVerified
      ? `Verification: ${v.verifiedFirstRound} of ${v.tasksVerified} verified tasks passed on the first round (${pct(v.firstRoundShare)}); ${v.fixRounds} fix round${v.fixRounds === 1 ? '' : 's'} used (at most ${v.maxFixRounds} in one task)`
      : 'Verification: no task ran verification',
    `Human reviews: ${s.humanReviews.total} (edits ${s.humanReviews.edits}, commands ${s.humanReviews.commands}, tools ${s.humanReviews.tools}); ${s.humanReviews.tasksNeedingReview} task${s.humanReviews.tasksNeedingReview === 1 ? '' : 's'} handed over for review`,
    `Approvals: ${a.asked} asked — ${a.approved} approved, ${a.rejected} rejected, ${a.partly} partly, ${a.stale} stale, ${a.unanswered} unanswered; median wait ${a.medianWaitMs === null ? '-' : seconds(a.medianWaitMs)}`,
  ].join('\n');
  const u = s.usage;
  const tail = [
    `Tokens: ${tokens(u.totalTokens)} (${tokens(u.promptTokens)} in, ${tokens(u.completionTokens)} out${u.cachedTokens ? `, ${tokens(u.cachedTokens)} cached` : ''}) over ${u.modelCalls} model call${u.modelCalls === 1 ? '' : 's'}`,
    `Wall time: ${seconds(s.wallMs.total)} in all${s.wallMs.median === null ? '' : `, median ${seconds(s.wallMs.median)} per finished task`}`,
    `Cost: ${usd(s.cost.usd)}${s.cost.usd !== null ? ` (${s.cost.pricedTasks} of ${s.tasks.total} tasks priced)` : ''}${s.cost.unpricedModels.length ? `; no price known for ${s.cost.unpricedModels.join(', ')}` : ''}`,
  ].join('\n');
  const sugg = suggestions.length ? `\nSuggested allow rules (add them yourself; Harness never does):\n${suggestions.map((x) => `  ${x.title}\n    ${x.detail}`).join('\n')}\n` : '';
  return `${out}\n${approvalTable('TOOL', a.byTool)}${approvalTable('COMMAND', a.byCommand)}${tail}\n${sugg}`;
}

export async function statsCommand(store: StateStore, io: CliIo, json: boolean, prices?: PriceLookup): Promise<number> {
  const { stats, suggestions, warnings } = await workspaceReport(store, prices);
  io.stdout(json ? JSON.stringify({ ...stats, suggestions, warnings }, null, 2) + '\n' : statsText(stats, suggestions));
  if (!json) for (const w of warnings) io.stderr(`harness: warning: ${w}\n`);
  return 0;
}
