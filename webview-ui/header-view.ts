// The task picker, its phase, Cancel, and the budgets (steps, tokens, time, cost) as meters.
import type { Budgets, TaskSummary } from '../src/core/ui/panel-protocol';
import { button, clear, duration, h, icon } from './dom';
import { formatUsd as usd } from '../src/core/model/pricing';
import { post } from './vscode-api';

const RUNNING = new Set(['thinking', 'running-tool', 'waiting-approval', 'verifying', 'idle']);

export function renderHeader(root: HTMLElement, tasks: TaskSummary[], activeTaskId: string | null): void {
  clear(root);
  const task = tasks.find((t) => t.id === activeTaskId);
  if (!task) {
    root.append(h('h1', {}, icon('hubot'), ' Harness'), h('span', { class: 'muted' }, 'No task yet'));
    return;
  }
  const picker = h('select', { class: 'task-picker', 'data-testid': 'task-picker', 'aria-label': 'Task' });
  for (const t of [...tasks].reverse()) {
    const opt = h('option', { value: t.id }, `${t.id} · ${t.status ?? t.phase}`);
    opt.selected = t.id === activeTaskId;
    picker.append(opt);
  }
  picker.addEventListener('change', () => post({ type: 'selectTask', taskId: picker.value }));
  const running = !task.status && RUNNING.has(task.phase);
  root.append(
    h('h1', {}, icon('hubot'), ' Harness'),
    picker,
    h('span', { class: `phase phase-${task.phase}`, 'data-testid': 'task-phase' }, running ? icon('loading', 'codicon-modifier-spin') : null, ` ${task.status ?? task.phase}`),
    task.detail ? h('span', { class: 'muted ellipsis' }, task.detail) : '',
    running ? button('Cancel', 'cancel-task', () => post({ type: 'cancelTask', taskId: task.id }), { secondary: true, iconName: 'debug-stop' }) : '',
  );
}

function meter(label: string, value: number, max: number | undefined, text: string, testid: string, title?: string): HTMLElement {
  const bar = h('div', { class: 'meter-fill' });
  const ratio = max ? Math.min(1, value / max) : 0;
  bar.style.width = `${Math.round(ratio * 100)}%`; // CSSOM, allowed under the CSP (no style attribute)
  if (ratio >= 0.9) bar.classList.add('meter-hot');
  return h('div', { class: 'meter', 'data-testid': testid, title }, h('div', { class: 'meter-label' }, h('span', {}, label), h('span', { class: 'mono' }, text)), h('div', { class: 'meter-track' }, bar));
}

/** Elapsed time keeps moving between messages while the task runs. */
export function elapsed(b: Budgets, now = Date.now()): number {
  if (b.startedAt === undefined) return b.elapsedMs;
  return Math.max(b.elapsedMs, (b.endedAt ?? now) - b.startedAt);
}

export function renderBudgets(root: HTMLElement, b: Budgets, hasTask: boolean): void {
  clear(root);
  root.hidden = !hasTask;
  if (!hasTask) return;
  const ms = elapsed(b);
  const cached = b.cachedTokens ? `${b.cachedTokens.toLocaleString()} of the prompt tokens served from the provider's cache` : undefined;
  root.append(
    meter('Steps', b.steps, b.maxSteps || undefined, `${b.steps} / ${b.maxSteps || '∞'}`, 'budget-steps'),
    meter('Tokens', b.tokens, b.maxTokens, `${b.tokens.toLocaleString()} / ${b.maxTokens ? b.maxTokens.toLocaleString() : '∞'}`, 'budget-tokens', cached),
    meter('Time', ms, b.maxWallMs, `${duration(ms)} / ${b.maxWallMs ? duration(b.maxWallMs) : '∞'}`, 'budget-time'),
    // A model without prices has no cost to show: said, never shown as $0.
    meter('Cost', b.costUsd ?? 0, b.maxCostUsd, `${b.costUsd === undefined ? 'unknown' : usd(b.costUsd)} / ${b.maxCostUsd ? usd(b.maxCostUsd) : '∞'}`, 'budget-cost'),
  );
}
