// The user's own allow rules (harness.rules in the user settings). Kept in one small place: a
// suggestion from the panel and an "Always allow" answer become rules here, and only here.
import * as vscode from 'vscode';
import type { PolicyRule } from '../core/shared/types';

const sameRule = (a: PolicyRule, b: PolicyRule) => a.action === b.action && a.tool === b.tool && a.path === b.path && a.command === b.command && a.folder === b.folder;

/** Appends `rule` to harness.rules in the user settings (ConfigurationTarget.Global), unless it is there. */
export async function addUserAllowRule(rule: PolicyRule & { action: 'allow' }): Promise<void> {
  const config = vscode.workspace.getConfiguration('harness');
  const current = config.inspect<PolicyRule[]>('rules')?.globalValue ?? [];
  if (current.some((r) => sameRule(r, rule))) return;
  await config.update('rules', [...current, rule], vscode.ConfigurationTarget.Global);
}

/**
 * True when an allow rule the user already has (at any settings level) allows what `rule` would:
 * the same rule, or for commands a plain prefix of its words (`npm` covers `npm test`).
 */
export function alreadyAllowed(rule: PolicyRule, scope?: vscode.Uri): boolean {
  const i = vscode.workspace.getConfiguration('harness', scope).inspect<PolicyRule[]>('rules');
  const all = [i?.globalValue, i?.workspaceValue, i?.workspaceFolderValue].flatMap((v) => (Array.isArray(v) ? v : []));
  return all.some((r) => {
    if (r?.action !== 'allow') return false;
    // A rule for one folder covers nothing elsewhere.
    if (r.folder !== undefined && r.folder !== rule.folder) return false;
    if (sameRule(r, rule)) return true;
    if (rule.command === undefined || typeof r.command !== 'string' || r.path !== undefined || (r.tool !== undefined && r.tool !== 'run_command')) return false;
    const have = r.command.trim().split(/\s+/);
    const want = rule.command.trim().split(/\s+/);
    return !have.some((w) => w.includes('*')) && have.length <= want.length && have.every((w, k) => w === want[k]);
  });
}
