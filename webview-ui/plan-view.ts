// The task's plan: each step with its state and what the policy's pre-check expects for it (runs,
// asks or refused, and why), the pre-check in one sentence and the risks. Below it, the project
// instruction files the model was given.
import type { InstructionsView, PlanView } from '../src/core/ui/panel-protocol';
import { clear, h, icon } from './dom';

const STATUS_ICON: Record<PlanView['steps'][number]['status'], string> = {
  pending: 'circle-large-outline',
  in_progress: 'sync',
  done: 'pass-filled',
  skipped: 'circle-slash',
};
const STATUS_WORD: Record<PlanView['steps'][number]['status'], string> = { pending: 'pending', in_progress: 'in progress', done: 'done', skipped: 'skipped' };
const EXPECTED_WORD = { allow: 'runs', ask: 'will ask', deny: 'refused' } as const;

export function renderPlan(root: HTMLElement, plans: PlanView[], activeTaskId: string | null): void {
  clear(root);
  const p = plans.find((x) => x.taskId === activeTaskId);
  root.hidden = !p;
  if (!p) return;
  const done = p.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length;
  root.append(
    h('h2', {}, icon('tasklist'), ' Plan'),
    h('div', { class: 'muted', 'data-testid': 'plan-progress' }, p.approved ? `${done} of ${p.steps.length} steps done · approved${p.by ? ` by ${p.by}` : ''}` : 'Proposed, not approved yet'),
    h('div', { class: 'plan-summary', 'data-testid': 'plan-summary' }, p.summary),
  );
  const list = h('ol', { class: 'plan-steps' });
  p.steps.forEach((s, i) => {
    const head = h(
      'div',
      { class: 'plan-step-head' },
      icon(STATUS_ICON[s.status], `status-${s.status}`),
      h('span', { class: 'plan-step-title' }, s.title),
      h('span', { class: 'muted' }, ` ${STATUS_WORD[s.status]}`),
      s.expected ? h('span', { class: `pill decision-${s.expected}`, 'data-testid': 'plan-step-expected', title: 'what the policy will decide' }, EXPECTED_WORD[s.expected]) : null,
    );
    list.append(
      h(
        'li',
        { class: `plan-step step-${s.status}`, 'data-testid': `plan-step-${i + 1}`, 'data-status': s.status, ...(s.expected ? { 'data-expected': s.expected } : {}) },
        head,
        s.why ? h('div', { class: 'entry-reason plan-why' }, s.why) : null,
        s.note ? h('div', { class: 'muted' }, s.note) : null,
      ),
    );
  });
  root.append(list);
  if (p.assessment) root.append(h('div', { class: 'plan-assessment', 'data-testid': 'plan-assessment' }, icon('shield'), ` ${p.assessment}`));
  if (p.risks?.length) root.append(h('div', { class: 'plan-risks', 'data-testid': 'plan-risks' }, h('h3', {}, 'Risks'), h('ul', {}, ...p.risks.map((r) => h('li', {}, r)))));
}

export function renderInstructions(root: HTMLElement, all: InstructionsView[], activeTaskId: string | null): void {
  clear(root);
  const v = all.find((x) => x.taskId === activeTaskId);
  root.hidden = !v || (!v.files.length && !v.skipped.length);
  if (!v || root.hidden) return;
  root.append(h('h2', {}, icon('book'), ' Project instructions'));
  for (const f of v.files) {
    root.append(
      h(
        'div',
        { class: 'instruction-file', 'data-testid': 'instruction-file', title: `sha256 ${f.hash}` },
        h('span', { class: 'mono' }, f.path),
        f.folder !== '.' ? h('span', { class: 'muted' }, ` for ${f.folder}/`) : null,
        f.truncated ? h('span', { class: 'pill level-warn', title: 'cut to the size limit; the model was told' }, 'truncated') : null,
        f.untrusted ? h('span', { class: 'pill decision-ask', title: 'Restricted Mode: given to the model as untrusted text' }, 'untrusted') : null,
      ),
    );
  }
  for (const x of v.skipped) root.append(h('div', { class: 'instruction-file muted', 'data-testid': 'instruction-skipped' }, h('span', { class: 'mono' }, x.path), ` not used: ${x.reason}`));
}
