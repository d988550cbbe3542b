// PreToolUse verdicts waiting for the policy's decision on their call: the hooks run first (they see
// the call as the model made it), and the verdict is applied where the decision is recorded.
import type { PolicyDecision } from '../shared/types';
import { applyPreToolVerdict, type PreToolVerdict } from '../hooks/pre-tool';
import type { TaskContext } from './context';

const verdicts = new WeakMap<TaskContext, Map<string, PreToolVerdict>>();

export function holdVerdict(ctx: TaskContext, toolCallId: string, verdict: PreToolVerdict): void {
  const map = verdicts.get(ctx) ?? new Map<string, PreToolVerdict>();
  verdicts.set(ctx, map);
  map.set(toolCallId, verdict);
}

/** The policy's decision for a call with its PreToolUse verdict applied (each verdict once). */
export function withHookVerdict(ctx: TaskContext, toolCallId: string, decision: PolicyDecision): PolicyDecision {
  const map = verdicts.get(ctx);
  const verdict = map?.get(toolCallId);
  if (!verdict) return decision;
  map!.delete(toolCallId);
  return applyPreToolVerdict(decision, verdict);
}
