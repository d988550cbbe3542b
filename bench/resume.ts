// Measurement 5: reopening a long task: read its journal (checksummed lines) and replay it into the
// task snapshot, against reading the same file as plain JSON lines with no checks.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { JournalRecord, JournalRecordBody } from '../src/core/state/journal-records';
import { encodeRecord } from '../src/core/state/journal-records';
import { journalPath, readJournal, replay } from '../src/core/state/journal';
import { fsStateStore } from '../src/core/state/store';
import { newTaskId } from '../src/core/state/ids';
import { buildProposal } from '../src/core/diff/proposal';
import { median, nowMs, round, tempDir } from './stats';

export interface ResumeResult {
  steps: number;
  ms: number;
  records: number;
  journalBytes: number;
  /** Plain JSONL (read + JSON.parse per line, no checksums, no replay). */
  plainJsonlMs: number;
  /** ms / plainJsonlMs: what the checks and the replay cost on top. */
  ratio: number;
  repeats: number;
}

/** Records of a task of `steps` steps: each a model turn and a tool call; every tenth an applied edit. */
function taskRecords(steps: number): JournalRecord[] {
  let at = 1_700_000_000_000;
  const recs: JournalRecord[] = [];
  const push = (body: JournalRecordBody) => recs.push({ ...body, at: at++ });
  const file = Array.from({ length: 120 }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';
  push({ type: 'task-started', task: 'Refactor the parser and keep the tests green', root: '/ws', budgets: { maxSteps: steps + 10 } });
  push({ type: 'message', message: { role: 'system', content: 'You are a careful coding agent. '.repeat(40) } });
  push({ type: 'message', message: { role: 'user', content: 'Refactor the parser and keep the tests green.' } });
  for (let s = 1; s <= steps; s++) {
    const id = `call_${s}`;
    const edit = s % 10 === 0;
    const name = edit ? 'write_file' : 'read_file';
    const args = JSON.stringify(edit ? { path: `src/f${s}.ts`, content: file } : { path: `src/f${s}.ts` });
    push({ type: 'model-request', step: s });
    push({ type: 'model-turn', step: s, content: `Step ${s}: looking at src/f${s}.ts.`, toolCalls: [{ id, name, arguments: args }], usage: { promptTokens: 1500, completionTokens: 80 }, latencyMs: 900, finishReason: 'tool_calls' });
    push({ type: 'message', message: { role: 'assistant', content: `Step ${s}: looking at src/f${s}.ts.`, tool_calls: [{ id, type: 'function', function: { name, arguments: args } }] } });
    push({ type: 'tool-call-proposed', step: s, toolCallId: id, tool: name, args: { path: `src/f${s}.ts` } });
    push({ type: 'policy-decision', toolCallId: id, tool: name, path: `src/f${s}.ts`, decision: edit ? { decision: 'ask', risk: 'medium', reason: 'level 2 asks' } : { decision: 'allow', risk: 'low', reason: 'reads run' } });
    if (edit) {
      const proposal = buildProposal({ id: `p${s}`, taskId: 't', toolCallId: id, path: `src/f${s}.ts`, before: file, after: file.replace('v7 = 7', 'v7 = 70') });
      push({ type: 'edit-proposed', proposal });
      push({ type: 'approval-asked', toolCallId: id, request: 'edit', subject: `modify src/f${s}.ts`, decision: { decision: 'ask', risk: 'medium', reason: 'level 2 asks' }, diff: proposal.diff });
      push({ type: 'approval-answered', toolCallId: id, outcome: 'approved', by: 'user' });
      push({ type: 'tool-started', toolCallId: id, tool: 'write_file', args: { path: `src/f${s}.ts` }, intent: { path: `src/f${s}.ts`, beforeHash: proposal.beforeHash, afterHash: 'x'.repeat(64) } });
      push({ type: 'edit-applied', toolCallId: id, path: `src/f${s}.ts`, checkpointId: `c${s}`, beforeHash: proposal.beforeHash, afterHash: 'x'.repeat(64) });
    }
    const result = edit ? `Applied the edit to src/f${s}.ts.` : `src/f${s}.ts (120 lines):\n${file.slice(0, 1500)}`;
    push({ type: 'tool-call-ended', toolCallId: id, tool: name, outcome: 'ok', result });
    push({ type: 'message', message: { role: 'tool', tool_call_id: id, content: result } });
    push({ type: 'step-ended', step: s, usage: { promptTokens: s * 1500, completionTokens: s * 80 } });
  }
  return recs;
}

export async function benchResume(steps: number, repeats: number): Promise<ResumeResult> {
  const tmp = tempDir('resume');
  try {
    const store = fsStateStore(tmp.dir);
    const taskId = newTaskId();
    const records = taskRecords(steps);
    const file = join(tmp.dir, journalPath(taskId));
    mkdirSync(dirname(file), { recursive: true });
    const text = records.map(encodeRecord).join('');
    writeFileSync(file, text);
    const ours: number[] = [];
    const plain: number[] = [];
    for (let r = 0; r < repeats; r++) {
      let t0 = nowMs();
      const contents = await readJournal(store, taskId);
      const snap = replay(taskId, contents?.records ?? []);
      ours.push(nowMs() - t0);
      if (snap.step !== steps || contents?.records.length !== records.length) {
        throw new Error(`replayed step ${snap.step} of ${steps} (${contents?.records.length} records of ${records.length})`);
      }
      t0 = nowMs();
      const lines = readFileSync(file, 'utf8').split('\n');
      let parsed = 0;
      for (const line of lines) if (line) parsed += JSON.parse(line) ? 1 : 0;
      plain.push(nowMs() - t0);
      if (parsed !== records.length) throw new Error('plain JSONL parse lost records');
    }
    const ms = median(ours);
    const plainJsonlMs = median(plain);
    return { steps, ms: round(ms), records: records.length, journalBytes: text.length, plainJsonlMs: round(plainJsonlMs), ratio: round(ms / plainJsonlMs, 1), repeats };
  } finally {
    tmp.cleanup();
  }
}
