// Issue 14 in the editor: a command prints far more than the model may read; the model gets its start
// and end, the status bar and the panel show tokens and cost, and "Open full output" in the panel's
// timeline opens the whole output (saved with the task) in an editor tab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, runCommand, screenshot } from './support/browser';
import { makeWorkspace } from './support/session';
import { panelFrame, runHarnessTask, SCENARIO_TIMEOUT, toolMessages, waitStatus, withHarness } from './support/harness';

const COMMAND = 'seq 1 60000';
// At level 3 the user's rule lets this command run unasked; the user also prices the scripted model so the cost shows.
const USER = {
  'harness.automationLevel': 3,
  'harness.rules': [{ action: 'allow', tool: 'run_command', command: COMMAND }],
  'harness.maxCostUsd': 1,
  // The scripted endpoint runs as gpt-4o-mini (the default model); the user's price wins over the table's.
  'harness.modelProfile.pricing': { 'gpt-4o-mini': { input: 2, output: 8 } },
};

test('a long command output: the model reads a cut, the panel shows the cost and opens the full output in an editor', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({ 'README.md': '# numbers\n' });
  const script = [
    { toolCalls: [{ id: 'call_seq', name: 'run_command', arguments: { command: COMMAND } }], usage: { prompt_tokens: 120_000, completion_tokens: 2000 } },
    { content: 'Counted to 60000.', usage: { prompt_tokens: 130_000, completion_tokens: 1000 } },
  ];
  await withHarness('long-output', { workspace, trusted: true, script, userSettings: USER }, async ({ page, mock }) => {
    await runHarnessTask(page, 'Count to 60000');
    // $2 per 1M prompt tokens and $8 per 1M completion tokens: 250k and 3k → $0.524.
    const status = await waitStatus(page, /Harness: done/, 'long-output-1-status', 90_000);
    assert.match(status, /253k tok · \$0\.524/);
    const seen = toolMessages(mock!)[0];
    assert.match(seen, /\n1\n2\n3\n/);
    assert.match(seen, /\n59999\n60000\n/);
    assert.match(seen, /\[Output cut to 16000 of \d+ characters; the full output is saved with the task/);

    await runCommand(page, 'Harness: Show panel');
    const panel = panelFrame(page);
    const cost = panel.locator('[data-testid="budget-cost"]');
    await cost.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await cost.innerText(), /\$0\.524 \/ \$1\.00/);
    const open = panel.locator('[data-testid="open-output"]');
    await open.scrollIntoViewIfNeeded();
    await screenshot(page, 'long-output-2-panel');
    await open.click();
    // The saved output opens as a tab of its own, from its first line.
    const tab = page.locator('.tabs-container .tab').filter({ hasText: /^call_seq-[0-9a-f]{8}\.txt/ });
    await tab.waitFor({ state: 'visible', timeout: 30_000 });
    await eventually(async () => /^1\s*2\s*3\s*4/.test((await page.locator('.editor-instance .view-lines').first().innerText()).trim()), 'the full output in the editor');
    await screenshot(page, 'long-output-3-editor');
  });
});
