// search_files inside a task: the ripgrep a front end passes in limits.rgPath is the one that runs,
// and cancelling the task while it searches kills that ripgrep.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ripgrepOnPath } from '../../../src/core/workspace/rg-locate';
import { acceptAll, runWithScript, tempWorkspace, toolMessage } from './helpers';

const RG = ripgrepOnPath(process.env.PATH, undefined);
const call = (id: string, name: string, args: object) => ({ id, name, arguments: args });

function script(dir: string, body: string): string {
  const file = path.join(dir, `rg-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

test('search_files runs on the ripgrep given in limits.rgPath', { skip: !RG || process.platform === 'win32' ? 'needs rg on PATH and a POSIX shell' : false }, async () => {
  const ws = tempWorkspace({ 'src/a.ts': 'export const needle = 1;\n', 'b.txt': 'nothing\n' });
  const calls = path.join(ws.base, 'calls');
  const rg = script(ws.base, `[ "$1" = "--version" ] || echo called >> ${calls}\nexec ${RG} "$@"`);
  const { result, mock } = await runWithScript([{ toolCalls: [call('s1', 'search_files', { pattern: 'needle' })] }, { content: 'done' }], {
    ws,
    level: 4,
    approver: acceptAll(),
    limits: { rgPath: rg },
  });
  assert.equal(result.status, 'completed');
  assert.equal(toolMessage(mock, 's1'), 'src/a.ts:1: export const needle = 1;');
  assert.equal(fs.readFileSync(calls, 'utf8'), 'called\n', 'ripgrep searched once');
});

test('cancelling a task while search_files runs kills ripgrep', { skip: process.platform === 'win32' ? 'needs a POSIX shell' : false }, async () => {
  const ws = tempWorkspace({ 'a.txt': 'needle\n' });
  const pidFile = path.join(ws.base, 'pid');
  const rg = script(ws.base, `if [ "$1" = "--version" ]; then echo "ripgrep 13.0.0"; exit 0; fi\necho $$ > ${pidFile}\nexec sleep 30`);
  const controller = new AbortController();
  const watcher = setInterval(() => {
    if (fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim()) controller.abort();
  }, 10);
  try {
    const started = Date.now();
    const { result } = await runWithScript([{ toolCalls: [call('s1', 'search_files', { pattern: 'needle' })] }, { content: 'done' }], {
      ws,
      level: 4,
      approver: acceptAll(),
      limits: { rgPath: rg },
      signal: controller.signal,
    });
    assert.equal(result.status, 'cancelled');
    assert.ok(Date.now() - started < 10_000, 'the task did not wait for the search');
  } finally {
    clearInterval(watcher);
  }
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  // The kill is sent when the task stops; the process may take a moment to be reaped on a busy machine.
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const until = Date.now() + 3000; alive() && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
  assert.throws(() => process.kill(pid, 0), /ESRCH/, 'ripgrep is gone');
});
