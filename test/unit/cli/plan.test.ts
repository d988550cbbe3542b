// Plans as contracts through the real CLI: `--plan --plan-out` looks only and writes a valid plan
// checked against the policy; `--plan-file` carries it out with the plan as scope (outside it, what
// would run unasked asks), steps ticked with update_plan and checked by verification.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { PlanSchema, type Plan } from '../../../src/core/events/plan-schema';
import { startMockLlm, type Script } from '../../support/mock-llm-server';
import { useTempStateHome } from '../../support/state-home';
import { API_KEY, tempWorkspace, type Workspace } from '../agent/helpers';

const KEY_ENV = 'HARNESS_PLAN_CLI_KEY';
process.env[KEY_ENV] = API_KEY;
useTempStateHome();

async function run(ws: Workspace, script: Script, flags: string[]) {
  const mock = await startMockLlm(script);
  let stdout = '';
  let stderr = '';
  try {
    const code = await main(['run', '--workspace', ws.root, '--base-url', mock.url, '--api-key-env', KEY_ENV, ...flags], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
    return { code, stdout, stderr, requests: mock.requests };
  } finally {
    await mock.close();
  }
}

/** Every file under the workspace with its content: "writes nothing" means this does not change. */
function tree(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) Object.assign(out, tree(dir, r));
    else out[r] = fs.readFileSync(path.join(dir, r), 'utf8');
  }
  return out;
}

const PLAN: Plan = {
  summary: 'Say hello in a.txt and note it in CI.',
  steps: [
    { title: 'Change the greeting', files: ['a.txt'] },
    { title: 'Check the file', commands: ['test -f a.txt'] },
    { title: 'Mention it in CI', files: ['.github/workflows/ci.yml'] },
  ],
  files: ['a.txt', '.github/workflows/ci.yml'],
  commands: ['test -f a.txt'],
  risks: ['The CI workflow is a protected path.'],
};

test('--plan: read tools only, nothing written, a valid plan with each step\'s expected decision', async () => {
  const ws = tempWorkspace({ 'a.txt': 'hi\n' });
  const out = path.join(ws.base, 'plan.json');
  const before = tree(ws.root);
  const r = await run(
    ws,
    [
      { toolCalls: [{ id: 'r1', name: 'read_file', arguments: { path: 'a.txt' } }] },
      // Not offered in plan mode: refused as an unknown tool, nothing written.
      { toolCalls: [{ id: 'w1', name: 'write_file', arguments: { path: 'b.txt', content: 'x' } }, { id: 'c1', name: 'run_command', arguments: { command: 'touch c.txt' } }] },
      { toolCalls: [{ id: 'p1', name: 'submit_plan', arguments: PLAN }] },
    ],
    ['--task', 'say hello', '--plan', '--plan-out', out, '--automation', '4', '--verify', 'test -f a.txt', '--json'],
  );
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.deepEqual(tree(ws.root), before, 'the workspace is exactly as it was');
  for (const req of r.requests) assert.deepEqual(req.body.tools.map((t: { function: { name: string } }) => t.function.name), ['read_file', 'list_files', 'search_files', 'submit_plan']);
  assert.match(r.requests[0].body.messages[0].content, /## Plan mode/);
  const refused = r.requests[2].body.messages.filter((m: { role: string }) => m.role === 'tool').slice(1).map((m: { content: string }) => m.content);
  for (const c of refused) assert.match(c, /Unknown tool/);

  const written = JSON.parse(fs.readFileSync(out, 'utf8'));
  assert.ok(PlanSchema.safeParse(written).success, 'the plan file is a valid plan');
  assert.deepEqual(written, PLAN, 'exactly the submitted plan');
  assert.match(r.stderr, /--plan-file/);

  const report = JSON.parse(r.stdout);
  assert.equal(report.status, 'completed');
  assert.equal(report.summary, PLAN.summary);
  assert.equal(report.plan.approved, false);
  // Level 4 applies edits and the user's --verify rule allows the check; the CI file is protected.
  assert.deepEqual(report.plan.steps.map((s: { expected: string }) => s.expected), ['allow', 'allow', 'ask']);
  assert.equal(report.plan.assessment.summary, '1 of 3 steps will ask: it will edit `.github/workflows/ci.yml`.');
  assert.equal(report.verification, null, 'a plan is not verified: nothing changed');
});

test('--plan needs --plan-out; a bad --plan-file is one line and exit 2, before any model call', async () => {
  const ws = tempWorkspace({ 'a.txt': 'hi\n' });
  const bad = path.join(ws.base, 'bad.json');
  const cases: [string[], RegExp, string?][] = [
    [['--task', 't', '--plan'], /--plan needs --plan-out FILE/],
    [['--plan-file', bad], /is not valid JSON/, '{"summary": '],
    [['--plan-file', bad], /not a valid plan \(steps\.0\.title: a step title must not be empty\)/, JSON.stringify({ ...PLAN, steps: [{ title: '' }] })],
    [['--plan-file', bad], /not a valid plan \(files: files must be a list\)/, JSON.stringify({ ...PLAN, files: 'a.txt' })],
    [['--plan-file', path.join(ws.base, 'none.json')], /cannot be read/],
    [['--task', 't', '--plan', '--plan-out', path.join(ws.base, 'no/such/dir/p.json')], /does not exist/],
  ];
  for (const [flags, message, content] of cases) {
    if (content !== undefined) fs.writeFileSync(bad, content);
    const r = await run(ws, [], flags);
    assert.equal(r.code, 2, `${flags.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, message);
    assert.equal(r.requests.length, 0);
  }
});

test('--plan-file at level 4: inside the plan runs unasked, outside it asks ("outside the plan"); steps ticked', async () => {
  const ws = tempWorkspace({ 'a.txt': 'hi\n' });
  const file = path.join(ws.base, 'plan.json');
  const plan: Plan = { summary: 'Greet.', steps: [{ title: 'Change a.txt', files: ['a.txt'], commands: ['cat a.txt'] }], files: ['a.txt'], commands: ['cat a.txt'] };
  fs.writeFileSync(file, JSON.stringify(plan));
  const r = await run(
    ws,
    [
      { toolCalls: [{ id: 'r-a', name: 'read_file', arguments: { path: 'a.txt' } }, { id: 'in', name: 'write_file', arguments: { path: 'a.txt', content: 'hello\n' } }, { id: 'out', name: 'write_file', arguments: { path: 'b.txt', content: 'extra\n' } }] },
      { toolCalls: [{ id: 'c-in', name: 'run_command', arguments: { command: 'cat a.txt' } }, { id: 'c-out', name: 'run_command', arguments: { command: 'ls' } }] },
      { toolCalls: [{ id: 'tick', name: 'update_plan', arguments: { step: 1, status: 'done' } }] },
      { content: 'Greeting changed.' },
    ],
    ['--plan-file', file, '--automation', '4', '--on-approval', 'reject', '--json'],
  );
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(ws.read('a.txt'), 'hello\n', 'the edit inside the plan applied unasked');
  assert.equal(ws.exists('b.txt'), false, 'the edit outside the plan asked, and was rejected');
  assert.match(r.stderr, /plan check: The step runs without asking\./, 'the pre-check is shown before anything runs');
  const report = JSON.parse(r.stdout);
  const calls = report.toolCalls.map((c: { tool: string; decision: string; ok: boolean; rule?: string; reason: string }) => [c.tool, c.decision, c.ok, c.rule === 'plan:outside']);
  assert.deepEqual(calls, [
    ['read_file', 'allow', true, false],
    ['write_file', 'allow', true, false],
    ['write_file', 'ask', false, true],
    ['run_command', 'allow', true, false],
    ['run_command', 'ask', false, true],
    ['update_plan', 'allow', true, false],
  ]);
  assert.match(report.toolCalls[2].reason, /^Outside the plan: `b\.txt` is not in the approved plan/);
  assert.match(report.toolCalls[4].reason, /^Outside the plan: the command `ls`/);
  assert.deepEqual([report.plan.approved, report.plan.steps[0].status], [true, 'done']);
  assert.equal(report.verification.rounds[0].checks.find((c: { name: string }) => c.name === 'plan-steps').status, 'passed');
  const audit = fs.readFileSync(report.auditLog, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  const outside = audit.filter((l) => l.kind === 'policy-decision' && l.rule === 'plan:outside');
  assert.deepEqual(outside.map((l) => l.path ?? l.command), ['b.txt', 'ls']);
  assert.ok(outside.every((l) => /Outside the plan/.test(l.reason)));
  // The model was told the plan and that it is its scope.
  assert.match(r.requests[0].body.messages[0].content, /## The approved plan \(your scope\)[\s\S]*1\. Change a\.txt/);
  assert.ok(r.requests[0].body.tools.some((t: { function: { name: string } }) => t.function.name === 'update_plan'));
});

test('verification reports plan steps left undone; the fix round ticks them', async () => {
  const ws = tempWorkspace({ 'a.txt': 'hi\n' });
  const file = path.join(ws.base, 'plan.json');
  fs.writeFileSync(file, JSON.stringify({ summary: 'Two things.', steps: [{ title: 'Edit a.txt', files: ['a.txt'] }, { title: 'Write the docs', files: ['docs.md'] }], files: ['a.txt', 'docs.md'], commands: [] }));
  const r = await run(
    ws,
    [
      { toolCalls: [{ id: 'r-a', name: 'read_file', arguments: { path: 'a.txt' } }, { id: 'w', name: 'write_file', arguments: { path: 'a.txt', content: 'hello\n' } }, { id: 't1', name: 'update_plan', arguments: { step: 1, status: 'done' } }] },
      { content: 'Done.' },
      { toolCalls: [{ id: 't2', name: 'update_plan', arguments: { step: 2, status: 'skipped', note: 'no docs folder in this project' } }] },
      { content: 'Step 2 skipped: there are no docs here.' },
    ],
    ['--plan-file', file, '--task', 'do both', '--automation', '4', '--json'],
  );
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const report = JSON.parse(r.stdout);
  const planCheck = (i: number) => report.verification.rounds[i].checks.find((c: { name: string }) => c.name === 'plan-steps');
  assert.equal(planCheck(0).status, 'failed');
  assert.equal(planCheck(0).summary, '1 of 2 plan steps not done: 2. Write the docs');
  assert.match(r.requests[2].body.messages.at(-1).content, /plan-steps[\s\S]*2\. Write the docs/, 'the model was told which step is open');
  assert.equal(planCheck(1).status, 'passed');
  assert.deepEqual(report.plan.steps.map((s: { status: string; note?: string }) => [s.status, s.note]), [['done', undefined], ['skipped', 'no docs folder in this project']]);
  assert.equal(report.verification.verdict, 'verified');
});
