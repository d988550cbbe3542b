// What to do with the loose ends of a task that stopped mid-step: tool calls in flight are
// re-checked against the disk (did the write land?) and never blindly repeated; approvals that were
// pending are asked again unless the file moved on underneath them.
import type { Proposal } from '../shared/types';
import type { ChatMessage } from '../model/types';
import { contentHash } from '../shared/hash';
import type { PendingToolCall, TaskState } from '../events/fold';

export type InFlightOutcome =
  /** The file holds what the call meant to write: the write landed; do not write again. */
  | 'landed'
  /** The file still holds what it held before: the write did not happen; it may be proposed again. */
  | 'not-applied'
  /** The file is neither: someone else changed it; the model must re-read before editing. */
  | 'changed'
  /** No write intent was recorded (a command, a read): the result is unknown; tell the model. */
  | 'unknown';

export interface InFlightCheck {
  toolCallId: string;
  tool: string;
  outcome: InFlightOutcome;
  /** Tool result text for the model, so the conversation stays well-formed. */
  message: string;
}

/** Re-checks one call that was running when the process died. `read` gives a file's current text (null = absent). */
export async function checkInFlight(call: PendingToolCall, read: (path: string) => Promise<string | null>): Promise<InFlightCheck> {
  const base = { toolCallId: call.toolCallId, tool: call.tool };
  if (!call.intent) {
    return {
      ...base,
      outcome: 'unknown',
      message: `The harness stopped while ${call.tool} was running; its result is unknown and it was not run again. Check its effect before repeating it.`,
    };
  }
  const { path, beforeHash, afterHash } = call.intent;
  const now = contentHash(await read(path));
  if (now === afterHash) {
    return { ...base, outcome: 'landed', message: `The edit to ${path} was applied before the harness stopped; it was not applied again.` };
  }
  if (now === beforeHash) {
    return { ...base, outcome: 'not-applied', message: `The harness stopped before the edit to ${path} was applied; the file is unchanged. Propose the edit again if it is still needed.` };
  }
  return { ...base, outcome: 'changed', message: `${path} changed while the harness was stopped; the edit was not applied. Read the file again before editing it.` };
}

/** Pending proposals split into those to ask about again and those whose file has moved on (stale). */
export async function recheckProposals(
  proposals: Proposal[],
  read: (path: string) => Promise<string | null>,
): Promise<{ askAgain: Proposal[]; stale: Proposal[] }> {
  const askAgain: Proposal[] = [];
  const stale: Proposal[] = [];
  for (const p of proposals) (contentHash(await read(p.path)) === p.beforeHash ? askAgain : stale).push(p);
  return { askAgain, stale };
}

/**
 * The conversation to continue from: the journaled messages, plus a tool message for every tool
 * call of the last assistant turn that has none (the API rejects a turn with unanswered calls).
 * `answers` maps toolCallId to the text to give; missing ones get a neutral "interrupted" note.
 */
export function resumeMessages(snapshot: Pick<TaskState, 'messages'>, answers: Map<string, string> = new Map()): ChatMessage[] {
  const messages = snapshot.messages.slice();
  let lastAssistant = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'assistant') {
      lastAssistant = i;
      break;
    }
  }
  const turn = messages[lastAssistant];
  if (!turn || turn.role !== 'assistant' || !turn.tool_calls?.length) return messages;
  const answered = new Set(messages.slice(lastAssistant + 1).flatMap((m) => (m.role === 'tool' ? [m.tool_call_id] : [])));
  for (const call of turn.tool_calls) {
    if (answered.has(call.id)) continue;
    messages.push({
      role: 'tool',
      tool_call_id: call.id,
      content: answers.get(call.id) ?? `The harness stopped before ${call.function.name} finished; it was not run again. Call it again if it is still needed.`,
    });
  }
  return messages;
}
