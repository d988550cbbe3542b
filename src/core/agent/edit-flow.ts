// An edit from proposal to disk: scope check, lock, proposal, policy, approval (per hunk), stale
// check, checkpoint, atomic apply, events. Nothing touches the file before the decision allows it.
import type { PolicyDecision, Proposal } from '../shared/types';
import type { ToolOutcome as Outcome } from '../events/schema';
import { contentHash } from '../shared/hash';
import { applyAcceptedHunks, buildProposal, isStale } from '../diff/proposal';
import { decideFileOperation } from '../policy/engine';
import { ScopeError } from '../workspace/paths';
import { resolveRealTarget } from '../workspace/real-target';
import { planEdit, type EditArgs } from '../tools/edit-plan';
import type { TaskContext } from './context';
import { CancelledError } from './errors';
import { scopedByPlan } from './plan-flow';
import { withHookVerdict } from './hook-verdicts';
import { noteApplied, refuseUnseenBase } from './seen-flow';

export interface ToolOutcome {
  outcome: Outcome;
  /** The text the model gets. */
  content: string;
  error?: string;
  sandboxed?: boolean;
}

/**
 * Records the policy's answer to a call (the report, the audit log and the panel read it from here),
 * with the call's PreToolUse hook verdict applied; returns the decision to act on.
 */
export async function decided(ctx: TaskContext, toolCallId: string, tool: string, decision: PolicyDecision, target: { path?: string; command?: string } = {}): Promise<PolicyDecision> {
  const final = withHookVerdict(ctx, toolCallId, decision);
  await ctx.emit({ type: 'policy-decision', toolCallId, tool, ...target, decision: final });
  return final;
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

/** A path refused for scope is a policy decision too: recorded with its rule and reason. */
export async function refusedForScope(ctx: TaskContext, toolCallId: string, tool: string, input: string, denied: PolicyDecision): Promise<ToolOutcome> {
  await decided(ctx, toolCallId, tool, denied, { path: input });
  return { outcome: 'denied', content: `Refused: ${denied.reason}`, error: denied.reason };
}

export async function runEditTool(ctx: TaskContext, toolCallId: string, edit: EditArgs): Promise<ToolOutcome> {
  const target = await resolveTarget(ctx, edit.args.path);
  if ('denied' in target) return refusedForScope(ctx, toolCallId, edit.tool, edit.args.path, target.denied);
  const rel = target.rel;
  const release = await ctx.locks.acquire(rel, ctx.taskId, { wait: false });
  try {
    // Decided before the file is read and the edit planned, so a bad edit (no match, too large, a
    // binary target) still reports the policy's answer; the decision does not depend on the content.
    const decision = await decided(ctx, toolCallId, edit.tool, await scopedByPlan(ctx, decideFileOperation({ tool: edit.tool, path: rel, realPath: target.realRel }, ctx.policy), { path: rel }), { path: rel });
    if (decision.decision === 'deny') return { outcome: 'denied', content: `Denied: ${decision.reason}`, error: decision.reason };
    const current = await ctx.applier.read(rel);
    const unseen = await refuseUnseenBase(ctx, toolCallId, edit, rel, current);
    if (unseen) return unseen;
    const after = planEdit(edit, current, ctx.limits.maxFileBytes);
    const proposal = buildProposal({ id: `${toolCallId}:p`, taskId: ctx.taskId, toolCallId, path: rel, before: current, after });
    await ctx.emit({ type: 'edit-proposed', proposal });
    return await settleProposal(ctx, proposal, decision);
  } finally {
    release();
  }
}

async function refuse(ctx: TaskContext, proposal: Proposal, status: 'rejected' | 'stale', by: string, reason?: string): Promise<void> {
  ctx.rejectedPaths.add(proposal.path);
  await ctx.emit({ type: 'edit-refused', toolCallId: proposal.toolCallId, path: proposal.path, status, by, ...(reason ? { reason } : {}) });
}

const STALE_TEXT = (rel: string) => `The edit to ${rel} was not applied: the file changed after the proposal was made (stale). Read it again and propose the edit anew.`;

/** Approval (when the decision asks) and application of a proposal. Also used to re-ask after a resume. */
export async function settleProposal(ctx: TaskContext, proposal: Proposal, decision: PolicyDecision): Promise<ToolOutcome> {
  const rel = proposal.path;
  let final: string | null = proposal.after;
  let partialNote = '';
  if (decision.decision === 'ask') {
    const answer = await ctx.askHuman({ kind: 'edit', taskId: ctx.taskId, toolCallId: proposal.toolCallId, proposal, decision });
    if (answer.outcome === 'stale') {
      await refuse(ctx, proposal, 'stale', answer.by, answer.reason);
      return { outcome: 'stale', content: STALE_TEXT(rel), error: 'stale' };
    }
    if (answer.outcome === 'rejected') {
      await refuse(ctx, proposal, 'rejected', answer.by, answer.reason);
      const why = answer.reason ? ` Reason: ${answer.reason}` : ' No reason was given.';
      return { outcome: 'rejected', content: `The edit to ${rel} was rejected by ${answer.by === 'user' ? 'the user' : answer.by}; nothing was changed.${why}`, error: 'rejected' };
    }
    if (answer.outcome === 'partly') {
      const accepted = answer.acceptedHunks ?? [];
      final = applyAcceptedHunks(proposal, accepted);
      const reasons = proposal.hunks
        .filter((h) => !accepted.includes(h.index))
        .map((h) => {
          const r = answer.rejectedReasons?.[h.index];
          return `hunk ${h.index + 1} (line ${h.oldStart})${r ? `: ${r}` : ''}`;
        });
      partialNote = ` Only some hunks were accepted. Rejected: ${reasons.join('; ')}. Read the file before editing it again.`;
      ctx.rejectedPaths.add(rel);
    } else {
      ctx.rejectedPaths.delete(rel);
    }
  }
  return applyProposal(ctx, proposal, final, partialNote);
}

async function applyProposal(ctx: TaskContext, proposal: Proposal, final: string | null, note: string): Promise<ToolOutcome> {
  const rel = proposal.path;
  // The user may have changed the file while the proposal waited: never overwrite their change.
  const now = await ctx.applier.read(rel);
  if (isStale(proposal, now)) {
    await refuse(ctx, proposal, 'stale', 'harness', 'the file changed after the proposal was made');
    return { outcome: 'stale', content: STALE_TEXT(rel), error: 'stale' };
  }
  // Cancelled while waiting for approval: leave the file untouched.
  if (ctx.signal.aborted) throw new CancelledError();
  const checkpointId = await ctx.checkpoints.create(ctx.taskId, [{ path: rel, before: proposal.before }], `${proposal.kind} ${rel}`);
  const afterHash = contentHash(final);
  await ctx.emit({
    type: 'tool-started',
    toolCallId: proposal.toolCallId,
    tool: proposal.kind === 'delete' ? 'delete_file' : 'write_file',
    args: { path: rel },
    intent: { path: rel, beforeHash: proposal.beforeHash, afterHash },
  });
  await ctx.applier.apply(rel, final);
  // The edit has landed: failing to note what was written must not undo that report. Without the
  // note, a restore of this checkpoint asks before touching the file.
  await ctx.checkpoints.recordAfter(checkpointId, rel, final).catch((e: unknown) =>
    ctx.emit({ type: 'error', path: rel, checkpointId, message: `could not record the written content for checkpoint ${checkpointId}: ${(e as Error).message}` }),
  );
  await ctx.emit({ type: 'edit-applied', toolCallId: proposal.toolCallId, path: rel, checkpointId, beforeHash: proposal.beforeHash, afterHash });
  await noteApplied(ctx, proposal, final);
  ctx.touch(rel, proposal.before, final);
  ctx.appliedSinceVerify++;
  const verb = final === null ? 'Deleted' : proposal.before === null ? 'Created' : 'Applied the edit to';
  return { outcome: 'ok', content: `${verb} ${rel} (checkpoint ${checkpointId}).${note}` };
}
