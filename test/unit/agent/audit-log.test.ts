// The audit log is append-only JSONL per task, and it is never written through a planted symlink.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AuditLog } from '../../../src/core/state/audit-log';
import { fsStateStore } from '../../../src/core/state/store';
import { runWithScript, tempWorkspace } from './helpers';

test('appends one JSON line per entry, keeps earlier lines, and scrubs secrets', () => {
  const ws = tempWorkspace();
  const dir = path.join(ws.root, 'audit');
  const first = new AuditLog(dir, 't1', ['sk-secret-value']);
  first.write({ kind: 'task-start', task: 'uses sk-secret-value' });
  first.close();
  const second = new AuditLog(dir, 't1');
  second.write({ kind: 'task-end', status: 'completed' });
  second.close();
  const lines = fs.readFileSync(path.join(dir, 't1.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.kind), ['task-start', 'task-end']);
  assert.equal(lines[0].task, 'uses [REDACTED]');
  assert.ok(lines.every((l) => typeof l.at === 'string' && l.taskId === 't1'));
});

test('an audit folder or file that is a symbolic link is refused and nothing is written through it', async () => {
  const ws = tempWorkspace();
  const elsewhere = path.join(ws.base, 'elsewhere');
  fs.mkdirSync(elsewhere);
  const linkedDir = path.join(ws.root, 'state', 'audit');
  fs.mkdirSync(path.dirname(linkedDir));
  fs.symlinkSync(elsewhere, linkedDir);
  assert.throws(() => new AuditLog(linkedDir, 't1').open(), /audit folder .* is a symbolic link/);
  const realDir = path.join(ws.root, 'real-audit');
  fs.mkdirSync(realDir);
  fs.symlinkSync(path.join(elsewhere, 'x.jsonl'), path.join(realDir, 't2.jsonl'));
  assert.throws(() => new AuditLog(realDir, 't2').open(), /audit log .* is a symbolic link/);

  // Through runTask: the task does not start, and nothing lands where the link points.
  await assert.rejects(runWithScript([{ content: 'done' }], { ws, state: fsStateStore(path.join(ws.root, 'state')) }), /is a symbolic link/);
  assert.deepEqual(fs.readdirSync(elsewhere), []);
});
