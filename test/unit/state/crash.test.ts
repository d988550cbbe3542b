// Kills a process that journals, checkpoints and edits files at random moments (SIGKILL), then
// checks that nothing it left behind is half-written and that the state reopens cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fsStateStore } from '../../../src/core/state/store';
import { TaskJournal, readJournal, replay, journalPath } from '../../../src/core/state/journal';
import { parseJournal } from '../../../src/core/state/journal-records';
import { CheckpointStore } from '../../../src/core/state/checkpoints';
import { sha256 } from '../../../src/core/shared/hash';

const FIXTURE = join(__dirname, 'fixtures', 'crash-writer.ts');

/** Same formula as the fixture: a complete version is its first line repeated a known number of times. */
function isCompleteVersion(text: string): boolean {
  const m = /^file (\d+) version (\d+)\n/.exec(text);
  if (!m) return false;
  const count = 2000 + ((Number(m[2]) * 37) % 500);
  return text === m[0].repeat(count);
}

function runAndKill(stateDir: string, root: string, taskId: string, killAfterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, stateDir, root, taskId], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d: Buffer) => {
      if (!killed && d.toString().includes('ready')) {
        killed = true;
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`writer exited by itself (code ${code}): ${stderr}`));
    });
  });
}

test('SIGKILL at random points: journal, checkpoints and files stay whole and reopen cleanly', { timeout: 60_000 }, async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'harness-crash-'));
  const root = join(base, 'ws');
  const stateDir = join(base, 'state');
  mkdirSync(root);
  const store = fsStateStore(stateDir);
  const checkpoints = new CheckpointStore(store, root);
  let lastStep = 0;
  let sawTornTail = false;

  for (let i = 0; i < 6; i++) {
    await runAndKill(stateDir, root, 't1', 30 + Math.floor(Math.random() * 250));

    // The journal reads without throwing, whatever state the kill left.
    const read = await readJournal(store, 't1');
    assert.ok(read, 'journal exists');
    if (read.damaged) sawTornTail = true;
    const snap = replay('t1', read.records);
    assert.equal(snap.task, 'crash test');
    assert.ok(snap.step >= lastStep, 'steps never go backwards');
    lastStep = snap.step;

    // After the next append the file holds only valid records, ending with that append.
    const j = await TaskJournal.open(store, 't1');
    await j.append({ type: 'task-resumed', step: 0, usage: { promptTokens: 0, completionTokens: 0 } });
    const parsed = parseJournal(readFileSync(join(stateDir, journalPath('t1')), 'utf8'), 't1');
    assert.equal(parsed.damaged, false, parsed.warnings.join('; '));
    assert.equal(parsed.records.length, read.records.length + 1);
    assert.equal(parsed.records.at(-1)?.type, 'task-resumed');

    // Every prior content a checkpoint references is stored, intact.
    for (const m of await checkpoints.list()) {
      for (const f of m.files) {
        if (f.beforeHash === 'absent') continue;
        const blob = await checkpoints.storedContent(f.beforeHash, f.storedIn ?? m.id);
        assert.ok(blob, `the prior content of ${m.id} ${f.path} is stored`);
        assert.equal(sha256(blob), f.beforeHash, `blob of ${m.id} ${f.path}`);
      }
    }

    // Each workspace file is one complete version, never a half-written one.
    for (const name of readdirSync(root)) {
      // A write killed before its rename leaves its temp file beside the target; the target is intact.
      if (/^\.?f\d\.txt\..*harness-tmp/.test(name)) continue;
      assert.match(name, /^f\d\.txt$/, `unexpected file in the workspace: ${name}`);
      assert.ok(isCompleteVersion(readFileSync(join(root, name), 'utf8')), `${name} is whole`);
    }
  }
  assert.ok(lastStep > 0, 'the writer made progress');

  // The oldest checkpoint still restores the workspace to before the first edit (files deleted).
  const all = await checkpoints.list('t1');
  const report = await checkpoints.restore(all[all.length - 1].id, { force: true });
  assert.deepEqual(report.conflicts, []);
  assert.deepEqual(readdirSync(root).filter((n) => !n.includes('harness-tmp')), []);
  // Not asserted (it depends on timing), but reported so a run shows whether a torn tail was hit.
  t.diagnostic(`crash test: ${lastStep} steps, torn journal tail seen: ${sawTornTail}`);
});
