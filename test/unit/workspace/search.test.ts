import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ScopeError } from '../../../src/core/workspace/paths';
import { searchFiles } from '../../../src/core/workspace/search';
import { sandbox } from './tmp-workspace';

const BASE = { maxResults: 100, maxFileBytes: 1024 * 1024 };

function project() {
  const sb = sandbox();
  sb.write('src/a.ts', 'const x = 1;\n// TODO: fix a\nexport {};\n');
  sb.write('src/b.tsx', '// TODO: fix b\n');
  sb.write('docs/notes.md', 'TODO write docs\n');
  sb.write('README.md', 'nothing here\n');
  return sb;
}

test('finds matches with path and 1-based line number', async () => {
  const sb = project();
  const res = await searchFiles(sb.root, { ...BASE, pattern: 'TODO: fix \\w' });
  assert.deepEqual(res, {
    matches: [
      { path: 'src/a.ts', line: 2, text: '// TODO: fix a' },
      { path: 'src/b.tsx', line: 1, text: '// TODO: fix b' },
    ],
    truncated: false,
    note: undefined,
    engine: 'javascript',
  });
});

test('glob filter: basename globs at any depth, and globs relative to path', async () => {
  const sb = project();
  const md = await searchFiles(sb.root, { ...BASE, pattern: 'TODO', glob: '*.md' });
  assert.deepEqual(md.matches.map((m) => m.path), ['docs/notes.md']);
  const tsx = await searchFiles(sb.root, { ...BASE, pattern: 'TODO', glob: 'src/*.{ts,tsx}' });
  assert.deepEqual(tsx.matches.map((m) => m.path), ['src/a.ts', 'src/b.tsx']);
  const underPath = await searchFiles(sb.root, { ...BASE, pattern: 'TODO', path: 'src', glob: '*.tsx' });
  assert.deepEqual(underPath.matches.map((m) => m.path), ['src/b.tsx']);
});

test('an invalid regular expression is explained', async () => {
  const sb = project();
  await assert.rejects(searchFiles(sb.root, { ...BASE, pattern: 'foo(' }), (err: unknown) => {
    assert.match((err as Error).message, /^Invalid regular expression 'foo\(': Unterminated group\. .*escape special characters/);
    return true;
  });
  await assert.rejects(searchFiles(sb.root, { ...BASE, pattern: '' }), /pattern is empty/);
});

test('ignoreCase, result cap and truncated flag', async () => {
  const sb = sandbox();
  sb.write('many.txt', Array.from({ length: 50 }, (_, i) => `Item ${i}`).join('\n'));
  const res = await searchFiles(sb.root, { ...BASE, pattern: 'item', ignoreCase: true, maxResults: 5 });
  assert.equal(res.matches.length, 5);
  assert.equal(res.truncated, true);
  assert.deepEqual(res.matches.map((m) => m.line), [1, 2, 3, 4, 5]);
  const exact = await searchFiles(sb.root, { ...BASE, pattern: 'Item 4\\d', maxResults: 10 });
  assert.equal(exact.matches.length, 10);
  assert.equal(exact.truncated, false, 'exactly maxResults matches is not truncated');
  const none = await searchFiles(sb.root, { ...BASE, pattern: 'item' });
  assert.equal(none.matches.length, 0, 'case-sensitive by default');
});

test('skips ignored, binary, oversized and symlinked files, and .git', async () => {
  const sb = sandbox();
  sb.write('.gitignore', 'dist/\n');
  sb.write('dist/out.js', 'needle\n');
  sb.write('.git/config', 'needle\n');
  sb.write('node_modules/x/index.js', 'needle\n');
  sb.write('bin.dat', Buffer.concat([Buffer.from('needle\n'), Buffer.from([0, 1, 2])]));
  sb.write('big.txt', `needle\n${'x'.repeat(5000)}`);
  sb.write('ok.txt', 'needle\n');
  fs.writeFileSync(path.join(sb.outside, 'secret.txt'), 'needle in the secret\n');
  fs.symlinkSync(path.join(sb.outside, 'secret.txt'), path.join(sb.root, 'link.txt'));
  fs.symlinkSync(sb.outside, path.join(sb.root, 'linkdir'));
  const res = await searchFiles(sb.root, { pattern: 'needle', maxResults: 100, maxFileBytes: 1000 });
  assert.deepEqual(res.matches.map((m) => m.path), ['ok.txt']);
  await assert.rejects(searchFiles(sb.root, { ...BASE, pattern: 'needle', path: 'linkdir' }), ScopeError);
  await assert.rejects(searchFiles(sb.root, { ...BASE, pattern: 'needle', path: '../outside' }), ScopeError);
});

test('long lines are shortened around the match; minified lines are skipped', async () => {
  const sb = sandbox();
  sb.write('long.txt', `${'a'.repeat(1000)}NEEDLE${'b'.repeat(500)}\n${'c'.repeat(2500)}NEEDLE\n`);
  const res = await searchFiles(sb.root, { ...BASE, pattern: 'NEEDLE' });
  assert.equal(res.matches.length, 1);
  assert.equal(res.matches[0].line, 1);
  assert.ok(res.matches[0].text.includes('NEEDLE'));
  assert.ok(res.matches[0].text.length <= 302, `length ${res.matches[0].text.length}`);
  assert.ok(res.matches[0].text.startsWith('…') && res.matches[0].text.endsWith('…'));
});

test('a catastrophic pattern is stopped by the time budget instead of hanging', async () => {
  const sb = sandbox();
  sb.write('evil.txt', `${'a'.repeat(40)}!\n`);
  const started = Date.now();
  const res = await searchFiles(sb.root, { ...BASE, pattern: '^(a+)+$', timeBudgetMs: 300 });
  const took = Date.now() - started;
  assert.ok(took < 5000, `took ${took} ms`);
  assert.equal(res.truncated, true);
  assert.match(res.note ?? '', /budget/);
});

test('searching a single file works', async () => {
  const sb = project();
  const res = await searchFiles(sb.root, { ...BASE, pattern: 'TODO', path: 'src/a.ts' });
  assert.deepEqual(res.matches, [{ path: 'src/a.ts', line: 2, text: '// TODO: fix a' }]);
});
