// Progressive automation from the record: a command (or a credential file read) that a person
// approved many times and never rejected can become a user-level allow rule — suggested, never
// added by itself. Only where such a rule changes the answer (the policy engine's own terms, read
// from the recorded rule ids and levels, never from a message's wording), and never for a critical
// call: critical calls always ask.
import type { PolicyRule } from '../shared/types';
import { isHumanAnswer, type ApprovalFact, type TaskFacts } from './task-facts';
import { commandKey } from './workspace-stats';

/** Approvals by a person, none rejected, before a rule is suggested. */
export const SUGGEST_AFTER_APPROVALS = 5;

export interface RuleSuggestion {
  /** Stable across refreshes: what the rule is about (`command:npm test`, `read:read_file:.env.example`). */
  id: string;
  rule: PolicyRule & { action: 'allow' };
  /** One line: what it allows. */
  title: string;
  /** Exactly what the rule would allow, what still asks, and the record behind it. */
  detail: string;
  approvals: number;
}

/** Words a rule matches literally: no quoting, globbing or shell syntax to read differently. */
const PLAIN_COMMAND = /^[A-Za-z0-9_@%+=:,./-]+(?: [A-Za-z0-9_@%+=:,./-]+)*$/;
const PLAIN_PATH = /^[^*?[\]{}!\\]+$/;
const MAX_SUGGESTIONS = 20;

interface Target {
  kind: 'command' | 'read';
  id: string;
  target: string;
  tool: string;
  /** An allow rule would have changed this approval's answer. */
  eligible: boolean;
}

type Candidate = Omit<Target, 'eligible'> & { approvals: number; blocked: boolean };

/** What rule an approval is about, and whether an allow rule would have spared the question. */
function targetOf(a: ApprovalFact): Target | undefined {
  if (a.request === 'command' && a.command !== undefined) {
    const cmd = commandKey(a.command);
    // Level 3 asks for a command no rule allows (no rule recorded); levels 1-2 ask whatever the rules
    // say, and a builtin concern or an ask rule wins over an allow rule.
    const eligible = a.level === 3 && a.rule === undefined && !a.compound && PLAIN_COMMAND.test(cmd);
    return { kind: 'command', id: `command:${cmd}`, target: cmd, tool: 'run_command', eligible };
  }
  if (a.request === 'tool' && a.path !== undefined) {
    // A credential file read asks under builtin:secret-files at every level; an allow rule for the
    // tool and that one path lets it through. Other reasons to ask are not an allow rule's to lift.
    const eligible = a.rule === 'builtin:secret-files' && a.risk === 'high' && PLAIN_PATH.test(a.path);
    return { kind: 'read', id: `read:${a.tool}:${a.path}`, target: a.path, tool: a.tool, eligible };
  }
  return undefined;
}

function describe(c: Candidate): RuleSuggestion {
  const times = `You approved it ${c.approvals} times and never rejected it.`;
  if (c.kind === 'command') {
    const rule = { action: 'allow' as const, command: c.target };
    return {
      id: c.id,
      rule,
      title: `Allow "${c.target}" without asking`,
      detail:
        `Adds ${JSON.stringify(rule)} to harness.rules in your user settings. At automation level 3, Harness then runs ` +
        `"${c.target}", also with more arguments after it, without asking, in every workspace. Still asked: every command at ` +
        `levels 1–2, and any command with a risky or critical part. The sandbox setting still applies. ${times}`,
      approvals: c.approvals,
    };
  }
  const rule = { action: 'allow' as const, tool: c.tool, path: c.target };
  return {
    id: c.id,
    rule,
    title: `Allow ${c.tool} on "${c.target}" without asking`,
    detail:
      `Adds ${JSON.stringify(rule)} to harness.rules in your user settings. Harness then lets the agent ${c.tool === 'read_file' ? 'read' : `use ${c.tool} on`} ` +
      `"${c.target}" (a file that may hold credentials; the model sees what it reads) without asking, at every level and in every ` +
      `workspace. Other credential files still ask. ${times}`,
    approvals: c.approvals,
  };
}

/**
 * Allow rules the record supports: at least `minApprovals` approvals by a person where the rule
 * would have changed the answer, no rejection (or partial approval) by a person ever, and no call
 * of the same target that was critical.
 */
export function ruleSuggestions(tasks: readonly TaskFacts[], minApprovals = SUGGEST_AFTER_APPROVALS): RuleSuggestion[] {
  const byId = new Map<string, Candidate>();
  for (const a of tasks.flatMap((t) => t.approvals)) {
    const t = targetOf(a);
    if (!t) continue;
    let entry = byId.get(t.id);
    if (!entry) byId.set(t.id, (entry = { kind: t.kind, id: t.id, target: t.target, tool: t.tool, approvals: 0, blocked: false }));
    const human = isHumanAnswer(a.by);
    if (a.risk === 'critical' || (human && (a.outcome === 'rejected' || a.outcome === 'partly'))) entry.blocked = true;
    else if (human && a.outcome === 'approved' && t.eligible) entry.approvals++;
  }
  return [...byId.values()]
    .filter((c) => !c.blocked && c.approvals >= minApprovals)
    .sort((a, b) => b.approvals - a.approvals || (a.id < b.id ? -1 : 1))
    .slice(0, MAX_SUGGESTIONS)
    .map(describe);
}
