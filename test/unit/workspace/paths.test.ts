import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ScopeError, assertRealPathInside, isInside, resolveInWorkspace } from '../../../src/core/workspace/paths';
import { sandbox } from './tmp-workspace';

const ROOT = path.resolve('/w/proj');

test('plain relative paths are normalised to forward-slash workspace paths', () => {
  assert.deepEqual(resolveInWorkspace(ROOT, './a//b'), { abs: path.join(ROOT, 'a', 'b'), rel: 'a/b' });
  assert.equal(resolveInWorkspace(ROOT, 'a\\b\\c.ts').rel, 'a/b/c.ts');
  assert.equal(resolveInWorkspace(ROOT, 'src/').rel, 'src');
  assert.deepEqual(resolveInWorkspace(ROOT, '.'), { abs: ROOT, rel: '.' });
  assert.deepEqual(resolveInWorkspace(ROOT, './'), { abs: ROOT, rel: '.' });
});

test('traversal with .. is refused, however it is spelled', () => {
  for (const input of ['../x', 'a/../../x', 'a/..', '..', 'a\\..\\..\\x', 'a/./../b']) {
    assert.throws(() => resolveInWorkspace(ROOT, input), (err: unknown) => {
      assert.ok(err instanceof ScopeError, `${input} should be a ScopeError`);
      assert.match((err as Error).message, /'\.\.'/);
      return true;
    });
  }
});

test('absolute, drive, UNC and home paths are refused with advice', () => {
  for (const input of ['/etc/passwd', '/w/proj/a.txt', 'C:\\Windows\\x', 'c:x', 'C:/x', '\\\\server\\share\\x', '//server/x', '~', '~/x', '~root/x']) {
    assert.throws(() => resolveInWorkspace(ROOT, input), (err: unknown) => {
      assert.ok(err instanceof ScopeError, input);
      assert.match((err as Error).message, /relative to the workspace root/);
      assert.doesNotMatch((err as Error).message, /\n/);
      return true;
    });
  }
});

test('NUL bytes, control characters and empty paths are refused', () => {
  assert.throws(() => resolveInWorkspace(ROOT, 'a.txt\0.png'), /control characters/);
  assert.throws(() => resolveInWorkspace(ROOT, 'a\nb'), /control characters/);
  assert.throws(() => resolveInWorkspace(ROOT, ''), /empty/);
  assert.throws(() => resolveInWorkspace(ROOT, '   '), /empty/);
});

test('containment is decided on segments, not string prefixes', () => {
  assert.equal(isInside('/w/proj', '/w/proj_evil/x'), false);
  assert.equal(isInside('/w/proj', '/w/proj_evil'), false);
  assert.equal(isInside('/w/proj', '/w/proj'), true);
  assert.equal(isInside('/w/proj', '/w/proj/..foo'), true);
  assert.equal(isInside('/w/proj', '/w/proj/a/../../proj_evil'), false);
  assert.equal(isInside('/w/proj/', '/w/proj/sub'), true);
});

test('real-path check: sibling folder with the root as a name prefix is outside', async () => {
  const sb = sandbox();
  const evil = `${sb.root}_evil`;
  fs.mkdirSync(evil);
  fs.symlinkSync(evil, path.join(sb.root, 'link'));
  await assert.rejects(assertRealPathInside(sb.root, path.join(sb.root, 'link', 'x'), false), ScopeError);
  await assert.rejects(assertRealPathInside(sb.root, evil, false), ScopeError);
});

test('real-path check: missing targets are judged by their nearest existing parent', async () => {
  const sb = sandbox();
  sb.write('src/a.ts', 'x');
  const res = await assertRealPathInside(sb.root, path.join(sb.root, 'src', 'new', 'deep.ts'), true);
  assert.equal(res.exists, false);
  assert.equal(res.real, path.join(sb.root, 'src'));
  fs.symlinkSync(sb.outside, path.join(sb.root, 'out'));
  await assert.rejects(assertRealPathInside(sb.root, path.join(sb.root, 'out', 'new', 'deep.ts'), true), /outside the workspace/);
});

test('real-path check: writes refuse a symlink target even when it points inside', async () => {
  const sb = sandbox();
  sb.write('real.txt', 'x');
  fs.symlinkSync(path.join(sb.root, 'real.txt'), path.join(sb.root, 'alias.txt'));
  const read = await assertRealPathInside(sb.root, path.join(sb.root, 'alias.txt'), false);
  assert.equal(read.real, path.join(sb.root, 'real.txt'));
  await assert.rejects(assertRealPathInside(sb.root, path.join(sb.root, 'alias.txt'), true), /symbolic link/);
});

test('real-path check: dangling links are refused', async () => {
  const sb = sandbox();
  fs.symlinkSync(path.join(sb.outside, 'nope'), path.join(sb.root, 'dangling'));
  await assert.rejects(assertRealPathInside(sb.root, path.join(sb.root, 'dangling'), false), ScopeError);
  await assert.rejects(assertRealPathInside(sb.root, path.join(sb.root, 'dangling'), true), ScopeError);
});

test('a workspace root that is itself a symlink still works', async () => {
  const sb = sandbox();
  sb.write('a.txt', 'x');
  const viaLink = path.join(sb.base, 'proj-link');
  fs.symlinkSync(sb.root, viaLink);
  const res = await assertRealPathInside(viaLink, path.join(viaLink, 'a.txt'), false);
  assert.equal(res.exists, true);
});
