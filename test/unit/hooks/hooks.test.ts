// Hooks in Claude Code's shape through runTask: a PreToolUse hook that denies writing Markdown, a
// PostToolUse hook whose output reaches the next request, a Stop hook that blocks once and then
// passes, a hook that hangs and is killed at its timeout, and what every hook is told on stdin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { HookEntry } from '../../../src/core/policy/hook-settings';
import type { TaskEvent } from '../../../src/core/events/schema';
import { sandboxAvailable } from '../../../src/core/commands/sandbox';
import { acceptAll, policy, recordingApprover, rejectAll, runWithScript, tempWorkspace, toolMessage } from '../agent/helpers';

const call = (id: string, name: string, args: object) => ({ id, name, arguments: args });
const done = { content: 'done' };
const hook = (event: HookEntry['event'], command: string, extra: Partial<HookEntry> = {}): HookEntry => ({ event, command, source: 'user', ...extra });

/** A node script the hook runs: reads the JSON on stdin into `input`, then runs `body`. */
const script = (body: string) => `const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n${body}\n`;

test('a PreToolUse hook denies write_file to *.md: the Markdown file is untouched and the model gets the hook\'s reason', async () => {
  // a.txt is new: an existing file would first have to be read (issue 19).
  const ws = tempWorkspace({ 'README.md': '# old\n' });
  ws.write('.hooks/no-md.js', script(`if (String(input.tool_input.path).endsWith('.md')) { process.stderr.write('Markdown is written by the docs team, not the agent'); process.exit(2); }`));
  const events: TaskEvent[] = [];
  const { mock, result } = await runWithScript(
    [{ toolCalls: [call('w1', 'write_file', { path: 'README.md', content: '# new\n' }), call('w2', 'write_file', { path: 'a.txt', content: 'new\n' })] }, done],
    { ws, level: 4, hooks: [hook('PreToolUse', 'node .hooks/no-md.js', { matcher: 'write_file|edit_file' })], onEvent: (e) => events.push(e) },
  );
  assert.equal(ws.read('README.md'), '# old\n');
  assert.equal(ws.read('a.txt'), 'new\n', 'other files still apply at level 4');
  assert.match(toolMessage(mock, 'w1') ?? '', /Blocked by a PreToolUse hook: Markdown is written by the docs team, not the agent/);
  const w1 = result.toolCalls.find((c) => c.id === 'w1');
  assert.deepEqual([w1?.decision, w1?.rule, w1?.outcome], ['deny', 'hook:PreToolUse', 'denied']);
  const runs = events.filter((e) => e.type === 'hook-run');
  assert.deepEqual(runs.map((e) => (e.type === 'hook-run' ? [e.toolCallId, e.result, e.exitCode] : [])), [['w1', 'block', 2], ['w2', 'none', 0]]);
});

test('a PreToolUse matcher that does not match leaves the call alone, and a hook never overrides a deny rule', async () => {
  const ws = tempWorkspace({ 'a.txt': 'old\n' });
  ws.write('.hooks/allow.js', script(`console.log(JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow', permissionDecisionReason: 'fine by me' } }))`));
  const events: TaskEvent[] = [];
  const { mock } = await runWithScript([{ toolCalls: [call('w1', 'write_file', { path: 'a.txt', content: 'new\n' }), call('r1', 'read_file', { path: 'a.txt' })] }, done], {
    ws,
    level: 4,
    rules: [{ action: 'deny', tool: 'write_file', source: 'user' }],
    hooks: [hook('PreToolUse', 'node .hooks/allow.js', { matcher: 'write_file' })],
    onEvent: (e) => events.push(e),
  });
  assert.equal(ws.read('a.txt'), 'old\n');
  assert.match(toolMessage(mock, 'w1') ?? '', /Denied by rule/);
  assert.deepEqual(events.filter((e) => e.type === 'hook-run').map((e) => (e.type === 'hook-run' ? e.tool : '')), ['write_file'], 'read_file does not match the matcher');
});

test('a PreToolUse allow skips an ask for an ordinary edit, but never for a critical one', async () => {
  const ws = tempWorkspace({ 'b.txt': 'bye\n' });
  ws.write('.hooks/allow.js', script(`console.log(JSON.stringify({ permissionDecision: 'allow', reason: 'formatter-approved' }))`));
  const approver = recordingApprover(() => ({ approved: false, by: 'user', reason: 'no' }));
  // b.txt is read first: a file is deleted only once seen (issue 19).
  const { result } = await runWithScript([{ toolCalls: [call('r1', 'read_file', { path: 'b.txt' }), call('w1', 'write_file', { path: 'a.txt', content: 'new\n' }), call('d1', 'delete_file', { path: 'b.txt' })] }, done], {
    ws,
    level: 2,
    approver,
    hooks: [hook('PreToolUse', 'node .hooks/allow.js')],
  });
  assert.equal(ws.read('a.txt'), 'new\n', 'the hook allowed the level-2 edit without asking');
  assert.deepEqual(approver.requests.map((r) => r.kind === 'edit' && r.proposal.path), ['b.txt'], 'the delete (critical) still asked');
  assert.ok(ws.exists('b.txt'));
  const w1 = result.toolCalls.find((c) => c.id === 'w1');
  assert.equal(w1?.rule, 'hook:PreToolUse');
});

test('a PreToolUse hook may make an allowed call ask', async () => {
  const ws = tempWorkspace();
  ws.write('.hooks/ask.js', script(`console.log(JSON.stringify({ hookSpecificOutput: { permissionDecision: 'ask', permissionDecisionReason: 'double-check config files' } }))`));
  const approver = rejectAll('agreed, no');
  await runWithScript([{ toolCalls: [call('w1', 'write_file', { path: 'a.txt', content: 'new\n' })] }, done], { ws, level: 4, approver, hooks: [hook('PreToolUse', 'node .hooks/ask.js')] });
  assert.equal(approver.requests.length, 1);
  assert.match(approver.requests[0].decision.reason, /A PreToolUse hook asks: double-check config files/);
  assert.equal(ws.exists('a.txt'), false);
});

test('a PostToolUse hook\'s output reaches the model in the next request, with the tool\'s result', async () => {
  const ws = tempWorkspace();
  ws.write('.hooks/lint.js', script(`console.log('lint: ' + input.tool_input.path + ' has trailing whitespace on line 1 (' + input.tool_name + ')')`));
  const { mock } = await runWithScript([{ toolCalls: [call('w1', 'write_file', { path: 'a.txt', content: 'new \n' })] }, done], { ws, level: 3, hooks: [hook('PostToolUse', 'node .hooks/lint.js', { matcher: 'write_file' })] });
  const msgs = mock.requests[1].body.messages as { role: string; tool_call_id?: string; content: string }[];
  const tool = msgs.find((m) => m.role === 'tool' && m.tool_call_id === 'w1');
  assert.match(tool?.content ?? '', /Created|Applied the edit to a\.txt/);
  assert.match(tool?.content ?? '', /\[PostToolUse hook `node \.hooks\/lint\.js`\]\nlint: a\.txt has trailing whitespace on line 1 \(write_file\)/);
});

test('a Stop hook that blocks once is a failed check with a fix round; the next time it passes and the task verifies', async () => {
  const ws = tempWorkspace();
  ws.write('.hooks/stop.js', script(`const fs = require('fs');
if (!fs.existsSync('.hooks/seen')) { fs.writeFileSync('.hooks/seen', String(input.stop_hook_active)); process.stderr.write('add a CHANGELOG entry first'); process.exit(2); }
fs.writeFileSync('.hooks/second', String(input.stop_hook_active));`));
  // Verification is off: the user's Stop hook still has its say, and is the round's only check.
  const { mock, result } = await runWithScript([{ content: 'all done' }, { content: 'CHANGELOG updated, done' }], { ws, hooks: [hook('Stop', 'node .hooks/stop.js')], verification: { commands: [], when: 'never' } });
  assert.equal(result.status, 'completed');
  assert.equal(result.verification?.verdict, 'verified');
  const rounds = result.verification?.rounds ?? [];
  assert.equal(rounds.length, 2);
  assert.deepEqual(rounds.map((r) => r.checks.length), [1, 1]);
  const first = rounds[0].checks.find((c) => c.name.startsWith('Stop hook'));
  assert.deepEqual([first?.status, first?.summary], ['failed', 'blocked: add a CHANGELOG entry first']);
  assert.equal(rounds[1].checks.find((c) => c.name.startsWith('Stop hook'))?.status, 'passed');
  const feedback = (mock.requests[1].body.messages as { role: string; content: string }[]).at(-1);
  assert.equal(feedback?.role, 'user');
  assert.match(feedback?.content ?? '', /add a CHANGELOG entry first/);
  assert.equal(ws.read('.hooks/seen'), 'false');
  assert.equal(ws.read('.hooks/second'), 'true', 'the second run is told a Stop hook already blocked');
});

test('a hook that hangs is killed at its timeout; a PreToolUse that cannot decide leaves the call to a person', async () => {
  const ws = tempWorkspace();
  const events: TaskEvent[] = [];
  const approver = acceptAll();
  const started = Date.now();
  await runWithScript([{ toolCalls: [call('w1', 'write_file', { path: 'a.txt', content: 'new\n' })] }, done], {
    ws,
    level: 4,
    approver,
    hooks: [hook('PreToolUse', 'sleep 30', { timeout: 1 })],
    onEvent: (e) => events.push(e),
  });
  assert.ok(Date.now() - started < 10_000, 'the hang did not hold the task');
  const run = events.find((e) => e.type === 'hook-run');
  assert.ok(run && run.type === 'hook-run');
  assert.equal(run.timedOut, true);
  assert.equal(run.result, 'error');
  assert.match(run.reason ?? '', /timed out after 1 s and was killed/);
  assert.ok(run.durationMs < 5000);
  assert.equal(approver.requests.length, 1, 'level 4 would have applied it; the failed hook made it ask');
  assert.match(approver.requests[0].decision.reason, /cannot vouch/);
  assert.equal(ws.read('a.txt'), 'new\n');
});

test('every hook gets the event, task, folder, tool and input as JSON on stdin, in the workspace, with a scrubbed environment', async () => {
  const ws = tempWorkspace({ 'a.txt': 'old\n' });
  process.env.I17_HOOK_TOKEN = 'hook-secret-value-99';
  try {
    ws.write('.hooks/dump.js', script(`require('fs').appendFileSync('.hooks/inputs.jsonl', JSON.stringify({ ...input, env: { token: process.env.I17_HOOK_TOKEN ?? null, dir: process.env.CLAUDE_PROJECT_DIR } , cwd0: process.cwd() }) + '\\n')`));
    const { result } = await runWithScript([{ toolCalls: [call('r1', 'read_file', { path: 'a.txt' })] }, done], {
      ws,
      taskId: 'task-hook-input',
      hooks: [hook('UserPromptSubmit', 'node .hooks/dump.js'), hook('PreToolUse', 'node .hooks/dump.js'), hook('PostToolUse', 'node .hooks/dump.js'), hook('Stop', 'node .hooks/dump.js')],
    });
    assert.equal(result.status, 'completed');
    const lines = (ws.read('.hooks/inputs.jsonl') ?? '').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines.map((l) => l.hook_event_name), ['UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Stop']);
    for (const l of lines) {
      assert.equal(l.task_id, 'task-hook-input');
      assert.equal(l.cwd, ws.root);
      assert.equal(fs.realpathSync(String(l.cwd0)), ws.root);
      assert.deepEqual(l.env, { token: null, dir: ws.root });
    }
    assert.equal(lines[0].prompt, 'scripted task');
    assert.deepEqual([lines[1].tool_name, lines[1].tool_input], ['read_file', { path: 'a.txt' }]);
    assert.match(String(lines[2].tool_response), /a\.txt \(1 lines\):/);
    assert.equal(lines[3].stop_hook_active, false);
  } finally {
    delete process.env.I17_HOOK_TOKEN;
  }
});

test('a UserPromptSubmit hook can block the task before any model call, or add context for the model', async () => {
  const ws = tempWorkspace();
  ws.write('.hooks/block.js', script(`if (/deploy/.test(input.prompt)) { process.stderr.write('no deploys on Fridays'); process.exit(2); } console.log('The team uses tabs.')`));
  const blocked = await runWithScript([done], { ws, task: 'deploy to prod', hooks: [hook('UserPromptSubmit', 'node .hooks/block.js')] });
  assert.equal(blocked.result.status, 'failed');
  assert.match(blocked.result.error ?? '', /UserPromptSubmit hook blocked the task: no deploys on Fridays/);
  assert.equal(blocked.mock.requests.length, 0, 'the model was never called');

  const added = await runWithScript([done], { ws, task: 'tidy up', hooks: [hook('UserPromptSubmit', 'node .hooks/block.js')] });
  const msgs = added.mock.requests[0].body.messages as { role: string; content: string }[];
  assert.match(msgs.at(-1)?.content ?? '', /Context added by the UserPromptSubmit hook:\nThe team uses tabs\./);
});

test('under harness.sandbox "auto" a hook runs in the sandbox where bwrap works, and still gets its stdin', async () => {
  const ws = tempWorkspace({ 'a.txt': 'old\n' });
  ws.write('.hooks/deny.js', script(`process.stderr.write('saw ' + input.tool_name + ' on ' + input.tool_input.path); process.exit(2);`));
  const events: TaskEvent[] = [];
  const { mock } = await runWithScript([{ toolCalls: [call('w1', 'write_file', { path: 'a.txt', content: 'new\n' })] }, done], {
    ws,
    level: 4,
    policy: { ...policy(4), sandbox: 'auto' },
    hooks: [hook('PreToolUse', 'node .hooks/deny.js')],
    onEvent: (e) => events.push(e),
  });
  assert.match(toolMessage(mock, 'w1') ?? '', /Blocked by a PreToolUse hook: saw write_file on a\.txt/);
  const run = events.find((e) => e.type === 'hook-run');
  assert.equal(run?.type === 'hook-run' && run.sandboxed, (await sandboxAvailable()).available);
});

test('a PreToolUse hook that blocks ask_user keeps the question from the person, and the model hears why', async () => {
  const ws = tempWorkspace();
  ws.write('.hooks/no-questions.js', script(`process.stderr.write('no questions during the night run'); process.exit(2);`));
  let asked = 0;
  const approver = { ...acceptAll(), ask: async () => ((asked += 1), { answer: 'yes', by: 'user' }) };
  const { mock } = await runWithScript([{ toolCalls: [call('q1', 'ask_user', { question: 'Shall I go on?' })] }, done], { ws, approver, hooks: [hook('PreToolUse', 'node .hooks/no-questions.js', { matcher: 'ask_user' })] });
  assert.equal(asked, 0, 'the question never reached the person');
  assert.match(toolMessage(mock, 'q1') ?? '', /no questions during the night run/);
});
