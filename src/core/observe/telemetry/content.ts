// What the telemetry may carry. By default: names, decisions, risks, rule ids, outcomes, counts,
// times, token usage — never a prompt, a file's content, a path, a command line, a tool's output,
// a reason someone typed, or a secret. `includeContent` (the user's own setting) adds the text, with
// the secrets the front end knows (the API key) cut out even then.

export interface ContentPolicy {
  include: boolean;
  /** Values that never leave, content or not. */
  secrets: readonly string[];
}

/** Longest text one attribute carries (a file's content would be megabytes). */
export const CONTENT_MAX_CHARS = 4000;

/** `text` when content is allowed (secrets cut, length capped), else undefined. */
export function contentOf(policy: ContentPolicy, text: string | undefined): string | undefined {
  if (!policy.include || text === undefined) return undefined;
  let out = text;
  for (const s of policy.secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  return out.length > CONTENT_MAX_CHARS ? `${out.slice(0, CONTENT_MAX_CHARS)}… [${out.length} chars]` : out;
}

/** JSON of a value, as content. */
export function jsonContent(policy: ContentPolicy, value: unknown): string | undefined {
  if (!policy.include) return undefined;
  try {
    return contentOf(policy, JSON.stringify(value));
  } catch {
    return undefined;
  }
}

/**
 * The program a command runs (`npm` for `npm test -- x`, `make` for `/usr/bin/make all`): enough to
 * count approvals per command without sending the command line. Odd names become `other`.
 */
export function commandProgram(command: string): string {
  const first = command.trim().split(/\s+/)[0] ?? '';
  const name = first.slice(first.lastIndexOf('/') + 1);
  return /^[A-Za-z0-9._+-]{1,40}$/.test(name) ? name : 'other';
}

/**
 * A rule as the telemetry names it: built-in ids (`builtin:critical`, `level:3`) as they are; a rule
 * the user wrote only as `configured`, since its text holds their command lines and paths (content).
 */
export function ruleName(policy: ContentPolicy, rule: string | undefined): string | undefined {
  if (rule === undefined) return undefined;
  if (/^(builtin|level):[\w-]+$/.test(rule)) return rule;
  return contentOf(policy, rule) ?? 'configured';
}
