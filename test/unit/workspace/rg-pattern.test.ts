// The JavaScript-to-ripgrep pattern translation, checked against real ripgrep on a corpus of lines:
// every line the JavaScript pattern matches must match the translation (a line it misses would be a
// search result lost), and for patterns without lookarounds or back-references the translation must
// match nothing more on lines without astral characters (so ripgrep really narrows the search).
import { test } from 'node:test';
import { seededRandom } from '../../../bench/stats';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ripgrepOnPath } from '../../../src/core/workspace/rg-locate';
import { toRipgrepPattern } from '../../../src/core/workspace/rg-pattern';
import { sandbox } from './tmp-workspace';

const RG = ripgrepOnPath(process.env.PATH, undefined);
const skip = RG ? false : 'no rg on PATH: install ripgrep';

const CORPUS = [
  'abc',
  'xabcx ABC Abc',
  'foo bar',
  'foobar',
  'a.c a-c a/c',
  '123 4567',
  'café naïve ÉCOLE',
  'Ü ü ö',
  'tab\there',
  'nbsp\u00a0here',
  '\ufeffbom',
  'line\r',
  'ends with \\',
  'x{2} {} ] [ }',
  'aa bb aa',
  'aaaa',
  'AA',
  'ſ long s, K kelvin, k',
  'σ Σ ς',
  'ß ẞ SS',
  'İ ı i I',
  '\x01\x08\x0b\x0c controls',
  'dollar $5 ^caret',
  'path/to/file.ts:12',
  '-e --files',
  '漢字 かな',
  'e\u0301 combining',
  '',
  '   ',
  'emoji 😀 end',
  '😀😁',
  'x😀y',
];
const ASTRAL = /[\ud800-\udfff]/;

const PATTERNS = [
  'abc', 'a.c', '^abc', 'abc$', '^$', '\\d+', '\\D', '^\\w+$', '\\W', '\\s', '^\\S+$', '\\bfoo\\b', '\\Bbar', 'foo\\b', '\\bé',
  '[a-c]+', '[^a-c]', '[]', '[^]', '[\\d-z]', '[\\w.-]+:', 'a{2}', 'a{2,}', 'a{1,3}?', 'x{', 'x{2}', '\\{2\\}', '{', '}', ']', '\\]',
  'foo|bar|', '(a)(b)?', '(?:ab)+', '\\x41', '\\u00e9', '\\101', '\\0', '\\cJ', '\\cI', '\\c', '\\c1', '\\8', '\\a\\e\\z', '\\/', '\\.',
  '\\p{L}', '\\k', '\\$\\d', '\\^', '[\\b]', '[\\B]', '[\\-]', '[\\c_]', '[\\1]', '\\r$', '\\n', '[\\n]', '[^\\n]+', 'a{100}', 'a{101,}',
  '(a{50}){50}', 'é', '[é-ü]', 'É', '漢.', 'e\u0301', '.', '^.$', '^..$', '^\\s+$', '\\v', '\\f', '[\\s\\S]', '\\x{41}', '\\u{41}',
  '\\uD83D', '😀', '[😀]', '.😀', 'x.y', 'x..y', '[\\ud800-\\udfff]', '[\\u0000-\\uffff]', '(?<n>a)\\k<n>',
  // Loosened (lookarounds dropped, back-references become any text): only the superset must hold.
  '(a)\\1', '(a+) bb \\1', '(?=a)', '(?!a)b', '(?<=a)b', '(?<!a)b', '(?=a)*b', '\\d(?=5)', '(?<n>x)\\k<n>',
];
const LOOSE = /\(\?<?[=!]|\\[1-9]|\\k</;
const IGNORE_CASE_PATTERNS = ['ABC', 'abc', '[a-z]+', '\\W', '[x\\W]', '[^x]', 'é', 'É', 'ſ', 's long', 'k', 'σ', 'Σ', 'ß', 'İ', 'ı', '^\\W long', '[^\\w]'];

function rgLines(file: string, pattern: string): Set<number> {
  const r = spawnSync(RG!, ['--no-config', '--line-number', '--no-filename', '--text', '--encoding', 'none', '--case-sensitive', '--regexp', pattern, '--', file], { encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, `rg rejected ${JSON.stringify(pattern)}: ${r.stderr}`);
  return new Set(r.stdout.split('\n').filter(Boolean).map((l) => Number(l.slice(0, l.indexOf(':')))));
}

function jsLines(pattern: string, ignoreCase: boolean): Set<number> {
  const re = new RegExp(pattern, ignoreCase ? 'i' : '');
  return new Set(CORPUS.flatMap((line, i) => (re.test(line) ? [i + 1] : [])));
}

function check(file: string, pattern: string, ignoreCase: boolean, exact: boolean): void {
  const translated = toRipgrepPattern(pattern, ignoreCase);
  assert.ok(translated !== undefined, `no translation for ${pattern}`);
  const js = jsLines(pattern, ignoreCase);
  const rg = rgLines(file, translated);
  const missed = [...js].filter((n) => !rg.has(n));
  assert.deepEqual(missed.map((n) => CORPUS[n - 1]), [], `${JSON.stringify(pattern)}${ignoreCase ? ' (ignoreCase)' : ''} → ${translated} misses lines`);
  if (!exact) return;
  const extra = [...rg].filter((n) => !js.has(n) && !ASTRAL.test(CORPUS[n - 1]));
  assert.deepEqual(extra.map((n) => CORPUS[n - 1]), [], `${JSON.stringify(pattern)} → ${translated} matches more than JavaScript`);
}

function corpusFile(): string {
  const sb = sandbox();
  const file = path.join(sb.root, 'corpus.txt');
  fs.writeFileSync(file, CORPUS.join('\n') + '\n');
  return file;
}

test('every line JavaScript matches, the translation matches (and no more, when nothing was loosened)', { skip }, () => {
  const file = corpusFile();
  for (const p of PATTERNS) check(file, p, false, !LOOSE.test(p));
});

test('the same with ignoreCase: Rust folds case at least as widely, never more narrowly', { skip }, () => {
  const file = corpusFile();
  for (const p of IGNORE_CASE_PATTERNS) check(file, p, true, false);
});

test('random patterns from JavaScript syntax never lose a line', { skip }, () => {
  const file = corpusFile();
  const pieces = ['a', 'b', 'c', 'A', ' ', '.', '\\d', '\\w', '\\W', '\\s', '\\S', '\\b', '\\B', '^', '$', '[ab]', '[^a]', '[a-z]', '[\\W\\d]', '(', ')', '(?:', '|', '*', '+', '?', '{2}', '{1,3}', '{', '}', '\\x61', '\\u00e9', 'é', '😀', '\\1', '(?=b)', '(?<!a)', '\\.', '-', 'ſ', 'K', '\\', 'x', '\\0'];
  const next = seededRandom(16);
  let tried = 0;
  while (tried < 250) {
    const n = 1 + Math.floor(next() * 6);
    let p = '';
    for (let k = 0; k < n; k++) p += pieces[Math.floor(next() * pieces.length)];
    const ignoreCase = next() < 0.25;
    try {
      new RegExp(p, ignoreCase ? 'i' : '');
    } catch {
      continue;
    }
    tried++;
    if (toRipgrepPattern(p, ignoreCase) === undefined) continue;
    check(file, p, ignoreCase, false);
  }
});

test('a plain pattern stays plain, so ripgrep keeps its fast literal search; the astral fallback comes only when needed', () => {
  assert.equal(toRipgrepPattern('needle', false), 'needle');
  assert.equal(toRipgrepPattern('foo\\(bar', false), 'foo\\x{28}bar');
  assert.equal(toRipgrepPattern('Needle', true), '(?i)Needle');
  for (const p of ['a.b', '[^x]', '\\S+', 'x😀', 'a*', '\\b', '(a)?\\1']) assert.match(toRipgrepPattern(p, false)!, /\|\[\\x\{10000\}-\\x\{10FFFF\}\]$/, p);
});

test('syntax a newer JavaScript reads differently is not translated: the search stays in JavaScript', () => {
  assert.equal(toRipgrepPattern('(?i:a)b', false), undefined);
  assert.equal(toRipgrepPattern('(?<n>a)[\\k]', false), undefined);
  assert.ok(toRipgrepPattern('(?<n>a)\\k<n>', false));
});
