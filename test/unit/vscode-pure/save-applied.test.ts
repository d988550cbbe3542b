import { test } from 'node:test';
import assert from 'node:assert/strict';
import { saveApplied, type SavableDocument } from '../../../src/vscode/save-applied';

/** A document whose save() answers from a list, and whose dirty flag follows a list of states. */
function doc(answers: boolean[], dirtyAfter: boolean[]): SavableDocument & { saves: number } {
  let saves = 0;
  return {
    get isDirty() {
      return dirtyAfter[Math.min(saves, dirtyAfter.length) - 1] ?? true;
    },
    async save() {
      return answers[saves++] ?? false;
    },
    get saves() {
      return saves;
    },
  };
}

const disk = (text: string | null) => async () => text;
const fast = { waitMs: 0 };

test('a save that reports success is a success', async () => {
  assert.equal(await saveApplied(doc([true], [false]), 'new', disk('old'), fast), true);
});

test('save() says false but the document is clean and the disk holds the edit: saved (not a failed edit)', async () => {
  const d = doc([false], [false]);
  assert.equal(await saveApplied(d, 'new', disk('new'), fast), true);
  assert.equal(d.saves, 1, 'no second save of a clean document');
});

test('save() says false, the document is clean, but the disk holds other text (reverted): not saved', async () => {
  assert.equal(await saveApplied(doc([false], [false]), 'new', disk('old'), fast), false);
  assert.equal(await saveApplied(doc([false], [false]), 'new', disk(null), fast), false);
});

test('a document still dirty after a refused save is saved again', async () => {
  const d = doc([false, true], [true, false]);
  assert.equal(await saveApplied(d, 'new', disk('old'), fast), true);
  assert.equal(d.saves, 2);
});

test('a document that never saves fails after the retries', async () => {
  const d = doc([], [true]);
  assert.equal(await saveApplied(d, 'new', disk('old'), { retries: 2, waitMs: 0 }), false);
  assert.equal(d.saves, 3, 'one save and two retries');
});

test('a disk that cannot be read does not count as holding the edit', async () => {
  const unreadable = async (): Promise<string> => {
    throw new Error('EACCES');
  };
  assert.equal(await saveApplied(doc([false], [false]), 'new', unreadable, fast), false);
});
