// The policy engine: every tool call gets a risk class and a decision (allow / ask / deny) with the
// rule and the reason. Commands are judged by the shell-aware classifier in core/commands.
import type { PolicyConfig, PolicyDecision, PolicyQuery, PolicyRule, RiskClass } from '../shared/types';
import { decideCommand } from '../commands/decide';
import { commandRegime, type CommandRegime } from '../commands/sandbox';
import { isProtected, matchesGlob } from '../workspace/protected';
import { isSecretFile } from '../workspace/secret-files';

const READ_TOOLS = new Set(['read_file', 'list_files', 'search_files']);
const EDIT_TOOLS = new Set(['write_file', 'edit_file']);

export function describeFileRule(rule: PolicyRule): string {
  const parts = [rule.tool ? `tool ${rule.tool}` : 'any tool', rule.path ? `path "${rule.path}"` : 'any path'];
  return `${rule.action} ${parts.join(', ')}${rule.source ? ` (${rule.source})` : ''}`;
}

export function toolMatches(pattern: string | undefined, tool: string): boolean {
  if (pattern === undefined || pattern === '*') return true;
  if (!pattern.includes('*')) return pattern === tool;
  return new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$').test(tool);
}

/** File rules that apply: a rule naming a command never applies to a file operation. */
function matchingFileRules(rules: PolicyRule[], tool: string, path: string | undefined): PolicyRule[] {
  return rules.filter((r) => {
    if (r.command !== undefined) return false;
    if (!toolMatches(r.tool, tool)) return false;
    if (r.path === undefined) return true;
    return path !== undefined && matchesGlob(path, r.path, { ignoreCase: true });
  });
}

function strictest(rules: PolicyRule[]): PolicyRule | undefined {
  return rules.find((r) => r.action === 'deny') ?? rules.find((r) => r.action === 'ask') ?? rules.find((r) => r.action === 'allow');
}

function riskOf(query: PolicyQuery, policy: PolicyConfig): { risk: RiskClass; why: string } {
  if (query.outside) return { risk: 'critical', why: 'the target is outside the workspace' };
  if (query.tool === 'delete_file') return { risk: 'critical', why: 'deleting a file' };
  if (READ_TOOLS.has(query.tool)) {
    if (query.path && isSecretFile(query.path)) {
      return { risk: 'high', why: `reading ${query.path} would send credentials to the model` };
    }
    return { risk: 'low', why: 'read inside the workspace' };
  }
  if (EDIT_TOOLS.has(query.tool)) {
    const prot = query.path ? isProtected(query.path, policy.protectedPaths) : undefined;
    if (prot) return { risk: 'critical', why: `${query.path} is a protected path (${prot})` };
    return { risk: 'medium', why: 'edit inside the workspace' };
  }
  return { risk: 'critical', why: `unknown tool ${query.tool}` };
}

const DECISION_RANK = { allow: 0, ask: 1, deny: 2 } as const;
const RISK_RANK = { low: 0, medium: 1, high: 2, critical: 3 } as const;

/**
 * Decision for a file operation (read, write, edit, delete, list, search). Deny rules win, then ask,
 * then allow; critical risk always needs a human, whatever the level or the rules. A path that leads
 * elsewhere through a link (`realPath`) gets the stricter of the decisions for its name and its target.
 */
export function decideFileOperation(query: PolicyQuery, policy: PolicyConfig): PolicyDecision {
  const named = decideNamedPath(query, policy);
  if (query.outside || !query.realPath || !query.path || query.realPath === query.path) return named;
  const target = decideNamedPath({ ...query, path: query.realPath }, policy);
  const stricter = DECISION_RANK[target.decision] - DECISION_RANK[named.decision] || RISK_RANK[target.risk] - RISK_RANK[named.risk];
  return stricter > 0 ? { ...target, reason: `${query.path} leads through a link to ${query.realPath}. ${target.reason}` } : named;
}

function decideNamedPath(query: PolicyQuery, policy: PolicyConfig): PolicyDecision {
  const { risk, why } = riskOf(query, policy);
  if (query.outside) return { decision: 'deny', risk, rule: 'builtin:workspace-scope', reason: `Refused: ${why}.` };
  const rule = strictest(matchingFileRules(policy.rules, query.tool, query.path));
  const ruleText = rule ? describeFileRule(rule) : undefined;
  if (rule?.action === 'deny') return { decision: 'deny', risk, rule: ruleText, reason: `Denied by rule ${ruleText}.` };
  if (risk === 'critical') {
    return { decision: 'ask', risk, rule: 'builtin:critical', reason: `Needs a human: ${why}; critical calls always ask.` };
  }
  if (rule?.action === 'ask') return { decision: 'ask', risk, rule: ruleText, reason: `Rule ${ruleText} asks.` };
  const level = policy.automationLevel;
  if (risk === 'low') return { decision: 'allow', risk, rule: ruleText ?? 'builtin:reads', reason: 'Reads inside the workspace run at every level.' };
  if (risk === 'high') {
    if (rule?.action === 'allow') return { decision: 'allow', risk, rule: ruleText, reason: `Allowed by rule ${ruleText}.` };
    return { decision: 'ask', risk, rule: 'builtin:secret-files', reason: `Needs a human: ${why}.` };
  }
  // Medium: an edit inside the workspace.
  if (level <= 2) {
    return { decision: 'ask', risk, rule: `level:${level}`, reason: `Automation level ${level}: edits ask for approval.` };
  }
  return {
    decision: 'allow',
    risk,
    rule: ruleText ?? `level:${level}`,
    reason: rule ? `Allowed by rule ${ruleText} at level ${level}.` : `Automation level ${level}: edits inside the workspace apply with a checkpoint.`,
  };
}

/**
 * A command line under a whole policy: its rules, level, protected paths and the regime it will run
 * under (inside the enforcing sandbox or without one). Every caller (the tool, verification, `policy
 * explain` in both front ends) goes through here so none judges with less.
 */
export async function decidePolicyCommand(command: string, policy: PolicyConfig, root: string, known?: CommandRegime): Promise<PolicyDecision> {
  // `known`: the regime found once for many decisions (the prompt's and a plan's pre-check).
  const regime = known ?? (await commandRegime(policy.sandbox ?? 'auto'));
  const decision = await decideCommand(command, {
    root,
    rules: policy.rules,
    level: policy.automationLevel,
    protectedPaths: policy.protectedPaths,
    sandboxed: regime.sandboxed,
    unsandboxedAutonomy: !!policy.unsandboxedAutonomy,
    allowNetwork: !!policy.allowNetwork,
  });
  return { ...decision, regime };
}

/** Decision for any tool call, commands included. `root` is needed to resolve command paths. */
export async function decideToolCall(query: PolicyQuery, policy: PolicyConfig, root: string): Promise<PolicyDecision> {
  if (query.tool === 'run_command') return decidePolicyCommand(query.command ?? '', policy, root);
  return decideFileOperation(query, policy);
}
