// Observability in the editor: with harness.telemetry.enabled in the user settings, a task's spans
// reach a local OTLP receiver (without the prompt or the command line); the panel's Workspace section
// shows the task's figures; and after a person approved `echo hello` five times at level 3 it suggests
// an allow rule, which one click writes to the user settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { eventually, readFile, runCommand, screenshot, waitForNotification } from './support/browser';
import { FAKE_API_KEY, makeWorkspace } from './support/session';
import { panelFrame, runHarnessTask, SCENARIO_TIMEOUT, waitStatus, withHarness } from './support/harness';
import { startOtlpReceiver } from '../support/otlp-receiver';

const COMMAND = 'echo hello';
const TASK = 'Say hello PROMPT-MARK-2718 five times';
const USER = { 'harness.automationLevel': 3, 'harness.telemetry.enabled': true };

test('telemetry to a local OTLP receiver, the Workspace figures, and a suggested allow rule added with one click', { timeout: SCENARIO_TIMEOUT }, async () => {
  const receiver = await startOtlpReceiver();
  const workspace = makeWorkspace({ 'readme.md': '# hello\n' });
  const call = (i: number) => ({ toolCalls: [{ id: `c${i}`, name: 'run_command', arguments: { command: COMMAND } }] });
  const script = [call(1), call(2), call(3), call(4), call(5), { content: 'Said hello five times.' }];
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' };
  try {
    await withHarness('observability', { workspace, trusted: true, script, userSettings: USER, env }, async ({ page, server }) => {
      await runHarnessTask(page, TASK);
      // Level 3 asks before a command no rule allows: a person answers "Allow" five times.
      for (let i = 1; i <= 5; i++) {
        const toast = await waitForNotification(page, /Harness wants to run `echo hello`/, 60_000);
        if (i === 1) await screenshot(page, 'observability-1-approval');
        await toast.getByRole('button', { name: /^Allow$/ }).click();
        await toast.waitFor({ state: 'detached', timeout: 15_000 }); // the next question is a new toast
      }
      await waitStatus(page, /Harness: done/, undefined, 90_000);

      // The trace: the task span, five tool calls approved by the user, no prompt, no command line, no key.
      const spans = await eventually(() => {
        const all = receiver.received.filter((r) => r.path === '/v1/traces').flatMap((r) => JSON.parse(r.body.toString()).resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans)));
        return all.some((s: any) => s.name === 'invoke_agent harness') ? all : undefined;
      }, 'the task span at the receiver', 30_000);
      const attr = (s: any, k: string) => s.attributes.find((a: any) => a.key === k)?.value;
      const commands = spans.filter((s: any) => s.name === 'execute_tool run_command' && !attr(s, 'harness.verification.check'));
      assert.equal(commands.length, 5);
      for (const s of commands) assert.deepEqual([attr(s, 'harness.approval.outcome')?.stringValue, attr(s, 'harness.approval.by')?.stringValue, attr(s, 'harness.command.program')?.stringValue], ['approved', 'user', 'echo']);
      const front = receiver.received.find((r) => r.path === '/v1/traces')!.body.toString();
      assert.match(front, /"harness.front_end","value":\{"stringValue":"vscode"\}/);
      const everything = receiver.received.map((r) => r.body.toString()).join('\n');
      assert.ok(!everything.includes('PROMPT-MARK-2718'), 'the prompt was exported');
      assert.ok(!everything.includes(COMMAND), 'the command line was exported');
      assert.ok(!everything.includes(FAKE_API_KEY), 'the API key was exported');

      // The panel: the task's figures and the suggestion.
      await runCommand(page, 'Harness: Show panel');
      const panel = panelFrame(page);
      const card = panel.locator('[data-testid="suggestion-command-echo-hello"]');
      await card.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await card.innerText(), /Allow "echo hello" without asking/);
      assert.match(await card.innerText(), /You approved it 5 times and never rejected it/);
      assert.match(await panel.locator('[data-testid="stat-tasks"]').innerText(), /Tasks\s+1\s+completed 1/);
      assert.match(await panel.locator('[data-testid="stat-approvals"]').innerText(), /5 \/ 0/);
      assert.match(await panel.locator('[data-testid="stat-reviews"]').innerText(), /Human reviews\s+5/);
      await card.scrollIntoViewIfNeeded();
      await screenshot(page, 'observability-2-panel-suggestion');

      await panel.locator('[data-testid="allow-suggestion-command-echo-hello"]').click();
      const settingsFile = join(server.userDataDir, 'User', 'settings.json');
      const rules = await eventually(() => {
        const rules = JSON.parse(readFile(settingsFile))['harness.rules'];
        return Array.isArray(rules) && rules.length ? rules : undefined;
      }, 'the rule in the user settings', 20_000);
      assert.deepEqual(rules, [{ action: 'allow', command: COMMAND }]);
      const notice = panel.locator('[data-testid="notice"]');
      await eventually(async () => /Added \{"action":"allow","command":"echo hello"\} to harness.rules in your user settings/.test(await notice.innerText()), 'the notice saying what was added', 20_000);
      await card.waitFor({ state: 'detached', timeout: 20_000 });
      await screenshot(page, 'observability-3-rule-added');
    });
  } finally {
    await receiver.close();
  }
});
