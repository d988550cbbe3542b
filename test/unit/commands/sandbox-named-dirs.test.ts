// Folders a caller asks the sandbox to show read-only (an MCP server's own project): they may never
// bring back what the sandbox hides — the home folder, /run's sockets, the host's /tmp — by naming
// a folder above it or a socket folder inside it. No bwrap needed: these are the arguments it gets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hostMounts } from '../../../src/core/commands/sandbox-host';

function roBinds(args: string[]): string[] {
  return args.flatMap((a, i) => (a === '--ro-bind' ? [args[i + 2]] : []));
}

test('named folders: a project under /tmp is shown; a folder above home, /tmp or /run, a socket folder in /tmp, or /run is not', (t) => {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-named-')));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  const project = path.join(base, 'server');
  fs.mkdirSync(path.join(project, 'node_modules'), { recursive: true });
  fs.writeFileSync(path.join(project, 'package.json'), '{}');
  const sockets = path.join(base, 'tmux-0');
  fs.mkdirSync(sockets);
  const home = path.join(base, 'users', 'me');
  fs.mkdirSync(home, { recursive: true });
  const empty = path.join(base, 'empty');
  fs.mkdirSync(empty);
  fs.writeFileSync(path.join(base, 'empty-file'), '');
  const args = hostMounts({
    home,
    root: path.join(base, 'ws'),
    pathEnv: '',
    allowNetwork: false,
    emptyDir: empty,
    emptyFile: path.join(base, 'empty-file'),
    readOnlyDirs: [project, path.join(project, 'node_modules'), sockets, path.join(base, 'users'), '/var', '/run', '/tmp', home],
  });
  const binds = roBinds(args);
  assert.ok(binds.includes(project), 'the server project under /tmp is shown');
  assert.ok(binds.includes(path.join(project, 'node_modules')), 'its node_modules too');
  for (const hidden of [sockets, path.join(base, 'users'), '/var', '/run', '/tmp', home]) assert.ok(!binds.includes(hidden), `${hidden} must not be bound`);
});
