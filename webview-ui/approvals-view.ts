// Pending approvals: what the agent wants to do, why the policy asked, and Approve / Reject.
import type { PendingApproval } from '../src/core/ui/panel-protocol';
import { button, clear, h, icon } from './dom';
import { post } from './vscode-api';

const MAX_DIFF_LINES = 400;

function diffNode(diff: string): HTMLElement {
  const pre = h('pre', { class: 'diff' });
  const lines = diff.split('\n');
  for (const line of lines.slice(0, MAX_DIFF_LINES)) {
    const cls = line.startsWith('+') && !line.startsWith('+++') ? 'add' : line.startsWith('-') && !line.startsWith('---') ? 'del' : line.startsWith('@@') ? 'hunk' : '';
    pre.append(h('span', { class: cls }, line), '\n');
  }
  if (lines.length > MAX_DIFF_LINES) pre.append(h('span', { class: 'muted' }, `… ${lines.length - MAX_DIFF_LINES} more lines: open the diff to see all`));
  return pre;
}

function approvalNode(a: PendingApproval): HTMLElement {
  const id = a.toolCallId;
  const reason = h('vscode-textfield', { placeholder: 'Reason for rejecting (optional, sent to the model)', 'data-testid': `reject-reason-${id}`, class: 'reject-reason' });
  const actions = h(
    'div',
    { class: 'actions' },
    button('Approve', `approve-${id}`, () => post({ type: 'approve', toolCallId: id }), { iconName: 'check' }),
    button('Reject', `reject-${id}`, () => {
      const text = ((reason as unknown as { value?: string }).value ?? '').trim();
      post({ type: 'reject', toolCallId: id, reason: text ? text.slice(0, 2000) : undefined });
    }, { secondary: true, iconName: 'close' }),
    a.kind === 'edit' ? button('Open diff', `open-${id}`, () => post({ type: 'openProposal', toolCallId: id }), { secondary: true, iconName: 'diff' }) : null,
  );
  const kindIcon = a.kind === 'edit' ? 'edit' : a.kind === 'command' ? 'terminal' : 'tools';
  return h(
    'div',
    { class: `approval risk-border-${a.risk}`, 'data-testid': `approval-${id}` },
    h('div', { class: 'approval-title' }, icon(kindIcon), h('span', { class: 'mono' }, a.title), h('span', { class: `pill risk-${a.risk}` }, a.risk)),
    h('div', { class: 'entry-reason' }, a.reason, a.rule ? h('span', { class: 'muted' }, ` (${a.rule})`) : null),
    a.diff ? diffNode(a.diff) : null,
    reason,
    actions,
  );
}

export function renderApprovals(root: HTMLElement, approvals: PendingApproval[], activeTaskId: string | null): void {
  clear(root);
  const mine = approvals.filter((a) => a.taskId === activeTaskId);
  const shown = mine.length ? mine : approvals;
  root.hidden = shown.length === 0;
  if (!shown.length) return;
  root.append(h('h2', {}, icon('shield'), ` Waiting for you (${shown.length})`));
  for (const a of shown) root.append(approvalNode(a));
}
