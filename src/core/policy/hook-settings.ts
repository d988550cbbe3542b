// `harness.hooks` read as data, in the shape Claude Code's settings use so the same hooks work here:
// { "PreToolUse": [ { "matcher": "write_file|edit_file", "hooks": [ { "type": "command", "command": "…", "timeout": 30 } ] } ] }
// Flattened to one entry per command. Nothing here runs anything.

export const HOOK_EVENTS = ['PreToolUse', 'PostToolUse', 'Stop', 'UserPromptSubmit'] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

export interface HookEntry {
  event: HookEvent;
  /** A regular expression on the tool's name (PreToolUse, PostToolUse); absent, "" or "*": every tool. */
  matcher?: string;
  command: string;
  /** Seconds; default: the commands' timeout. */
  timeout?: number;
  source: 'user' | 'workspace';
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Every valid hook of a `harness.hooks` value; each bad part is a warning saying what to fix. */
export function parseHooks(raw: unknown, where: string, source: HookEntry['source'], warnings: string[]): HookEntry[] {
  if (raw === undefined || raw === null) return [];
  const shape = 'use {"PreToolUse": [{"matcher": "<tool regex>", "hooks": [{"type": "command", "command": "…"}]}], …}';
  if (!isRecord(raw)) {
    warnings.push(`Ignored harness.hooks in ${where} settings: ${shape}.`);
    return [];
  }
  const out: HookEntry[] = [];
  for (const [event, groups] of Object.entries(raw)) {
    if (!(HOOK_EVENTS as readonly string[]).includes(event)) {
      warnings.push(`Ignored harness.hooks.${event} in ${where} settings: the events are ${HOOK_EVENTS.join(', ')}.`);
      continue;
    }
    if (!Array.isArray(groups)) {
      warnings.push(`Ignored harness.hooks.${event} in ${where} settings: ${shape}.`);
      continue;
    }
    for (const group of groups) {
      const matcher = isRecord(group) ? group.matcher : undefined;
      if (!isRecord(group) || !Array.isArray(group.hooks) || (matcher !== undefined && typeof matcher !== 'string')) {
        warnings.push(`Ignored a group of harness.hooks.${event} in ${where} settings: ${shape}.`);
        continue;
      }
      if (typeof matcher === 'string' && !validRegExp(matcher)) {
        warnings.push(`Ignored harness.hooks.${event} matcher "${matcher}" in ${where} settings: not a valid regular expression.`);
        continue;
      }
      for (const h of group.hooks) {
        if (!isRecord(h) || h.type !== 'command' || typeof h.command !== 'string' || !h.command.trim()) {
          warnings.push(`Ignored a hook of harness.hooks.${event} in ${where} settings: each needs {"type": "command", "command": "…"}.`);
          continue;
        }
        const timeout = typeof h.timeout === 'number' && Number.isFinite(h.timeout) && h.timeout > 0 ? h.timeout : undefined;
        out.push({ event: event as HookEvent, ...(matcher ? { matcher } : {}), command: h.command, ...(timeout ? { timeout } : {}), source });
      }
    }
  }
  return out;
}

function validRegExp(s: string): boolean {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}

/** Whether a hook applies to this tool (Claude Code's rule: the matcher is a regex on the whole name). */
export function hookMatches(h: HookEntry, tool: string | undefined): boolean {
  if (h.matcher === undefined || h.matcher === '' || h.matcher === '*') return true;
  if (tool === undefined) return false;
  try {
    return new RegExp(`^(?:${h.matcher})$`).test(tool);
  } catch {
    return false;
  }
}

/** What the hook runs and when, in one line, for the confirmation and the audit log. */
export function describeHook(h: Omit<HookEntry, 'source'>): string {
  const when = h.matcher && h.matcher !== '*' ? `${h.event} hook for tools matching "${h.matcher}"` : `${h.event} hook`;
  return `${when}: runs \`${h.command}\`${h.timeout ? ` (timeout ${h.timeout} s)` : ''}`;
}

/** Identity of a hook for the merge (the same hook in user and workspace settings is one hook). */
export const hookKey = (h: Omit<HookEntry, 'source'>) => JSON.stringify([h.event, h.matcher ?? '', h.command, h.timeout ?? null]);
