// Symlinks are how a malicious workspace (or a model that can run commands) escapes the root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ScopeError, assertRealPathInside, resolveInWorkspace } from '../../../src/core/workspace/paths';
import { atomicWriteFile, readTextFile, removeFile } from '../../../src/core/workspace/files';
import { sandbox } from './tmp-workspace';

const LIMITS = { maxFileBytes: 1024 * 1024 };

test('a symlink to a file outside cannot be read', async () => {
  const sb = sandbox();
  fs.symlinkSync(path.join(sb.outside, 'secret.txt'), path.join(sb.root, 'innocent.txt'));
  await assert.rejects(readTextFile(sb.root, 'innocent.txt', LIMITS), (err: unknown) => {
    assert.ok(err instanceof ScopeError);
    assert.match((err as Error).message, /outside the workspace through a symbolic link/);
    assert.doesNotMatch((err as Error).message, /TOP SECRET/);
    return true;
  });
});

test('a symlink to a file inside can be read but not written through', async () => {
  const sb = sandbox();
  sb.write('real.txt', 'real\n');
  fs.symlinkSync('real.txt', path.join(sb.root, 'alias.txt'));
  assert.equal((await readTextFile(sb.root, 'alias.txt', LIMITS)).text, 'real\n');
  await assert.rejects(atomicWriteFile(sb.root, 'alias.txt', 'changed\n'), /symbolic link/);
  assert.equal(fs.readFileSync(path.join(sb.root, 'real.txt'), 'utf8'), 'real\n');
  assert.ok(fs.lstatSync(path.join(sb.root, 'alias.txt')).isSymbolicLink(), 'the link itself is left alone');
});

test('a symlinked folder pointing outside: reads and writes inside it are refused', async () => {
  const sb = sandbox();
  fs.symlinkSync(sb.outside, path.join(sb.root, 'vendor'));
  await assert.rejects(readTextFile(sb.root, 'vendor/secret.txt', LIMITS), ScopeError);
  await assert.rejects(atomicWriteFile(sb.root, 'vendor/secret.txt', 'overwritten'), ScopeError);
  assert.equal(fs.readFileSync(path.join(sb.outside, 'secret.txt'), 'utf8'), 'TOP SECRET\n');
  await assert.rejects(removeFile(sb.root, 'vendor/secret.txt'), ScopeError);
  assert.ok(fs.existsSync(path.join(sb.outside, 'secret.txt')));
});

test('a new file (and new folders) under a symlinked folder outside are refused', async () => {
  const sb = sandbox();
  fs.symlinkSync(sb.outside, path.join(sb.root, 'vendor'));
  await assert.rejects(atomicWriteFile(sb.root, 'vendor/new.txt', 'x'), ScopeError);
  await assert.rejects(atomicWriteFile(sb.root, 'vendor/deep/er/new.txt', 'x'), ScopeError);
  assert.deepEqual(fs.readdirSync(sb.outside), ['secret.txt'], 'nothing was created outside');
});

test('a symlink deeper in the tree pointing to a parent of the root is refused', async () => {
  const sb = sandbox();
  fs.mkdirSync(path.join(sb.root, 'a', 'b'), { recursive: true });
  fs.symlinkSync('../../..', path.join(sb.root, 'a', 'b', 'up'));
  await assert.rejects(readTextFile(sb.root, 'a/b/up/outside/secret.txt', LIMITS), ScopeError);
  await assert.rejects(atomicWriteFile(sb.root, 'a/b/up/outside/x.txt', 'x'), ScopeError);
  assert.deepEqual(fs.readdirSync(sb.outside), ['secret.txt']);
});

test('swap: a folder replaced by a symlink after the check cannot redirect the write', async () => {
  const sb = sandbox();
  fs.mkdirSync(path.join(sb.root, 'sub'));
  // The check an approval flow would have done when the edit was proposed.
  const { abs } = resolveInWorkspace(sb.root, 'sub/f.txt');
  await assertRealPathInside(sb.root, abs, true);
  // Meanwhile (e.g. a command the model ran) the folder becomes a link to the outside.
  fs.rmdirSync(path.join(sb.root, 'sub'));
  fs.symlinkSync(sb.outside, path.join(sb.root, 'sub'));
  await assert.rejects(atomicWriteFile(sb.root, 'sub/f.txt', 'payload'), ScopeError);
  assert.deepEqual(fs.readdirSync(sb.outside), ['secret.txt'], 'nothing written outside, no temp file either');
});

test('swap: a file replaced by a symlink after the check is not read or overwritten', async () => {
  const sb = sandbox();
  sb.write('notes.txt', 'mine\n');
  fs.rmSync(path.join(sb.root, 'notes.txt'));
  fs.symlinkSync(path.join(sb.outside, 'secret.txt'), path.join(sb.root, 'notes.txt'));
  await assert.rejects(readTextFile(sb.root, 'notes.txt', LIMITS), ScopeError);
  await assert.rejects(atomicWriteFile(sb.root, 'notes.txt', 'payload'), ScopeError);
  assert.equal(fs.readFileSync(path.join(sb.outside, 'secret.txt'), 'utf8'), 'TOP SECRET\n');
});

test('removing a symlink removes the link, never its target', async () => {
  const sb = sandbox();
  fs.symlinkSync(path.join(sb.outside, 'secret.txt'), path.join(sb.root, 'link.txt'));
  await removeFile(sb.root, 'link.txt');
  assert.equal(fs.existsSync(path.join(sb.root, 'link.txt')), false);
  assert.equal(fs.readFileSync(path.join(sb.outside, 'secret.txt'), 'utf8'), 'TOP SECRET\n');
});
