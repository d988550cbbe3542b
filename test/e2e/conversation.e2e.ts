// The conversation in the Harness view: the model's text streams in mid-turn; a finished task takes
// a follow-up that carries the earlier conversation; the history is still there after a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, screenshot } from './support/browser';
import { makeWorkspace } from './support/session';
import { SCENARIO_TIMEOUT, waitStatus, withHarness } from './support/harness';
import { openView, sendInView } from './support/view';

const ANSWER = 'The project has two files: README.md describes it and src/app.js prints a greeting. Nothing needs changing to answer this question, so I changed nothing.';

test('streamed text is visible mid-turn; a follow-up carries the conversation; history survives a reload', { timeout: SCENARIO_TIMEOUT * 2 }, async () => {
  const workspace = makeWorkspace({ 'README.md': '# demo\n', 'src/app.js': "console.log('hi');\n" });
  const script = [
    // Slow on purpose: about 40 chunks, 150 ms apart, so the test can look while the model writes.
    { content: ANSWER, chunkSize: 4, delayMs: 150 },
    { content: 'Yes: src/app.js prints "hi".' },
  ];
  await withHarness('conversation', { workspace, trusted: true, script }, async ({ page, mock }) => {
    const view = await openView(page);
    await screenshot(page, 'conversation-1-view-empty');
    await sendInView(view, 'What is in this project?\nAnswer briefly.');

    // Mid-turn: some of the text is on screen while the model is still writing.
    const streaming = view.locator('[data-testid="streaming-text"]');
    const partial = await eventually(async () => {
      const t = (await streaming.count()) ? await streaming.first().innerText() : '';
      return t.length > 20 && t.length < ANSWER.length - 20 ? t : undefined;
    }, 'part of the answer streamed', 30_000);
    assert.ok(ANSWER.startsWith(partial.trim()), `streamed text is the start of the answer: ${partial}`);
    await screenshot(page, 'conversation-2-streaming');

    await waitStatus(page, /Harness: done — answered, no changes/);
    await view.locator('[data-testid="model-text"]', { hasText: 'so I changed nothing' }).waitFor({ state: 'visible', timeout: 30_000 });
    const first = mock!.requests[0].body.messages as { role: string; content: string }[];
    assert.equal(first.at(-1)!.content.split('\n\n')[0], 'What is in this project?\nAnswer briefly.', 'the multi-line message went as typed');
    await screenshot(page, 'conversation-3-answered');

    // A follow-up on the finished task: the same task, with the earlier conversation.
    await sendInView(view, 'Does app.js print anything?');
    await waitStatus(page, /Harness: done — answered/);
    await view.locator('[data-testid="model-text"]', { hasText: 'prints "hi"' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(mock!.requests.length, 2);
    const followUp = mock!.requests[1].body.messages as { role: string; content: string }[];
    assert.deepEqual(
      followUp.filter((m) => m.role !== 'system').map((m) => [m.role, m.content.split('\n\n')[0]]),
      [['user', 'What is in this project?\nAnswer briefly.'], ['assistant', ANSWER], ['user', 'Does app.js print anything?']],
    );
    assert.equal(await view.locator('[data-testid="user-message"]').count(), 2, 'both messages in one conversation');
    await screenshot(page, 'conversation-4-follow-up');

    // A reload: the view rebuilds from the journal; the task is in the history, its conversation intact.
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: 90_000 });
    const again = await openView(page);
    // The newest task is shown again, its whole conversation rebuilt from the journal.
    await again.locator('[data-testid="model-text"]', { hasText: 'prints "hi"' }).waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await again.locator('[data-testid="user-message"]').count(), 2);
    // And it is in the history with its text, outcome, time and tokens.
    await again.locator('[data-testid="toggle-history"]').click();
    const item = again.locator('[data-testid="history-item"]').first();
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await item.innerText(), /What is in this project\?[\s\S]*Answered, no changes[\s\S]*[\d.]+k? tok/);
    // gpt-4o-mini is priced in the model table, so the entry says what the task cost.
    assert.match(await item.locator('[data-testid="history-cost"]').innerText(), /^\$\d/);
    await again.locator('[data-testid="history-filter"]').fill('app.js');
    await again.locator('[data-testid="history-list"]', { hasText: 'No task matches.' }).waitFor({ state: 'visible', timeout: 10_000 });
    await again.locator('[data-testid="history-filter"]').fill('project');
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, 'conversation-5-history-after-reload');
  });
});
