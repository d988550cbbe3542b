// The policy for a call to an MCP server's tool. The harness cannot see what such a tool does, so it
// asks at every level unless a rule names the tool (`mcp__github__*`). The server's annotations are
// its own claims: they are shown, and may make a call riskier, never safer.
import type { PolicyConfig, PolicyDecision, PolicyRule, RiskClass } from '../shared/types';
import { toolMatches } from './engine';

const describeRule = (r: PolicyRule) => `${r.action} tool ${r.tool ?? '*'}${r.source ? ` (${r.source})` : ''}`;

/** The hints of MCP's ToolAnnotations the policy reads. */
export interface McpAnnotations {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface McpCallQuery {
  /** The name the model used: `mcp__<server>__<tool>`. */
  tool: string;
  server: string;
  annotations?: McpAnnotations;
}

/** The annotations in words, for the person asked and the record; '' when the server gave none. */
export function describeAnnotations(a: McpAnnotations | undefined): string {
  if (!a) return '';
  const words = [
    a.readOnlyHint === true ? 'read-only' : a.readOnlyHint === false ? 'may change things' : '',
    a.destructiveHint === true ? 'destructive' : a.destructiveHint === false ? 'not destructive' : '',
    a.idempotentHint === true ? 'idempotent' : '',
    a.openWorldHint === true ? 'reaches outside systems' : a.openWorldHint === false ? 'closed world' : '',
  ].filter(Boolean);
  return words.length ? `The server says: ${words.join(', ')} (unverified).` : '';
}

function riskOf(q: McpCallQuery): { risk: RiskClass; why: string } {
  // MCP's default for destructiveHint is true, so only an explicit true raises the risk: otherwise an
  // allow rule could never let any unannotated tool run.
  if (q.annotations?.destructiveHint === true) return { risk: 'critical', why: `the server marks ${q.tool} as destructive` };
  if (q.annotations?.openWorldHint === true) return { risk: 'high', why: `${q.tool} reaches outside systems` };
  return { risk: 'medium', why: `${q.tool} runs in MCP server "${q.server}", outside the harness's file and command checks` };
}

/** Rules that may judge an MCP call: by tool name only (a path or command rule never matches one). */
function matching(rules: PolicyRule[], tool: string): PolicyRule[] {
  return rules.filter((r) => r.command === undefined && r.path === undefined && toolMatches(r.tool, tool));
}

export function decideMcpCall(q: McpCallQuery, policy: PolicyConfig): PolicyDecision {
  const { risk, why } = riskOf(q);
  const hints = describeAnnotations(q.annotations);
  const withHints = (reason: string) => (hints ? `${reason} ${hints}` : reason);
  const rules = matching(policy.rules, q.tool);
  const deny = rules.find((r) => r.action === 'deny');
  if (deny) return { decision: 'deny', risk, rule: describeRule(deny), reason: withHints(`Denied by rule ${describeRule(deny)}.`) };
  if (risk === 'critical') return { decision: 'ask', risk, rule: 'builtin:critical', reason: withHints(`Needs a human: ${why}; critical calls always ask.`) };
  const ask = rules.find((r) => r.action === 'ask');
  if (ask) return { decision: 'ask', risk, rule: describeRule(ask), reason: withHints(`Rule ${describeRule(ask)} asks.`) };
  // Only a rule that names tools allows one: a catch-all rule was written for files, not for servers.
  const allow = rules.find((r) => r.action === 'allow' && r.tool !== undefined);
  if (policy.automationLevel === 1) return { decision: 'ask', risk, rule: 'level:1', reason: withHints(`Automation level 1: ${q.tool} asks (${why}).`) };
  if (allow) return { decision: 'allow', risk, rule: describeRule(allow), reason: withHints(`Allowed by rule ${describeRule(allow)}.`) };
  return { decision: 'ask', risk, rule: 'builtin:mcp', reason: withHints(`Needs a human: ${why}; MCP calls ask at every level unless a rule allows them, e.g. {"action": "allow", "tool": "mcp__${q.server}__*"}.`) };
}
