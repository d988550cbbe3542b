// Real runs probing the sandbox's edges: capabilities (root could remount / read-write), unix sockets
// under /run, external addresses, secrets through /proc, escapees from the process group, the
// harness.sandbox modes on a machine without bwrap, and the exact omitted-byte count of the cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { runCommand } from '../../../src/core/commands/run';
import { commandRegime, resetSandboxProbe, sandboxNotice } from '../../../src/core/commands/sandbox';
import { sandboxHere } from './sandbox-here';

const workspace = () => fs.mkdtempSync(path.join(os.tmpdir(), 'harness-sandbox-'));
const tag = () => `harness-probe-${randomBytes(6).toString('hex')}`;

/** Live (non-zombie) processes whose command line holds the tag. */
function processesTagged(t: string): number[] {
  return fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).filter((n) => {
    try {
      if (/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${n}/stat`, 'utf8'))) return false;
      return fs.readFileSync(`/proc/${n}/cmdline`, 'utf8').includes(t);
    } catch {
      return false;
    }
  }).map(Number);
}

test('sandboxed commands hold no capabilities, so even root cannot remount / read-write', async (t) => {
  if (!(await sandboxHere(t))) return;
  const root = workspace();
  const escape = path.join(os.homedir(), `${tag()}-escape`);
  const out = await runCommand({ command: `grep CapEff /proc/self/status; mount -o remount,rw / 2>/dev/null; touch ${escape}; echo done`, root, sandbox: 'required' });
  assert.equal(out.sandboxed, true);
  assert.match(out.output, /CapEff:\s+0+\n/);
  assert.equal(fs.existsSync(escape), false, 'the write outside must fail even after trying to remount');
  fs.rmSync(escape, { force: true });
});

test('unix sockets under /run (docker, dbus) cannot be reached from the sandbox', async (t) => {
  if (!(await sandboxHere(t))) return;
  const sock = `/run/${tag()}.sock`;
  const server = net.createServer((s) => s.end('hello\n'));
  try {
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(sock, () => resolve()));
  } catch {
    t.skip('/run is not writable here');
    return;
  }
  try {
    const connect = `${process.execPath} -e "require('net').connect('${sock}').on('connect',()=>console.log('connected')).on('error',(e)=>console.log('failed',e.code))"`;
    const inside = await runCommand({ command: connect, root: workspace(), sandbox: 'required', timeoutMs: 20_000 });
    assert.match(inside.output, /failed ENOENT/);
    const outside = await runCommand({ command: connect, root: workspace(), sandbox: 'off', timeoutMs: 20_000 });
    assert.match(outside.output, /connected/, 'the probe itself works without the sandbox');
  } finally {
    server.close();
  }
});

test('an external address is unreachable from the sandbox', async (t) => {
  if (!(await sandboxHere(t))) return;
  const out = await runCommand({ command: 'exec 3<>/dev/tcp/1.1.1.1/80 && echo connected', root: workspace(), sandbox: 'required', timeoutMs: 10_000 });
  assert.equal(out.timedOut, false);
  assert.notEqual(out.exitCode, 0);
  assert.doesNotMatch(out.output, /connected/);
  assert.match(out.output, /unreachable|Cannot assign|refused/i);
});

test('secrets are not visible in the sandbox, not even through /proc', async (t) => {
  if (!(await sandboxHere(t))) return;
  const saved = { ...process.env };
  const secrets = { GITHUB_TOKEN: 'ghp-aaa111', AWS_SECRET_ACCESS_KEY: 'aws-bbb222', OPENAI_API_KEY: 'sk-ccc333', MY_SERVICE_KEY: 'svc-ddd444', HARNESS_API_KEY: 'hk-eee555', UNRELATED_NAME: 'sk-configured-fff666' };
  Object.assign(process.env, secrets);
  try {
    const out = await runCommand({
      command: 'env; cat /proc/1/environ /proc/self/environ 2>/dev/null | tr "\\0" "\\n"; for f in /proc/[0-9]*/environ; do cat "$f" 2>/dev/null; done | tr "\\0" "\\n"; echo END',
      root: workspace(),
      sandbox: 'required',
      secretValues: ['sk-configured-fff666'],
    });
    assert.equal(out.sandboxed, true);
    assert.match(out.output, /END/);
    for (const [name, value] of Object.entries(secrets)) {
      assert.doesNotMatch(out.output, new RegExp(value), `${name} leaked`);
      assert.doesNotMatch(out.output, new RegExp(`^${name}=`, 'm'), `${name} is set`);
    }
  } finally {
    process.env = saved;
  }
});

for (const sandbox of ['off', 'required'] as const) {
  test(`timeout kills grandchildren that left the process group (setsid, double fork), sandbox ${sandbox}`, async (ctx) => {
    if (sandbox === 'required' && !(await sandboxHere(ctx))) return;
    const t = tag();
    const ignoreTerm = `trap '' TERM`;
    const command = [
      ignoreTerm,
      `setsid bash -c "${ignoreTerm}; exec -a ${t}-setsid sleep 300" &`,
      `(setsid bash -c "${ignoreTerm}; exec -a ${t}-double sleep 300" &)`,
      `nohup bash -c "${ignoreTerm}; exec -a ${t}-nohup sleep 300" >/dev/null 2>&1 &`,
      `sleep 0.3; exec -a ${t}-main sleep 300`,
    ].join('\n');
    const out = await runCommand({ command, root: workspace(), sandbox, timeoutMs: 1500 });
    assert.equal(out.timedOut, true);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(processesTagged(t), [], 'every process of the run is gone');
  });
}

test('background processes that escaped the group do not outlive a command that exits', async () => {
  const t = tag();
  const out = await runCommand({ command: `(setsid bash -c "exec -a ${t} sleep 300" &); sleep 0.3; echo started`, root: workspace(), sandbox: 'off', timeoutMs: 10_000 });
  assert.equal(out.exitCode, 0);
  assert.match(out.output, /started/);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(processesTagged(t), []);
});

test('without bwrap: "required" refuses, "auto" runs unsandboxed and says so, and the notice says it once', async () => {
  resetSandboxProbe([]);
  try {
    const root = workspace();
    await assert.rejects(runCommand({ command: 'echo hi', root, sandbox: 'required' }), /refused: the command needs the sandbox but bubblewrap \(bwrap\) is not installed/);
    const auto = await runCommand({ command: 'echo hi', root, sandbox: 'auto' });
    assert.equal(auto.sandboxed, false);
    assert.match(auto.sandboxNote ?? '', /WITHOUT a sandbox: bubblewrap \(bwrap\) is not installed/);
    assert.match(auto.output, /hi/);
    assert.match((await sandboxNotice('auto')) ?? '', /WITHOUT a sandbox here.*they ask before running, except known read-only ones/);
    assert.match((await sandboxNotice('required')) ?? '', /every command will be refused/);
    assert.deepEqual(await commandRegime('auto'), { sandboxed: false, reason: 'bubblewrap (bwrap) is not installed; install the "bubblewrap" package' });
    const off = await runCommand({ command: 'echo hi', root, sandbox: 'off' });
    assert.match(off.sandboxNote ?? '', /sandbox is off/);
  } finally {
    resetSandboxProbe();
  }
  assert.match((await sandboxNotice('off')) ?? '', /WITHOUT a sandbox here \(harness\.sandbox is "off"\)/, 'off is the unsandboxed regime too');
});

test('a bwrap that cannot create namespaces counts as no sandbox, with its reason', async () => {
  resetSandboxProbe(['/bin/false']);
  try {
    await assert.rejects(runCommand({ command: 'echo hi', root: workspace(), sandbox: 'required' }), /cannot create a sandbox here/);
  } finally {
    resetSandboxProbe();
  }
});

test('HARNESS_BWRAP_PATH can only name where bwrap is looked for: nothing there, or a fake that does not isolate, is no sandbox', async () => {
  const saved = process.env.HARNESS_BWRAP_PATH;
  const fake = path.join(workspace(), 'fake-bwrap');
  // Runs the command after `--` on the host, as an impostor would.
  fs.writeFileSync(fake, '#!/bin/sh\nwhile [ "$1" != "--" ]; do shift; done; shift; exec "$@"\n', { mode: 0o755 });
  try {
    for (const [value, reason] of [['/nonexistent/bwrap', /not installed/], ['bwrap', /not installed/], [fake, /does not isolate commands/]] as const) {
      process.env.HARNESS_BWRAP_PATH = value;
      resetSandboxProbe();
      const r = await commandRegime('auto');
      assert.equal(r.sandboxed, false, value);
      assert.match(r.reason, reason, value);
    }
  } finally {
    if (saved === undefined) delete process.env.HARNESS_BWRAP_PATH;
    else process.env.HARNESS_BWRAP_PATH = saved;
    resetSandboxProbe();
  }
});

test('the cap keeps head and tail and states exactly how many bytes it left out', async () => {
  const out = await runCommand({ command: `printf HEAD; head -c 1000000 /dev/zero | tr '\\0' x; printf TAIL`, root: workspace(), maxOutputBytes: 1000 });
  assert.equal(out.omittedBytes, 1_000_008 - 1000);
  assert.ok(out.output.startsWith('HEAD'));
  assert.ok(out.output.endsWith('TAIL'));
  assert.ok(out.output.includes(`[... ${1_000_008 - 1000} bytes omitted ...]`));
});

test('variables that change how bash reads the line (CDPATH) are not passed on', async () => {
  const saved = { ...process.env };
  process.env.CDPATH = '/';
  try {
    const out = await runCommand({ command: 'cd etc 2>/dev/null && pwd || echo stayed', root: workspace(), sandbox: 'off' });
    assert.match(out.output, /stayed/, 'cd etc must not jump to /etc through an inherited CDPATH');
  } finally {
    process.env = saved;
  }
});
