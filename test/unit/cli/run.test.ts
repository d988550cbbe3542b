// `harness run` through main() in-process against the scripted model: the --json contract, exit
// codes, bad input writing nothing, approval modes, and workspace settings that may tighten but not loosen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { main } from '../../../src/cli';
import { defaultStateDir } from '../../../src/cli/state-dir';
import { fsStateStore } from '../../../src/core/state/store';
import { TaskJournal } from '../../../src/core/state/journal';
import { startMockLlm, type Script } from '../../support/mock-llm-server';
import { API_KEY, tempWorkspace, type Workspace } from '../agent/helpers';
import { useTempStateHome } from '../../support/state-home';

const KEY_ENV = 'HARNESS_CLI_UNIT_KEY';
process.env[KEY_ENV] = API_KEY;
const STATE_HOME = useTempStateHome();

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  bodies: string[];
}

async function cli(argv: string[]): Promise<Omit<CliRun, 'bodies'>> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

async function run(ws: Workspace, script: Script, flags: string[]): Promise<CliRun> {
  const mock = await startMockLlm(script);
  try {
    const r = await cli(['run', '--workspace', ws.root, '--task', 'scripted', '--base-url', mock.url, '--api-key-env', KEY_ENV, ...flags]);
    return { ...r, bodies: mock.requests.map((q) => JSON.stringify(q.body)) };
  } finally {
    await mock.close();
  }
}

const write = (id: string, p: string, content: string) => ({ toolCalls: [{ id, name: 'write_file', arguments: { path: p, content } }] });
/** An existing file is read before it is written (the harness refuses a blind overwrite). */
const readThenWrite = (id: string, p: string, content: string) => ({ toolCalls: [{ id: `${id}-read`, name: 'read_file', arguments: { path: p } }, ...write(id, p, content).toolCalls] });

test('--json prints the contract object; exit 0 for completed; the key is in no output', async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n' });
  const r = await run(ws, [readThenWrite('w1', 'a.txt', 'two\n'), { content: 'changed a.txt' }], ['--automation', '3', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  for (const k of ['status', 'taskId', 'steps', 'toolCalls', 'edits', 'verification', 'usage', 'auditLog']) assert.ok(k in out, `missing ${k}`);
  assert.equal(out.status, 'completed');
  assert.equal(out.steps, 2);
  const w1 = out.toolCalls[1];
  assert.deepEqual(Object.keys(w1).filter((k) => ['tool', 'args', 'decision', 'reason', 'ok'].includes(k)).sort(), ['args', 'decision', 'ok', 'reason', 'tool']);
  assert.deepEqual({ tool: w1.tool, args: w1.args, decision: w1.decision, ok: w1.ok }, { tool: 'write_file', args: { path: 'a.txt', content: 'two\n' }, decision: 'allow', ok: true });
  assert.equal(typeof w1.reason, 'string');
  assert.deepEqual(out.edits.map((e: { path: string; status: string }) => ({ path: e.path, status: e.status })), [{ path: 'a.txt', status: 'applied' }]);
  assert.ok(out.usage.promptTokens > 0 && out.usage.completionTokens > 0);
  assert.ok(fs.existsSync(out.auditLog), 'auditLog names the audit file');
  assert.equal(ws.read('a.txt'), 'two\n');
  for (const text of [r.stdout, r.stderr, ...r.bodies, fs.readFileSync(out.auditLog, 'utf8')]) assert.ok(!text.includes(API_KEY));
});

test('exit code is 1 when the task does not complete (budget exceeded)', async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n' });
  const r = await run(ws, () => ({ toolCalls: [{ name: 'read_file', arguments: { path: 'a.txt' } }] }), ['--max-steps', '2', '--json']);
  assert.equal(JSON.parse(r.stdout).status, 'budget_exceeded');
  assert.equal(r.code, 1);
});

test('bad input: one stderr line, exit 2, nothing written (missing workspace, bad flag, unreachable endpoint)', async () => {
  const ws = tempWorkspace();
  const missing = path.join(ws.base, 'nope');
  const cases: [string, string[]][] = [
    ['missing workspace', ['run', '--workspace', missing, '--task', 't', '--base-url', 'http://127.0.0.1:9/v1']],
    ['bad flag', ['run', '--workspace', ws.root, '--task', 't', '--frobnicate', 'x']],
    ['bad level', ['run', '--workspace', ws.root, '--task', 't', '--automation', '7']],
    ['unreachable endpoint', ['run', '--workspace', ws.root, '--task', 't', '--base-url', 'http://127.0.0.1:9/v1']],
  ];
  for (const [name, argv] of cases) {
    const r = await cli(argv);
    assert.equal(r.code, 2, name);
    assert.equal(r.stdout, '', name);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, `${name}: ${r.stderr}`);
    assert.match(r.stderr, /^harness run: /, name);
    assert.equal(fs.existsSync(path.join(ws.root, '.harness')), false, `${name} created .harness`);
    assert.equal(fs.existsSync(missing), false, name);
  }
});

test('--on-approval accept approves what the policy asks, but never a critical call', async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n' });
  const r = await run(ws, [{ toolCalls: [...readThenWrite('w1', 'a.txt', 'two\n').toolCalls, write('w2', '.env', 'TOKEN=1\n').toolCalls[0]] }, { content: 'done' }], ['--on-approval', 'accept', '--json']);
  const out = JSON.parse(r.stdout);
  assert.equal(ws.read('a.txt'), 'two\n');
  assert.equal(ws.exists('.env'), false);
  assert.deepEqual(out.edits.map((e: { status: string }) => e.status), ['applied', 'rejected']);
  assert.match(r.bodies[1], /critical risk needs a human/);
});

test('--on-approval reject rejects edits that ask', async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n' });
  const r = await run(ws, [readThenWrite('w1', 'a.txt', 'two\n'), { content: 'done' }], ['--on-approval', 'reject', '--json']);
  assert.equal(ws.read('a.txt'), 'one\n');
  assert.deepEqual(JSON.parse(r.stdout).edits.map((e: { status: string }) => e.status), ['rejected']);
});

test('workspace settings: level 4 does not loosen, level 1 tightens, --accept-workspace-policy HASH applies', async () => {
  const loose = tempWorkspace({ 'a.txt': 'one\n', '.vscode/settings.json': '{ // comments are fine\n "harness.automationLevel": 4, }\n' });
  const r1 = await run(loose, [readThenWrite('w1', 'a.txt', 'two\n'), { content: 'done' }], ['--on-approval', 'reject', '--json']);
  assert.equal(loose.read('a.txt'), 'one\n', 'the workspace could not raise the level');
  const hash = /--accept-workspace-policy (\S+)/.exec(r1.stderr)?.[1];
  assert.ok(hash, `stderr names the hash to accept: ${r1.stderr}`);

  const r2 = await run(loose, [readThenWrite('w1', 'a.txt', 'two\n'), { content: 'done' }], ['--on-approval', 'reject', '--accept-workspace-policy', hash, '--json']);
  assert.equal(JSON.parse(r2.stdout).edits[0].status, 'applied');
  assert.equal(loose.read('a.txt'), 'two\n', 'the accepted workspace policy (level 4) applies');

  const wrong = await run(loose, [readThenWrite('w1', 'a.txt', 'three\n'), { content: 'done' }], ['--on-approval', 'reject', '--accept-workspace-policy', 'deadbeef', '--json']);
  assert.equal(JSON.parse(wrong.stdout).edits[0].status, 'rejected', 'a wrong hash accepts nothing');

  const tight = tempWorkspace({ 'a.txt': 'one\n', '.vscode/settings.json': '{"harness.automationLevel": 1}' });
  const r3 = await run(tight, [readThenWrite('w1', 'a.txt', 'two\n'), { content: 'done' }], ['--automation', '3', '--on-approval', 'reject', '--json']);
  assert.equal(tight.read('a.txt'), 'one\n', 'level 1 from the workspace tightens --automation 3');
  assert.equal(JSON.parse(r3.stdout).edits[0].status, 'rejected');
});

test('tasks list --json and checkpoints list/restore after a run', async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n' });
  const r = await run(ws, [readThenWrite('w1', 'a.txt', 'two\n'), write('w2', 'b.txt', 'new\n'), { content: 'done' }], ['--automation', '3', '--json']);
  const taskId = JSON.parse(r.stdout).taskId;
  const tasks = await cli(['tasks', 'list', '--workspace', ws.root, '--json']);
  assert.equal(tasks.code, 0);
  const list = JSON.parse(tasks.stdout);
  assert.equal(list.length, 1);
  assert.deepEqual(Object.keys(list[0]).sort(), ['id', 'startedAt', 'status', 'steps', 'task']);
  assert.deepEqual({ id: list[0].id, status: list[0].status, task: list[0].task, steps: list[0].steps }, { id: taskId, status: 'completed', task: 'scripted', steps: 3 });

  const cps = await cli(['checkpoints', 'list', '--workspace', ws.root, '--task', taskId, '--json']);
  assert.equal(cps.code, 0);
  const checkpoints = JSON.parse(cps.stdout) as { id: string }[];
  assert.equal(checkpoints.length, 2);
  const first = JSON.parse(r.stdout).edits[0].checkpointId as string;
  const restored = await cli(['checkpoints', 'restore', first, '--workspace', ws.root]);
  assert.equal(restored.code, 0, restored.stderr);
  assert.equal(ws.read('a.txt'), 'one\n');
  const second = JSON.parse(r.stdout).edits[1].checkpointId as string;
  await cli(['checkpoints', 'restore', second, '--workspace', ws.root]);
  assert.equal(ws.exists('b.txt'), false, 'restoring a create deletes the created file');
});

test('more bad input: an empty --verify, a base URL with a password, a state folder that is a file', async () => {
  const ws = tempWorkspace({ 'file.txt': 'x\n' });
  const mock = await startMockLlm([]);
  try {
    const base = ['run', '--workspace', ws.root, '--task', 't', '--base-url', mock.url];
    const cases: [string, string[], RegExp][] = [
      ['empty --verify', [...base, '--verify', ' '], /--verify needs a command/],
      ['password in URL', ['run', '--workspace', ws.root, '--task', 't', '--base-url', mock.url.replace('http://', 'http://user:hunter2@')], /must not contain a user name or password/],
      ['state dir is a file', [...base, '--state-dir', path.join(ws.root, 'file.txt')], /is not a folder: pass --state-dir DIR/],
    ];
    for (const [name, argv, message] of cases) {
      const r = await cli(argv);
      assert.equal(r.code, 2, `${name}: ${r.stderr}`);
      assert.equal(r.stdout, '', name);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, `${name}: ${r.stderr}`);
      assert.match(r.stderr, message, name);
      assert.doesNotMatch(r.stderr, /hunter2/, name);
      assert.equal(fs.existsSync(path.join(ws.root, '.harness')), false, `${name} created .harness`);
    }
    assert.equal(mock.requests.length, 0, 'no task ran');
  } finally {
    await mock.close();
  }
});

test('a task whose verification keeps failing ends "failed" with exit code 1', async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n', 'check.js': 'process.exit(3)\n' });
  const r = await run(ws, [readThenWrite('w1', 'a.txt', 'two\n'), { content: 'done' }, { content: 'done' }], ['--automation', '3', '--verify', 'node check.js', '--max-fix-attempts', '1', '--on-approval', 'accept', '--json']);
  const out = JSON.parse(r.stdout);
  assert.equal(out.verification.verdict, 'failed_verification');
  assert.equal(out.status, 'failed');
  assert.equal(r.code, 1);
});

test('a .harness the workspace ships (a folder or a link) is never used: state goes to the user\'s state folder', async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n' });
  const elsewhere = path.join(ws.base, 'elsewhere');
  fs.mkdirSync(elsewhere);
  fs.symlinkSync(elsewhere, path.join(ws.root, '.harness'));
  const r = await run(ws, [readThenWrite('w1', 'a.txt', 'two\n'), { content: 'done' }], ['--automation', '3', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(fs.readdirSync(elsewhere), [], 'nothing was written where the link points');
  assert.ok(JSON.parse(r.stdout).auditLog.startsWith(`${defaultStateDir(ws.root)}${path.sep}`), 'the audit log is in the per-workspace state folder');

  // A planted folder with a task in it: not listed, not resumable, and stderr says it is not used.
  const shipped = tempWorkspace({ 'a.txt': 'one\n' });
  const planted = await TaskJournal.open(fsStateStore(path.join(shipped.root, '.harness')), 'tplant');
  await planted.append({ type: 'task-started', task: 'planted', root: shipped.root, budgets: { maxSteps: 5 } }, 1);
  assert.equal((await cli(['tasks', 'list', '--workspace', shipped.root, '--state-dir', path.join(shipped.root, '.harness'), '--json'])).stdout.includes('tplant'), true, 'the planted task is valid when named');
  const listed = await cli(['tasks', 'list', '--workspace', shipped.root, '--json']);
  assert.deepEqual(JSON.parse(listed.stdout), []);
  assert.match(listed.stderr, /\.harness \(state from an earlier version, or shipped with the repository\) is not used; state now lives in .*If it is yours, pass --state-dir .*\.harness/);
  const resumed = await cli(['run', '--workspace', shipped.root, '--resume', 'tplant', '--base-url', 'http://127.0.0.1:9/v1', '--api-key-env', KEY_ENV]);
  assert.equal(resumed.code, 2);
  assert.match(resumed.stderr, /no task tplant in /);
});

test('state stays out of the repository: after a run, git status --porcelain is empty in a clean repository', { skip: hasGit() ? false : 'git is not installed' }, async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n', 'check.js': "require('node:fs').readFileSync('a.txt');\n" });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: ws.root, encoding: 'utf8' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'init');
  const read = { toolCalls: [{ id: 'r1', name: 'read_file', arguments: { path: 'a.txt' } }] };
  const r = await run(ws, [read, { content: 'a.txt says one' }], ['--automation', '4', '--verify', 'node check.js', '--json']);
  assert.equal(r.code, 0, r.stderr);
  // A task that only read has nothing to verify (issue 13): it answered.
  assert.deepEqual([JSON.parse(r.stdout).verification, JSON.parse(r.stdout).outcome], [null, 'answered']);
  assert.equal(git('status', '--porcelain', '--ignored'), '', 'the run left nothing in the repository');
  // An edit shows as exactly that edit: no journal, checkpoint or audit file beside it, and its check leaves nothing either.
  const edited = await run(ws, [readThenWrite('w1', 'a.txt', 'two\n'), { content: 'done' }], ['--automation', '4', '--verify', 'node check.js', '--json']);
  assert.equal(edited.code, 0, edited.stderr);
  assert.equal(JSON.parse(edited.stdout).verification.verdict, 'verified');
  assert.equal(git('status', '--porcelain', '--ignored', '--untracked-files=all'), ' M a.txt\n');
  assert.ok(fs.readdirSync(STATE_HOME).length > 0, 'the state went to the user\'s state folder');
});

function hasGit(): boolean {
  try {
    execFileSync('git', ['--version']);
    return true;
  } catch {
    return false;
  }
}

test('--json usage: cached tokens and cost are null when unknown, and the server\'s numbers priced when known', async () => {
  const ws = tempWorkspace({});
  const unpriced = await run(ws, [{ content: 'done', usage: { prompt_tokens: 100, completion_tokens: 5 } }], ['--model', 'my-local-model', '--json']);
  assert.deepEqual(JSON.parse(unpriced.stdout).usage, { promptTokens: 100, completionTokens: 5, cachedTokens: null, costUsd: null });
  const usage = { prompt_tokens: 10_000, completion_tokens: 1000, prompt_tokens_details: { cached_tokens: 4000 } };
  const priced = await run(ws, [{ content: 'done', usage }], ['--model', 'gpt-4o-mini', '--json']);
  // gpt-4o-mini: $0.15 per 1M prompt tokens, $0.075 cached, $0.60 completion.
  assert.deepEqual(JSON.parse(priced.stdout).usage, { promptTokens: 10_000, completionTokens: 1000, cachedTokens: 4000, costUsd: (6000 * 0.15 + 4000 * 0.075 + 1000 * 0.6) / 1e6 });
  const text = await run(ws, [{ content: 'done', usage }], ['--model', 'gpt-4o-mini', '--max-cost-usd', '1']);
  assert.match(text.stdout, /Steps 1, tokens 10000 in \(4000 cached\) \/ 1000 out, cost \$0\.0018 of \$1\.00/);
});

test('--max-cost-usd stops the task when the cost is reached; the budget and the profile flags are checked', async () => {
  const ws = tempWorkspace({ 'a.txt': 'x\n' });
  const read = { toolCalls: [{ name: 'read_file', arguments: { path: 'a.txt' } }], usage: { prompt_tokens: 100_000, completion_tokens: 10 } };
  const r = await run(ws, () => read, ['--model', 'gpt-4o', '--max-cost-usd', '0.5', '--max-steps', '50', '--json']);
  const out = JSON.parse(r.stdout);
  assert.equal(out.status, 'budget_exceeded');
  assert.match(out.error, /Cost budget of \$0\.50 reached \(\$0\.50\d* spent\)/);
  assert.equal(out.steps, 2, '$0.25 a step: stopped before the third');
  assert.equal(r.code, 1);
  for (const [flag, value, message] of [['--context-window', '10', /--context-window must be a whole number from 1024/], ['--max-output-tokens', 'lots', /--max-output-tokens must be a whole number/], ['--max-cost-usd', '-1', /--max-cost-usd must be a positive amount of US dollars/]] as const) {
    const bad = await cli(['run', '--workspace', ws.root, '--task', 't', flag, value]);
    assert.equal(bad.code, 2, flag);
    assert.match(bad.stderr, message);
  }
});

test('--context-window sizes the observations: a small window gets smaller read_file pages, stated in the tool description', async () => {
  const ws = tempWorkspace({ 'big.txt': 'y'.repeat(80) + '\n'.repeat(1) + 'line\n'.repeat(20_000) });
  const r = await run(ws, [{ toolCalls: [{ id: 'r1', name: 'read_file', arguments: { path: 'big.txt' } }] }, { content: 'done' }], ['--context-window', '16000', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const body = JSON.parse(r.bodies[1]);
  const read = body.tools.find((t: { function: { name: string } }) => t.function.name === 'read_file').function.description;
  assert.match(read, /at most 2000 lines and 6 KB per call/);
  const result = body.messages.find((m: { role: string }) => m.role === 'tool').content as string;
  assert.match(result, /Call read_file with start_line=2001 to read on\.\]$|Showing lines 1-\d+ of 20001/);
  assert.ok(Buffer.byteLength(result) < 7 * 1024);
});
