import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlanText } from '../../../src/core/plan/parse';

const good = { summary: 'Fix add', steps: [{ title: 'Edit math', files: ['src/math.ts'] }], files: ['src/math.ts'], commands: [] };

test('an edited plan that fits the schema is taken as it is', () => {
  const r = parsePlanText(JSON.stringify(good));
  assert.deepEqual(r, { ok: true, plan: good });
});

test('an edited plan that is not JSON, or breaks the schema, gets one line naming the field', () => {
  const notJson = parsePlanText('{ "summary": ');
  assert.equal(notJson.ok, false);
  assert.match((notJson as { error: string }).error, /^is not valid JSON \(/);
  const emptyTitle = parsePlanText(JSON.stringify({ ...good, steps: [{ title: '' }] }));
  assert.equal((emptyTitle as { error: string }).error, 'is not a valid plan (steps.0.title: a step title must not be empty)');
  const extra = parsePlanText(JSON.stringify({ ...good, autoApprove: true }));
  assert.equal(extra.ok, false, 'an unknown key (say, one that claims to change the policy) is refused, not ignored');
  for (const r of [notJson, emptyTitle, extra]) assert.doesNotMatch((r as { error: string }).error, /\n/);
});
