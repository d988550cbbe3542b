// An edit from proposal to disk: scope check, lock, proposal, policy, approval (per hunk), stale
// check, checkpoint, atomic apply, records. Nothing touches the file before the decision allows it.
import type { PolicyDecision, Proposal } from '../types';
import { applyAcceptedHunks, buildProposal, isStale, sha256Text } from '../diff/proposal';
import { decideFileOperation } from '../policy/engine';
import { ScopeError } from '../workspace/paths';
import { resolveRealTarget } from '../workspace/real-target';
import { planEdit, type EditArgs } from '../tools/edit-plan';
import type { TaskContext } from './context';
import { CancelledError } from './errors';

export interface ToolOutcome {
  ok: boolean;
  content: string;
  decision: PolicyDecision;
  error?: string;
}

const refused = (decision: PolicyDecision, content: string): ToolOutcome => ({ ok: false, content, decision, error: decision.reason });

/** Where a tool flow notes the policy decision once it is made, so a later tool error still reports it. */
export interface DecisionNote {
  decision?: PolicyDecision;
}

export function deniedForScope(err: Error): PolicyDecision {
  return { decision: 'deny', risk: 'critical', rule: 'builtin:workspace-scope', reason: err.message };
}

/**
 * Resolves the path the model named, and where it really leads through links (the policy judges both);
 * a path outside the workspace is a denial, not an exception.
 */
export async function resolveTarget(ctx: TaskContext, input: string): Promise<{ rel: string; realRel: string } | { denied: PolicyDecision }> {
  try {
    const { rel, realRel } = await resolveRealTarget(ctx.root, input);
    return { rel, realRel };
  } catch (err) {
    if (err instanceof ScopeError) return { denied: deniedForScope(err) };
    throw err;
  }
}

/** A path refused for scope is a policy decision too: it goes to the audit log with its rule and reason. */
export function recordScopeDenial(ctx: TaskContext, toolCallId: string, tool: string, input: string, denied: PolicyDecision): ToolOutcome {
  ctx.record({ kind: 'decision', toolCallId, tool, path: input, decision: denied.decision, risk: denied.risk, rule: denied.rule, reason: denied.reason });
  return refused(denied, `Refused: ${denied.reason}`);
}

export async function runEditTool(ctx: TaskContext, toolCallId: string, edit: EditArgs, note: DecisionNote = {}): Promise<ToolOutcome> {
  const target = await resolveTarget(ctx, edit.args.path);
  if ('denied' in target) return recordScopeDenial(ctx, toolCallId, edit.tool, edit.args.path, target.denied);
  const rel = target.rel;
  const release = await ctx.locks.acquire(rel, ctx.taskId, { wait: false });
  try {
    // Decided before the file is read and the edit planned, so a bad edit (no match, too large, a
    // binary target) still reports the policy's answer; the decision does not depend on the content.
    const decision = decideFileOperation({ tool: edit.tool, path: rel, realPath: target.realRel }, ctx.policy);
    note.decision = decision;
    ctx.record({ kind: 'decision', toolCallId, tool: edit.tool, path: rel, decision: decision.decision, risk: decision.risk, rule: decision.rule, reason: decision.reason });
    if (decision.decision === 'deny') return refused(decision, `Denied: ${decision.reason}`);
    const current = await ctx.applier.read(rel);
    const after = planEdit(edit, current, ctx.limits.maxFileBytes);
    const proposal = buildProposal({ id: `${toolCallId}:p`, taskId: ctx.taskId, toolCallId, path: rel, before: current, after });
    await ctx.journalAppend({ type: 'proposal', proposal });
    return await settleProposal(ctx, proposal, decision);
  } finally {
    release();
  }
}

/** Approval (when the decision asks) and application of a proposal. Also used to re-ask after a resume. */
export async function settleProposal(ctx: TaskContext, proposal: Proposal, decision: PolicyDecision): Promise<ToolOutcome> {
  const rel = proposal.path;
  let final: string | null = proposal.after;
  let partialNote = '';
  if (decision.decision === 'ask') {
    const answer = await ctx.askHuman({ kind: 'edit', taskId: ctx.taskId, toolCallId: proposal.toolCallId, proposal, decision });
    const accepted = answer.approved ? (answer.acceptedHunks ?? proposal.hunks.map((h) => h.index)) : [];
    const rejected = proposal.hunks.filter((h) => !accepted.includes(h.index));
    if (accepted.length === 0) {
      ctx.rejectedPaths.add(rel);
      const status = answer.reason?.startsWith('stale') ? 'stale' : 'rejected';
      ctx.edits.push({ path: rel, status, proposalId: proposal.id });
      ctx.emit({ type: 'edit', taskId: ctx.taskId, path: rel, status });
      ctx.record({ kind: 'edit-rejected', path: rel, by: answer.by, reason: answer.reason });
      const why = answer.reason ? ` Reason: ${answer.reason}` : ' No reason was given.';
      return { ok: false, decision, content: `The edit to ${rel} was rejected by ${answer.by === 'user' ? 'the user' : answer.by}; nothing was changed.${why}`, error: 'rejected' };
    }
    if (rejected.length > 0) {
      final = applyAcceptedHunks(proposal, accepted);
      const reasons = rejected.map((h) => {
        const r = answer.rejectedReasons?.[h.index];
        return `hunk ${h.index + 1} (line ${h.oldStart})${r ? `: ${r}` : ''}`;
      });
      partialNote = ` Only some hunks were accepted. Rejected: ${reasons.join('; ')}. Read the file before editing it again.`;
      ctx.rejectedPaths.add(rel);
    } else {
      ctx.rejectedPaths.delete(rel);
    }
  }
  return applyProposal(ctx, proposal, final, decision, partialNote);
}

async function applyProposal(ctx: TaskContext, proposal: Proposal, final: string | null, decision: PolicyDecision, note: string): Promise<ToolOutcome> {
  const rel = proposal.path;
  // The user may have changed the file while the proposal waited: never overwrite their change.
  const now = await ctx.applier.read(rel);
  if (isStale(proposal, now)) {
    ctx.edits.push({ path: rel, status: 'stale', proposalId: proposal.id });
    ctx.emit({ type: 'edit', taskId: ctx.taskId, path: rel, status: 'stale' });
    ctx.record({ kind: 'edit-rejected', path: rel, by: 'harness', reason: 'stale' });
    ctx.rejectedPaths.add(rel);
    return { ok: false, decision, content: `The edit to ${rel} was not applied: the file changed after the proposal was made (stale). Read it again and propose the edit anew.`, error: 'stale' };
  }
  // Cancelled while waiting for approval: leave the file untouched.
  if (ctx.signal.aborted) throw new CancelledError();
  const checkpointId = await ctx.checkpoints.create(ctx.taskId, [{ path: rel, before: proposal.before }], `${proposal.kind} ${rel}`);
  await ctx.journalAppend({
    type: 'tool-start',
    toolCallId: proposal.toolCallId,
    tool: proposal.kind === 'delete' ? 'delete_file' : 'write_file',
    args: { path: rel },
    intent: { path: rel, beforeHash: proposal.beforeHash, afterHash: sha256Text(final) },
  });
  await ctx.applier.apply(rel, final);
  // The edit has landed: failing to note what was written must not undo that report. Without the
  // note, a restore of this checkpoint asks before touching the file.
  await ctx.checkpoints.recordAfter(checkpointId, rel, final).catch((e: unknown) =>
    ctx.record({ kind: 'error', path: rel, checkpointId, message: `could not record the written content for checkpoint ${checkpointId}: ${(e as Error).message}` }),
  );
  const afterHash = sha256Text(final);
  await ctx.journalAppend({ type: 'edit', path: rel, status: 'applied', checkpointId, afterHash });
  ctx.record({ kind: 'edit-applied', path: rel, checkpointId, beforeHash: proposal.beforeHash, afterHash });
  ctx.edits.push({ path: rel, status: 'applied', proposalId: proposal.id, checkpointId });
  ctx.touch(rel, proposal.before, final);
  ctx.appliedSinceVerify++;
  ctx.emit({ type: 'edit', taskId: ctx.taskId, path: rel, status: 'applied', checkpointId });
  const verb = final === null ? 'Deleted' : proposal.before === null ? 'Created' : 'Applied the edit to';
  return { ok: true, decision, content: `${verb} ${rel} (checkpoint ${checkpointId}).${note}` };
}
