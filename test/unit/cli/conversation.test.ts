// `harness run --continue TASK_ID --task "…"` goes on with an ended task in the same journal, and
// `--answer TEXT` (repeatable) answers the model's ask_user questions in order; with none left the
// model is told no one is there, and the report records it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli';
import { defaultStateDir } from '../../../src/cli/state-dir';
import { fsStateStore } from '../../../src/core/state/store';
import { readJournal, TaskJournal } from '../../../src/core/state/journal';
import { NO_HUMAN_ANSWER } from '../../../src/core/agent/ask-flow';
import { startMockLlm, type MockLlm, type Script } from '../../support/mock-llm-server';
import { API_KEY, tempWorkspace, type Workspace } from '../agent/helpers';
import { useTempStateHome } from '../../support/state-home';

const KEY_ENV = 'HARNESS_CLI_CONVERSATION_KEY';
process.env[KEY_ENV] = API_KEY;
useTempStateHome();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  mock: MockLlm;
}

async function cli(ws: Workspace, script: Script, flags: string[]): Promise<Run> {
  const mock = await startMockLlm(script);
  let stdout = '';
  let stderr = '';
  try {
    const code = await main(['run', '--workspace', ws.root, '--base-url', mock.url, '--api-key-env', KEY_ENV, '--on-approval', 'reject', ...flags], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
    return { code, stdout, stderr, mock };
  } finally {
    await mock.close();
  }
}

const ask = (id: string, question: string) => ({ toolCalls: [{ id, name: 'ask_user', arguments: { question } }] });
type Sent = { role: string; content: string | null; tool_call_id?: string };

test('--continue TASK_ID --task: the same task goes on, the model gets the earlier conversation and the follow-up', async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n' });
  const first = await cli(ws, [{ content: 'a.txt says one.' }], ['--task', 'What does a.txt say?', '--json']);
  assert.equal(first.code, 0, first.stderr);
  const id = JSON.parse(first.stdout).taskId as string;
  assert.equal(JSON.parse(first.stdout).outcome, 'answered');

  const second = await cli(ws, [{ toolCalls: [{ id: 'r1', name: 'read_file', arguments: { path: 'a.txt' } }, { id: 'w1', name: 'write_file', arguments: { path: 'a.txt', content: 'two\n' } }] }, { content: 'Now it says two.' }], ['--continue', id, '--task', 'Make it say two.', '--automation', '3', '--json']);
  assert.equal(second.code, 0, second.stderr);
  const out = JSON.parse(second.stdout);
  assert.equal(out.taskId, id, 'the same task, not a new one');
  assert.equal(out.summary, 'Now it says two.');
  assert.equal(out.outcome, 'verified', 'the change was checked (secret scan, completeness)');
  assert.equal(ws.read('a.txt'), 'two\n');
  const sent = second.mock.requests[0].body.messages as Sent[];
  assert.deepEqual(sent.slice(1).map((m) => [m.role, m.content]), [
    ['user', 'What does a.txt say?'],
    ['assistant', 'a.txt says one.'],
    ['user', 'Make it say two.'],
  ]);
  const journal = await readJournal(fsStateStore(defaultStateDir(ws.root)), id);
  assert.deepEqual(journal!.records.filter((r) => r.type === 'task-continued').map((r) => (r as { message: string }).message), ['Make it say two.']);
  assert.equal(out.edits.length, 1, 'the report covers the whole task');
});

test('--continue refuses, with one line and exit 2: no --task, with --resume, an unknown id, a task that has not ended', async () => {
  const ws = tempWorkspace();
  const unfinished = await TaskJournal.open(fsStateStore(defaultStateDir(ws.root)), 'unfinished1');
  await unfinished.append({ type: 'task-started', task: 'half done', root: ws.root, budgets: { maxSteps: 5 } });
  await unfinished.close();
  const cases: [string[], RegExp][] = [
    [['--continue', 'unfinished1'], /--continue TASK_ID needs the follow-up as --task TEXT/],
    [['--continue', 'unfinished1', '--resume', 'unfinished1', '--task', 'x'], /either --resume .* or --continue/],
    [['--continue', 'nope1', '--task', 'x'], /no task nope1 in /],
    [['--continue', 'unfinished1', '--task', 'x'], /task unfinished1 has not ended: resume it with --resume unfinished1/],
    [['--continue', '../etc', '--task', 'x'], /is not a task id/],
  ];
  for (const [flags, message] of cases) {
    const r = await cli(ws, [], flags);
    assert.equal(r.code, 2, `${flags.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, message);
    assert.equal(r.mock.requests.length, 0, 'no model call');
  }
});

test('--answer values answer the questions in order; past the last one the model decides, and the report says so', async () => {
  const ws = tempWorkspace();
  const r = await cli(ws, [ask('q1', 'Language?'), ask('q2', 'Framework?'), ask('q3', 'Database?'), { content: 'Planned.' }], ['--task', 'plan an app', '--answer', 'TypeScript', '--answer', 'none, keep it small', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const answers = (r.mock.requests.at(-1)!.body.messages as Sent[]).filter((m) => m.role === 'tool').map((m) => [m.tool_call_id, m.content]);
  assert.deepEqual(answers, [
    ['q1', 'The user answered: TypeScript'],
    ['q2', 'The user answered: none, keep it small'],
    ['q3', NO_HUMAN_ANSWER],
  ]);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.questions, [
    { question: 'Language?', answer: 'TypeScript', by: 'cli:--answer' },
    { question: 'Framework?', answer: 'none, keep it small', by: 'cli:--answer' },
    { question: 'Database?', answer: null, by: 'cli' },
  ]);
  assert.equal(out.status, 'completed', 'a question is not the end of the task');
  assert.match(r.stderr, /the model asks: Database\?\nharness: no --answer left/);

  const text = await cli(ws, [ask('q1', 'Database?'), { content: 'Used SQLite.' }], ['--task', 'pick one']);
  assert.match(text.stdout, /asked: Database\?\n\s+no one answered: the model went on by its own judgement/);
  assert.match(text.stdout, /completed \(answered, no changes\)/);
});
