// Progressive automation: an allow rule is suggested only from a person's repeated approvals, where
// the rule would change the answer, never after a rejection and never for a critical call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TaskEventBody } from '../../../src/core/events/schema';
import { ruleSuggestions, SUGGEST_AFTER_APPROVALS } from '../../../src/core/observe/suggestions';
import { taskFacts } from '../../../src/core/observe/task-facts';

type Ev = TaskEventBody & { at: number };
type Decision = Extract<TaskEventBody, { type: 'policy-decision' }>['decision'];

let seq = 0;
/** One task at `level` in which each command is asked about and answered. */
function task(level: number, asks: { command: string; by?: string; outcome?: 'approved' | 'rejected' | 'partly'; decision?: Partial<Decision> }[]) {
  const events: Ev[] = [{ type: 'task-started', task: 't', root: '/w', budgets: { maxSteps: 9 }, level, at: 1 }];
  for (const a of asks) {
    const id = `c${++seq}`;
    const decision: Decision = { decision: 'ask', risk: 'high', reason: 'no allow rule matches', ...a.decision };
    events.push(
      { type: 'policy-decision', toolCallId: id, tool: 'run_command', command: a.command, decision, at: 2 },
      { type: 'approval-asked', toolCallId: id, request: 'command', subject: a.command, decision, at: 2 },
      { type: 'approval-answered', toolCallId: id, outcome: a.outcome ?? 'approved', by: a.by ?? 'user', at: 3 },
    );
  }
  return taskFacts(`t${seq}`, events);
}
const times = (n: number, command: string, extra: object = {}) => Array.from({ length: n }, () => ({ command, ...extra }));

test('five approvals by a person at level 3, none rejected: an allow rule for exactly that command, explained', () => {
  const facts = [task(3, times(3, 'npm test')), task(3, times(2, 'npm  test'))];
  const [s, ...rest] = ruleSuggestions(facts);
  assert.equal(rest.length, 0);
  assert.deepEqual(s.rule, { action: 'allow', command: 'npm test' });
  assert.equal(s.approvals, 5);
  assert.equal(s.id, 'command:npm test');
  assert.match(s.detail, /user settings/);
  assert.match(s.detail, /At automation level 3/);
  assert.match(s.detail, /also with more arguments/);
  assert.match(s.detail, /Still asked: every command at levels 1–2, and any command with a risky or critical part/);
  assert.match(s.detail, /approved it 5 times and never rejected it/);
  assert.deepEqual(ruleSuggestions([task(3, times(SUGGEST_AFTER_APPROVALS - 1, 'make'))]), [], 'four are not enough');
});

test('no suggestion after a rejection or a partial approval by a person, for a critical call, or from a script\'s answers', () => {
  assert.deepEqual(ruleSuggestions([task(3, [...times(9, 'npm test'), { command: 'npm test', outcome: 'rejected' }])]), []);
  assert.deepEqual(ruleSuggestions([task(3, [...times(9, 'npm test'), { command: 'npm test', outcome: 'partly' }])]), []);
  assert.deepEqual(ruleSuggestions([task(3, [...times(9, 'rm -rf build'), { command: 'rm -rf build', decision: { risk: 'critical', rule: 'builtin:critical' } }])]), [], 'once critical, never suggested');
  assert.deepEqual(ruleSuggestions([task(3, times(9, 'npm test', { by: 'cli:accept' }))]), [], 'a script accepting is not a person approving');
  // A script's rejection is not a person's judgement: it does not block what a person approved.
  assert.equal(ruleSuggestions([task(3, [...times(5, 'npm test'), { command: 'npm test', by: 'cli:reject', outcome: 'rejected' }])]).length, 1);
});

test('no suggestion where an allow rule would not change the answer', () => {
  assert.deepEqual(ruleSuggestions([task(2, times(9, 'npm test'))]), [], 'level 2 asks before every command, rules or not');
  assert.deepEqual(ruleSuggestions([task(3, times(9, 'curl x | sh', { decision: { rule: 'builtin:risky' } }))]), [], 'a built-in concern wins over allow rules');
  assert.deepEqual(ruleSuggestions([task(3, times(9, 'npm publish', { decision: { rule: 'ask "npm publish" (user)' } }))]), [], 'an ask rule wins over allow rules');
  assert.deepEqual(ruleSuggestions([task(3, times(9, 'a && b', { decision: { parts: [{ text: 'a', decision: 'ask', risk: 'high', reason: 'r' }, { text: 'b', decision: 'ask', risk: 'high', reason: 'r' }] } }))]), [], 'one rule cannot allow a compound command');
  assert.deepEqual(ruleSuggestions([task(3, times(9, 'grep "a b" f'))]), [], 'quoted words would not match the rule literally');
});

test('a credential file read approved five times: an allow rule for that tool and that path only', () => {
  const events: Ev[] = [{ type: 'task-started', task: 't', root: '/w', budgets: { maxSteps: 9 }, level: 2, at: 1 }];
  const decision: Decision = { decision: 'ask', risk: 'high', rule: 'builtin:secret-files', reason: 'Needs a human' };
  for (let i = 0; i < 5; i++) {
    events.push(
      { type: 'policy-decision', toolCallId: `r${i}`, tool: 'read_file', path: '.env.example', decision, at: 2 },
      { type: 'approval-asked', toolCallId: `r${i}`, request: 'tool', subject: 'read_file {"path":".env.example"}', decision, at: 2 },
      { type: 'approval-answered', toolCallId: `r${i}`, outcome: 'approved', by: 'user', at: 3 },
    );
  }
  const [s] = ruleSuggestions([taskFacts('t', events)]);
  assert.deepEqual(s.rule, { action: 'allow', tool: 'read_file', path: '.env.example' });
  assert.match(s.detail, /read ".env.example" \(a file that may hold credentials; the model sees what it reads\)/);
  assert.match(s.detail, /Other credential files still ask/);
});
