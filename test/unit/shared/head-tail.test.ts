// Cutting long output to a size: start and end kept, the end larger, the middle marked, whole lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headTail, headTailCut } from '../../../src/core/shared/head-tail';

const log = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n');

test('text within the size comes back unchanged', () => {
  assert.equal(headTail('short\ntext\n', 100), 'short\ntext\n');
  assert.deepEqual(headTailCut('abc', 3), { text: 'abc', elidedLines: 0, elidedChars: 0 });
});

test('a long text keeps its start and its end, the end larger, whole lines, the middle counted', () => {
  const cut = headTailCut(log, 1000);
  assert.ok(cut.text.length <= 1000, `${cut.text.length}`);
  const [head, tail] = cut.text.split(/\[… \d+ lines \(\d+ chars\) elided …\]\n/);
  assert.ok(head.startsWith('line 0\nline 1\n'));
  assert.ok(tail.endsWith('line 999'));
  assert.ok(tail.length > 2 * head.length * 0.9, `tail ${tail.length} vs head ${head.length}`);
  for (const l of [...head.trimEnd().split('\n'), ...tail.split('\n')]) assert.match(l, /^line \d+$/, 'no line cut in half');
  const kept = [...head.trimEnd().split('\n'), ...tail.split('\n')].length;
  assert.equal(kept + cut.elidedLines, 1000);
  assert.equal(head.length + tail.length + cut.elidedChars, log.length);
  assert.match(cut.text, new RegExp(`\\[… ${cut.elidedLines} lines \\(${cut.elidedChars} chars\\) elided …\\]`));
});

test('the share of the end is an option, never below half', () => {
  const even = headTail(log, 1000, { tailShare: 0.5 }).split(/\[….*…\]\n/);
  assert.ok(Math.abs(even[0].length - even[1].length) < 60);
  const low = headTail(log, 1000, { tailShare: 0.1 }).split(/\[….*…\]\n/);
  assert.ok(low[1].length >= low[0].length - 10, 'the end never gets less than the start');
});

test('one huge line is cut inside the line; a size too small for both ends keeps the end', () => {
  const line = `${'a'.repeat(5000)}END`;
  const cut = headTail(line, 500);
  assert.ok(cut.length <= 500);
  assert.ok(cut.startsWith('aaa') && cut.endsWith('END'));
  const tiny = headTail(log, 30);
  assert.ok(tiny.length <= 30);
  assert.ok(tiny.endsWith('line 999'), tiny);
});

test('a cut never splits a character made of two UTF-16 units', () => {
  const emoji = '😀'.repeat(2000);
  for (const max of [100, 101, 333, 1000]) {
    const cut = headTail(emoji, max);
    assert.ok(cut.length <= max);
    assert.doesNotMatch(cut, /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/, `max ${max}`);
  }
});
