// The agent asks (ask_user): the question shows in the Harness view with its suggested answers and
// as a notification; the person answers from the view; the answer is the tool result of the next
// request, and the task goes on (a question is not the end of the task).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, waitForNotification } from './support/browser';
import { makeWorkspace } from './support/session';
import { SCENARIO_TIMEOUT, toolMessages, waitStatus, withHarness } from './support/harness';
import { openView, sendInView } from './support/view';

test('a question answered from the view comes back in the next request', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({ 'README.md': '# app\n' });
  const script = [
    { toolCalls: [{ id: 'ask1', name: 'ask_user', arguments: { question: 'Which test runner should the new tests use?', options: ['node:test', 'vitest'] } }] },
    { content: 'I will write the tests for vitest, as you chose.' },
  ];
  await withHarness('ask-user', { workspace, trusted: true, script }, async ({ page, mock }) => {
    const view = await openView(page);
    await sendInView(view, 'Add tests for the app');
    const question = view.locator('[data-testid="question"]', { hasText: 'Which test runner' });
    await question.waitFor({ state: 'visible', timeout: 30_000 });
    await waitStatus(page, /Harness: waiting for your answer/);
    await waitForNotification(page, /the agent asks: Which test runner/);
    assert.equal(await question.locator('[data-testid="question-option"]').count(), 2, 'the suggested answers are buttons');
    assert.equal(await view.locator('[data-testid="composer-input"]').getAttribute('data-mode'), 'answer', 'the box answers the question');
    await screenshot(page, 'ask-user-1-question-in-view');

    // The person answers in their own words (an option button would do too).
    await sendInView(view, 'vitest, with coverage on');
    await view.locator('[data-testid="question-answer"]', { hasText: 'Answered by user: vitest, with coverage on' }).waitFor({ state: 'visible', timeout: 30_000 });
    await waitStatus(page, /Harness: done — answered, no changes/);
    assert.equal(mock!.requests.length, 2, 'the model was asked again after the answer');
    assert.deepEqual(toolMessages(mock!), ['The user answered: vitest, with coverage on']);
    await view.locator('[data-testid="model-text"]', { hasText: 'as you chose' }).waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, 'ask-user-2-answered');
  });
});
