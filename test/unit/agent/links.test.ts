// File tools judge the real path: a name that leads through a link to a protected or secret file gets
// that file's decision, for read, write, edit, delete, list and search alike (issue 11). The links here
// are the ones an agent's own command could have made (`ln -s .git g`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rejectAll, runWithScript, tempWorkspace, toolMessage } from './helpers';
import { decideFileOperation } from '../../../src/core/policy/engine';
import { resolveRealTarget } from '../../../src/core/workspace/real-target';
import { DEFAULT_PROTECTED_PATHS } from '../../../src/core/workspace/protected';
import type { PolicyConfig } from '../../../src/core/shared/types';

const call = (id: string, name: string, args: object) => ({ id, name, arguments: args });
const GIT_CONFIG = '[core]\n\tbare = false\n';

function linkedWorkspace() {
  const ws = tempWorkspace({ '.git/config': GIT_CONFIG, '.git/hooks/README': 'hooks\n', '.env': 'TOKEN=abc123\n', 'src/a.ts': 'a\n', 'keys/id_ecdsa': 'KEY\n' });
  fs.symlinkSync('.git', path.join(ws.root, 'g'));
  fs.symlinkSync('.env', path.join(ws.root, 'settings.txt'));
  fs.symlinkSync('keys', path.join(ws.root, 'k'));
  fs.symlinkSync('src', path.join(ws.root, 'code'));
  return ws;
}

test('at level 4 an edit through an agent-made link into .git asks, and a rejected one leaves .git/config alone', async () => {
  const ws = linkedWorkspace();
  const approver = rejectAll('no');
  const { result, mock } = await runWithScript(
    [
      // Issue 19: an existing file is overwritten only once seen, so the model reads it first.
      { toolCalls: [call('r0', 'read_file', { path: 'g/config' })] },
      { toolCalls: [call('e1', 'write_file', { path: 'g/config', content: '[core]\n\tfsmonitor = ./pwn.sh\n' })] },
      { toolCalls: [call('e2', 'write_file', { path: 'g/hooks/pre-commit', content: '#!/bin/sh\necho pwned\n' })] },
      { toolCalls: [call('e3', 'edit_file', { path: 'g/config', old_text: 'bare = false', new_text: 'fsmonitor = ./pwn.sh' })] },
      { content: 'done' },
    ],
    { ws, level: 4, approver },
  );
  assert.equal(result.status, 'completed');
  assert.deepEqual(approver.requests.map((r) => r.toolCallId), ['e1', 'e2', 'e3'], 'every write through the link asked');
  for (const r of approver.requests) {
    assert.equal(r.decision.risk, 'critical');
    assert.match(r.decision.reason, /leads through a link to \.git\/(config|hooks\/pre-commit)/);
  }
  assert.equal(ws.read('.git/config'), GIT_CONFIG);
  assert.equal(ws.exists('.git/hooks/pre-commit'), false);
  assert.match(toolMessage(mock, 'e1') ?? '', /rejected/);
});

test('reads, lists and searches through a link to a secret ask like the secret itself', async () => {
  const ws = linkedWorkspace();
  const approver = rejectAll();
  await runWithScript(
    [
      { toolCalls: [call('r1', 'read_file', { path: 'settings.txt' }), call('r2', 'read_file', { path: 'k/id_ecdsa' }), call('s1', 'search_files', { pattern: 'TOKEN', path: 'settings.txt' }), call('r3', 'read_file', { path: 'code/a.ts' })] },
      { content: 'done' },
    ],
    { ws, level: 4, approver },
  );
  assert.deepEqual(approver.requests.map((r) => r.toolCallId).sort(), ['r1', 'r2', 's1'], 'the link to src/ reads freely, the others ask');
});

test('decideFileOperation takes the stricter of the name and its target, and rules see the target', async () => {
  const ws = linkedWorkspace();
  const policy: PolicyConfig = { automationLevel: 4, rules: [{ action: 'deny', path: '.git/**' }], protectedPaths: [...DEFAULT_PROTECTED_PATHS] };
  const t = await resolveRealTarget(ws.root, 'g/config');
  assert.deepEqual([t.rel, t.realRel, t.exists], ['g/config', '.git/config', true]);
  assert.equal(decideFileOperation({ tool: 'edit_file', path: t.rel, realPath: t.realRel }, policy).decision, 'deny');
  const missing = await resolveRealTarget(ws.root, 'g/hooks/post-checkout');
  assert.deepEqual([missing.realRel, missing.exists], ['.git/hooks/post-checkout', false]);
  for (const tool of ['read_file', 'list_files', 'search_files']) {
    const env = await resolveRealTarget(ws.root, 'settings.txt');
    const d = decideFileOperation({ tool, path: env.rel, realPath: env.realRel }, { ...policy, rules: [] });
    assert.equal(d.decision, 'ask', tool);
    assert.equal(d.risk, 'high', tool);
  }
  const plain = decideFileOperation({ tool: 'edit_file', path: 'code/a.ts', realPath: 'src/a.ts' }, policy);
  assert.equal(plain.decision, 'allow');
});

test('one secret definition: read_file id_ecdsa asks like cat id_ecdsa', async () => {
  const policy: PolicyConfig = { automationLevel: 4, rules: [], protectedPaths: [...DEFAULT_PROTECTED_PATHS] };
  for (const p of ['id_ecdsa', 'keys/id_ed25519', 'deploy.pem', '.envrc', '.env.production', 'conf/.npmrc', 'x/.ssh/config']) {
    assert.equal(decideFileOperation({ tool: 'read_file', path: p }, policy).decision, 'ask', p);
  }
  for (const p of ['id_ecdsa.pub', '.env.example', 'src/key.ts', 'README.md']) {
    assert.equal(decideFileOperation({ tool: 'read_file', path: p }, policy).decision, 'allow', p);
  }
});
