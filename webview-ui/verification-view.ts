// Verification results: the verdict, then each round with one row per check and its log.
import type { VerificationView } from '../src/core/ui/panel-protocol';
import { clear, h, icon, slug } from './dom';

const VERDICT: Record<VerificationView['verdict'], [string, string]> = {
  verified: ['Verified', 'pass-filled'],
  failed_verification: ['Failed verification', 'error'],
  needs_review: ['Needs review', 'warning'],
  not_run: ['Not run', 'circle-slash'],
};

/** Logs the reader opened, so a new round (which re-renders the section) or a reload keeps them open. */
const openLogs = new Set<string>();

function checkNode(c: VerificationView['rounds'][number]['checks'][number], key: string): HTMLElement {
  const status = c.status === 'not_run' ? 'not-run' : c.status;
  const iconName = c.status === 'skipped' || c.status === 'not_run' ? 'circle-slash' : c.passed ? 'pass' : 'error';
  const where = c.file ? h('span', { class: 'mono muted' }, ` ${c.file}${c.line ? `:${c.line}` : ''}`) : null;
  const head = [
    icon(iconName, `status-${status}`),
    h('span', { class: 'check-name' }, c.name),
    c.status === 'failed' || c.status === 'not_run' ? h('span', { class: `pill sev-${c.severity}` }, c.severity) : null,
    h('span', { class: 'check-summary' }, c.summary),
    where,
  ];
  const attrs = { class: `check ${status}`, 'data-testid': `check-${slug(c.name)}`, 'data-status': status };
  if (!c.details) return h('div', attrs, h('div', { class: 'check-head' }, ...head));
  const details = h('details', { ...attrs, open: openLogs.has(key) }, h('summary', { class: 'check-head' }, ...head), h('pre', { class: 'log' }, c.details));
  details.addEventListener('toggle', () => (details.open ? openLogs.add(key) : openLogs.delete(key)));
  return details;
}

export function renderVerification(root: HTMLElement, all: VerificationView[], activeTaskId: string | null): void {
  clear(root);
  const v = all.find((x) => x.taskId === activeTaskId);
  root.hidden = !v;
  if (!v) return;
  const [label, iconName] = VERDICT[v.verdict];
  root.append(
    h('h2', {}, icon('checklist'), ' Verification'),
    h('div', { class: `verdict verdict-${v.verdict}`, 'data-testid': 'verdict', 'data-verdict': v.verdict }, icon(iconName), ` ${label}`),
  );
  v.rounds.forEach((round, i) => {
    const failed = round.checks.filter((c) => c.status === 'failed').length;
    const notRun = round.checks.filter((c) => c.status === 'not_run').length; // asked for, not allowed to run
    const skipped = round.checks.filter((c) => c.status === 'skipped').length; // does not apply here
    const text = [failed ? `${failed} failed` : '', notRun ? `${notRun} not run` : ''].filter(Boolean).join(', ') || `all passed${skipped ? ` (${skipped} skipped)` : ''}`;
    const n = i + 1;
    root.append(
      h(
        'div',
        { class: 'round', 'data-testid': `round-${n}` },
        h('h3', {}, `Round ${n}${n > 1 ? ' (after fix attempt)' : ''}: `, h('span', { class: failed || notRun ? 'bad-text' : 'good-text' }, text)),
        ...round.checks.map((c) => checkNode(c, `${v.taskId}\u0000${n}\u0000${c.name}`)),
      ),
    );
  });
}
