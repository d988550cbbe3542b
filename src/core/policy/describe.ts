// How a policy decision reads to a person: the decision, its risk, the rule, and each parsed part of
// a command with the rule that matched it. Used by `harness policy explain` and the editor alike.
import type { PolicyDecision } from '../shared/types';

export function describeDecision(d: PolicyDecision): string[] {
  const lines = [`${d.decision.toUpperCase()} (risk ${d.risk})${d.rule ? ` — ${d.rule}` : ''}`, `  ${d.reason}`];
  for (const p of d.parts ?? []) lines.push(`  - ${p.decision.padEnd(5)} ${p.risk.padEnd(8)} ${p.text}`, `      ${p.rule ? p.rule + ': ' : ''}${p.reason}`);
  return lines;
}
