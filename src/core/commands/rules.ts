// Matches user rules against a command's words: prefixes and globs on whole words, so `npm test`
// allows `npm test -- --watch` but not `npm testx`, and `*` inside a word (`lint:*`) stays inside it.
import type { DecisionKind, PolicyRule } from '../shared/types';

export interface RuleMatch {
  action: DecisionKind;
  rule: PolicyRule;
  text: string;
}

/** How a rule reads in explanations and the audit log: `allow "npm test" (workspace)`. */
export function describeRule(rule: PolicyRule): string {
  const what = rule.command !== undefined ? `"${rule.command}"` : 'all commands';
  return `${rule.action} ${what}${rule.source ? ` (${rule.source})` : ''}`;
}

function wordGlob(pattern: string, word: string): boolean {
  if (!pattern.includes('*')) return pattern === word;
  const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 's');
  return re.test(word);
}

/** Pattern words against command words; a lone `*` matches any number of words; the pattern is a prefix. */
function matchWords(pattern: string[], words: string[]): boolean {
  if (pattern.length === 0) return true;
  const [p, ...rest] = pattern;
  if (p === '*') {
    for (let i = 0; i <= words.length; i++) if (matchWords(rest, words.slice(i))) return true;
    return false;
  }
  return words.length > 0 && wordGlob(p, words[0]) && matchWords(rest, words.slice(1));
}

export function ruleAppliesToCommands(rule: PolicyRule): boolean {
  if (rule.tool !== undefined && rule.tool !== 'run_command' && rule.tool !== '*') return false;
  return rule.path === undefined;
}

/**
 * Rules matching these words. `words` are the literal values (null = only known at run time):
 * a pattern word must match a literal word; unknown words can only be absorbed by a trailing prefix.
 */
export function matchingRules(rules: PolicyRule[], words: (string | null)[]): RuleMatch[] {
  const out: RuleMatch[] = [];
  for (const rule of rules) {
    if (!ruleAppliesToCommands(rule)) continue;
    if (rule.command === undefined) {
      out.push({ action: rule.action, rule, text: describeRule(rule) });
      continue;
    }
    const pattern = rule.command.trim().split(/\s+/).filter(Boolean);
    if (!pattern.length) continue;
    // Unknown words are replaced by a value no pattern word can equal, so only `*` globs can absorb them.
    const literal = words.map((w) => (w === null ? '\u0000unknown' : w));
    // Deny and ask rules also catch the program spelled as a path (`/usr/bin/git push` for `git push *`);
    // allow rules do not, since `./git` may be the workspace's own program.
    const named = literal.length && literal[0].includes('/') && !pattern[0].includes('/') ? [literal[0].slice(literal[0].lastIndexOf('/') + 1), ...literal.slice(1)] : undefined;
    if (matchWords(pattern, literal) || (rule.action !== 'allow' && named && matchWords(pattern, named))) out.push({ action: rule.action, rule, text: describeRule(rule) });
  }
  return out;
}
