// How a policy decision reads to a person: the decision, its risk, the rule, and each parsed part of
// a command with the rule that matched it, and the regime a command runs under (sandboxed or not).
// Used by `harness policy explain` and the editor alike.
import type { PolicyDecision } from '../shared/types';

export function describeDecision(d: PolicyDecision): string[] {
  const lines = [`${d.decision.toUpperCase()} (risk ${d.risk})${d.rule ? ` — ${d.rule}` : ''}`, `  ${d.reason}`];
  for (const p of d.parts ?? []) lines.push(`  - ${p.decision.padEnd(5)} ${p.risk.padEnd(8)} ${p.text}`, `      ${p.rule ? p.rule + ': ' : ''}${p.reason}`);
  if (d.regime) lines.push(`  ${regimeText(d.regime)}`);
  return lines;
}

/** Which of the two regimes a command runs under, and what that means, in one sentence. */
export function regimeText(r: { sandboxed: boolean; reason: string }): string {
  return r.sandboxed
    ? `Regime: sandboxed — ${r.reason}.`
    : `Regime: UNSANDBOXED (${r.reason}) — at level 4 only known read-only commands run unasked; everything else asks unless your own rule allows it or harness.unsandboxedAutonomy is on.`;
}
