// What a tool call reports and leaves behind: the API key scrubbed from every result the model sees,
// credential files left out of searches, the policy's own decision kept when the tool then fails,
// and audit entries that say which rule decided and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { API_KEY, acceptAll, runWithScript, stateText, tempWorkspace, toolMessage } from './helpers';

const call = (id: string, name: string, args: string | object) => ({ id, name, arguments: args });
const turn = (...calls: ReturnType<typeof call>[]) => ({ toolCalls: calls });
const done = { content: 'done' };
const audit = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

test('the API key held in a workspace file never reaches the model, the journal or the audit log', async () => {
  const ws = tempWorkspace({ 'config.txt': `api_key: ${API_KEY}\n`, '.env': `KEY=${API_KEY}\n` });
  const { result, mock, bodies } = await runWithScript(
    [turn(call('r1', 'read_file', { path: 'config.txt' }), call('r2', 'read_file', { path: '.env' }), call('s1', 'search_files', { pattern: 'api_key' })), done],
    { ws, level: 4, approver: acceptAll() },
  );
  assert.equal(result.status, 'completed');
  assert.match(toolMessage(mock, 'r1') ?? '', /api_key: \[redacted\]/, 'the read still answers, without the key');
  assert.match(toolMessage(mock, 's1') ?? '', /config\.txt:1: api_key: \[redacted\]/);
  assert.ok(!bodies.some((b) => b.includes(API_KEY)), 'the key reached the model');
  assert.ok(!stateText(`${ws.root}/.harness`).includes(API_KEY), 'the key reached the journal or audit log');
});

test('search_files leaves credential files (.env, *.pem) out and says so; reading one by name still asks', async () => {
  const ws = tempWorkspace({ '.env': 'TOKEN=abc-needle\n', 'sub/server.pem': 'needle key\n', 'a.txt': 'needle here\n' });
  const approver = acceptAll();
  const { mock } = await runWithScript([turn(call('s1', 'search_files', { pattern: 'needle' }), call('r1', 'read_file', { path: '.env' })), done], { ws, level: 4, approver });
  const found = toolMessage(mock, 's1') ?? '';
  assert.match(found, /a\.txt:1: needle here/);
  assert.doesNotMatch(found, /abc-needle|needle key/);
  assert.match(found, /2 file\(s\) holding credentials .* not searched/);
  assert.equal(approver.requests.length, 1, 'the named read of .env asked');
  assert.match(toolMessage(mock, 'r1') ?? '', /TOKEN=abc-needle/);
});

test('a tool that fails after the policy allowed it reports the policy decision, and the error', async () => {
  const ws = tempWorkspace({ 'a.txt': 'x\nx\n' });
  const { result } = await runWithScript(
    [
      turn(
        call('r1', 'read_file', { path: 'missing.txt' }),
        call('r2', 'read_file', { path: 'a.txt' }),
        call('e1', 'edit_file', { path: 'a.txt', old_text: 'x', new_text: 'y' }),
        call('e2', 'edit_file', { path: 'a.txt', old_text: 'zzz', new_text: 'y' }),
      ),
      done,
    ],
    { ws, level: 4, approver: acceptAll(), verification: { commands: [], when: 'never' } },
  );
  const [r1, , e1, e2] = result.toolCalls;
  assert.deepEqual([r1.decision, r1.rule, r1.ok], ['allow', 'builtin:reads', false]);
  assert.match(r1.error ?? '', /not found/);
  assert.deepEqual([e1.decision, e1.rule, e1.ok], ['allow', 'level:4', false]);
  assert.match(e1.error ?? '', /occurs 2 times/);
  assert.deepEqual([e2.decision, e2.ok], ['allow', false]);
  assert.match(e2.error ?? '', /was not found/);
});

test('a denial reports the rule\'s reason as the error, once', async () => {
  const ws = tempWorkspace();
  const { result } = await runWithScript([turn(call('w1', 'write_file', { path: 'gen/x.txt', content: 'x' })), done], {
    ws,
    level: 4,
    rules: [{ action: 'deny', tool: 'write_file', path: 'gen/**' }],
    verification: { commands: [], when: 'never' },
  });
  const c = result.toolCalls[0];
  assert.equal(c.decision, 'deny');
  assert.equal(c.error, c.reason);
  assert.doesNotMatch(c.error ?? '', /^Denied: Denied/);
});

test('audit log: scope denials with their rule, tool calls with args, rule and reason, model retries', async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n' });
  const { result } = await runWithScript(
    [
      { fault: 'status', status: 429, retryAfterMs: '5' },
      turn(call('r1', 'read_file', { path: '../outside/secret.txt' }), call('r2', 'read_file', { path: 'a.txt' }), call('w1', 'write_file', { path: 'a.txt', content: 'y'.repeat(5000) })),
      done,
    ],
    { ws, level: 4, approver: acceptAll(), verification: { commands: [], when: 'never' } },
  );
  const lines = audit(result.auditLog);
  const scope = lines.find((l) => l.kind === 'policy-decision' && l.toolCallId === 'r1');
  assert.ok(scope, 'the scope denial is a decision entry');
  assert.deepEqual([scope.decision, scope.rule], ['deny', 'builtin:workspace-scope']);
  assert.match(String(scope.reason), /'\.\.'/);
  const proposed = lines.find((l) => l.kind === 'tool-call-proposed' && l.toolCallId === 'w1')!;
  const decided = lines.find((l) => l.kind === 'policy-decision' && l.toolCallId === 'w1')!;
  const ended = lines.find((l) => l.kind === 'tool-call-ended' && l.toolCallId === 'w1')!;
  assert.deepEqual([decided.decision, decided.rule, decided.risk, ended.outcome], ['allow', 'level:4', 'medium', 'ok']);
  assert.equal(typeof decided.reason, 'string');
  const args = proposed.args as { path: string; content: string };
  assert.equal(args.path, 'a.txt');
  assert.match(args.content, /\[5000 chars\]$/, 'a whole file is not copied into the audit log');
  const retry = lines.find((l) => l.kind === 'model-retry');
  assert.ok(retry, 'the 429 retry is in the audit log');
  assert.match(String(retry.reason), /429/);
});
