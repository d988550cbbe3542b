// A server's "context length exceeded": one compaction and one retry, then a clear error, never a
// loop. And a compacted task killed mid-way: resumed, it sends exactly the messages it would have.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TaskEvent } from '../../../src/core/events/schema';
import { contextLengthExceededBody, type ScriptedTurn } from '../../support/mock-llm-server';
import { STUB_PREFIX } from '../../../src/core/context/stubs';
import { resolveModelProfile } from '../../../src/core/model/profile';
import { acceptAll, runWithScript } from '../agent/helpers';
import { bigWorkspace, ofType, readingModel, stepOf } from './scripted';

const never = { commands: [], when: 'never' as const };
const overflow: ScriptedTurn = { fault: 'status', status: 400, body: contextLengthExceededBody(8192, 9000) };

test('an overflow after compaction stops the task with a clear error after exactly one retry', async () => {
  const { ws } = bigWorkspace(8);
  const events: TaskEvent[] = [];
  // Three reads are accepted; from the fourth request on the server refuses everything as too long.
  const reading = readingModel(10);
  const { result, mock } = await runWithScript((req) => (stepOf(req.body) >= 3 ? overflow : (reading as (r: typeof req) => ScriptedTurn)(req)), {
    ws,
    maxSteps: 20,
    approver: acceptAll(),
    onEvent: (e) => events.push(e),
    verification: never,
  });
  assert.equal(result.status, 'error');
  assert.match(result.error ?? '', /no longer fits the model's context window \(8192 tokens\) even after the harness compacted it/);
  assert.match(result.error ?? '', /contextWindow|--context-window/, 'it says what to do');
  assert.equal(mock.requests.length, 3 + 2, 'the refused request and one retry, no more');
  const compacted = ofType(events, 'context-compacted');
  assert.equal(compacted.length, 1);
  assert.equal(compacted[0].reason, 'overflow');
  assert.ok(compacted[0].replaced.length >= 2, 'the older reads were masked before the retry');
  const size = (i: number) => JSON.stringify(mock.requests[i].body.messages).length;
  assert.ok(size(4) < size(3) / 2, 'the retry sent the compacted conversation');
  assert.equal(ofType(events, 'task-ended')[0].error, result.error);
});

test('an overflow that compaction cannot help stops at once with the clear error (no pointless retry)', async () => {
  const { ws } = bigWorkspace(8);
  const reading = readingModel(10);
  // Only the newest read exists when the server refuses: there is nothing older to mask.
  const { result, mock } = await runWithScript((req) => (stepOf(req.body) >= 1 ? overflow : (reading as (r: typeof req) => ScriptedTurn)(req)), {
    ws,
    approver: acceptAll(),
    verification: never,
  });
  assert.equal(result.status, 'error');
  assert.match(result.error ?? '', /no longer fits the model's context window/);
  assert.equal(mock.requests.length, 2);
});

// An unknown model is counted by length; gpt-4o-mini switches to its own tokenizer mid-task.
for (const model of ['mock-model', 'gpt-4o-mini']) {
  test(`a compacted task killed mid-way sends, once resumed, the same messages it would have sent (${model})`, async () => {
  const { ws } = bigWorkspace(24);
  const taskId = `task-compacted-resume-${model}`;
  const events: TaskEvent[] = [];
  const opts = { ws, taskId, task: 'read it all', maxSteps: 40, approver: acceptAll(), verification: never, modelProfile: resolveModelProfile(model, { contextWindow: { user: 48_000 }, maxOutputTokens: { user: 4096 } }).profile };
  const original = await runWithScript(readingModel(20), { ...opts, onEvent: (e) => events.push(e) });
  assert.equal(original.result.status, 'completed', original.result.error);
  const exact = ofType(events, 'model-request').filter((e) => e.exact).length;
  if (model === 'mock-model') assert.equal(exact, 0);
  else assert.ok(exact > 0 && exact < 20, `counted exactly from some step on (${exact} requests)`);
  const journalFile = path.join(ws.root, '.harness', 'tasks', taskId, 'journal.jsonl');
  const full = fs.readFileSync(journalFile, 'utf8').split('\n').filter(Boolean);
  const types = full.map((l) => (JSON.parse(l) as { rec: { type: string } }).rec.type);
  const compactions = types.flatMap((t, i) => (t === 'context-compacted' ? [i] : []));
  assert.ok(compactions.length >= 2, `the run compacted ${compactions.length} times`);
  const sent = original.mock.requests.map((r) => r.body.messages);

  // Killed right after the second compaction was recorded (its request not sent), and killed just
  // before it (the resumed task must decide the same compaction itself).
  for (const cut of [compactions[1] + 1, compactions[1]]) {
    fs.writeFileSync(journalFile, full.slice(0, cut).join('\n') + '\n');
    const lastStep = full
      .slice(0, cut)
      .map((l) => (JSON.parse(l) as { rec: { type: string; step?: number } }).rec)
      .filter((r) => r.type === 'step-ended')
      .at(-1)!.step!;
    assert.ok(sent[lastStep].some((m: { role: string; content: string }) => m.role === 'tool' && m.content.startsWith(STUB_PREFIX)), 'the request after the cut carries masked observations');
    const resumed = await runWithScript(readingModel(20), { ...opts, resume: true, task: '' });
    assert.equal(resumed.result.status, 'completed', resumed.result.error);
    const again = resumed.mock.requests.map((r) => r.body.messages);
    // Request n of the original run was for step n + 1; the resumed run starts at the next step.
    assert.deepEqual(again, sent.slice(lastStep), `resumed after line ${cut}: the requests differ from the original run's`);
  }
});
}
