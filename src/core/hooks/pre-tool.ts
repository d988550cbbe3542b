// How PreToolUse hooks change the policy's decision. A hook can deny or ask; its "allow" may skip an
// ask only for a call that is not critical, and nothing a hook says overrides a deny.
import type { PolicyDecision } from '../shared/types';
import type { HookResult } from './run';

export interface PreToolVerdict {
  kind: 'allow' | 'ask' | 'deny';
  reason: string;
}

export const PRE_TOOL_RULE = 'hook:PreToolUse';

/**
 * The verdict of every PreToolUse hook that ran for one call: a block or deny wins, then an ask (a
 * hook that failed or timed out cannot vouch for the call, so a human decides), then an allow.
 */
export function preToolVerdict(results: { command: string; result: HookResult }[]): PreToolVerdict | undefined {
  const said = (kinds: HookResult['kind'][]) => results.filter((r) => kinds.includes(r.result.kind));
  const because = (rs: typeof results, fallback: string) => rs.map((r) => r.result.reason ?? `${fallback} (\`${r.command}\`)`).join('; ');
  const deny = said(['deny', 'block']);
  if (deny.length) return { kind: 'deny', reason: because(deny, 'denied by a hook') };
  const asks = said(['ask']);
  const failed = said(['error']);
  if (asks.length || failed.length) {
    const parts = [asks.length ? because(asks, 'a hook asks') : '', ...failed.map((r) => `the hook \`${r.command}\` failed (${r.result.reason}), so it cannot vouch for the call`)];
    return { kind: 'ask', reason: parts.filter(Boolean).join('; ') };
  }
  const allow = said(['allow']);
  if (allow.length) return { kind: 'allow', reason: because(allow, 'allowed by a hook') };
  return undefined;
}

export function applyPreToolVerdict(decision: PolicyDecision, v: PreToolVerdict | undefined): PolicyDecision {
  if (!v || decision.decision === 'deny') return decision;
  const { parts: _parts, ...rest } = decision;
  void _parts;
  if (v.kind === 'deny') return { ...rest, decision: 'deny', rule: PRE_TOOL_RULE, reason: `Blocked by a PreToolUse hook: ${v.reason}` };
  if (v.kind === 'ask') {
    if (decision.decision === 'allow') return { ...rest, decision: 'ask', rule: PRE_TOOL_RULE, reason: `A PreToolUse hook asks: ${v.reason}` };
    return { ...decision, reason: `${decision.reason} A PreToolUse hook also asks: ${v.reason}` };
  }
  if (decision.decision === 'allow') return decision;
  if (decision.risk === 'critical') return { ...decision, reason: `${decision.reason} (A PreToolUse hook allowed it, but critical calls always ask.)` };
  return { ...rest, decision: 'allow', rule: PRE_TOOL_RULE, reason: `Allowed by a PreToolUse hook (${v.reason}); the policy alone would have asked: ${decision.reason}` };
}
