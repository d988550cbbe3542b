// search_files in the editor runs on the ripgrep VS Code ships (code-server 4.100.3 keeps it under
// lib/vscode/node_modules/@vscode/ripgrep), with the same rules as everywhere: .gitignore, skipped
// folders, credential files left out and counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCommand, screenshot } from './support/browser';
import { makeWorkspace } from './support/session';
import { panelFrame, runHarnessTask, SCENARIO_TIMEOUT, toolMessages, waitStatus, withHarness } from './support/harness';

test("search_files uses the editor's ripgrep and keeps the workspace's rules", { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({
    'src/app.ts': 'export function needle() {}\n',
    'src/util.ts': 'const needle = 1;\n',
    'README.md': 'nothing here\n',
    '.gitignore': 'dist/\n',
    'dist/bundle.js': 'needle\n',
    'node_modules/lib/index.js': 'needle\n',
    '.env': 'TOKEN=needle\n',
  });
  const script = [{ toolCalls: [{ name: 'search_files', arguments: { pattern: 'needle\\b' } }] }, { content: 'needle is defined in src/app.ts.' }];
  await withHarness('search-files', { workspace, trusted: true, script }, async ({ page, mock, server }) => {
    await runHarnessTask(page, 'Where is needle defined?');
    await waitStatus(page, /Harness: done/, 'search-files-1-done');
    assert.deepEqual(toolMessages(mock!), [
      [
        'src/app.ts:1: export function needle() {}',
        'src/util.ts:1: const needle = 1;',
        '[1 file(s) holding credentials (such as .env) were not searched; read one by name to ask for approval.]',
      ].join('\n'),
    ]);
    assert.match(server.extensionLogs(), /search_files uses ripgrep at \S*lib\/vscode\/node_modules\/@vscode\/ripgrep\/bin\/rg/);
    await runCommand(page, 'Harness: Show panel');
    await panelFrame(page).locator('[data-testid="timeline-entry"]').filter({ hasText: 'search_files' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'search-files-2-panel');
  });
});
