// Above the conversation: the selected task, how it stands, and what can be done with it
// (resume, restore, open the verification report, cancel), plus New task and the history toggle.
import type { CheckpointView, TaskSummary } from '../../src/core/ui/panel-protocol';
import { button, clear, h } from '../dom';
import { post } from '../vscode-api';
import { outcomeText, outcomeTone } from './words';

export function renderTaskBar(root: HTMLElement, task: TaskSummary | undefined, checkpoints: CheckpointView[], historyOpen: boolean, toggleHistory: () => void, taskCount: number): void {
  clear(root);
  const top = h('div', { class: 'bar-row' });
  const history = button(historyOpen ? 'Hide history' : `History (${taskCount})`, 'toggle-history', toggleHistory, { secondary: true, iconName: 'history' });
  top.append(button('New task', 'new-task', () => post({ type: 'newTask' }), { secondary: true, iconName: 'add' }));
  // With no task selected the history is always shown: nothing to toggle.
  if (task) top.append(history);
  root.append(top);
  if (!task) return;
  const ended = !!task.status;
  const actions = h('div', { class: 'actions' });
  if (task.interrupted) actions.append(button('Resume', 'resume-task', () => post({ type: 'resumeTask', taskId: task.id }), { iconName: 'debug-continue' }));
  if (!ended && !task.interrupted) actions.append(button('Cancel', 'cancel-task', () => post({ type: 'cancelTask', taskId: task.id }), { secondary: true, iconName: 'debug-stop' }));
  if (ended && checkpoints.some((c) => c.taskId === task.id) && !/restored|undone/.test(task.outcome ?? '')) {
    actions.append(button('Restore', 'restore-task', () => post({ type: 'restoreTask', taskId: task.id }), { secondary: true, iconName: 'discard' }));
  }
  actions.append(button('Report', 'open-report', () => post({ type: 'openReport', taskId: task.id }), { secondary: true, iconName: 'checklist' }));
  root.append(
    h(
      'div',
      { class: 'task-head', 'data-testid': 'selected-task' },
      h('div', { class: 'task-title', title: task.title ?? task.id }, task.title || task.id),
      h('div', { class: 'history-meta' }, h('span', { class: `pill tone-${outcomeTone(task)}`, 'data-testid': 'task-outcome' }, outcomeText(task)), h('span', { class: 'muted mono small' }, task.id)),
      actions,
    ),
  );
}
