// How a stdio server is launched: VS Code's variables expanded (and an ${input:…} prompt refused with a
// clear line), the working folder checked, the sandbox required when the policy says so, and a writable
// npm cache inside the sandbox (where the home folder is read-only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resetSandboxProbe, sandboxAvailable } from '../../../src/core/commands/sandbox';
import { expandVariables, stdioLaunch } from '../../../src/core/mcp/launch';
import { tempWorkspace } from '../agent/helpers';

const rt = (root: string, sandbox: 'auto' | 'required' | 'off' = 'auto') => ({ root, sandbox, envAllowList: [], secretValues: ['sk-the-api-key-123'] });

test('variables: workspace folder, home and ${env:NAME} expand; the value of ${env:…} is remembered as a secret', () => {
  const secrets: string[] = [];
  assert.equal(expandVariables('${workspaceFolder}/srv.js', '/w', {}, secrets), '/w/srv.js');
  assert.equal(expandVariables('${userHome}/x', '/w', {}, secrets), `${os.homedir()}/x`);
  assert.equal(expandVariables('Bearer ${env:TOKEN}', '/w', { TOKEN: 'abc' }, secrets), 'Bearer abc');
  assert.deepEqual(secrets, ['abc']);
  assert.throws(() => expandVariables('${input:token}', '/w', {}, []), /\$\{input:token\} is not supported here: write the value, or pass it with \$\{env:NAME\}/);
  assert.throws(() => expandVariables('${env:NOPE_NOT_SET}', '/w', {}, []), /\$\{env:NOPE_NOT_SET\} is not set/);
});

test('the launch: scrubbed environment plus the configured variables; a missing working folder is refused', async () => {
  const ws = tempWorkspace();
  const l = await stdioLaunch({ command: 'node', args: ['${workspaceFolder}/s.js'], env: { MODE: 'test' } }, rt(ws.root, 'off'), { PATH: '/usr/bin', GITHUB_TOKEN: 'ghp_x', KEY_HOLDER: 'sk-the-api-key-123', MODE: 'old' });
  assert.deepEqual([l.file, l.args], ['node', [`${ws.root}/s.js`]]);
  assert.deepEqual(l.env, { PATH: '/usr/bin', MODE: 'test' });
  assert.equal(l.sandboxed, false);
  assert.match(l.note ?? '', /sandbox is off/);
  await assert.rejects(stdioLaunch({ command: 'node', args: [], env: {}, cwd: 'nope' }, rt(ws.root, 'off')), /working directory .*nope does not exist/);
});

test('with bwrap the server runs inside it with a writable npm cache; without, "required" refuses and "auto" says so', async () => {
  const ws = tempWorkspace();
  if ((await sandboxAvailable()).available) {
    // npm run sets npm_config_cache to the (read-only) home folder's cache: the sandbox's own wins.
    const l = await stdioLaunch({ command: 'npx', args: ['-y', 'some-server'], env: {} }, rt(ws.root), { PATH: '/usr/bin', npm_config_cache: '/root/.npm' });
    assert.equal(l.sandboxed, true);
    assert.ok(l.args.includes('--unshare-net'), 'no network unless the server allows it');
    assert.deepEqual(l.args.slice(-3), ['npx', '-y', 'some-server']);
    assert.equal(l.env.npm_config_cache, '/tmp/.npm');
    const net = await stdioLaunch({ command: 'npx', args: [], env: {}, allowNetwork: true }, rt(ws.root), { PATH: '/usr/bin' });
    assert.ok(!net.args.includes('--unshare-net'));
  }
  resetSandboxProbe([]);
  try {
    await assert.rejects(stdioLaunch({ command: 'node', args: [], env: {} }, rt(ws.root, 'required')), /harness\.sandbox is "required"/);
    const auto = await stdioLaunch({ command: 'node', args: [], env: {} }, rt(ws.root, 'auto'), { PATH: '/usr/bin' });
    assert.equal(auto.sandboxed, false);
    assert.match(auto.note ?? '', /WITHOUT a sandbox/);
    assert.equal(auto.env.npm_config_cache, undefined);
  } finally {
    resetSandboxProbe();
  }
});

/** A server project (package.json, a dependency, bin/server.js) under `parent`; the server reports what it sees. */
function serverProject(t: { after(fn: () => void): void }, parent: string, outsideFile: string): string {
  fs.mkdirSync(parent, { recursive: true });
  const project = fs.mkdtempSync(path.join(parent, 'mcp-project-'));
  t.after(() => fs.rmSync(project, { recursive: true, force: true }));
  fs.mkdirSync(path.join(project, 'node_modules', 'dep'), { recursive: true });
  fs.writeFileSync(path.join(project, 'package.json'), '{}');
  fs.writeFileSync(path.join(project, 'node_modules', 'dep', 'index.js'), 'module.exports = "dep-ok";');
  fs.mkdirSync(path.join(project, 'bin'));
  fs.writeFileSync(path.join(project, 'bin', 'server.js'), `const fs = require('fs');
console.log(require('dep'));
try { fs.writeFileSync(__filename, 'x'); console.log('wrote'); } catch { console.log('read-only'); }
console.log(fs.existsSync(${JSON.stringify(outsideFile)}) ? 'sees-outside' : 'no-outside');`);
  return project;
}

for (const [where, parent] of [
  ['outside /tmp', path.resolve(__dirname, '../../../test-output')],
  // A checkout under /tmp (CI's may be): the project is shown there, the rest of the host's /tmp is not.
  ['under the host\'s /tmp', os.tmpdir()],
] as const) {
  test(`inside the sandbox a server sees its own project (${where}) read-only, and nothing else outside`, async (t) => {
    if (!(await sandboxAvailable()).available) return t.skip('needs bwrap');
    const ws = tempWorkspace();
    const outside = path.join(ws.base, 'outside', 'secret.txt');
    fs.mkdirSync(path.dirname(outside), { recursive: true });
    fs.writeFileSync(outside, 'not for the server');
    const project = serverProject(t, parent, outside);
    const l = await stdioLaunch({ command: process.execPath, args: [path.join(project, 'bin', 'server.js')], env: {} }, rt(ws.root), { PATH: process.env.PATH });
    const out = execFileSync(l.file, l.args, { cwd: l.cwd, env: l.env, encoding: 'utf8' });
    await l.release?.();
    assert.deepEqual(out.trim().split('\n'), ['dep-ok', 'read-only', 'no-outside']);
  });
}
