// The task history: every task of this workspace (across reloads), newest first, each with its
// text, status, outcome, time and tokens (and cost where known), filterable by words and outcome.
import type { TaskSummary } from '../../src/core/ui/panel-protocol';
import { clear, h, icon } from '../dom';
import { post } from '../vscode-api';
import { formatUsd } from '../../src/core/model/pricing';
import { outcomeText, outcomeTone, RUNNING } from './words';

const FILTERS: [string, string, (t: TaskSummary) => boolean][] = [
  ['all', 'All tasks', () => true],
  ['running', 'Running', (t) => !t.status && !t.interrupted],
  ['attention', 'Needs attention', (t) => outcomeTone(t) === 'bad' || !!t.interrupted],
  ['verified', 'Verified', (t) => t.outcome === 'verified'],
  ['answered', 'Answered / no changes', (t) => t.outcome === 'answered' || t.outcome === 'no_changes'],
  ['restored', 'Restored / undone', (t) => t.outcome === 'restored' || t.outcome === 'undone' || t.outcome === 'partly_undone'],
];

const tokens = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(n >= 10_000 ? 0 : 1)}k tok` : `${n} tok`);

function when(ms: number): string {
  const d = new Date(ms);
  const today = new Date();
  return d.toDateString() === today.toDateString() ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleDateString([], { month: 'short', day: 'numeric' }) + ' ' + d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export class HistoryView {
  private readonly search = h('input', { type: 'search', class: 'history-search', placeholder: 'Filter tasks', 'aria-label': 'Filter tasks', 'data-testid': 'history-filter' });
  private readonly kind = h('select', { class: 'history-kind', 'aria-label': 'Show', 'data-testid': 'history-kind' });
  private readonly list = h('div', { class: 'history-list', role: 'list', 'data-testid': 'history-list' });
  private tasks: TaskSummary[] = [];
  private active: string | null = null;

  constructor(readonly root: HTMLElement) {
    for (const [value, label] of FILTERS) this.kind.append(h('option', { value }, label));
    this.search.addEventListener('input', () => this.render());
    this.kind.addEventListener('change', () => this.render());
    root.append(h('div', { class: 'history-tools' }, this.search, this.kind), this.list);
  }

  update(tasks: TaskSummary[], active: string | null): void {
    this.tasks = tasks;
    this.active = active;
    this.render();
  }

  private render(): void {
    clear(this.list);
    const words = this.search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const test = FILTERS.find(([v]) => v === this.kind.value)?.[2] ?? (() => true);
    const shown = [...this.tasks].reverse().filter((t) => test(t) && words.every((w) => `${t.title ?? ''} ${t.id}`.toLowerCase().includes(w)));
    if (!shown.length) {
      this.list.append(h('div', { class: 'muted empty' }, this.tasks.length ? 'No task matches.' : 'No tasks yet in this workspace.'));
      return;
    }
    for (const t of shown) this.list.append(this.item(t));
  }

  private item(t: TaskSummary): HTMLElement {
    const running = !t.status && !t.interrupted && RUNNING.has(t.phase);
    const meta = h(
      'div',
      { class: 'history-meta' },
      h('span', { class: `pill tone-${outcomeTone(t)}`, 'data-testid': 'history-outcome' }, running ? icon('loading', 'codicon-modifier-spin') : null, ` ${outcomeText(t)}`),
      h('span', { class: 'muted' }, when(t.startedAt)),
      t.tokens ? h('span', { class: 'muted' }, tokens(t.tokens)) : null,
      t.costUsd !== undefined ? h('span', { class: 'muted', 'data-testid': 'history-cost' }, formatUsd(t.costUsd)) : null,
    );
    const el = h(
      'button',
      { class: `history-item ${t.id === this.active ? 'active' : ''}`.trim(), role: 'listitem', 'data-testid': 'history-item', 'data-task-id': t.id, title: t.title ?? t.id },
      h('div', { class: 'history-title' }, t.title || t.id),
      meta,
    );
    el.addEventListener('click', () => post({ type: 'selectTask', taskId: t.id }));
    return el;
  }
}
