// Restricted Mode (an untrusted workspace): the agent may read and propose, never apply or run.
// Forcing level 1 sends every edit and command to the approver, which refuses in Restricted Mode;
// the deny rules make doubly sure commands never run, and the applier refuses as a last line.
import * as vscode from 'vscode';
import type { EffectivePolicy } from '../core/policy/merge';

export function isRestricted(): boolean {
  return !vscode.workspace.isTrusted;
}

export function restrictPolicy(policy: EffectivePolicy): EffectivePolicy {
  if (!isRestricted()) return policy;
  return {
    ...policy,
    automationLevel: 1,
    rules: [...policy.rules, { action: 'deny', tool: 'run_command', source: 'restricted-mode' }],
    verificationCommands: [],
  };
}

/** Told to the model, so it explains rather than retries. */
export const RESTRICTED_INSTRUCTIONS =
  'The workspace is not trusted (VS Code Restricted Mode). You may read files and propose edits, but edits are not applied and commands do not run. Say so in your summary.';
