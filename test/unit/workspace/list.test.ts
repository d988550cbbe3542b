import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ScopeError } from '../../../src/core/workspace/paths';
import { listFiles } from '../../../src/core/workspace/list';
import { isIgnored, parseGitignore } from '../../../src/core/workspace/ignore';
import { sandbox } from './tmp-workspace';

const ALL = { recursive: true, maxEntries: 1000 };

test('lists one level by default, folders with a trailing slash, sorted', async () => {
  const sb = sandbox();
  sb.write('b.txt', '');
  sb.write('a.txt', '');
  sb.write('src/index.ts', '');
  assert.deepEqual(await listFiles(sb.root, '.', { maxEntries: 100 }), { entries: ['a.txt', 'b.txt', 'src/'], truncated: false });
  assert.deepEqual((await listFiles(sb.root, 'src', { maxEntries: 100 })).entries, ['src/index.ts']);
  assert.deepEqual((await listFiles(sb.root, 'src/index.ts', { maxEntries: 100 })).entries, ['src/index.ts']);
});

test('recursive listing skips .git, node_modules and .harness, but lists node_modules when asked', async () => {
  const sb = sandbox();
  sb.write('.git/config', '');
  sb.write('.GIT/HEAD', ''); // the same folder as .git on macOS/Windows, so skipped too
  sb.write('node_modules/lib/index.js', '');
  sb.write('pkg/node_modules/x.js', '');
  sb.write('.harness/audit/log.jsonl', '');
  sb.write('src/a.ts', '');
  assert.deepEqual((await listFiles(sb.root, '.', ALL)).entries, ['pkg/', 'src/', 'src/a.ts']);
  assert.deepEqual((await listFiles(sb.root, 'node_modules', ALL)).entries, ['node_modules/lib/', 'node_modules/lib/index.js']);
  await assert.rejects(listFiles(sb.root, '.git', ALL), /not listed or searched/);
  await assert.rejects(listFiles(sb.root, '.harness/audit', ALL), /not listed or searched/);
});

test('root .gitignore: comments, blank lines, globs, folders, anchoring and negation', async () => {
  const sb = sandbox();
  sb.write('.gitignore', ['# build output', '', 'dist/', '*.log', '!keep.log', '/only-root.txt', 'docs/**/*.tmp', 'cache', 'temp?.txt'].join('\n'));
  for (const f of ['dist/app.js', 'a.log', 'keep.log', 'sub/b.log', 'only-root.txt', 'sub/only-root.txt', 'docs/x/y/z.tmp', 'docs/readme.md', 'sub/cache/c.bin', 'temp1.txt', 'temp10.txt', 'src/dist', 'main.ts']) {
    sb.write(f, '');
  }
  const { entries } = await listFiles(sb.root, '.', ALL);
  assert.deepEqual(entries, [
    '.gitignore',
    'docs/',
    'docs/readme.md',
    'docs/x/',
    'docs/x/y/',
    'keep.log',
    'main.ts',
    'src/',
    'src/dist', // `dist/` only matches folders
    'sub/',
    'sub/only-root.txt', // `/only-root.txt` is anchored to the root
    'temp10.txt',
  ]);
});

test('nested .gitignore files apply below their folder and can re-include', async () => {
  const sb = sandbox();
  sb.write('.gitignore', '*.gen.ts\n');
  sb.write('pkg/.gitignore', '!keep.gen.ts\nlocal/\n/top-only.txt\n');
  for (const f of ['a.gen.ts', 'keep.gen.ts', 'pkg/a.gen.ts', 'pkg/keep.gen.ts', 'pkg/local/x.ts', 'local/y.ts', 'pkg/top-only.txt', 'pkg/deep/top-only.txt']) {
    sb.write(f, '');
  }
  const { entries } = await listFiles(sb.root, '.', ALL);
  assert.deepEqual(entries, [
    '.gitignore',
    'local/',
    'local/y.ts', // the nested rule does not reach outside pkg/
    'pkg/',
    'pkg/.gitignore',
    'pkg/deep/',
    'pkg/deep/top-only.txt',
    'pkg/keep.gen.ts',
  ]);
  // Listing a subfolder still honours the root's rules.
  assert.deepEqual((await listFiles(sb.root, 'pkg', { maxEntries: 100 })).entries, ['pkg/.gitignore', 'pkg/deep/', 'pkg/keep.gen.ts']);
});

test('gitignore parser: escapes and trailing spaces', () => {
  const rules = parseGitignore('\\#notcomment\n\\!bang\ntrail   \nesc\\ \n', '');
  assert.equal(isIgnored(rules, '#notcomment', false), true);
  assert.equal(isIgnored(rules, '!bang', false), true);
  assert.equal(isIgnored(rules, 'trail', false), true);
  assert.equal(isIgnored(rules, 'esc ', false), true);
  assert.equal(isIgnored(rules, 'esc', false), false);
});

test('the cap keeps the listing short and says it was truncated', async () => {
  const sb = sandbox();
  for (let i = 0; i < 30; i++) sb.write(`d${String(i).padStart(2, '0')}/f.txt`, '');
  const capped = await listFiles(sb.root, '.', { recursive: true, maxEntries: 10 });
  assert.equal(capped.truncated, true);
  assert.equal(capped.entries.length, 10);
  // Breadth-first: the cap keeps top-level folders, not one folder's contents.
  assert.ok(capped.entries.every((e) => /^d\d\d\/$/.test(e)), capped.entries.join(','));
  const exact = await listFiles(sb.root, '.', { recursive: false, maxEntries: 30 });
  assert.equal(exact.truncated, false);
  assert.equal(exact.entries.length, 30);
  await assert.rejects(listFiles(sb.root, '.', { maxEntries: 0 }), /maxEntries/);
});

test('symlinked folders are listed but never entered; links outside cannot be listed', async () => {
  const sb = sandbox();
  sb.write('src/a.ts', '');
  fs.symlinkSync(sb.outside, path.join(sb.root, 'escape'));
  fs.symlinkSync(sb.root, path.join(sb.root, 'src', 'loop'));
  const { entries } = await listFiles(sb.root, '.', ALL);
  assert.deepEqual(entries, ['escape', 'src/', 'src/a.ts', 'src/loop']);
  await assert.rejects(listFiles(sb.root, 'escape', ALL), ScopeError);
  await assert.rejects(listFiles(sb.root, '../outside', ALL), ScopeError);
  await assert.rejects(listFiles(sb.root, 'missing', ALL), /not found/);
});
