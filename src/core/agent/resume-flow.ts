// Picks a task up from its journal after a crash or reload: calls that were in flight are re-checked
// against the disk (never blindly repeated), pending approvals are asked again, and the conversation
// continues from the last completed step.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { ChatMessage } from '../model/types';
import { decideFileOperation } from '../policy/engine';
import { checkInFlight, recheckProposals, resumeMessages } from '../state/resume';
import { assertRealPathInside, resolveInWorkspace } from '../workspace/paths';
import type { TaskContext } from './context';
import { decided, settleProposal } from './edit-flow';
import { scopedByPlan } from './plan-flow';
import { resumeMcpCalls, startMcpServers } from './mcp-flow';
import { noteLanded } from './seen-flow';

/**
 * A write killed between creating its temp file and the rename leaves `.<name>.<hex>.harness-tmp`
 * beside the target; the target itself is whole, but the user would find the stray file. Best effort.
 */
async function removeStrayTempFiles(root: string, rel: string): Promise<void> {
  try {
    const { abs } = resolveInWorkspace(root, rel);
    const dir = path.dirname(abs);
    await assertRealPathInside(root, dir, false);
    const base = path.basename(abs).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const temp = new RegExp(`^\\.${base}\\.[0-9a-f]{12}\\.harness-tmp$`);
    for (const name of await fsp.readdir(dir)) if (temp.test(name)) await fsp.unlink(path.join(dir, name)).catch(() => undefined);
  } catch {
    // Leaving a stray temp file is untidy, not harmful: never fail the resume for it.
  }
}

export async function restoreConversation(ctx: TaskContext): Promise<ChatMessage[]> {
  const snap = ctx.state;
  if (!snap.task && snap.messages.length === 0) throw new Error(`No task ${ctx.taskId} to resume: check the id with "harness tasks list".`);
  if (snap.ended) throw new Error(`Task ${ctx.taskId} already ended (${snap.status}): nothing to resume.`);
  // Marks the restart: where the task stands, so a status bar that joins now starts from here.
  await ctx.emit({ type: 'task-resumed', step: snap.step, usage: { ...snap.usage }, ...(snap.budgets ? { budgets: snap.budgets } : {}) });
  const read = (p: string) => ctx.applier.read(p);
  await startMcpServers(ctx);
  // MCP calls in flight or waiting for approval are decided and asked about again, never re-run unasked.
  const answers = await resumeMcpCalls(ctx);
  for (const call of [...snap.pendingToolCalls]) {
    if (answers.has(call.toolCallId)) continue;
    if (call.intent) await removeStrayTempFiles(ctx.root, call.intent.path);
    const check = await checkInFlight(call, read);
    answers.set(call.toolCallId, check.message);
    await ctx.emit({ type: 'resume-check', toolCallId: call.toolCallId, tool: call.tool, outcome: check.outcome, message: check.message });
    if (check.outcome === 'landed' && call.intent) {
      // The write landed but the process died before recording it: record it now, once.
      const { path: rel, beforeHash, afterHash } = call.intent;
      await ctx.emit({ type: 'edit-applied', toolCallId: call.toolCallId, path: rel, beforeHash, afterHash });
      await noteLanded(ctx, call.toolCallId, rel, beforeHash, await read(rel));
    }
  }
  const { askAgain, stale } = await recheckProposals(snap.pendingProposals.filter((p) => !answers.has(p.toolCallId)), read);
  for (const p of stale) {
    answers.set(p.toolCallId, `The proposed edit to ${p.path} was not applied: the file changed while the harness was stopped. Read it again before editing.`);
  }
  for (const p of askAgain) {
    // The approval was pending when the process died: ask again, with the policy as it is now.
    const decision = await scopedByPlan(ctx, decideFileOperation({ tool: p.kind === 'delete' ? 'delete_file' : 'write_file', path: p.path, exists: p.before !== null }, ctx.policy), { path: p.path });
    await decided(ctx, p.toolCallId, p.kind === 'delete' ? 'delete_file' : 'write_file', decision, { path: p.path });
    const outcome = decision.decision === 'deny' ? { content: `Denied: ${decision.reason}` } : await settleProposal(ctx, p, decision);
    answers.set(p.toolCallId, outcome.content);
  }
  const messages = resumeMessages(snap, answers);
  for (const m of messages.slice(snap.messages.length)) await ctx.emit({ type: 'message', message: m });
  return messages;
}
