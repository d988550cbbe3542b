// The Harness panel: validates every host message, keeps a copy of the state (restored from
// getState after a reload), and renders each section only when its part of the state changed.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './styles.css';
import { parseHostMessage, PanelStateSchema, type PanelState, type PanelUpdate } from '../src/core/ui/panel-protocol';
import { applyUpdate, emptyPanelState, newEntries } from '../src/core/ui/panel-model';
import { h, icon } from './dom';
import { renderApprovals } from './approvals-view';
import { renderCheckpoints } from './checkpoints-view';
import { renderBudgets, renderHeader } from './header-view';
import { renderInstructions, renderPlan } from './plan-view';
import { TimelineView } from './timeline-view';
import { renderVerification } from './verification-view';
import { renderStats } from './stats-view';
import { loadSavedState, post, saveStateSoon } from './vscode-api';

const section = (testid: string, cls = '') => h('section', { 'data-testid': testid, class: cls });
const header = h('header', { 'data-testid': 'header', class: 'header' });
const notice = h('div', { 'data-testid': 'notice', class: 'notice', hidden: true, role: 'status' });
const budgets = section('budgets', 'budgets');
const approvals = section('approvals', 'approvals');
const plan = section('plan');
const instructions = section('instructions');
const verification = section('verification');
const checkpoints = section('checkpoints');
const stats = section('stats');
const timelineSection = section('timeline');
timelineSection.append(h('h2', {}, icon('list-flat'), ' Timeline'));
document.body.append(header, notice, budgets, approvals, plan, verification, instructions, checkpoints, stats, timelineSection);
const timeline = new TimelineView(timelineSection);

let state: PanelState = emptyPanelState();

function renderAll(): void {
  renderHeader(header, state.tasks, state.activeTaskId);
  renderBudgets(budgets, state.budgets, state.activeTaskId !== null);
  renderApprovals(approvals, state.approvals, state.activeTaskId);
  renderPlan(plan, state.plans, state.activeTaskId);
  renderInstructions(instructions, state.instructions, state.activeTaskId);
  renderVerification(verification, state.verification, state.activeTaskId);
  renderCheckpoints(checkpoints, state.checkpoints, state.activeTaskId);
  renderStats(stats, state.stats);
  timeline.reset(state.timeline, state.activeTaskId, state.droppedEntries);
}

/** Updates arriving within one frame are applied together, then each touched section once. */
let pending: PanelUpdate[] = [];
function flush(): void {
  const batch = pending;
  pending = [];
  const before = state;
  for (const u of batch) state = applyUpdate(state, u);
  if (state.activeTaskId !== before.activeTaskId) renderAll();
  else {
    if (state.tasks !== before.tasks) renderHeader(header, state.tasks, state.activeTaskId);
    if (state.budgets !== before.budgets) renderBudgets(budgets, state.budgets, state.activeTaskId !== null);
    if (state.approvals !== before.approvals) renderApprovals(approvals, state.approvals, state.activeTaskId);
    if (state.plans !== before.plans) renderPlan(plan, state.plans, state.activeTaskId);
    if (state.instructions !== before.instructions) renderInstructions(instructions, state.instructions, state.activeTaskId);
    if (state.verification !== before.verification) renderVerification(verification, state.verification, state.activeTaskId);
    if (state.checkpoints !== before.checkpoints) renderCheckpoints(checkpoints, state.checkpoints, state.activeTaskId);
    if (state.stats !== before.stats) renderStats(stats, state.stats);
    const fresh = newEntries(batch, before.nextSeq);
    timeline.replace(batch.flatMap((u) => u.changed ?? []));
    timeline.append(fresh);
  }
  saveStateSoon(state);
}

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
function showNotice(level: 'info' | 'error', message: string): void {
  notice.textContent = message;
  notice.className = `notice notice-${level}`;
  notice.hidden = false;
  if (noticeTimer) clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (notice.hidden = true), 8000);
}

window.addEventListener('message', (event: MessageEvent) => {
  const msg = parseHostMessage(event.data);
  if (!msg) {
    console.warn('[harness] ignored a malformed or unknown message from the extension');
    return;
  }
  if (msg.type === 'state') {
    pending = [];
    state = msg.state;
    renderAll();
    saveStateSoon(state);
  } else if (msg.type === 'event') {
    if (!pending.length) requestAnimationFrame(flush);
    pending.push(msg.update);
  } else showNotice(msg.level, msg.message);
});

// The clock in the budgets moves while a task runs, without waiting for a message.
setInterval(() => {
  const running = state.budgets.startedAt !== undefined && state.budgets.endedAt === undefined;
  if (running && !budgets.hidden) renderBudgets(budgets, state.budgets, true);
}, 1000);

// Show the last known state at once after a reload, then ask the host for the current one.
const saved = PanelStateSchema.safeParse(loadSavedState());
if (saved.success) state = saved.data;
renderAll();
post({ type: 'ready' });
