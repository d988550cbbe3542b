// The Harness view (activity bar): task history, the selected task's conversation, pending
// approvals and the message box. Validates every message from the extension; keeps a copy of the
// state (restored at once after a reload) and patches only what changed.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './view.css';
import { PanelStateSchema, type PanelState, type PanelUpdate } from '../../src/core/ui/panel-protocol';
import { parseViewHostMessage, type ViewExtras } from '../../src/core/ui/view-protocol';
import { applyUpdate, emptyPanelState } from '../../src/core/ui/panel-model';
import { clear, h } from '../dom';
import { renderApprovals } from '../approvals-view';
import { loadSavedState, post, saveStateSoon } from '../vscode-api';
import { Composer, modeFor } from './composer';
import { ConversationView, fixButtons } from './conversation-view';
import { HistoryView } from './history-view';
import { renderTaskBar } from './task-bar';

const bar = h('header', { class: 'task-bar', 'data-testid': 'task-bar' });
const historySection = h('section', { class: 'history', 'data-testid': 'history' });
const notice = h('div', { class: 'notice', hidden: true, role: 'status', 'data-testid': 'view-notice' });
const welcome = h('div', { class: 'welcome muted', 'data-testid': 'welcome' }, 'Describe a task below. The agent works under the harness: it proposes, you decide, checks verify.');
const conversationSection = h('section', { class: 'conversation-wrap' });
const approvals = h('section', { class: 'approvals', 'data-testid': 'approvals' });
const composerSection = h('footer', { class: 'composer', 'data-testid': 'composer' });
document.body.append(bar, historySection, notice, welcome, conversationSection, approvals, composerSection);

const history = new HistoryView(historySection);
const conversation = new ConversationView(conversationSection);
const composer = new Composer(composerSection);

let state: PanelState = emptyPanelState();
let extras: ViewExtras = { context: [], draft: '', canRun: true };
let historyOpen = false;

const activeTask = () => state.tasks.find((t) => t.id === state.activeTaskId);
const questions = () => state.questions ?? [];

function renderChrome(): void {
  const task = activeTask();
  // With no task selected the history is the first thing to see.
  const showHistory = historyOpen || !task;
  renderTaskBar(bar, task, state.checkpoints, showHistory, () => {
    historyOpen = !showHistory;
    renderChrome();
  }, state.tasks.length);
  historySection.hidden = !showHistory;
  history.update(state.tasks, state.activeTaskId);
  welcome.hidden = !!task;
  conversationSection.hidden = !task;
  renderApprovals(approvals, state.approvals.filter((a) => a.taskId === state.activeTaskId), state.activeTaskId);
  composer.setMode(modeFor(task, questions()));
  composer.setContext(extras.context);
}

function renderAll(): void {
  renderChrome();
  conversation.reset(state.timeline, activeTask(), questions());
}

let pending: PanelUpdate[] = [];
function flush(): void {
  const batch = pending;
  pending = [];
  const before = state;
  for (const u of batch) state = applyUpdate(state, u);
  if (state.activeTaskId !== before.activeTaskId) {
    historyOpen = false;
    renderAll();
  } else {
    if (state.tasks !== before.tasks || state.approvals !== before.approvals || state.questions !== before.questions || state.checkpoints !== before.checkpoints) renderChrome();
    let next = before.nextSeq;
    const fresh = batch.flatMap((u) => u.entries).filter((e) => (e.seq >= next ? ((next = e.seq + 1), true) : false));
    conversation.patch(fresh, batch.flatMap((u) => u.changed ?? []), activeTask(), questions());
  }
  saveStateSoon({ state, extras });
}

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
function showNotice(level: 'info' | 'error', message: string, actions: Parameters<typeof fixButtons>[0] = [], taskId?: string): void {
  clear(notice);
  notice.append(h('div', {}, message));
  if (actions.length) notice.append(fixButtons(actions, taskId));
  notice.className = `notice notice-${level}`;
  notice.hidden = false;
  if (noticeTimer) clearTimeout(noticeTimer);
  // An error with fixes stays until it is acted on or replaced; information fades.
  if (!actions.length) noticeTimer = setTimeout(() => (notice.hidden = true), 10_000);
}

window.addEventListener('message', (event: MessageEvent) => {
  const msg = parseViewHostMessage(event.data);
  if (!msg) {
    console.warn('[harness] ignored a malformed or unknown message from the extension');
    return;
  }
  switch (msg.type) {
    case 'state':
      pending = [];
      state = msg.state;
      extras = msg.extras;
      composer.setDraft(extras.draft);
      renderAll();
      saveStateSoon({ state, extras });
      return;
    case 'event':
      if (!pending.length) requestAnimationFrame(flush);
      pending.push(msg.update);
      return;
    case 'extras':
      extras = msg.extras;
      composer.setContext(extras.context);
      return;
    case 'sent':
      notice.hidden = true;
      composer.sent();
      return;
    case 'notice':
      if (msg.level === 'error') composer.refused();
      showNotice(msg.level, msg.message, msg.actions ?? [], msg.taskId);
      return;
  }
});

// Last known state at once after a reload, then the host's current one.
const saved = loadSavedState() as { state?: unknown; extras?: ViewExtras } | undefined;
const parsed = PanelStateSchema.safeParse(saved?.state);
if (parsed.success) state = parsed.data;
renderAll();
post({ type: 'ready' });
