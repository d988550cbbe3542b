// The message box: multi-line (Enter sends, Shift+Enter starts a new line), with the editor's file
// and selection offered as removable chips. What it does depends on the selected task: start a new
// task, follow up on an ended one, or answer the question the agent asked. The text stays until the
// extension says it was taken, so an error (no API key, no folder) never loses it.
import type { PendingQuestion, TaskSummary } from '../../src/core/ui/panel-protocol';
import type { ContextItem } from '../../src/core/ui/view-protocol';
import { clear, h, icon } from '../dom';
import { post } from '../vscode-api';

export type Mode = { kind: 'new' } | { kind: 'follow-up'; taskId: string } | { kind: 'answer'; question: PendingQuestion } | { kind: 'busy'; taskId: string } | { kind: 'interrupted'; taskId: string };

export function modeFor(task: TaskSummary | undefined, questions: PendingQuestion[]): Mode {
  if (!task) return { kind: 'new' };
  const question = questions.find((q) => q.taskId === task.id);
  if (question) return { kind: 'answer', question };
  if (task.interrupted) return { kind: 'interrupted', taskId: task.id };
  if (!task.status) return { kind: 'busy', taskId: task.id };
  return { kind: 'follow-up', taskId: task.id };
}

const PLACEHOLDER: Record<Mode['kind'], string> = {
  new: 'Describe a task for the agent (Enter sends, Shift+Enter for a new line)',
  'follow-up': 'Follow up on this task: it continues with the same conversation',
  answer: 'Answer the agent\u2019s question',
  busy: 'The agent is working; you can type your next message',
  interrupted: 'This task was interrupted: resume it first',
};

export class Composer {
  private readonly chips = h('div', { class: 'chips', 'data-testid': 'context-chips' });
  private readonly input = h('textarea', { class: 'composer-input', rows: '3', 'data-testid': 'composer-input', 'aria-label': 'Message to the agent' });
  private readonly sendButton = h('vscode-button', { 'data-testid': 'composer-send', icon: 'send' });
  private readonly hint = h('span', { class: 'muted small composer-hint' });
  private mode: Mode = { kind: 'new' };
  private context: ContextItem[] = [];
  private draftTimer: ReturnType<typeof setTimeout> | undefined;
  private waiting = false;

  constructor(readonly root: HTMLElement) {
    this.sendButton.textContent = 'Send';
    this.sendButton.addEventListener('click', () => this.send());
    this.input.addEventListener('keydown', (e) => {
      // Enter sends; Shift+Enter (and Enter while an IME composes) is a new line.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.send();
      }
    });
    this.input.addEventListener('input', () => {
      this.grow();
      if (this.draftTimer) clearTimeout(this.draftTimer);
      this.draftTimer = setTimeout(() => post({ type: 'draft', text: this.input.value.slice(0, 20_000) }), 300);
    });
    root.append(this.chips, this.input, h('div', { class: 'composer-bar' }, this.hint, this.sendButton));
  }

  setMode(mode: Mode): void {
    this.mode = mode;
    this.input.placeholder = PLACEHOLDER[mode.kind];
    this.input.dataset.mode = mode.kind;
    const blocked = mode.kind === 'busy' || mode.kind === 'interrupted';
    this.sendButton.toggleAttribute('disabled', blocked || this.waiting);
    this.sendButton.textContent = mode.kind === 'answer' ? 'Answer' : mode.kind === 'follow-up' ? 'Send follow-up' : 'Send';
    this.hint.textContent = mode.kind === 'new' ? 'New task' : mode.kind === 'follow-up' ? 'Follow-up' : '';
    this.renderChips();
  }

  setContext(items: ContextItem[]): void {
    this.context = items;
    this.renderChips();
  }

  /** The host's copy of the draft (after a reload); never overwrites what is being typed. */
  setDraft(text: string): void {
    if (!this.input.value) {
      this.input.value = text;
      this.grow();
    }
  }

  /** The host took the message: clear the box. */
  sent(): void {
    this.waiting = false;
    this.input.value = '';
    this.grow();
    this.setMode(this.mode);
  }

  /** The host refused it (the notice says why): the text stays, sending is possible again. */
  refused(): void {
    this.waiting = false;
    this.setMode(this.mode);
  }

  focus(): void {
    this.input.focus();
  }

  private send(): void {
    const text = this.input.value.trim();
    const m = this.mode;
    if (!text || this.waiting || m.kind === 'busy' || m.kind === 'interrupted') return;
    this.waiting = true;
    this.setMode(m);
    if (m.kind === 'answer') post({ type: 'answer', toolCallId: m.question.toolCallId, answer: text.slice(0, 4000) });
    else post({ type: 'send', text: text.slice(0, 20_000), ...(m.kind === 'follow-up' ? { taskId: m.taskId } : {}), context: this.context.map((c) => c.id) });
  }

  private renderChips(): void {
    clear(this.chips);
    // An answer is just the answer: context goes with tasks and follow-ups.
    const shown = this.mode.kind === 'answer' ? [] : this.context;
    this.chips.hidden = shown.length === 0;
    for (const c of shown) {
      const label = c.kind === 'file' ? c.path : `${c.path}:${c.startLine}-${c.endLine}`;
      const remove = h('button', { class: 'chip-remove', title: 'Do not send this', 'aria-label': `Remove ${label}`, 'data-testid': 'context-remove' }, icon('close'));
      remove.addEventListener('click', () => post({ type: 'removeContext', id: c.id }));
      this.chips.append(
        h('span', { class: 'chip', 'data-testid': `context-${c.kind}`, title: c.note ?? (c.kind === 'file' ? 'The active file (its path is sent)' : 'The selection (its text is sent)') }, icon(c.kind === 'file' ? 'file' : 'selection'), ` ${label}`, c.note ? h('span', { class: 'muted' }, ' (path only)') : null, remove),
      );
    }
  }

  private grow(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(240, Math.max(60, this.input.scrollHeight))}px`;
  }
}
