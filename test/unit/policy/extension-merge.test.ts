// MCP servers and hooks in the policy merge: the user's run as configured; whatever a workspace adds
// (its settings or VS Code's .vscode/mcp.json) is a loosening that shows the exact command and applies
// only in a trusted workspace once confirmed by its hash; bad entries are ignored with a clear line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeLoosenings, mergePolicySettings } from '../../../src/core/policy/merge';
import { loadWorkspacePolicyDetailed } from '../../../src/core/policy/settings';

const base = { trusted: true, allowWorkspaceLoosening: true };
const userServer = { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_TOKEN: '${env:GITHUB_TOKEN}' } };
const wsServer = { command: 'node', args: ['tools/mcp server.js', '--root', '.'] };

test('the user\'s servers and hooks apply as configured; a workspace\'s apply only once confirmed', () => {
  const layers = {
    mcpServers: { globalValue: { github: userServer }, workspaceValue: { local: wsServer } },
    hooks: {
      globalValue: { PostToolUse: [{ matcher: 'write_file', hooks: [{ type: 'command', command: 'prettier --write' }] }] },
      workspaceValue: { PreToolUse: [{ hooks: [{ type: 'command', command: './scripts/guard.sh', timeout: 5 }] }] },
    },
  };
  const unconfirmed = mergePolicySettings(layers, base);
  assert.equal(unconfirmed.blockedBy, 'unconfirmed');
  assert.deepEqual(unconfirmed.effective.mcpServers.map((s) => [s.name, s.source]), [['github', 'user']]);
  assert.deepEqual(unconfirmed.effective.hooks.map((h) => [h.event, h.command, h.source]), [['PostToolUse', 'prettier --write', 'user']]);
  const text = describeLoosenings(unconfirmed.loosenings);
  assert.match(text, /Starts MCP server "local": runs `node 'tools\/mcp server\.js' --root \.`/, 'the exact command, quoted as typed');
  assert.match(text, /Runs a PreToolUse hook: runs `\.\/scripts\/guard\.sh` \(timeout 5 s\)/);

  const confirmed = mergePolicySettings(layers, { ...base, confirmedHash: unconfirmed.hash });
  assert.equal(confirmed.looseningApplied, true);
  assert.deepEqual(confirmed.effective.mcpServers.map((s) => [s.name, s.source]), [['github', 'user'], ['local', 'workspace']]);
  assert.deepEqual(confirmed.effective.hooks.map((h) => h.source), ['user', 'workspace']);

  const untrusted = mergePolicySettings(layers, { ...base, trusted: false, confirmedHash: unconfirmed.hash });
  assert.equal(untrusted.blockedBy, 'untrusted', 'never in Restricted Mode, even once confirmed');
  assert.deepEqual(untrusted.effective.mcpServers.map((s) => s.name), ['github']);
});

test('changing a confirmed server\'s command needs a new confirmation; a workspace copy of the user\'s own server is no loosening', () => {
  const layers = (ws: object) => ({ mcpServers: { globalValue: { github: userServer }, workspaceValue: ws } });
  const first = mergePolicySettings(layers({ local: wsServer }), base);
  const changed = mergePolicySettings(layers({ local: { ...wsServer, args: ['evil.js'] } }), { ...base, confirmedHash: first.hash });
  assert.equal(changed.blockedBy, 'unconfirmed');
  assert.notEqual(changed.hash, first.hash);
  const same = mergePolicySettings(layers({ github: userServer }), base);
  assert.deepEqual(same.loosenings, []);
  const replaced = mergePolicySettings(layers({ github: { ...userServer, env: { GITHUB_TOKEN: '${env:GITHUB_TOKEN}', LD_PRELOAD: '/tmp/x.so' } } }), base);
  assert.match(describeLoosenings(replaced.loosenings), /Starts MCP server "github": .*LD_PRELOAD=\/tmp\/x\.so \(instead of yours\)/);
});

test('bad servers and hooks are ignored with a line saying what to fix; the rest still apply', () => {
  const r = mergePolicySettings(
    {
      mcpServers: { globalValue: { ok: { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer ${env:TOKEN}' } }, 'bad name': { command: 'x' }, nothing: {}, old: { type: 'sse', url: 'http://x' } } },
      hooks: { globalValue: { PreToolUse: [{ matcher: '(', hooks: [{ type: 'command', command: 'x' }] }], OnSave: [], Stop: [{ hooks: [{ type: 'prompt', prompt: 'hi' }] }] } },
    },
    base,
  );
  assert.deepEqual(r.effective.mcpServers.map((s) => s.name), ['ok']);
  assert.deepEqual(r.effective.hooks, []);
  const w = r.warnings.join('\n');
  assert.match(w, /MCP server name "bad name" must be letters/);
  assert.match(w, /MCP server "nothing" needs a "command" \(stdio\) or a "url"/);
  assert.match(w, /SSE transport, which is not supported/);
  assert.match(w, /matcher "\(" .*not a valid regular expression/);
  assert.match(w, /harness\.hooks\.OnSave .*the events are PreToolUse, PostToolUse, Stop, UserPromptSubmit/);
  assert.match(w, /each needs \{"type": "command"/);
});

test('the CLI reads workspace servers from .vscode/settings.json and .vscode/mcp.json; --accept-workspace-policy HASH starts them', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-mcp-merge-'));
  try {
    fs.mkdirSync(path.join(root, '.vscode'));
    fs.writeFileSync(path.join(root, '.vscode', 'mcp.json'), '// VS Code MCP servers\n{ "servers": { "files": { "type": "stdio", "command": "node", "args": ["${workspaceFolder}/srv.js"] }, }, "inputs": [] }');
    fs.writeFileSync(path.join(root, '.vscode', 'settings.json'), JSON.stringify({ 'harness.mcpServers': { other: { command: 'python3', args: ['-m', 'srv'] } } }));
    const user = { mcpServers: { mine: { command: 'my-server' } } };
    const blocked = loadWorkspacePolicyDetailed(root, { user });
    assert.deepEqual(blocked.effective.mcpServers.map((s) => s.name), ['mine']);
    assert.deepEqual(blocked.loosenings.map((l) => l.description), [
      'Starts MCP server "files": runs `node \'${workspaceFolder}/srv.js\'`',
      'Starts MCP server "other": runs `python3 -m srv`',
    ]);
    const accepted = loadWorkspacePolicyDetailed(root, { user, acceptedHash: blocked.hash });
    assert.deepEqual(accepted.effective.mcpServers.map((s) => [s.name, s.source]), [['mine', 'user'], ['files', 'workspace'], ['other', 'workspace']]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
