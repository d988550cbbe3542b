// Issue 19's "done when", through `harness run` at level 4: the user changes a file between the
// model's read and its write. The file keeps the user's change, the model's next request says it
// must read the file again, and the refusal is in the --json report and the audit log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { main } from '../../../src/cli';
import { startMockLlm } from '../../support/mock-llm-server';
import { API_KEY, tempWorkspace } from '../agent/helpers';
import { useTempStateHome } from '../../support/state-home';

const KEY_ENV = 'HARNESS_STALE_WRITE_KEY';
process.env[KEY_ENV] = API_KEY;
useTempStateHome();

const toolResult = (body: { messages: { role: string; tool_call_id?: string; content: string }[] }, id: string) => body.messages.find((m) => m.role === 'tool' && m.tool_call_id === id)?.content;

test('harness run: a file changed between the read and the write keeps the change; the model is told to read it again', async () => {
  const ws = tempWorkspace({ 'f.txt': 'greeting = "hello"\n' });
  const userVersion = 'greeting = "hello"\nfarewell = "bye"  # added by the user\n';
  const mock = await startMockLlm(({ index }) => {
    if (index === 0) return { toolCalls: [{ id: 'r1', name: 'read_file', arguments: { path: 'f.txt' } }] };
    if (index === 1) {
      fs.writeFileSync(`${ws.root}/f.txt`, userVersion); // the user saves while the model is thinking
      return { toolCalls: [{ id: 'w1', name: 'write_file', arguments: { path: 'f.txt', content: 'greeting = "hi"\n' } }] };
    }
    if (index === 2) return { toolCalls: [{ id: 'r2', name: 'read_file', arguments: { path: 'f.txt' } }] };
    if (index === 3) return { toolCalls: [{ id: 'e1', name: 'edit_file', arguments: { path: 'f.txt', old_text: '"hello"', new_text: '"hi"' } }] };
    return { content: 'Changed the greeting and kept your farewell.' };
  });
  let stdout = '';
  let stderr = '';
  let code = -1;
  try {
    code = await main(['run', '--workspace', ws.root, '--task', 'say hi', '--base-url', mock.url, '--api-key-env', KEY_ENV, '--automation', '4', '--json'], {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
    });
  } finally {
    await mock.close();
  }
  assert.equal(code, 0, stderr);
  // The model's very next request after the refused write says why and what to do.
  const next = mock.requests[2].body;
  assert.equal(toolResult(next, 'w1'), 'Refused: f.txt changed since you read it at step 1, by someone else. Read it again, then write it based on what it holds now.');
  // Its new read is marked as a changed file, and its edit of what it read lands beside the user's line.
  assert.match(toolResult(mock.requests[3].body, 'r2') ?? '', /^f\.txt \(2 lines; changed since you read it at step 1\):\n1\tgreeting = "hello"\n2\tfarewell = "bye"/);
  assert.equal(ws.read('f.txt'), 'greeting = "hi"\nfarewell = "bye"  # added by the user\n');

  const report = JSON.parse(stdout);
  assert.deepEqual(report.toolCalls.map((c: { tool: string; ok: boolean; error?: string }) => [c.tool, c.ok, c.error]), [
    ['read_file', true, undefined],
    ['write_file', false, 'stale'],
    ['read_file', true, undefined],
    ['edit_file', true, undefined],
  ]);
  assert.deepEqual(report.edits.map((e: { path: string; status: string }) => [e.path, e.status]), [['f.txt', 'applied']], 'the refused write never became a proposal');
  const audit = fs.readFileSync(report.auditLog, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  const refused = audit.filter((l) => l.kind === 'stale-write-refused');
  assert.deepEqual(refused.map((l) => [l.toolCallId, l.path, l.reason, l.seenStep]), [['w1', 'f.txt', 'changed', 1]]);
  const seen = audit.filter((l) => l.kind === 'file-seen');
  assert.deepEqual(seen.map((l) => [l.how, l.step]), [['read', 1], ['read', 3], ['applied', 4]]);
  assert.ok(seen.every((l) => !('lines' in l)), 'line hashes stay in the journal');
});
