// Helpers for the long-task tests: a workspace with a big file, a model that reads it at every step,
// and what the requests the mock server received look like.
import type { ChatMessage } from '../../../src/core/model/types';
import type { TaskEvent } from '../../../src/core/events/schema';
import type { Script, ScriptedTurn } from '../../support/mock-llm-server';
import { tempWorkspace, type Workspace } from '../agent/helpers';

/** A text file of `kb` KB: numbered lines, so the first and last line can be looked for. */
export function bigFile(kb: number): { text: string; first: string; last: string } {
  const lines: string[] = [];
  let size = 0;
  for (let i = 1; size < kb * 1024; i++) {
    const line = `line ${String(i).padStart(5, '0')}: lorem ipsum dolor sit amet, consectetur`;
    lines.push(line);
    size += line.length + 1;
  }
  return { text: lines.join('\n') + '\n', first: lines[0], last: lines[lines.length - 1] };
}

export function bigWorkspace(kb = 24): { ws: Workspace; file: ReturnType<typeof bigFile> } {
  const file = bigFile(kb);
  return { ws: tempWorkspace({ 'big.txt': file.text }), file };
}

/** The step a request is for: one more than the last answered call `call_<n>` (0 when none). */
export function stepOf(body: { messages: ChatMessage[] }): number {
  const last = [...body.messages].reverse().find((m): m is Extract<ChatMessage, { role: 'tool' }> => m.role === 'tool');
  const n = last ? Number(/^call_(\d+)$/.exec(last.tool_call_id)?.[1] ?? -1) : -1;
  return n + 1;
}

/** A model that reads big.txt at steps 0..steps-1, then says it is done. Summary calls (no tools) get `notes`. */
export function readingModel(steps: number, notes = 'NOTES: read big.txt many times.'): Script {
  return ({ body }): ScriptedTurn => {
    if (!body.tools) return { content: notes };
    const step = stepOf(body);
    return step < steps ? { toolCalls: [{ id: `call_${step}`, name: 'read_file', arguments: { path: 'big.txt' } }] } : { content: 'done' };
  };
}

export function lastToolMessage(messages: ChatMessage[]): Extract<ChatMessage, { role: 'tool' }> | undefined {
  return [...messages].reverse().find((m): m is Extract<ChatMessage, { role: 'tool' }> => m.role === 'tool');
}

/** True when `prev` is a prefix of `next` (the request only appended messages). */
export function appendOnly(prev: ChatMessage[], next: ChatMessage[]): boolean {
  return prev.length <= next.length && prev.every((m, i) => JSON.stringify(m) === JSON.stringify(next[i]));
}

export const ofType = <T extends TaskEvent['type']>(events: TaskEvent[], type: T) => events.filter((e): e is Extract<TaskEvent, { type: T }> => e.type === type);
