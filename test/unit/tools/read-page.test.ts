// read_file pages a large file: at most N lines and B bytes per call, with a note giving the total
// and the start_line to read on from. Reading on page by page gives back the whole file, exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageOf } from '../../../src/core/tools/read-page';
import { runReadFile } from '../../../src/core/tools/read-tools';
import { DEFAULT_LIMITS } from '../../../src/core/shared/limits';
import { tempWorkspace } from '../agent/helpers';

const numbered = (n: number, width = 10) => Array.from({ length: n }, (_, i) => `row ${i + 1} ${'x'.repeat(width)}`).join('\n') + '\n';
const unnumber = (page: string) => page.split('\n').map((l) => l.replace(/^\s*\d+\t/, ''));

test('a long file is cut at the line cap, with the total and where to read on', () => {
  const page = pageOf(numbered(5000), undefined, undefined, { maxLines: 2000, maxBytes: 1_000_000 });
  assert.equal(page.startLine, 1);
  assert.equal(page.endLine, 2000);
  assert.equal(page.totalLines, 5000);
  assert.equal(page.note, '[Showing lines 1-2000 of 5000 (at most 2000 lines and 977 KB per call). Call read_file with start_line=2001 to read on.]');
  const last = pageOf(numbered(5000), 4001, undefined, { maxLines: 2000, maxBytes: 1_000_000 });
  assert.equal(last.endLine, 5000);
  assert.equal(last.note, undefined, 'the rest fits: no note');
});

test('the byte cap cuts on a line boundary, and reading on page by page gives back every line once', () => {
  const text = numbered(3000, 90);
  const caps = { maxLines: 2000, maxBytes: 16 * 1024 };
  const got: string[] = [];
  let start: number | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = pageOf(text, start, undefined, caps);
    assert.ok(Buffer.byteLength(page.text) <= caps.maxBytes, `page ${pages} is ${Buffer.byteLength(page.text)} bytes`);
    got.push(...unnumber(page.text));
    if (!page.note) break;
    start = Number(/start_line=(\d+)/.exec(page.note)?.[1]);
    assert.equal(start, page.endLine + 1);
  }
  assert.deepEqual(got, text.trimEnd().split('\n'));
});

test('one line longer than the byte cap (minified code) is cut and marked; multi-byte text is never split', () => {
  const page = pageOf(`${'é'.repeat(10_000)}\nsecond\n`, undefined, undefined, { maxLines: 2000, maxBytes: 1001 });
  assert.ok(Buffer.byteLength(page.text) <= 1001 + 3);
  assert.ok(!page.text.includes('\uFFFD'), 'no broken character');
  assert.match(page.note ?? '', /Line 1 is longer than 1 KB and was cut\. Call read_file with start_line=2 to read on\./);
});

test('an explicit range within the caps comes back whole, without a note', () => {
  const page = pageOf(numbered(100), 10, 20, { maxLines: 2000, maxBytes: 48 * 1024 });
  assert.equal(page.startLine, 10);
  assert.equal(page.endLine, 20);
  assert.equal(page.note, undefined);
});

test('read_file tells the model the range and how to read on', async () => {
  const ws = tempWorkspace({ 'big.log': numbered(4000) });
  const out = await runReadFile(ws.root, { path: 'big.log' }, DEFAULT_LIMITS);
  assert.match(out, /^big\.log \(lines 1-2000 of 4000\):\n/);
  assert.match(out, /\n\[Showing lines 1-2000 of 4000 \(at most 2000 lines and 48 KB per call\)\. Call read_file with start_line=2001 to read on\.\]$/);
  assert.match(await runReadFile(ws.root, { path: 'big.log', start_line: 5000 }, DEFAULT_LIMITS).catch((e: Error) => e.message), /past the end of the file, which has 4000 lines/);
});
