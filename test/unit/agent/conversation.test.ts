// The person in the loop: the model asks (ask_user) and hears the answer, or hears that no one can
// answer; a finished task goes on with a follow-up in the same journal; and an outcome says what
// really happened (an answer is not "verified", restored edits are not the old verdict).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Approver, UserQuestion } from '../../../src/core/shared/types';
import { fsStateStore } from '../../../src/core/state/store';
import { readJournal } from '../../../src/core/state/journal';
import { NO_HUMAN_ANSWER } from '../../../src/core/agent/ask-flow';
import { emptyTaskState } from '../../../src/core/events/fold';
import { runBudgets, topUp } from '../../../src/core/agent/continue-flow';
import { acceptAll, recordingApprover, rejectAll, runWithScript, tempWorkspace, toolMessage } from './helpers';

const call = (id: string, name: string, args: object) => ({ id, name, arguments: args });
const ask = (id: string, question: string, options?: string[]) => ({ toolCalls: [call(id, 'ask_user', { question, ...(options ? { options } : {}) })] });
const FAIL_CHECK = "require('fs').writeFileSync('check-ran.txt', 'yes'); process.exit(0);\n";

function asker(answers: (string | undefined)[]): Approver & { asked: UserQuestion[] } {
  const asked: UserQuestion[] = [];
  return {
    asked,
    request: async () => ({ approved: false, by: 'user' }),
    ask: async (q) => {
      asked.push(q);
      const answer = answers.shift();
      return answer === undefined ? { by: 'test' } : { answer, by: 'user' };
    },
  };
}

async function journalTypes(root: string, taskId: string): Promise<string[]> {
  const j = await readJournal(fsStateStore(path.join(root, '.harness')), taskId);
  return (j?.records ?? []).map((r) => r.type);
}

test('ask_user: the question reaches the approver, the answer is the tool result, and it does not end the task', async () => {
  const ws = tempWorkspace();
  const approver = asker(['tabs, please']);
  const { result, mock } = await runWithScript([ask('q1', 'Tabs or spaces?', ['tabs', 'spaces']), { content: 'Using tabs.' }], { ws, approver });
  assert.deepEqual(approver.asked.map((q) => [q.question, q.options]), [['Tabs or spaces?', ['tabs', 'spaces']]]);
  assert.equal(toolMessage(mock, 'q1'), 'The user answered: tabs, please');
  assert.equal(mock.requests.length, 2, 'the model went on after the answer');
  assert.equal(result.status, 'completed');
  assert.deepEqual(result.questions, [{ toolCallId: 'q1', question: 'Tabs or spaces?', options: ['tabs', 'spaces'], answer: 'tabs, please', by: 'user' }]);
  assert.deepEqual(result.toolCalls.map((c) => [c.tool, c.decision, c.ok]), [['ask_user', 'allow', true]]);
  const types = await journalTypes(ws.root, result.taskId);
  assert.ok(types.indexOf('question-asked') < types.indexOf('question-answered'), `question and answer are journaled in order: ${types}`);
});

test('ask_user with no one to answer: the model is told to go on by its own judgement, and the report says nobody answered', async () => {
  const ws = tempWorkspace();
  const { result, mock } = await runWithScript([ask('q1', 'Which database?'), { content: 'Assumed SQLite.' }], { ws, approver: rejectAll() });
  assert.equal(toolMessage(mock, 'q1'), NO_HUMAN_ANSWER);
  assert.match(NO_HUMAN_ANSWER, /own judgement/);
  assert.deepEqual(result.questions.map((q) => [q.question, q.answer, q.by]), [['Which database?', undefined, 'harness']]);
});

test('a follow-up continues the finished task: same id and journal, the earlier conversation is sent, budgets are topped up', async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n' });
  const first = await runWithScript([{ content: 'a.txt holds "one".' }], { ws, task: 'What is in a.txt?', maxSteps: 1 });
  assert.equal(first.result.status, 'completed');
  const second = await runWithScript([{ toolCalls: [call('r-w1', 'read_file', { path: 'a.txt' }), call('w1', 'write_file', { path: 'a.txt', content: 'two\n' })] }, { content: 'Changed it.' }], {
    ws,
    level: 3,
    taskId: first.result.taskId,
    continue: true,
    task: 'Now change it to two.',
    maxSteps: 2,
    approver: acceptAll(),
  });
  assert.equal(second.result.taskId, first.result.taskId);
  assert.equal(second.result.status, 'completed', second.result.error);
  // Two more steps were allowed on top of the one already used (a step budget of 2 alone would have stopped at 2 total).
  assert.equal(second.result.steps, 3);
  const sent = second.mock.requests[0].body.messages as { role: string; content: string | null }[];
  assert.deepEqual(sent.slice(1).map((m) => [m.role, m.content]), [
    ['user', 'What is in a.txt?'],
    ['assistant', 'a.txt holds "one".'],
    ['user', 'Now change it to two.'],
  ]);
  assert.equal(ws.read('a.txt'), 'two\n');
  const types = await journalTypes(ws.root, first.result.taskId);
  assert.deepEqual(types.filter((t) => t === 'task-started' || t === 'task-continued' || t === 'task-ended'), ['task-started', 'task-ended', 'task-continued', 'task-ended']);
});

test('continuing needs an ended task, and a retry without a message needs a conversation that is not answered yet', async () => {
  const ws = tempWorkspace();
  await assert.rejects(runWithScript([], { ws, taskId: 'no-such-task', continue: true, task: 'hi' }), /No task no-such-task to continue/);
  const done = await runWithScript([{ content: 'Hello.' }], { ws });
  await assert.rejects(runWithScript([], { ws, taskId: done.result.taskId, continue: true, task: '' }), /Say what task .* should do next/);
  // A task that failed on the model call can be retried as it stands: the model is asked again.
  const failed = await runWithScript([{ fault: 'status', status: 401 }], { ws });
  assert.equal(failed.result.status, 'error');
  assert.equal(failed.result.errorKind, 'auth');
  const retried = await runWithScript([{ content: 'Now it works.' }], { ws, taskId: failed.result.taskId, continue: true, task: '' });
  assert.equal(retried.result.status, 'completed');
  assert.equal(retried.result.summary, 'Now it works.');
  assert.equal((retried.mock.requests[0].body.messages as { role: string }[]).at(-1)!.role, 'user');
});

test('a task that only answers is "answered": verification does not run and nothing is called verified', async () => {
  const ws = tempWorkspace({ 'check.js': FAIL_CHECK });
  const { result } = await runWithScript([{ content: 'The project has one file.' }], {
    ws,
    level: 3,
    rules: [{ action: 'allow', command: 'node check.js' }],
    verification: { commands: ['node check.js'] },
  });
  assert.equal(result.status, 'completed');
  assert.equal(result.outcome, 'answered');
  assert.equal(result.verification, null, 'no round ran');
  assert.equal(ws.exists('check-ran.txt'), false, 'the verification command did not run');
});

test('a task that only ran a read-only command is "answered"; one that ran a command that may write is verified', async () => {
  const ws = tempWorkspace({ 'check.js': FAIL_CHECK, 'a.txt': 'a\n' });
  const asked = await runWithScript([{ toolCalls: [call('c1', 'run_command', { command: 'ls -la' })] }, { content: 'There is a.txt.' }], {
    ws,
    level: 4,
    rules: [{ action: 'allow', command: 'node check.js' }],
    verification: { commands: ['node check.js'] },
  });
  assert.equal(asked.result.outcome, 'answered', asked.result.error);
  assert.equal(asked.result.verification, null, 'ls changed nothing: no round ran');
  assert.equal(ws.exists('check-ran.txt'), false);
  const wrote = await runWithScript([{ toolCalls: [call('c2', 'run_command', { command: 'node -e "require(\'fs\').writeFileSync(\'b.txt\', \'b\')"' })] }, { content: 'Wrote b.txt.' }, { content: 'Still done.' }, { content: 'Done.' }], {
    ws,
    level: 3,
    approver: acceptAll(),
    rules: [{ action: 'allow', command: 'node check.js' }],
    verification: { commands: ['node check.js'], maxFixAttempts: 1 },
  });
  assert.ok(wrote.result.verification, 'a command that may have written files is checked');
  assert.equal(ws.exists('check-ran.txt'), true, 'the verification command ran');
});

test('edits that pass the checks are "verified"; rejected proposals are "no changes"; restored edits say so instead of the verdict', async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n', 'check.js': 'process.exit(0)\n' });
  const verified = await runWithScript([{ toolCalls: [call('r-w1', 'read_file', { path: 'a.txt' }), call('w1', 'write_file', { path: 'a.txt', content: 'two\n' })] }, { content: 'done' }], {
    ws,
    level: 3,
    rules: [{ action: 'allow', command: 'node check.js' }],
    verification: { commands: ['node check.js'] },
  });
  assert.equal(verified.result.outcome, 'verified');

  const rejected = await runWithScript([{ toolCalls: [call('r-w1', 'read_file', { path: 'a.txt' }), call('w1', 'write_file', { path: 'a.txt', content: 'three\n' })] }, { content: 'Left it as it was.' }], { ws, level: 2, approver: rejectAll('no') });
  assert.equal(rejected.result.outcome, 'no_changes');

  const failing = tempWorkspace({ 'a.txt': 'one\n', 'check.js': 'process.exit(1)\n' });
  const restored = await runWithScript([{ toolCalls: [call('r-w1', 'read_file', { path: 'a.txt' }), call('w1', 'write_file', { path: 'a.txt', content: 'two\n' })] }, { content: 'done' }], {
    ws: failing,
    level: 3,
    rules: [{ action: 'allow', command: 'node check.js' }],
    verification: { commands: ['node check.js'], maxFixAttempts: 0 },
    revertUnverified: true,
  });
  assert.equal(restored.result.verification?.verdict, 'failed_verification');
  assert.equal(restored.result.outcome, 'restored');
  assert.equal(failing.read('a.txt'), 'one\n');
});

test('your own verification command is asked about as medium risk; a workspace one stays high', async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n', 'check.js': 'process.exit(0)\n' });
  const approver = recordingApprover(() => ({ approved: true, by: 'user' }));
  await runWithScript([{ toolCalls: [call('r-w1', 'read_file', { path: 'a.txt' }), call('w1', 'write_file', { path: 'a.txt', content: 'two\n' })] }, { content: 'done' }], {
    ws,
    level: 2,
    approver,
    verification: { commands: ['node check.js', 'node check.js --again'], userCommands: ['node check.js'] },
  });
  const asked = approver.requests.filter((r) => r.kind === 'command').map((r) => [r.kind === 'command' ? r.command : '', r.decision.risk]);
  assert.deepEqual(asked, [
    ['node check.js', 'medium'],
    ['node check.js --again', 'high'],
  ]);
});

test('"Always allow" on a verification command holds for the next round of the same task', async () => {
  const ws = tempWorkspace({ 'lib.js': 'exports.v = 1;\n', 'check.js': "process.exit(require('./lib').v === 2 ? 0 : 1)\n" });
  const approver = recordingApprover((req) => ({ approved: true, by: 'user', ...(req.kind === 'command' ? { addRule: { action: 'allow' as const, command: req.command } } : {}) }));
  const { result } = await runWithScript(
    [
      { toolCalls: [call('r-e1', 'read_file', { path: 'lib.js' }), call('e1', 'write_file', { path: 'lib.js', content: 'exports.v = 3;\n' })] },
      { content: 'done' },
      { toolCalls: [call('e2', 'write_file', { path: 'lib.js', content: 'exports.v = 2;\n' })] },
      { content: 'fixed' },
    ],
    { ws, level: 3, approver, verification: { commands: ['node check.js'] } },
  );
  assert.equal(result.verification?.verdict, 'verified');
  assert.equal(approver.requests.filter((r) => r.kind === 'command').length, 1, 'asked once, allowed after');
});

test('a follow-up tops up every budget from where the task stands, the cost budget too', () => {
  const state = { ...emptyTaskState('t'), step: 3, usage: { promptTokens: 900, completionTokens: 100, costUsd: 0.2 } };
  const budgets = runBudgets({ budgets: { maxSteps: 2, maxTokens: 500, maxWallMs: 60_000, maxCostUsd: 0.5 }, continue: true }, state);
  assert.deepEqual(budgets, { maxSteps: 5, maxTokens: 1500, maxWallMs: 60_000, maxCostUsd: 0.7 });
  // A task with no recorded cost gets the cost budget as given.
  assert.equal(topUp({ maxSteps: 1, maxCostUsd: 0.5 }, { step: 0, tokens: 0 }).maxCostUsd, 0.5);
});
