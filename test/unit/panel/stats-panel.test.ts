// The panel's workspace statistics: the same fold as `harness stats`, carried through the typed
// protocol (bounded, validated), sent only when changed, and suggestions that act by id only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleSuggestions } from '../../../src/core/observe/suggestions';
import { approvedTasks } from './stats-fixture';
import { workspaceStats } from '../../../src/core/observe/workspace-stats';
import { applyUpdate, diffState, emptyPanelState, setStats } from '../../../src/core/ui/panel-model';
import { parseHostMessage, parseWebviewMessage, PanelStateSchema } from '../../../src/core/ui/panel-protocol';
import { statsView } from '../../../src/core/ui/stats-view';

test('the stats view carries the figures harness stats computes, and the suggestion', () => {
  const facts = approvedTasks();
  const view = statsView(workspaceStats(facts), ruleSuggestions(facts));
  assert.deepEqual([view.tasks, view.verifiedFirstRound, view.tasksVerified, view.humanReviews, view.approvals.approved, view.approvals.medianWaitMs], [1, 1, 1, 6, 6, 2000]);
  assert.deepEqual(view.byCommand.map((r) => [r.key, r.asked, r.approved, r.byHuman]), [['npm test', 6, 6, 6]]);
  assert.deepEqual([view.promptTokens + view.completionTokens, view.costUsd, view.unpricedModels], [1000, null, ['my-local-model']]);
  assert.deepEqual(view.suggestions.map((s) => [s.id, s.title]), [['command:npm test', 'Allow "npm test" without asking']]);
  assert.ok(!('rule' in view.suggestions[0]), 'the page gets no rule to send back: the host acts on the id');
  const state = setStats(emptyPanelState(), view);
  assert.ok(PanelStateSchema.safeParse(state).success);
  assert.ok(parseHostMessage({ type: 'state', state }));
});

test('stats are sent when they change and rebuilt by applyUpdate; bad stats are refused', () => {
  const facts = approvedTasks();
  const before = emptyPanelState();
  const next = setStats(before, statsView(workspaceStats(facts), []));
  const u = diffState(before, next);
  assert.ok(u?.stats);
  assert.deepEqual(applyUpdate(before, u).stats, next.stats);
  assert.equal(diffState(next, { ...next })?.stats, undefined, 'unchanged stats are not sent again');
  assert.equal(parseHostMessage({ type: 'event', update: { entries: [], nextSeq: 0, stats: { ...next.stats, tasks: -1 } } }), null);
  assert.deepEqual(parseWebviewMessage({ type: 'allowSuggestion', id: 'command:npm test' }), { type: 'allowSuggestion', id: 'command:npm test' });
  assert.deepEqual(parseWebviewMessage({ type: 'dismissSuggestion', id: 'command:npm test' }), { type: 'dismissSuggestion', id: 'command:npm test' });
  assert.equal(parseWebviewMessage({ type: 'allowSuggestion', rule: { action: 'allow', command: 'rm -rf /' } }), null, 'a rule is never taken from the page');
  assert.equal(parseWebviewMessage({ type: 'allowSuggestion', id: 'x'.repeat(601) }), null);
});
