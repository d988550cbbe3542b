import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { ScopeError, WorkspaceError } from '../../../src/core/workspace/paths';
import { atomicWriteFile, readTextFile, removeFile, sliceLines } from '../../../src/core/workspace/files';
import { contentHash } from '../../../src/core/shared/hash';
import { DiskEditApplier } from '../../../src/core/workspace/disk-applier';
import { sandbox } from './tmp-workspace';

const LIMITS = { maxFileBytes: 1024 };

test('reads a text file and reports its normalised path', async () => {
  const sb = sandbox();
  sb.write('src/a.ts', 'export const a = 1;\n');
  assert.deepEqual(await readTextFile(sb.root, './src//a.ts', LIMITS), { rel: 'src/a.ts', text: 'export const a = 1;\n' });
  assert.equal((await readTextFile(sb.root, 'src\\a.ts', LIMITS)).text, 'export const a = 1;\n');
});

test('missing files, folders and the root give clear errors', async () => {
  const sb = sandbox();
  sb.write('src/a.ts', 'x');
  await assert.rejects(readTextFile(sb.root, 'src/nope.ts', LIMITS), /'src\/nope.ts' not found: check the path with list_files/);
  await assert.rejects(readTextFile(sb.root, 'src', LIMITS), /'src' is a directory/);
  await assert.rejects(readTextFile(sb.root, '.', LIMITS), /workspace root/);
  await assert.rejects(readTextFile(sb.root, '../outside/secret.txt', LIMITS), ScopeError);
});

test('binary files are refused: NUL bytes or invalid UTF-8', async () => {
  const sb = sandbox();
  sb.write('img.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
  sb.write('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])); // "café" in Latin-1
  sb.write('utf8.txt', 'café ☕\n');
  await assert.rejects(readTextFile(sb.root, 'img.png', LIMITS), /'img.png' is a binary file, not shown/);
  await assert.rejects(readTextFile(sb.root, 'latin1.txt', LIMITS), /binary file, not shown/);
  assert.equal((await readTextFile(sb.root, 'utf8.txt', LIMITS)).text, 'café ☕\n');
});

test('a byte-order mark survives a read, so a write-back keeps it', async () => {
  const sb = sandbox();
  sb.write('bom.txt', '\ufeffhello');
  assert.equal((await readTextFile(sb.root, 'bom.txt', LIMITS)).text, '\ufeffhello');
});

test('oversized reads and writes are refused with the limit in the message', async () => {
  const sb = sandbox();
  sb.write('big.txt', 'x'.repeat(2048));
  await assert.rejects(readTextFile(sb.root, 'big.txt', LIMITS), /2048 bytes\), over the 1024-byte limit/);
  await assert.rejects(atomicWriteFile(sb.root, 'new.txt', 'y'.repeat(1025), LIMITS), /over the 1024-byte limit/);
  assert.equal(fs.existsSync(path.join(sb.root, 'new.txt')), false);
  // The limit counts bytes, not characters: 400 three-byte characters are 1200 bytes.
  await assert.rejects(atomicWriteFile(sb.root, 'wide.txt', '☕'.repeat(400), LIMITS), /1200 bytes/);
});

test('a FIFO planted in the workspace is refused instead of hanging the read', async (t) => {
  const sb = sandbox();
  try {
    execFileSync('mkfifo', [path.join(sb.root, 'pipe')]);
  } catch {
    t.skip('mkfifo not available');
    return;
  }
  await assert.rejects(readTextFile(sb.root, 'pipe', LIMITS), /not a regular file/);
});

test('sliceLines numbers lines, clamps the end and explains bad ranges', () => {
  const text = 'one\ntwo\r\nthree\nfour\n';
  assert.deepEqual(sliceLines(text), { text: '1\tone\n2\ttwo\n3\tthree\n4\tfour', startLine: 1, endLine: 4, totalLines: 4 });
  assert.equal(sliceLines(text, 2, 3).text, '2\ttwo\n3\tthree');
  assert.equal(sliceLines(text, 3, 99).endLine, 4);
  assert.throws(() => sliceLines(text, 5), /Line 5 is past the end of the file, which has 4 lines/);
  assert.throws(() => sliceLines(text, 3, 2), /end must not be before the start/);
  assert.throws(() => sliceLines(text, 0), /starting at 1/);
  assert.throws(() => sliceLines(text, 1.5), /whole numbers/);
  const long = Array.from({ length: 12 }, (_, i) => `l${i + 1}`).join('\n');
  assert.equal(sliceLines(long, 9, 10).text, ' 9\tl9\n10\tl10', 'numbers are right-aligned');
  assert.equal(sliceLines('').totalLines, 0);
});

test('atomic write creates parents, leaves no temp files and preserves the mode', async () => {
  const sb = sandbox();
  await atomicWriteFile(sb.root, 'a/b/c/new.txt', 'hello\n');
  assert.equal(fs.readFileSync(path.join(sb.root, 'a/b/c/new.txt'), 'utf8'), 'hello\n');

  const script = sb.write('run.sh', '#!/bin/sh\necho old\n');
  fs.chmodSync(script, 0o751);
  await atomicWriteFile(sb.root, 'run.sh', '#!/bin/sh\necho new\n');
  assert.equal(fs.readFileSync(script, 'utf8'), '#!/bin/sh\necho new\n');
  assert.equal(fs.statSync(script).mode & 0o7777, 0o751);
  for (const dir of [sb.root, path.join(sb.root, 'a/b/c')]) {
    assert.deepEqual(fs.readdirSync(dir).filter((n) => n.includes('harness-tmp')), [], `temp files left in ${dir}`);
  }
});

test('atomic write refuses directories, the root and traversal', async () => {
  const sb = sandbox();
  fs.mkdirSync(path.join(sb.root, 'dir'));
  await assert.rejects(atomicWriteFile(sb.root, 'dir', 'x'), /is a directory/);
  await assert.rejects(atomicWriteFile(sb.root, '.', 'x'), /workspace root/);
  await assert.rejects(atomicWriteFile(sb.root, '../outside/pwn.txt', 'x'), ScopeError);
  await assert.rejects(atomicWriteFile(sb.root, path.join(sb.outside, 'pwn.txt'), 'x'), ScopeError);
  assert.deepEqual(fs.readdirSync(sb.outside), ['secret.txt']);
});

test('atomic write replaces a hard link instead of writing through it', async () => {
  const sb = sandbox();
  const outsideFile = path.join(sb.outside, 'secret.txt');
  fs.linkSync(outsideFile, path.join(sb.root, 'linked.txt'));
  await atomicWriteFile(sb.root, 'linked.txt', 'replaced\n');
  assert.equal(fs.readFileSync(outsideFile, 'utf8'), 'TOP SECRET\n');
  assert.equal(fs.readFileSync(path.join(sb.root, 'linked.txt'), 'utf8'), 'replaced\n');
});

test('removeFile deletes files, refuses folders and missing files', async () => {
  const sb = sandbox();
  const f = sb.write('gone.txt', 'x');
  fs.mkdirSync(path.join(sb.root, 'dir'));
  await removeFile(sb.root, 'gone.txt');
  assert.equal(fs.existsSync(f), false);
  await assert.rejects(removeFile(sb.root, 'gone.txt'), /not found/);
  await assert.rejects(removeFile(sb.root, 'dir'), /is a directory/);
  await assert.rejects(removeFile(sb.root, '../outside/secret.txt'), ScopeError);
  assert.ok(fs.existsSync(path.join(sb.root, 'dir')));
});

test('contentHash hashes UTF-8 text and marks absent files', () => {
  assert.equal(contentHash(null), 'absent');
  assert.equal(contentHash('héllo'), createHash('sha256').update(Buffer.from('héllo', 'utf8')).digest('hex'));
  assert.notEqual(contentHash(''), contentHash('\n'));
});

test('errors are WorkspaceErrors with one line of advice', async () => {
  const sb = sandbox();
  await assert.rejects(readTextFile(sb.root, 'missing.txt', LIMITS), (err: unknown) => {
    assert.ok(err instanceof WorkspaceError);
    assert.doesNotMatch((err as Error).message, /\n/);
    return true;
  });
});

test('DiskEditApplier reads null for missing files and applies writes and deletes', async () => {
  const sb = sandbox();
  const applier = new DiskEditApplier(sb.root, LIMITS);
  assert.equal(await applier.read('new/file.txt'), null);
  await applier.apply('new/file.txt', 'content\n');
  assert.equal(await applier.read('new/file.txt'), 'content\n');
  await applier.apply('new/file.txt', null);
  assert.equal(fs.existsSync(path.join(sb.root, 'new/file.txt')), false);
  await assert.rejects(applier.read('../outside/secret.txt'), ScopeError);
  await assert.rejects(applier.apply('../outside/secret.txt', 'x'), ScopeError);
});
