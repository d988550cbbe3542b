import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fsStateStore } from '../../../src/core/state/store';

const tmp = () => mkdtempSync(join(tmpdir(), 'harness-store-'));

test('writeAtomic replaces the whole file and leaves no temp file; append adds lines', async () => {
  const dir = tmp();
  const s = fsStateStore(dir);
  await s.writeAtomic('a/b.json', 'one');
  await s.writeAtomic('a/b.json', Buffer.from('two'));
  assert.equal(await s.read('a/b.json'), 'two');
  assert.deepEqual(readdirSync(join(dir, 'a')), ['b.json']);
  await s.append('a/log', 'x\n');
  await s.append('a/log', 'y\n');
  assert.equal(readFileSync(join(dir, 'a/log'), 'utf8'), 'x\ny\n');
  assert.equal(await s.read('missing'), null);
  assert.equal(await s.exists('a/b.json'), true);
  assert.equal((await s.stat('a/b.json'))?.size, 3);
  assert.deepEqual((await s.list('a')).sort(), ['b.json', 'log']);
  assert.deepEqual(await s.list('nope'), []);
  await s.remove('a/log');
  await s.remove('a/log');
  assert.equal(await s.exists('a/log'), false);
});

test('paths that leave the state directory are refused', async () => {
  const s = fsStateStore(tmp());
  for (const bad of ['../x', '/etc/passwd', 'a/../../x', 'a//b', '', 'C:\\x', 'a\0b']) {
    await assert.rejects(s.writeAtomic(bad, 'x'), /invalid state path/, bad);
  }
});

test('planted symlinks (a hostile workspace) do not redirect reads or writes', async () => {
  const dir = tmp();
  const outside = tmp();
  writeFileSync(join(outside, 'victim'), 'keep me');
  // A symlinked directory inside the state dir.
  symlinkSync(outside, join(dir, 'tasks'));
  const s = fsStateStore(dir);
  await assert.rejects(s.append('tasks/victim', 'evil\n'), /tasks is a symbolic link: remove it or choose another --state-dir/);
  await assert.rejects(s.writeAtomic('tasks/new', 'evil'), /is a symbolic link/);
  // Deeper paths through the link create nothing on the other side either.
  await assert.rejects(s.append('tasks/t1/journal.jsonl', 'evil\n'), /is a symbolic link/);
  // A symlinked file: appends and reads refuse to follow it.
  mkdirSync(join(dir, 'blobs'));
  symlinkSync(join(outside, 'victim'), join(dir, 'blobs', 'link'));
  await assert.rejects(s.append('blobs/link', 'evil\n'), /blobs\/link is a symbolic link: remove it/);
  await assert.rejects(s.read('blobs/link'), /ELOOP/);
  assert.equal(readFileSync(join(outside, 'victim'), 'utf8'), 'keep me');
  assert.deepEqual(readdirSync(outside), ['victim']);
});
