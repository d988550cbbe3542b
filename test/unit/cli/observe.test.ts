// `harness tasks show` and `harness stats` on a workspace with several scripted tasks: the timeline
// tells what was decided and why, and the figures add up to what the runs reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from '../../support/cli-capture';
import { startMockLlm, type Script } from '../../support/mock-llm-server';
import { API_KEY, tempWorkspace, type Workspace } from '../agent/helpers';
import { useTempStateHome } from '../../support/state-home';

const KEY_ENV = 'HARNESS_CLI_OBSERVE_KEY';
process.env[KEY_ENV] = API_KEY;
useTempStateHome();

async function run(ws: Workspace, task: string, script: Script, flags: string[]) {
  const mock = await startMockLlm(script);
  try {
    const r = await cli(['run', '--workspace', ws.root, '--task', task, '--base-url', mock.url, '--api-key-env', KEY_ENV, '--json', ...flags]);
    assert.ok(r.stdout, r.stderr);
    return JSON.parse(r.stdout) as { taskId: string; status: string; usage: { promptTokens: number; completionTokens: number }; verification: { verdict: string } | null };
  } finally {
    await mock.close();
  }
}

const call = (id: string, name: string, args: object) => ({ toolCalls: [{ id, name, arguments: args }] });

/** Four tasks: verified at once; verified after a fix round; a rejected command; out of steps. */
async function fourTasks(ws: Workspace) {
  const a = await run(ws, 'write a', [call('w1', 'write_file', { path: 'a.txt', content: 'A\n' }), { content: 'wrote a' }], ['--automation', '3', '--on-approval', 'accept', '--verify', 'test -f a.txt']);
  const b = await run(
    ws,
    'write b after a failing check',
    // A command that writes a file (not read-only), so the "done?" after it is verified.
    [call('c1', 'run_command', { command: 'echo hello > hello.txt' }), { content: 'done?' }, call('w2', 'write_file', { path: 'b.txt', content: 'B\n' }), { content: 'now done' }],
    ['--automation', '3', '--on-approval', 'accept', '--verify', 'test -f b.txt'],
  );
  const c = await run(ws, 'try a command', [call('c2', 'run_command', { command: 'echo hello' }), call('c3', 'run_command', { command: 'ls -la' }), { content: 'gave up' }], ['--automation', '3', '--on-approval', 'reject']);
  const d = await run(ws, 'too long', [call('r1', 'read_file', { path: 'a.txt' }), call('r2', 'read_file', { path: 'a.txt' })], ['--automation', '3', '--max-steps', '1']);
  return [a, b, c, d];
}

test('stats --json over several tasks: statuses, verdicts, first-round share, fix rounds, approvals, tokens', async () => {
  const ws = tempWorkspace({});
  const [a, b, c, d] = await fourTasks(ws);
  assert.deepEqual([a.status, b.status, c.status, d.status], ['completed', 'completed', 'completed', 'budget_exceeded']);
  assert.deepEqual([a.verification?.verdict, b.verification?.verdict], ['verified', 'verified']);

  const r = await cli(['stats', '--workspace', ws.root, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.tasks.total, 4);
  assert.deepEqual(s.tasks.byStatus, { completed: 3, budget_exceeded: 1 });
  // c's commands were all rejected, so it did no work and nothing was verified (issue 13).
  assert.deepEqual(s.tasks.byVerdict, { verified: 2, not_run: 2 });
  // a passed at once; b failed its first round (no b.txt yet), got one fix round, then passed; d
  // stopped before verifying.
  assert.deepEqual(s.verification, { tasksVerified: 2, verifiedFirstRound: 1, firstRoundShare: 1 / 2, fixRounds: 1, maxFixRounds: 1 });
  // Commands ask at level 3: b's accepted by the script, c's two rejected by it. None by a person.
  // A --verify command is the user's own rule: it runs without asking.
  const byCommand = Object.fromEntries(s.approvals.byCommand.map((row: { key: string }) => [row.key, row]));
  assert.deepEqual([byCommand['echo hello > hello.txt'].asked, byCommand['echo hello > hello.txt'].approved, byCommand['echo hello > hello.txt'].rejected], [1, 1, 0]);
  assert.deepEqual([byCommand['echo hello'].asked, byCommand['echo hello'].approved, byCommand['echo hello'].rejected], [1, 0, 1]);
  assert.deepEqual([byCommand['ls -la'].asked, byCommand['ls -la'].rejected], [1, 1]);
  assert.equal(byCommand['test -f b.txt'], undefined, 'the user\'s own verification command never asked');
  const runCommand = s.approvals.byTool.find((row: { key: string }) => row.key === 'run_command');
  assert.deepEqual([runCommand.asked, runCommand.approved, runCommand.rejected, runCommand.byHuman], [3, 1, 2, 0]);
  assert.equal(typeof runCommand.medianWaitMs, 'number');
  assert.equal(s.humanReviews.total, 0, 'a script answered every question');
  const reported = [a, b, c, d].reduce((n, t) => n + t.usage.promptTokens + t.usage.completionTokens, 0);
  assert.equal(s.usage.totalTokens, reported, 'tokens add up to the runs\' own reports');
  assert.ok(s.wallMs.total > 0);
  // gpt-4o-mini is in the model table: each run recorded its cost, and stats adds those up.
  const spent = [a, b, c, d].reduce((n, t) => n + (t.usage as { costUsd?: number }).costUsd!, 0);
  assert.ok(Math.abs(s.cost.usd - spent) < 1e-9, `the runs' recorded costs add up: ${s.cost.usd} vs ${spent}`);
  assert.deepEqual(s.suggestions, [], 'approvals by a script never suggest a rule');

  const text = await cli(['stats', '--workspace', ws.root]);
  assert.match(text.stdout, /Tasks: 4 — completed 3, budget exceeded 1/);
  assert.match(text.stdout, /1 of 2 verified tasks passed on the first round \(50%\); 1 fix round used/);
  assert.match(text.stdout, /echo hello\s+1\s+0\s+1/);
  assert.match(text.stdout, /Cost: \$0\.\d+ \(4 of 4 tasks priced\)/);
});

test('tasks show prints the timeline with decisions, reasons, approvals and verification; --json has the events', async () => {
  const ws = tempWorkspace({});
  const [, b, c] = await fourTasks(ws);

  const shown = await cli(['tasks', 'show', b.taskId, '--workspace', ws.root]);
  assert.equal(shown.code, 0, shown.stderr);
  const out = shown.stdout;
  assert.match(out, new RegExp(`^Task ${b.taskId}: write b after a failing check`));
  assert.match(out, /completed · verdict verified · model gpt-4o-mini · automation level 3/);
  assert.match(out, /task started: "write b after a failing check"/);
  assert.match(out, /run_command echo hello > hello\.txt\n.*ask · high risk — no allow rule matches/);
  assert.match(out, /approved by cli:accept after \d+\.\d s/);
  assert.match(out, /command exited 0 in/);
  assert.match(out, /verification round 1: failed verification — 5 passed, failed 1 \(command: test -f b\.txt\) skipped 1 → fix: 1 check\(s\) failed/);
  assert.match(out, /verification check test -f b\.txt: allow · low risk · allow "test -f b\.txt" \(cli\)/);
  assert.match(out, /write_file b\.txt\n.*allow · medium risk · level:3/);
  assert.match(out, /applied b\.txt \(checkpoint c/);
  assert.match(out, /verification round 2: verified/);
  assert.match(out, /task ended: completed, verdict verified/);
  assert.doesNotMatch(out, /You are a coding agent/i, 'the system prompt stays in the journal');

  const rejected = await cli(['tasks', 'show', c.taskId.slice(0, -3), '--workspace', ws.root]);
  assert.equal(rejected.code, 0, 'a unique prefix of the id is enough');
  assert.match(rejected.stdout, /rejected by cli:reject after .*: approval required but the CLI runs with --on-approval reject/);
  assert.match(rejected.stdout, /↳ rejected/);

  const json = await cli(['tasks', 'show', b.taskId, '--workspace', ws.root, '--json']);
  const report = JSON.parse(json.stdout);
  assert.deepEqual([report.id, report.status, report.verdict, report.steps], [b.taskId, 'completed', 'verified', b.usage ? 4 : 0]);
  assert.deepEqual(report.usage, b.usage);
  const types = report.timeline.map((e: { type: string }) => e.type);
  for (const t of ['task-started', 'model-turn', 'tool-call-proposed', 'policy-decision', 'approval-asked', 'approval-answered', 'command-finished', 'verification-round', 'edit-applied', 'task-ended']) assert.ok(types.includes(t), `timeline has ${t}`);
  assert.ok(!types.includes('message'), 'the conversation is not part of the timeline');
  const answered = report.timeline.find((e: { type: string }) => e.type === 'approval-answered');
  assert.deepEqual([answered.event.outcome, answered.event.by], ['approved', 'cli:accept']);
  const decision = report.timeline.find((e: { type: string; event: { tool?: string } }) => e.type === 'policy-decision' && e.event.tool === 'run_command');
  assert.deepEqual([decision.event.decision, decision.event.risk, decision.event.command], ['ask', 'high', 'echo hello > hello.txt']);
  assert.ok(report.timeline.every((e: { offsetMs: number }) => e.offsetMs >= 0));
});

test('tasks show and stats: bad input is one line and exit 2; an empty workspace has no tasks', async () => {
  const ws = tempWorkspace({});
  const none = await cli(['tasks', 'show', 'tnothere', '--workspace', ws.root]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^harness: no task "tnothere" in .*: list them with "harness tasks list"\.\n$/);
  const missing = await cli(['tasks', 'show', '--workspace', ws.root]);
  assert.deepEqual([missing.code, missing.stderr], [2, 'harness: tasks show needs a TASK_ID (see "harness tasks list")\n']);
  const bad = await cli(['tasks', 'show', '../x', '--workspace', ws.root]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /is not a task id/);
  const empty = await cli(['stats', '--workspace', ws.root]);
  assert.deepEqual([empty.code, empty.stdout], [0, 'No tasks yet.\n']);
  const emptyJson = JSON.parse((await cli(['stats', '--workspace', ws.root, '--json'])).stdout);
  assert.deepEqual([emptyJson.tasks.total, emptyJson.approvals.medianWaitMs, emptyJson.cost.usd], [0, null, null]);
});
