// The built CLI (dist/cli.js) as a real child process: the --json contract and bad-input exit code,
// then issue 5's crash test: SIGKILL a running task at random points, check no file is half-written,
// resume it with `harness run --resume`, and check every edit landed exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startMockLlm, type MockLlm } from '../../support/mock-llm-server';
import { fsStateStore } from '../../../src/core/state/store';
import { readJournal } from '../../../src/core/state/journal';
import { defaultStateDir } from '../../../src/cli/state-dir';
import { API_KEY, listFilesRec, tempWorkspace } from '../agent/helpers';
import { useTempStateHome } from '../../support/state-home';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const skip = fs.existsSync(CLI) ? false : 'dist/cli.js is missing: run "node esbuild.js" first';
const KEY_ENV = 'HARNESS_CHILD_KEY';
useTempStateHome();

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function spawnCli(args: string[], opts: { killAfter?: () => Promise<number> } = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, [KEY_ENV]: API_KEY } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (opts.killAfter) void opts.killAfter().then((ms) => setTimeout(() => child.kill('SIGKILL'), ms));
  });
}

test('child process: --json run completes with exit 0 and the key appears in no output', { skip, timeout: 30_000 }, async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n' });
  const mock = await startMockLlm([{ toolCalls: [{ name: 'read_file', arguments: { path: 'a.txt' } }, { name: 'write_file', arguments: { path: 'a.txt', content: 'two\n' } }] }, { content: 'done' }]);
  try {
    const r = await spawnCli(['run', '--workspace', ws.root, '--task', 'edit a', '--base-url', mock.url, '--api-key-env', KEY_ENV, '--automation', '3', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.status, 'completed');
    assert.deepEqual(out.edits.map((e: { path: string; status: string }) => [e.path, e.status]), [['a.txt', 'applied']]);
    assert.equal(ws.read('a.txt'), 'two\n');
    assert.ok(!r.stdout.includes(API_KEY) && !r.stderr.includes(API_KEY));
    assert.ok(!mock.requests.some((q) => JSON.stringify(q.body).includes(API_KEY)));
  } finally {
    await mock.close();
  }
});

test('child process: a bad flag is one stderr line, exit 2, nothing written', { skip, timeout: 30_000 }, async () => {
  const ws = tempWorkspace();
  const r = await spawnCli(['run', '--workspace', ws.root, '--task', 't', '--on-approval', 'sometimes']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trimEnd().split('\n').length, 1);
  assert.match(r.stderr, /--on-approval must be reject, accept or prompt/);
  assert.equal(fs.existsSync(path.join(ws.root, '.harness')), false);
});

// --- SIGKILL and resume -------------------------------------------------------------------------

const FILES = ['f1.txt', 'f2.txt', 'f3.txt', 'f4.txt', 'f5.txt'];
// Big enough that a write takes a moment, so some kills land mid-write.
const filler = (name: string) => `${name} filler line\n`.repeat(20_000);
const beforeOf = (name: string) => `start ${name}\n${filler(name)}END\n`;
const afterOf = (name: string) => `start ${name}\n${filler(name)}added to ${name}\nEND\n`;

/**
 * The model's next move follows from the conversation, not from a request counter, so a step cut by
 * the kill is asked again after resume and gets the same answer. Like a real model it reads the end
 * of each file it has not read yet (one turn), then redoes an edit the harness reports as not
 * applied; what it read before a kill stays read after the resume. Each edit inserts a line:
 * applied twice, the file shows it twice.
 */
function plannedModel(): Promise<MockLlm> {
  let n = 0;
  const lastLine = beforeOf('f1.txt').split('\n').length - 1;
  return startMockLlm(({ body }) => {
    const results = (body.messages as { role: string; content: string }[]).filter((m) => m.role === 'tool').map((m) => m.content);
    const landed = (f: string) => results.some((c) => c.startsWith(`Applied the edit to ${f} `) || c.startsWith(`The edit to ${f} was applied before`));
    const read = (f: string) => results.some((c) => c.startsWith(`${f} (lines `));
    const todo = FILES.filter((f) => !landed(f));
    if (todo.length === 0) return { content: 'all files edited' };
    const unread = todo.filter((f) => !read(f));
    if (unread.length) return { toolCalls: unread.map((f) => ({ id: `read_${f}_${n++}`, name: 'read_file', arguments: { path: f, start_line: lastLine } })), delayMs: 3 };
    const name = todo[0];
    return { toolCalls: [{ id: `call_${name}_${n++}`, name: 'edit_file', arguments: { path: name, old_text: 'END\n', new_text: `added to ${name}\nEND\n` } }], delayMs: 3 };
  });
}

test('SIGKILL at random points, then --resume: files are whole, the task completes, no edit applied twice', { skip, timeout: 300_000 }, async (t) => {
  const iterations = 7;
  let killedMidTask = 0;
  let resumed = 0;
  let strayBeforeResume = 0;
  for (let i = 0; i < iterations; i++) {
    const ws = tempWorkspace(Object.fromEntries(FILES.map((f) => [f, beforeOf(f)])));
    const mock = await plannedModel();
    try {
      const common = ['--workspace', ws.root, '--base-url', mock.url, '--api-key-env', KEY_ENV, '--on-approval', 'accept', '--automation', '3', '--json'];
      // Kill points spread over the task by its progress, not by the clock (a fast or a loaded
      // machine moves them otherwise): after model request 1..5 (of 7: the reads, five edits, the
      // end), then 0-40 ms more, which lands in the model call, the checkpoint, the write or the
      // journal of that step.
      const afterRequest = 1 + (i % 5);
      const delay = Math.floor(((i * 17) % 40) + Math.random() * 5);
      const first = await spawnCli(['run', '--task', 'edit every file', ...common], {
        killAfter: async () => {
          const start = Date.now();
          while (mock.requests.length < afterRequest && Date.now() - start < 15_000) await new Promise((r) => setTimeout(r, 2));
          return delay;
        },
      });
      // Whatever the kill point: every file is its before or its after, never anything else.
      // A write killed before its rename may leave its own temp file; nothing else may appear.
      const stray = listFilesRec(ws.root).filter((f) => !FILES.includes(f));
      for (const f of stray) assert.match(f, /^\.f\d\.txt\.[0-9a-f]{12}\.harness-tmp$/, `iteration ${i}: unexpected file ${f}`);
      for (const f of FILES) {
        const text = ws.read(f);
        assert.ok(text === beforeOf(f) || text === afterOf(f), `iteration ${i} (kill ${delay} ms after request ${afterRequest}): ${f} is half-written or edited twice`);
      }
      if (first.signal !== 'SIGKILL') continue; // finished before the kill: nothing to resume
      killedMidTask++;
      const tasks = await spawnCli(['tasks', 'list', '--workspace', ws.root, '--json']);
      const list = JSON.parse(tasks.stdout) as { id: string; status: string }[];
      if (list.length === 0) {
        // Killed before the task was journaled: nothing may have been written either.
        for (const f of FILES) assert.equal(ws.read(f), beforeOf(f));
        continue;
      }
      if (list[0].status === 'completed') continue; // killed after the end record
      if (stray.length) strayBeforeResume++;
      const again = await spawnCli(['run', '--resume', list[0].id, ...common]);
      assert.equal(again.code, 0, `iteration ${i}: resume failed: ${again.stderr}`);
      const out = JSON.parse(again.stdout);
      assert.equal(out.status, 'completed');
      resumed++;
      assert.deepEqual(listFilesRec(ws.root), FILES, `iteration ${i}: resume left stray temp files`);
      for (const f of FILES) assert.ok(ws.read(f) === afterOf(f), `iteration ${i}: ${f} after resume is not its after content (${JSON.stringify(out.toolCalls.map((c: { args?: { path?: string }; ok: boolean }) => [c.args?.path, c.ok]))})`);
      // Each file was applied exactly once across both runs.
      const journal = await readJournal(fsStateStore(defaultStateDir(ws.root)), list[0].id);
      const applied = journal!.records.filter((r) => r.type === 'edit-applied').map((r) => (r as { path: string }).path);
      assert.deepEqual(applied.sort(), FILES, `iteration ${i}: applied edits`);
    } finally {
      await mock.close();
    }
  }
  t.diagnostic(`killed mid-task ${killedMidTask}/${iterations}, resumed ${resumed}, temp files cleaned by resume ${strayBeforeResume}`);
  assert.ok(resumed >= 5, `only ${resumed} of ${iterations} runs were killed mid-task and resumed; the kill points missed the task`);
});
