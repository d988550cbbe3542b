// The selected task as a conversation: the person's messages, the model's text (growing while it
// streams), its tool calls as they are proposed, questions to answer, approvals to give, and how it
// ended with the fix for a failure. New and changed entries are patched in; nothing re-renders whole.
import type { PendingQuestion, TaskSummary, TimelineEntry } from '../../src/core/ui/panel-protocol';
import { clear, h, icon } from '../dom';
import { post } from '../vscode-api';
import type { NoticeAction } from '../../src/core/ui/view-protocol';

const WINDOW = 300;

/** The fixes offered under a task that ended with a model failure of this kind. */
const FIXES: Record<string, NoticeAction[]> = {
  auth: ['Set API key', 'Open settings', 'Retry'],
  unreachable: ['Open settings', 'Retry'],
  malformed: ['Open settings', 'Retry'],
  bad_request: ['Open settings', 'Retry'],
};

const ICON: Partial<Record<TimelineEntry['kind'], string>> = { tool: 'tools', approval: 'shield', edit: 'edit', verification: 'checklist', log: 'output', done: 'flag' };

export function fixButtons(actions: NoticeAction[], taskId: string | undefined): HTMLElement {
  const row = h('div', { class: 'actions' });
  for (const action of actions) {
    const b = h('vscode-button', { 'data-testid': `fix-${action.toLowerCase().replace(/\s+/g, '-')}`, secondary: action !== actions[0] });
    b.textContent = action;
    b.addEventListener('click', () => post({ type: 'noticeAction', action, ...(taskId ? { taskId } : {}) }));
    row.append(b);
  }
  return row;
}

function questionNode(e: TimelineEntry, pending: PendingQuestion | undefined): HTMLElement {
  const box = h('div', { class: 'msg msg-question', 'data-testid': 'question', 'data-seq': String(e.seq) }, h('div', { class: 'msg-label' }, icon('question'), ' The agent asks'), h('div', { class: 'msg-text' }, e.title));
  if (pending) {
    const options = h('div', { class: 'actions' });
    for (const o of pending.options ?? []) {
      const b = h('vscode-button', { secondary: true, 'data-testid': 'question-option' });
      b.textContent = o;
      b.addEventListener('click', () => post({ type: 'answer', toolCallId: pending.toolCallId, answer: o }));
      options.append(b);
    }
    box.append(options, h('div', { class: 'muted small' }, pending.options?.length ? 'Pick one, or type your own answer below.' : 'Type your answer below.'));
  } else if (e.reason) box.append(h('div', { class: `small ${e.ok === false ? 'muted' : ''}`.trim(), 'data-testid': 'question-answer' }, e.reason));
  return box;
}

function entryNode(e: TimelineEntry, task: TaskSummary | undefined, questions: PendingQuestion[]): HTMLElement {
  const attrs = (cls: string, testid: string) => ({ class: cls, 'data-seq': String(e.seq), 'data-testid': testid });
  switch (e.kind) {
    case 'user':
      return h('div', attrs('msg msg-user', 'user-message'), h('div', { class: 'msg-text' }, e.text ?? e.title));
    case 'model': {
      if (!e.text && !e.streaming) return h('div', { ...attrs('hidden-entry', 'model-empty'), hidden: true });
      const text = h('div', { class: `msg-text ${e.streaming ? 'streaming' : ''}`.trim(), 'data-testid': e.streaming ? 'streaming-text' : 'model-text' }, e.text ?? '');
      return h('div', attrs('msg msg-model', 'model-message'), e.text ? text : h('div', { class: 'muted' }, icon('loading', 'codicon-modifier-spin'), ' thinking…'));
    }
    case 'question':
      return questionNode(e, questions.find((q) => q.toolCallId === e.toolCallId));
    case 'done': {
      const node = h('div', attrs(`row row-done ${e.ok ? 'good' : 'bad'}`, 'task-end'), icon('flag'), h('span', {}, e.title));
      const out = h('div', attrs('end-block', 'task-end-block'), node);
      if (e.text) out.append(h('div', { class: 'end-error', 'data-testid': 'task-error' }, e.text));
      const fixes = task?.errorKind ? FIXES[task.errorKind] ?? ['Retry'] : task?.status === 'error' ? ['Retry'] : undefined;
      if (fixes && task && e.seq === lastDoneSeq) out.append(fixButtons(fixes as NoticeAction[], task.id));
      return out;
    }
    default: {
      const state = e.ok === false ? 'bad' : e.ok === true ? 'good' : '';
      const row = h('div', attrs(`row kind-${e.kind} ${state}`.trim(), 'timeline-entry'), icon(ICON[e.kind] ?? 'circle'), h('span', { class: 'row-title' }, e.title));
      if (e.decision) row.append(h('span', { class: `pill decision-${e.decision}` }, e.decision));
      if (e.level === 'warn' || e.level === 'error') row.append(h('span', { class: `pill level-${e.level}` }, e.level));
      if (!e.reason && !e.text) return row;
      const box = h('div', { class: 'row-box', 'data-seq': String(e.seq) }, row);
      if (e.reason) box.append(h('div', { class: 'row-reason' }, e.reason));
      if (e.text) {
        const d = h('details', { class: 'row-details' }, h('summary', {}, 'output'));
        d.addEventListener('toggle', () => d.open && d.childElementCount === 1 && d.append(h('pre', {}, e.text ?? '')));
        box.append(d);
      }
      return box;
    }
  }
}

/** The newest "task ended" entry gets the fix buttons (an earlier run's end does not). */
let lastDoneSeq = -1;

export class ConversationView {
  private readonly list = h('div', { class: 'conversation', role: 'log', 'aria-live': 'polite', 'data-testid': 'conversation' });
  private entries: TimelineEntry[] = [];
  private taskId: string | null = null;
  private task: TaskSummary | undefined;
  private questions: PendingQuestion[] = [];

  constructor(readonly root: HTMLElement) {
    root.append(this.list);
  }

  reset(all: TimelineEntry[], task: TaskSummary | undefined, questions: PendingQuestion[]): void {
    this.taskId = task?.id ?? null;
    this.task = task;
    this.questions = questions;
    this.entries = all.filter((e) => e.taskId === this.taskId).slice(-WINDOW);
    lastDoneSeq = this.entries.findLast((e) => e.kind === 'done')?.seq ?? -1;
    clear(this.list);
    for (const e of this.entries) this.list.append(entryNode(e, task, questions));
    this.scrollToEnd();
  }

  /** New entries, entries filled in since (streamed text, a tool's result), and the task's new state. */
  patch(fresh: TimelineEntry[], changed: TimelineEntry[], task: TaskSummary | undefined, questions: PendingQuestion[]): void {
    const stick = this.atEnd();
    const questionsChanged = questions !== this.questions;
    this.task = task;
    this.questions = questions;
    for (const e of changed) {
      const i = this.entries.findIndex((x) => x.seq === e.seq && x.taskId === this.taskId);
      if (i === -1) continue;
      this.entries[i] = e;
      this.replaceNode(e);
    }
    const mine = fresh.filter((e) => e.taskId === this.taskId);
    for (const e of mine) {
      if (e.kind === 'done') lastDoneSeq = e.seq;
      this.entries.push(e);
      this.list.append(entryNode(e, task, questions));
    }
    while (this.entries.length > WINDOW) {
      this.entries.shift();
      this.list.firstElementChild?.remove();
    }
    // A question answered (or asked) redraws its box with or without the answer buttons.
    if (questionsChanged) for (const e of this.entries) if (e.kind === 'question') this.replaceNode(e);
    if (stick) this.scrollToEnd();
  }

  private replaceNode(e: TimelineEntry): void {
    this.list.querySelector(`[data-seq="${e.seq}"]`)?.replaceWith(entryNode(e, this.task, this.questions));
  }

  /** Follow new text only when the reader is at the bottom already (reading back is not interrupted). */
  private atEnd(): boolean {
    const el = this.list;
    return el.scrollHeight - el.scrollTop - el.clientHeight < 120;
  }

  private scrollToEnd(): void {
    requestAnimationFrame(() => (this.list.scrollTop = this.list.scrollHeight));
  }
}
