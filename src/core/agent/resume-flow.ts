// Picks a task up from its journal after a crash or reload: calls that were in flight are re-checked
// against the disk (never blindly repeated), pending approvals are asked again, and the conversation
// continues from the last completed step.
import type { ChatMessage } from '../model/types';
import { decideFileOperation } from '../policy/engine';
import { checkInFlight, recheckProposals, resumeMessages } from '../state/resume';
import type { TaskContext } from './context';
import { settleProposal } from './edit-flow';

export async function restoreConversation(ctx: TaskContext): Promise<ChatMessage[]> {
  const snap = ctx.journal.snapshot();
  if (!snap.task && snap.messages.length === 0) throw new Error(`No task ${ctx.taskId} to resume: check the id with "harness tasks list".`);
  if (snap.ended) throw new Error(`Task ${ctx.taskId} already ended (${snap.status}): nothing to resume.`);
  ctx.step = snap.step;
  ctx.usage = { ...snap.usage };
  for (const e of snap.edits) ctx.edits.push({ path: e.path, status: e.status as 'applied', proposalId: '', ...(e.checkpointId ? { checkpointId: e.checkpointId } : {}) });
  const read = (p: string) => ctx.applier.read(p);
  const answers = new Map<string, string>();
  for (const call of snap.pendingToolCalls) {
    const check = await checkInFlight(call, read);
    answers.set(call.toolCallId, check.message);
    ctx.record({ kind: 'error', resume: true, toolCallId: call.toolCallId, outcome: check.outcome, message: check.message });
  }
  const { askAgain, stale } = await recheckProposals(snap.pendingProposals.filter((p) => !answers.has(p.toolCallId)), read);
  for (const p of stale) {
    answers.set(p.toolCallId, `The proposed edit to ${p.path} was not applied: the file changed while the harness was stopped. Read it again before editing.`);
  }
  for (const p of askAgain) {
    // The approval was pending when the process died: ask again, with the policy as it is now.
    const decision = decideFileOperation({ tool: p.kind === 'delete' ? 'delete_file' : 'write_file', path: p.path, exists: p.before !== null }, ctx.policy);
    const outcome = decision.decision === 'deny' ? { content: `Denied: ${decision.reason}` } : await settleProposal(ctx, p, decision);
    answers.set(p.toolCallId, outcome.content);
  }
  const messages = resumeMessages(snap, answers);
  for (const m of messages.slice(snap.messages.length)) await ctx.journalAppend({ type: 'message', message: m });
  await ctx.journalAppend({ type: 'status', status: 'running' });
  return messages;
}
