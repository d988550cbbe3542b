// The rule behind "the agent may only overwrite what it has seen", without the loop: the seen memory
// as folded from file-seen events, and the check a write, an edit or a delete goes through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldSeen, type SeenFiles } from '../../../src/core/events/seen';
import type { EventOf } from '../../../src/core/events/schema';
import { contentHash, lineHashes } from '../../../src/core/shared/hash';
import { checkWriteBase, seenAfterEdit } from '../../../src/core/tools/write-base';
import type { EditArgs } from '../../../src/core/tools/edit-plan';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`).join('');

/** What read_file records for `text` (whole, or lines start..end). */
function sawRead(seen: SeenFiles, path: string, text: string, step: number, range?: { start: number; end: number }): void {
  const e: EventOf<'file-seen'> = {
    type: 'file-seen',
    path,
    hash: contentHash(text),
    step,
    how: range ? 'partial' : 'read',
    ...(range ? { range } : {}),
    lines: lineHashes(text, range?.start, range?.end),
  };
  foldSeen(seen, e);
}

const write = (content: string): EditArgs => ({ tool: 'write_file', args: { path: 'f.txt', content } });
const edit = (oldText: string, newText: string): EditArgs => ({ tool: 'edit_file', args: { path: 'f.txt', old_text: oldText, new_text: newText } });
const del: EditArgs = { tool: 'delete_file', args: { path: 'f.txt' } };

test('a file that does not exist needs no read; an existing one never seen is refused for every tool', () => {
  assert.equal(checkWriteBase(write('x'), 'f.txt', null, undefined), null);
  for (const [e, verb] of [[write('x'), 'write'], [edit('a', 'b'), 'edit'], [del, 'delete']] as const) {
    const r = checkWriteBase(e, 'f.txt', 'a\n', undefined);
    assert.equal(r?.reason, 'not-seen');
    assert.equal(r?.message, `Refused: f.txt exists and you have not read it in this task. Read it first (read_file), then ${verb} it.`);
  }
});

test('write_file and delete_file need the version seen; a partial read of it is enough', () => {
  const seen: SeenFiles = new Map();
  sawRead(seen, 'f.txt', lines(10), 3, { start: 2, end: 4 });
  assert.equal(checkWriteBase(write('new'), 'f.txt', lines(10), seen.get('f.txt')), null);
  assert.equal(checkWriteBase(del, 'f.txt', lines(10), seen.get('f.txt')), null);
  const changed = lines(10).replace('line 9\n', 'line nine\n');
  const r = checkWriteBase(write('new'), 'f.txt', changed, seen.get('f.txt'));
  assert.deepEqual([r?.reason, r?.seenStep, r?.seenHash, r?.currentHash], ['changed', 3, contentHash(lines(10)), contentHash(changed)]);
  assert.equal(r?.message, 'Refused: f.txt changed since you read lines 2-4 of it at step 3, by someone else. Read it again, then write it based on what it holds now.');
});

test('a read of another version replaces what was seen; two partial reads of one version add up', () => {
  const seen: SeenFiles = new Map();
  const v1 = lines(10);
  sawRead(seen, 'f.txt', v1, 1, { start: 1, end: 3 });
  sawRead(seen, 'f.txt', v1, 2, { start: 4, end: 6 });
  assert.equal(checkWriteBase(edit('line 3\nline 4\n', 'x\n'), 'f.txt', v1, seen.get('f.txt')), null, 'lines 3-4 span both reads');
  assert.equal(checkWriteBase(edit('line 7\n', 'x\n'), 'f.txt', v1, seen.get('f.txt'))?.reason, 'region-not-seen');
  const v2 = v1.replace('line 10\n', 'line ten\n');
  sawRead(seen, 'f.txt', v2, 3, { start: 5, end: 6 });
  assert.equal(checkWriteBase(edit('line 3\n', 'x\n'), 'f.txt', v2, seen.get('f.txt'))?.reason, 'region-not-seen', 'lines seen of v1 say nothing about v2');
  assert.equal(checkWriteBase(edit('line 5\n', 'x\n'), 'f.txt', v2, seen.get('f.txt')), null);
});

test('edit_file: the lines old_text spans must be seen and unchanged; the rest may change', () => {
  const seen: SeenFiles = new Map();
  const v1 = lines(20);
  sawRead(seen, 'f.txt', v1, 1, { start: 5, end: 10 });
  const elsewhere = v1.replace('line 15\n', 'changed\n');
  assert.equal(checkWriteBase(edit('line 7', 'seven'), 'f.txt', elsewhere, seen.get('f.txt')), null);
  const inRegion = v1.replace('line 8\n', 'line 8 changed\n');
  const r = checkWriteBase(edit('line 7\nline 8', 'x'), 'f.txt', inRegion, seen.get('f.txt'));
  assert.equal(r?.reason, 'region-changed');
  assert.match(r?.message ?? '', /^Refused: lines 7-8 of f\.txt, where old_text is, are not as you saw them/);
  // old_text ending in a newline stays on its own line; one starting mid-line counts that line.
  assert.equal(checkWriteBase(edit('line 10\n', 'x\n'), 'f.txt', elsewhere, seen.get('f.txt')), null);
  assert.equal(checkWriteBase(edit('\nline 11', 'x'), 'f.txt', elsewhere, seen.get('f.txt'))?.reason, 'region-changed', 'line 11 was not read');
  // Lines moved by an insertion above: with only part of the file seen, nothing to align against.
  const moved = 'inserted\n' + v1;
  assert.equal(checkWriteBase(edit('line 7\n', 'x\n'), 'f.txt', moved, seen.get('f.txt'))?.reason, 'region-changed');
});

test('edit_file after a whole read: moved lines are matched by a line diff, replaced ones are not', () => {
  const seen: SeenFiles = new Map();
  const v1 = lines(20);
  sawRead(seen, 'f.txt', v1, 1);
  const moved = 'one\ntwo\n' + v1.replace('line 2\n', '');
  assert.equal(checkWriteBase(edit('line 12\n', 'x\n'), 'f.txt', moved, seen.get('f.txt')), null);
  // A line that only looks like one the model saw, somewhere it never was, is not "seen".
  const transplanted = v1.replace('line 3\n', 'line 3 edited\n').replace('line 17\n', 'line 17\nline 3\n');
  assert.equal(checkWriteBase(edit('line 17\nline 3\n', 'x\n'), 'f.txt', transplanted, seen.get('f.txt'))?.reason, 'region-changed');
});

test('CRLF files: the model LF old_text is matched and its lines checked byte for byte', () => {
  const seen: SeenFiles = new Map();
  const v1 = 'a\r\nb\r\nc\r\n';
  sawRead(seen, 'f.txt', v1, 1, { start: 1, end: 2 });
  assert.equal(checkWriteBase(edit('a\nb', 'x'), 'f.txt', v1, seen.get('f.txt')), null);
  assert.equal(checkWriteBase(edit('b\nc', 'x'), 'f.txt', v1, seen.get('f.txt'))?.reason, 'region-not-seen');
  // Line 2 with an LF ending now is a different line: the model did not see it that way.
  assert.equal(checkWriteBase(edit('a\nb', 'x'), 'f.txt', 'a\r\nb\nc\r\n', seen.get('f.txt'))?.reason, 'region-changed');
});

test("after an edit: the lines written and those seen around them; someone else's change stays unseen", () => {
  const v1 = lines(10);
  const whole: SeenFiles = new Map();
  sawRead(whole, 'f.txt', v1, 1);
  const after = v1.replace('line 5\n', 'five\n');
  assert.deepEqual(seenAfterEdit(whole.get('f.txt'), v1, after), { lines: lineHashes(after) }, 'seen whole, edited: seen whole');

  const part: SeenFiles = new Map();
  sawRead(part, 'f.txt', v1, 1, { start: 4, end: 6 });
  const got = seenAfterEdit(part.get('f.txt'), v1, v1.replace('line 5\n', 'five\nand more\n'));
  assert.deepEqual(got.range, { start: 4, end: 7 }, 'lines 4-6 as seen, the written line 5 now two lines');

  // The user changed line 9 before the edit of line 5 landed: line 9 stays unseen.
  const users = v1.replace('line 9\n', 'user nine\n');
  const mixed = seenAfterEdit(whole.get('f.txt'), users, users.replace('line 5\n', 'five\n'));
  assert.equal(mixed.range, undefined, 'lines 1-10, with a gap');
  assert.equal(mixed.lines.slice(8 * 8, 9 * 8), '????????', 'line 9 was not seen as it is');
  assert.equal(mixed.lines.slice(4 * 8, 5 * 8), lineHashes('five\n'));
  // Recorded as foreign: edits of lines seen go on, a whole-file write needs a read first.
  const folded: SeenFiles = new Map();
  foldSeen(folded, { type: 'file-seen', path: 'f.txt', hash: contentHash(users.replace('line 5\n', 'five\n')), step: 2, how: 'applied', lines: mixed.lines, foreign: true });
  const refused = checkWriteBase(write('x'), 'f.txt', users.replace('line 5\n', 'five\n'), folded.get('f.txt'));
  assert.equal(refused?.reason, 'changed');
  assert.match(refused?.message ?? '', /holds changes by someone else that you have not read \(your edit at step 2 landed beside them\)/);
  assert.equal(checkWriteBase(edit('five\n', '5\n'), 'f.txt', users.replace('line 5\n', 'five\n'), folded.get('f.txt')), null);
  assert.equal(checkWriteBase(edit('user nine\n', '9\n'), 'f.txt', users.replace('line 5\n', 'five\n'), folded.get('f.txt'))?.reason, 'region-not-seen');
});

test('a file-seen event from a hostile journal (a huge line number) costs nothing and grants nothing', () => {
  const seen: SeenFiles = new Map();
  foldSeen(seen, { type: 'file-seen', path: 'f.txt', hash: contentHash('a\n'), step: 1, how: 'partial', range: { start: 1e12, end: 1e12 }, lines: lineHashes('a\n') });
  assert.equal(checkWriteBase(edit('a', 'b'), 'f.txt', 'a\n', seen.get('f.txt'))?.reason, 'region-not-seen');
});
