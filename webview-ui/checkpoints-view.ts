// Checkpoints taken before edits were applied, each with Restore.
import type { CheckpointView } from '../src/core/ui/panel-protocol';
import { button, clear, h, icon, time } from './dom';
import { post } from './vscode-api';

const MAX_SHOWN = 50;

export function renderCheckpoints(root: HTMLElement, list: CheckpointView[], activeTaskId: string | null): void {
  clear(root);
  root.append(h('h2', {}, icon('history'), ' Checkpoints'));
  const mine = list.filter((c) => c.taskId === activeTaskId);
  const shown = (mine.length ? mine : list).slice(-MAX_SHOWN).reverse();
  if (!shown.length) {
    root.append(h('div', { class: 'muted' }, 'No checkpoints yet: one is taken before each applied edit.'));
    return;
  }
  for (const c of shown) {
    const files = c.files.length <= 3 ? c.files.join(', ') : `${c.files.slice(0, 3).join(', ')} and ${c.files.length - 3} more`;
    root.append(
      h(
        'div',
        { class: 'checkpoint', 'data-testid': `checkpoint-${c.id}` },
        h('div', { class: 'checkpoint-text' }, h('div', {}, c.label ?? `Checkpoint ${c.id}`, h('span', { class: 'muted' }, ` · ${time(c.createdAt)}`)), h('div', { class: 'mono muted' }, files)),
        button('Restore', `restore-${c.id}`, () => post({ type: 'restoreCheckpoint', id: c.id }), { secondary: true, iconName: 'discard' }),
      ),
    );
  }
}
