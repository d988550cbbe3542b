// Scenario 8: a workspace defines an MCP server in VS Code's .vscode/mcp.json. The first task shows
// the confirmation modal with the exact command; once allowed, the server starts (sandboxed where
// bwrap works), its tool call waits for approval in the Harness panel, and the approved result
// reaches the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { eventually, REPO_ROOT, runCommand, screenshot, waitForModal } from './support/browser';
import { makeWorkspace } from './support/session';
import { panelFrame, runHarnessTask, SCENARIO_TIMEOUT, toolMessages, waitStatus, withHarness } from './support/harness';

const SERVER = join(REPO_ROOT, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');

test('a workspace MCP server is confirmed in the modal, and its tool call is approved in the panel', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({
    'README.md': '# demo\n',
    '.vscode/mcp.json': JSON.stringify({ servers: { everything: { type: 'stdio', command: process.execPath, args: [SERVER, 'stdio'] } } }, null, 2),
  });
  const script = [
    { toolCalls: [{ name: 'mcp__everything__echo', arguments: { message: 'hello from the e2e' } }] },
    { content: 'The server echoed the greeting.' },
  ];
  await withHarness('mcp-server', { workspace, trusted: true, script }, async ({ page, mock }) => {
    await runHarnessTask(page, 'Ask the everything server to echo a greeting');

    // The modal names the server and the exact command it would run.
    const modal = await waitForModal(page, /wants to loosen your policy/);
    const text = await modal.innerText();
    assert.match(text, /Starts MCP server "everything": runs `/);
    assert.ok(text.includes(`${SERVER} stdio`), `the modal shows the exact command: ${text}`);
    await screenshot(page, 'mcp-server-1-modal');
    await modal.getByRole('button', { name: 'Allow for this workspace' }).click();

    // With no rule for the tool, the call asks (at any level); it is answered in the panel.
    await waitStatus(page, /waiting for approval \(1\)/, undefined, 90_000);
    await runCommand(page, 'Harness: Show panel');
    const panel = panelFrame(page);
    const approval = panel.locator('[data-testid^="approval-"]').filter({ hasText: 'mcp__everything__echo' }).first();
    await approval.waitFor({ state: 'visible', timeout: 30_000 });
    const shown = await approval.innerText();
    assert.match(shown, /hello from the e2e/, 'the arguments are shown');
    assert.match(shown, /MCP calls ask at every level/);
    assert.match(shown, /read-only/, 'the server\'s annotations are shown');
    await screenshot(page, 'mcp-server-2-approval-in-panel');
    assert.equal(mock!.requests.length, 1, 'nothing ran before the approval');
    await approval.locator('[data-testid^="approve-"]').click();

    await waitStatus(page, /Harness: done/, 'mcp-server-3-done');
    await eventually(() => toolMessages(mock!).some((m) => m === 'Echo: hello from the e2e'), 'the tool result reaching the model');
    const entries = panel.locator('[data-testid="timeline-entry"]');
    await entries.filter({ hasText: /MCP server "everything" \(workspace\): running/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'mcp-server-4-timeline');
  });
});
