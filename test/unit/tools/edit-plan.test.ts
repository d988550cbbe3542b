// What an edit tool makes of a file before anything is written: exact unique matches, clear errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planEdit } from '../../../src/core/tools/edit-plan';

const MB = 5 * 1024 * 1024;
const edit = (path: string, old_text: string, new_text: string) => ({ tool: 'edit_file' as const, args: { path, old_text, new_text } });

test('edit_file replaces one exact, unique occurrence; zero or several matches are errors naming the count', () => {
  assert.equal(planEdit(edit('a.ts', 'b', 'B'), 'a\nb\nc\n', MB), 'a\nB\nc\n');
  assert.throws(() => planEdit(edit('a.ts', 'zzz', 'q'), 'a\n', MB), /old_text was not found in a\.ts/);
  assert.throws(() => planEdit(edit('a.ts', 'x', 'q'), 'x\nx\nx\n', MB), /old_text occurs 3 times in a\.ts/);
  assert.throws(() => planEdit(edit('a.ts', 'a', 'a'), 'a\n', MB), /unchanged/);
  assert.throws(() => planEdit(edit('gone.ts', 'a', 'b'), null, MB), /does not exist\. Use write_file/);
});

test('LF old_text matches a CRLF file and the replacement keeps CRLF', () => {
  assert.equal(planEdit(edit('w.txt', 'one\ntwo', 'uno\ndos'), 'one\r\ntwo\r\n', MB), 'uno\r\ndos\r\n');
});

test('write_file over the size limit and a path ending in a slash are refused', () => {
  assert.throws(() => planEdit({ tool: 'write_file', args: { path: 'big.txt', content: 'x'.repeat(11) } }, null, 10), /11 bytes, over the 10-byte limit/);
  for (const p of ['src/', 'src\\']) {
    assert.throws(() => planEdit({ tool: 'write_file', args: { path: p, content: 'x' } }, null, MB), /ends with a slash, so it names a folder/, p);
  }
  assert.equal(planEdit({ tool: 'write_file', args: { path: 'src/a.ts', content: 'x' } }, null, MB), 'x');
});
