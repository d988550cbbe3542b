// Real runs: sandbox (write outside, network, secret variables), timeout of a SIGTERM-proof tree,
// output cap with bounded memory, and working-directory confinement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { runCommand, sandboxAvailable } from '../../../src/core/commands/run';
import { sandboxHere } from './sandbox-here';

function workspace(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'harness-run-'));
}

/** Running (a zombie waiting for a reaper that this container may not have counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

test('bwrap works on this machine (the sandbox tests below depend on it)', async (t) => {
  if (!(await sandboxHere(t))) return;
  const probe = await sandboxAvailable();
  assert.equal(probe.available, true, probe.reason);
});

test('inside the sandbox a write outside the workspace fails, a write inside works', async (t) => {
  if (!(await sandboxHere(t))) return;
  const root = workspace();
  const escape = path.join(os.homedir(), `harness-escape-${randomBytes(6).toString('hex')}`);
  const system = `/usr/local/harness-escape-${randomBytes(6).toString('hex')}`;
  // The home folder inside is an empty private tmpfs: a write there lands nowhere on the host.
  const out = await runCommand({ command: `touch ${escape}; touch ${system}; echo inside > inside.txt`, root, sandbox: 'required' });
  assert.equal(out.sandboxed, true);
  assert.equal(fs.existsSync(escape), false, 'file outside the workspace must not exist');
  assert.equal(fs.existsSync(system), false);
  assert.match(out.output, /Read-only file system|Permission denied/);
  assert.equal(fs.readFileSync(path.join(root, 'inside.txt'), 'utf8'), 'inside\n');
});

test('/tmp inside the sandbox is private', async (t) => {
  if (!(await sandboxHere(t))) return;
  const root = workspace();
  const name = `harness-tmp-${randomBytes(6).toString('hex')}`;
  const out = await runCommand({ command: `echo x > /tmp/${name} && cat /tmp/${name}`, root, sandbox: 'required' });
  assert.equal(out.exitCode, 0, out.output);
  assert.equal(fs.existsSync(path.join('/tmp', name)), false);
});

test('network: blocked in the sandbox, reachable with allowNetwork or without a sandbox', async (t) => {
  if (!(await sandboxHere(t))) return;
  const server = net.createServer((s) => {
    s.on('error', () => {});
    s.end('hello\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  const root = workspace();
  const command = `exec 3<>/dev/tcp/127.0.0.1/${port} && echo connected`;
  try {
    const blocked = await runCommand({ command, root, sandbox: 'required' });
    assert.notEqual(blocked.exitCode, 0);
    assert.doesNotMatch(blocked.output, /connected/);
    const allowed = await runCommand({ command, root, sandbox: 'required', allowNetwork: true });
    assert.equal(allowed.exitCode, 0, allowed.output);
    assert.match(allowed.output, /connected/);
    const off = await runCommand({ command, root, sandbox: 'off' });
    assert.equal(off.sandboxed, false);
    assert.match(off.sandboxNote ?? '', /off/);
    assert.match(off.output, /connected/);
  } finally {
    server.close();
  }
});

test('credential variables are scrubbed, the allow-list lets one through, secret values are redacted', async () => {
  const root = workspace();
  const saved = { ...process.env };
  process.env.MY_API_KEY = 'key-abc-123';
  process.env.AWS_SECRET_ACCESS_KEY = 'aws-xyz-789';
  process.env.GITHUB_TOKEN = 'ghp-tok-456';
  process.env.HARMLESS_SETTING = 'visible';
  process.env.SOME_CONFIG = 'sk-the-real-key';
  try {
    const out = await runCommand({
      command: 'echo "k=$MY_API_KEY a=$AWS_SECRET_ACCESS_KEY g=$GITHUB_TOKEN h=$HARMLESS_SETTING c=$SOME_CONFIG"; echo sk-the-real-key',
      root,
      envAllowList: ['GITHUB_TOKEN'],
      secretValues: ['sk-the-real-key'],
    });
    assert.match(out.output, /k= a= g=ghp-tok-456 h=visible c=$/m);
    assert.doesNotMatch(out.output, /key-abc-123|aws-xyz-789|sk-the-real-key/);
    assert.match(out.output, /\[REDACTED\]/);
  } finally {
    process.env = saved;
  }
});

test('timeout kills a process tree that ignores SIGTERM', async () => {
  const root = workspace();
  const pidFile = path.join(root, 'grandchild.pid');
  const started = Date.now();
  const out = await runCommand({
    command: `trap '' TERM; bash -c 'trap "" TERM; echo $$ > grandchild.pid; while true; do sleep 0.2; done' & wait`,
    root,
    timeoutMs: 800,
    sandbox: 'off',
  });
  assert.equal(out.timedOut, true);
  assert.ok(Date.now() - started < 8000, 'the run returns soon after the timeout');
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  assert.ok(pid > 0);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(alive(pid), false, `grandchild ${pid} must be gone`);
});

test('timeout also stops a sandboxed command', async (t) => {
  if (!(await sandboxHere(t))) return;
  const root = workspace();
  const out = await runCommand({ command: `trap '' TERM; sleep 30`, root, timeoutMs: 500, sandbox: 'required' });
  assert.equal(out.timedOut, true);
  assert.ok(out.durationMs < 6000);
});

test('abort signal cancels the run', async () => {
  const root = workspace();
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 300);
  const out = await runCommand({ command: 'sleep 30', root, signal: ac.signal, sandbox: 'off' });
  assert.equal(out.cancelled, true);
  assert.equal(out.timedOut, false);
  assert.ok(out.durationMs < 6000);
});

test('100 MB of output stays within the cap and memory', async () => {
  const root = workspace();
  global.gc?.();
  const before = process.memoryUsage().rss;
  let streamed = 0;
  const out = await runCommand({
    command: `echo START; head -c 100000000 /dev/zero | tr '\\0' a; echo; echo END`,
    root,
    maxOutputBytes: 64 * 1024,
    onOutput: (c) => (streamed += c.length),
  });
  const growth = process.memoryUsage().rss - before;
  assert.equal(out.exitCode, 0);
  assert.ok(out.output.length < 64 * 1024 + 200, `output ${out.output.length} bytes`);
  assert.ok(out.output.startsWith('START'));
  assert.ok(out.output.trimEnd().endsWith('END'));
  assert.match(out.output, /\[\.\.\. \d+ bytes omitted \.\.\.\]/);
  assert.ok(out.omittedBytes > 99_000_000, `omitted ${out.omittedBytes}`);
  assert.ok(streamed > 100_000_000, 'the whole output still streams to the listener');
  assert.ok(growth < 100 * 1024 * 1024, `rss grew by ${Math.round(growth / 1e6)} MB`);
});

test('a working directory outside the workspace is refused, one inside is used', async () => {
  const root = workspace();
  fs.mkdirSync(path.join(root, 'sub'));
  fs.symlinkSync('/etc', path.join(root, 'link'));
  await assert.rejects(runCommand({ command: 'pwd', root, cwd: '..' }), /outside the workspace/);
  await assert.rejects(runCommand({ command: 'pwd', root, cwd: '/etc' }), /outside the workspace/);
  await assert.rejects(runCommand({ command: 'pwd', root, cwd: 'link' }), /outside the workspace/);
  const out = await runCommand({ command: 'pwd', root, cwd: 'sub' });
  assert.equal(out.output.trim(), path.join(fs.realpathSync(root), 'sub'));
});

test('stdin is not a terminal: a command reading stdin gets end-of-file at once', async () => {
  const root = workspace();
  const out = await runCommand({ command: 'cat; echo done', root, timeoutMs: 5000 });
  assert.equal(out.timedOut, false);
  assert.match(out.output, /done/);
});
