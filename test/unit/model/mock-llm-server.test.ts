// The scripted server itself: the e2e and CLI tests rely on its standalone mode and wire format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockLlm } from '../../support/mock-llm-server';

test('non-streaming requests get a chat.completion JSON; the script then falls back to "done"', async () => {
  const llm = await startMockLlm([{ content: 'hello', toolCalls: [{ id: 'c1', name: 'read_file', arguments: { path: 'a' } }] }]);
  try {
    const post = (body: object) =>
      fetch(`${llm.url}/chat/completions`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }).then((r) => r.json());
    assert.equal(llm.remaining(), 1);
    const first: any = await post({ model: 'x', messages: [{ role: 'user', content: 'q' }] });
    assert.equal(first.object, 'chat.completion');
    assert.equal(first.choices[0].message.content, 'hello');
    assert.deepEqual(first.choices[0].message.tool_calls, [{ id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a"}' } }]);
    assert.equal(first.choices[0].finish_reason, 'tool_calls');
    assert.equal(llm.remaining(), 0);
    const second: any = await post({ model: 'x', messages: [] });
    assert.equal(second.choices[0].message.content, 'done');
    assert.equal(llm.requests.length, 2);
    assert.equal(llm.requests[0].body.messages[0].content, 'q');
    const models: any = await fetch(`${llm.url}/models`).then((r) => r.json());
    assert.equal(models.data[0].id, 'mock-model');
  } finally {
    await llm.close();
  }
});

test('a function script sees each request body and its index', async () => {
  const llm = await startMockLlm(({ body, index }) => ({ content: `#${index}: ${body.messages.length} messages` }), {});
  try {
    const post = (n: number) =>
      fetch(`${llm.url}/chat/completions`, { method: 'POST', body: JSON.stringify({ messages: Array(n).fill({ role: 'user', content: '' }) }) }).then((r) => r.json() as Promise<any>);
    assert.equal((await post(3)).choices[0].message.content, '#0: 3 messages');
    assert.equal((await post(1)).choices[0].message.content, '#1: 1 messages');
  } finally {
    await llm.close();
  }
});

test('standalone mode prints LISTENING <url> and plays the JSON script', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mock-llm-'));
  const scriptFile = join(dir, 'script.json');
  writeFileSync(scriptFile, JSON.stringify([{ content: 'from file' }]));
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/mock-llm-server.ts', '--script', scriptFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const match = /LISTENING (\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`mock exited early (${code})`)));
      setTimeout(() => reject(new Error('no LISTENING line within 15 s')), 15_000);
    });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const answer: any = await fetch(`${url}/chat/completions`, { method: 'POST', body: JSON.stringify({ messages: [] }) }).then((r) => r.json());
    assert.equal(answer.choices[0].message.content, 'from file');
  } finally {
    child.kill('SIGTERM');
  }
});

test('standalone mode rejects a script that is not a JSON array', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mock-llm-'));
  const scriptFile = join(dir, 'script.json');
  writeFileSync(scriptFile, '{"content":"not an array"}');
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/mock-llm-server.ts', '--script', scriptFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 2);
  assert.match(err, /must be a JSON array/);
});
