// The workspace's figures over all its tasks (the same as `harness stats`), and the allow rules the
// record suggests, each with what it would allow and one click to add it to the user settings.
import type { ApprovalRowView, StatsView } from '../src/core/ui/panel-protocol';
import { button, clear, duration, h, icon, slug } from './dom';
import { post } from './vscode-api';

let tablesOpen = false;

const pct = (n: number, of: number) => (of ? `${Math.round((n / of) * 100)}%` : '–');
const wait = (ms: number | null) => (ms === null ? '–' : ms < 1000 ? `${Math.round(ms)} ms` : duration(ms));
const words = (list: { key: string; count: number }[]) => list.map((x) => `${x.key.replace(/_/g, ' ')} ${x.count}`).join(', ');

function figure(label: string, value: string, sub: string, testid: string): HTMLElement {
  return h('div', { class: 'figure', 'data-testid': testid }, h('div', { class: 'figure-label' }, label), h('div', { class: 'figure-value' }, value), sub ? h('div', { class: 'muted figure-sub' }, sub) : null);
}

function approvalTable(title: string, rows: ApprovalRowView[], testid: string): HTMLElement | null {
  if (!rows.length) return null;
  const head = h('tr', {}, ...[title, 'Asked', 'Approved', 'Rejected', 'By a person', 'Median wait'].map((t) => h('th', {}, t)));
  const body = rows.slice(0, 15).map((r) => h('tr', { 'data-testid': `${testid}-${slug(r.key)}` }, h('td', { class: 'mono' }, r.key), h('td', {}, String(r.asked)), h('td', {}, String(r.approved + r.partly)), h('td', {}, String(r.rejected)), h('td', {}, String(r.byHuman)), h('td', {}, wait(r.medianWaitMs))));
  return h('table', { class: 'stats-table', 'data-testid': testid }, h('thead', {}, head), h('tbody', {}, ...body));
}

export function renderStats(root: HTMLElement, s: StatsView | undefined): void {
  clear(root);
  root.hidden = !s || s.tasks === 0;
  if (!s || s.tasks === 0) return;
  root.append(h('h2', {}, icon('graph'), ' Workspace'));
  for (const x of s.suggestions) {
    root.append(
      h(
        'div',
        { class: 'suggestion', 'data-testid': `suggestion-${slug(x.id)}` },
        h('div', { class: 'approval-title' }, icon('lightbulb'), x.title),
        h('div', { class: 'suggestion-detail' }, x.detail),
        h(
          'div',
          { class: 'actions' },
          button('Add to my user settings', `allow-suggestion-${slug(x.id)}`, () => post({ type: 'allowSuggestion', id: x.id }), { iconName: 'check' }),
          button('Dismiss', `dismiss-suggestion-${slug(x.id)}`, () => post({ type: 'dismissSuggestion', id: x.id }), { secondary: true, iconName: 'close' }),
        ),
      ),
    );
  }
  const a = s.approvals;
  const tokens = s.promptTokens + s.completionTokens;
  root.append(
    h(
      'div',
      { class: 'figures' },
      figure('Tasks', String(s.tasks), words(s.byStatus), 'stat-tasks'),
      figure('Verified first round', s.tasksVerified ? `${s.verifiedFirstRound} of ${s.tasksVerified}` : '–', s.tasksVerified ? `${pct(s.verifiedFirstRound, s.tasksVerified)} · ${s.fixRounds} fix round${s.fixRounds === 1 ? '' : 's'}` : 'no task verified', 'stat-first-round'),
      figure('Approvals', `${a.approved + a.partly} / ${a.rejected}`, `approved / rejected · median wait ${wait(a.medianWaitMs)}`, 'stat-approvals'),
      figure('Human reviews', String(s.humanReviews), s.tasksNeedingReview ? `${s.tasksNeedingReview} task${s.tasksNeedingReview === 1 ? '' : 's'} handed over` : 'answers by a person', 'stat-reviews'),
      figure('Tokens', tokens.toLocaleString(), `${s.modelCalls} model calls`, 'stat-tokens'),
      figure('Time', duration(s.wallMs), s.medianWallMs === null ? '' : `median ${duration(s.medianWallMs)} per task`, 'stat-time'),
      figure('Cost', s.costUsd === null ? 'unknown' : `$${s.costUsd.toFixed(s.costUsd < 1 ? 4 : 2)}`, s.unpricedModels.length ? `no price for ${s.unpricedModels.join(', ')}` : '', 'stat-cost'),
    ),
  );
  const tables = [approvalTable('Tool', s.byTool, 'stats-by-tool'), approvalTable('Command', s.byCommand, 'stats-by-command')].filter((t): t is HTMLElement => t !== null);
  if (tables.length) {
    const details = h('details', { class: 'stats-details', open: tablesOpen }, h('summary', {}, 'Approvals by tool and command'), ...tables);
    details.addEventListener('toggle', () => (tablesOpen = details.open));
    root.append(details);
  }
}
