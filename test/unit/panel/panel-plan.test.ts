import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEvent, applyUpdate, diffState, emptyPanelState } from '../../../src/core/ui/panel-model';
import { PanelStateSchema, type PanelState } from '../../../src/core/ui/panel-protocol';
import type { TaskEvent, TaskEventBody } from '../../../src/core/events/schema';
import { ASSESSMENT, PLAN } from './plan-fixtures';
import { escalateOutsidePlan } from '../../../src/core/plan/scope';

const ev = (body: TaskEventBody, at = 1000, taskId = 't1'): TaskEvent => ({ ...body, taskId, at }) as TaskEvent;

/** Folds the events one by one, checking the host->webview update reproduces the host's state each time. */
function fold(bodies: TaskEventBody[]): PanelState {
  let host = emptyPanelState();
  let view = emptyPanelState();
  bodies.forEach((b, i) => {
    const next = applyEvent(host, ev(b, 1000 + i));
    const u = diffState(host, next);
    if (u) view = applyUpdate(view, u);
    host = next;
  });
  assert.deepEqual(view, host, 'the webview, fed only updates, holds the same state as the host');
  assert.ok(PanelStateSchema.safeParse(host).success, 'the state passes the protocol schema');
  return host;
}

test('an approved plan shows each step with its expected decision and why, the pre-check and the risks, then per-step progress', () => {
  const s = fold([
    { type: 'task-started', task: 'carry out', root: '/w', budgets: { maxSteps: 30 }, mode: 'execute' },
    { type: 'plan-approved', plan: PLAN, by: 'user' },
    { type: 'plan-assessed', assessment: ASSESSMENT },
    { type: 'plan-step-updated', step: 0, status: 'done' },
    { type: 'plan-step-updated', step: 1, status: 'in_progress', note: 'waiting for approval' },
  ]);
  const p = s.plans.find((x) => x.taskId === 't1')!;
  assert.equal(p.approved, true);
  assert.equal(p.by, 'user');
  assert.deepEqual(p.steps.map((x) => [x.title, x.status, x.expected]), [['Fix add', 'done', 'allow'], ['Install left-pad', 'in_progress', 'ask'], ['Touch CI', 'pending', 'deny']]);
  assert.equal(p.steps[0].why, undefined, 'a step that runs unasked needs no reason');
  assert.match(p.steps[1].why!, /run npm install left-pad: installing packages asks/);
  assert.match(p.steps[2].why!, /edit \.github\/workflows\/ci\.yml: protected path/);
  assert.equal(p.steps[1].note, 'waiting for approval');
  assert.equal(p.assessment, ASSESSMENT.summary);
  assert.deepEqual(p.risks, ['the CI file is protected']);
  const planEntries = s.timeline.filter((e) => e.kind === 'plan').map((e) => e.title);
  assert.deepEqual(planEntries, ['Plan approved by user: 3 steps', 'Plan step 1 done: Fix add', 'Plan step 2 in progress: Install left-pad']);
});

test('a submitted plan (plan mode) is shown as proposed, not approved', () => {
  const s = fold([
    { type: 'task-started', task: 'plan it', root: '/w', budgets: { maxSteps: 30 }, mode: 'plan' },
    { type: 'plan-submitted', plan: PLAN },
    { type: 'plan-assessed', assessment: ASSESSMENT },
  ]);
  assert.equal(s.plans[0].approved, false);
  assert.equal(s.plans[0].steps[2].expected, 'deny');
  assert.deepEqual(s.timeline.filter((e) => e.kind === 'plan').map((e) => e.title), ['Plan submitted: 3 steps']);
});

test('a call the plan scope escalated is marked "outside the plan" on its timeline entries; a call inside is not', () => {
  const allow = { decision: 'allow' as const, risk: 'low' as const, reason: 'edits run at level 4' };
  const escalated = escalateOutsidePlan(allow, '`src/other.ts`');
  const s = fold([
    { type: 'task-started', task: 'carry out', root: '/w', budgets: { maxSteps: 30 }, mode: 'execute' },
    { type: 'tool-call-proposed', step: 1, toolCallId: 'in', tool: 'write_file', args: { path: 'src/math.ts' } },
    { type: 'policy-decision', toolCallId: 'in', tool: 'write_file', path: 'src/math.ts', decision: allow },
    { type: 'tool-call-proposed', step: 1, toolCallId: 'out', tool: 'write_file', args: { path: 'src/other.ts' } },
    { type: 'policy-decision', toolCallId: 'out', tool: 'write_file', path: 'src/other.ts', decision: escalated },
    { type: 'approval-asked', toolCallId: 'out', request: 'edit', subject: 'src/other.ts', decision: escalated },
  ]);
  const byCall = (id: string, kind: string) => s.timeline.find((e) => e.toolCallId === id && e.kind === kind)!;
  assert.equal(byCall('in', 'tool').outsidePlan, undefined);
  assert.equal(byCall('out', 'tool').outsidePlan, true);
  assert.equal(byCall('out', 'tool').decision, 'ask');
  assert.equal(byCall('out', 'approval').outsidePlan, true);
});

test('the instruction files used are listed per task with their folder, and truncated/untrusted marks', () => {
  const s = fold([
    { type: 'task-started', task: 't', root: '/w', budgets: { maxSteps: 30 } },
    { type: 'instructions-loaded', folder: '.', untrusted: true, files: [{ path: 'AGENTS.md', hash: 'h1', bytes: 90_000, shownBytes: 16_384, truncated: true }], skipped: [{ path: 'CLAUDE.md', reason: 'AGENTS.md is used instead' }] },
    { type: 'instructions-loaded', folder: 'packages/api', untrusted: true, files: [{ path: 'packages/api/AGENTS.md', hash: 'h2', bytes: 10, shownBytes: 10, truncated: false }] },
  ]);
  const v = s.instructions.find((x) => x.taskId === 't1')!;
  assert.deepEqual(v.files.map((f) => [f.path, f.folder, f.truncated, f.untrusted]), [['AGENTS.md', '.', true, true], ['packages/api/AGENTS.md', 'packages/api', false, true]]);
  assert.deepEqual(v.skipped, [{ path: 'CLAUDE.md', reason: 'AGENTS.md is used instead' }]);
});
