// The task's timeline. Entries are appended to the DOM as they arrive (never a full re-render
// per event), and at most WINDOW of them are in the DOM so a 1,000+ step task stays responsive.
import type { TimelineEntry } from '../src/core/ui/panel-protocol';
import { TIMELINE_CAP } from '../src/core/ui/panel-model';
import { clear, h, icon, time } from './dom';
import { post } from './vscode-api';

const WINDOW = 300;

const KIND_ICON: Record<TimelineEntry['kind'], string> = {
  model: 'comment-discussion',
  tool: 'tools',
  approval: 'shield',
  edit: 'edit',
  verification: 'checklist',
  log: 'output',
  done: 'flag',
  plan: 'tasklist',
  user: 'account',
  question: 'question',
};

function entryNode(e: TimelineEntry): HTMLElement {
  const state = e.ok === false ? 'bad' : e.ok === true ? 'good' : '';
  const title = h('div', { class: 'entry-title' }, h('span', { class: 'entry-text' }, e.title));
  if (e.decision) title.append(h('span', { class: `pill decision-${e.decision}`, title: 'policy decision' }, e.decision));
  if (e.risk) title.append(h('span', { class: `pill risk-${e.risk}`, title: 'risk' }, e.risk));
  if (e.outsidePlan) title.append(h('span', { class: 'pill outside-plan', 'data-testid': 'outside-plan', title: 'not in the approved plan, so it asks first' }, 'outside the plan'));
  if (e.level === 'warn' || e.level === 'error') title.append(h('span', { class: `pill level-${e.level}` }, e.level));
  const body = h('div', { class: 'entry-body' }, title);
  if (e.reason) body.append(h('div', { class: 'entry-reason' }, e.reason));
  if (e.text && (e.kind === 'model' || e.kind === 'user')) {
    // What the model and the person say is the conversation: shown in full, never folded away.
    body.append(h('div', { class: 'entry-message', 'data-testid': e.streaming ? 'streaming-text' : 'message-text' }, e.text));
  } else if (e.text) {
    const details = h('details', { class: 'entry-details' }, h('summary', {}, e.kind === 'model' ? 'message' : 'output'));
    // Fill the <pre> only when opened: most logs are never looked at.
    details.addEventListener('toggle', () => {
      if (details.open && details.childElementCount === 1) details.append(h('pre', {}, e.text ?? ''));
    }, { once: false });
    body.append(details);
  }
  if (e.fullOutput && e.toolCallId) {
    // The model got the start and end of a long output; the whole of it is saved with the task.
    const open = h('button', { class: 'link-button', 'data-testid': 'open-output' }, icon('go-to-file'), ' Open full output');
    const toolCallId = e.toolCallId;
    open.addEventListener('click', () => post({ type: 'openOutput', taskId: e.taskId, toolCallId }));
    body.append(open);
  }
  return h(
    'div',
    { class: `entry kind-${e.kind} ${state}`.trim(), 'data-testid': 'timeline-entry', 'data-seq': String(e.seq) },
    icon(KIND_ICON[e.kind]),
    body,
    h('span', { class: 'entry-time' }, time(e.at)),
  );
}

export class TimelineView {
  private readonly list = h('div', { class: 'timeline-list', role: 'list' });
  private readonly more = h('button', { class: 'link-button', 'data-testid': 'timeline-more' });
  private readonly empty = h('div', { class: 'muted' }, 'Nothing yet. Start a task with “Harness: Run task”.');
  private entries: TimelineEntry[] = [];
  private shownFrom = 0;
  private taskId: string | null = null;
  private dropped = 0;

  constructor(readonly root: HTMLElement) {
    this.more.addEventListener('click', () => this.showEarlier());
    root.append(this.more, this.empty, this.list);
  }

  /** Full render: on load, on a state snapshot, or when another task is selected. */
  reset(all: TimelineEntry[], taskId: string | null, dropped: number): void {
    this.taskId = taskId;
    this.entries = all.filter((e) => e.taskId === taskId);
    this.shownFrom = Math.max(0, this.entries.length - WINDOW);
    clear(this.list);
    const frag = document.createDocumentFragment();
    for (const e of this.entries.slice(this.shownFrom)) frag.append(entryNode(e));
    this.list.append(frag);
    this.dropped = dropped;
    this.refreshChrome();
    this.scrollToEnd();
  }

  append(fresh: TimelineEntry[]): void {
    const mine = fresh.filter((e) => e.taskId === this.taskId);
    if (!mine.length) return;
    const stick = this.atEnd();
    this.entries.push(...mine);
    // The same bound as the host's state, so a very long task does not grow the page without end.
    const over = this.entries.length - TIMELINE_CAP;
    if (over > 0) {
      for (let i = Math.max(0, over - this.shownFrom); i > 0; i--) this.list.firstElementChild?.remove(); // shown, now dropped
      this.entries.splice(0, over);
      this.shownFrom = Math.max(0, this.shownFrom - over);
      this.dropped += over;
    }
    const frag = document.createDocumentFragment();
    for (const e of mine) frag.append(entryNode(e));
    this.list.append(frag);
    while (this.list.childElementCount > WINDOW) {
      this.list.firstElementChild?.remove();
      this.shownFrom++;
    }
    this.refreshChrome();
    if (stick) this.scrollToEnd();
  }

  /** Entries already shown whose content changed (a tool call's decision and result arrive after it). */
  replace(changed: TimelineEntry[]): void {
    for (const e of changed) {
      if (e.taskId !== this.taskId) continue;
      const i = this.entries.findIndex((x) => x.seq === e.seq);
      if (i === -1) continue;
      this.entries[i] = e;
      const node = this.list.querySelector(`[data-seq="${e.seq}"]`);
      node?.replaceWith(entryNode(e));
    }
  }

  private showEarlier(): void {
    const from = Math.max(0, this.shownFrom - WINDOW);
    const frag = document.createDocumentFragment();
    for (const e of this.entries.slice(from, this.shownFrom)) frag.append(entryNode(e));
    this.list.prepend(frag);
    this.shownFrom = from;
    this.refreshChrome();
  }

  private refreshChrome(): void {
    this.empty.hidden = this.entries.length > 0;
    this.more.hidden = this.shownFrom === 0;
    this.more.textContent = `Show ${Math.min(WINDOW, this.shownFrom)} earlier entries (${this.shownFrom} hidden)`;
    if (this.shownFrom === 0 && this.dropped > 0) {
      this.more.hidden = false;
      this.more.disabled = true;
      this.more.textContent = `${this.dropped} older entries are in the audit log`;
    } else this.more.disabled = false;
  }

  /** Follow new entries only when the reader is already at the bottom of the list. */
  private atEnd(): boolean {
    const el = this.list;
    return el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  }

  private scrollToEnd(): void {
    requestAnimationFrame(() => (this.list.scrollTop = this.list.scrollHeight));
  }
}
