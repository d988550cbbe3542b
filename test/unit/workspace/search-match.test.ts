// The prefilter that rules a file out before its lines are matched must never rule out a file with
// a matching line: checked over patterns with anchors, boundaries, lookarounds and back-references.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_LINE_CHARS, prefilterFor } from '../../../src/core/workspace/search-match';

const TEXTS = [
  'alpha\nbeta\r\ngamma',
  'x\n\nfoo bar\n  indented\n',
  'caf\u00e9 na\u00efve\n\ufeffbom\n',
  'a1 b2\nc3\n',
  'emoji \ud83d\ude00 end\nab\nba\n',
  'aa bb aa\nbb\n',
  '',
  'line one\rstill one\nline two',
];
const PATTERNS = [
  'beta', 'a\\d', '^foo', 'bar$', '^$', '^\\s+\\w+$', '\\bna', 'a\\B', 'gamma$', '\\r$', 'one\\r', 'x\\n', '[^a]b', '.a',
  '(?<=b)a', '(?<!a)b', '(?=a)a', 'b(?!a)', '(?<=^)foo', '(?<=\\n)foo', '^(?<![^a])b', '(?=a)*b', '(a)\\1', '(?<=a)(b)\\1',
  'ALPHA', 'Caf\u00c9', '\ud83d', '.\ude00',
];

function linesMatch(pattern: string, ignoreCase: boolean, text: string): boolean {
  const re = new RegExp(pattern, ignoreCase ? 'i' : '');
  return text.split('\n').some((line) => line.length <= MAX_LINE_CHARS && re.test(line));
}

function prefilterPasses(pattern: string, ignoreCase: boolean, text: string): boolean {
  const pre = prefilterFor(pattern, ignoreCase);
  if (!pre) return true; // no prefilter: every file goes on to line matching
  if ('bytes' in pre) return Buffer.from(text, 'utf8').indexOf(pre.bytes) !== -1;
  return pre.regex.test(text);
}

test('a file with a matching line always passes the prefilter', () => {
  for (const ignoreCase of [false, true]) {
    for (const pattern of PATTERNS) {
      for (const text of TEXTS) {
        if (linesMatch(pattern, ignoreCase, text)) {
          assert.ok(prefilterPasses(pattern, ignoreCase, text), `${JSON.stringify(pattern)}${ignoreCase ? '/i' : ''} ruled out ${JSON.stringify(text)}`);
        }
      }
    }
  }
});

test('the prefilter is a real filter: literals by bytes, lookarounds dropped, back-references next to lookarounds left alone', () => {
  assert.deepEqual(prefilterFor('needle', false), { bytes: Buffer.from('needle') });
  const dropped = prefilterFor('(?<=a)b(?!c)', false);
  assert.ok(dropped && 'regex' in dropped);
  assert.equal(dropped.regex.source, 'b');
  assert.equal(dropped.regex.multiline, true);
  assert.equal(prefilterFor('(?<=(a))b\\1', false), undefined);
  assert.equal(prefilterPasses('beta', false, 'alpha\ngamma'), false);
});
