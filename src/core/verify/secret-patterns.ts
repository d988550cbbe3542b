// What a credential looks like. Provider-shaped tokens (a fixed prefix and length) are matched as
// they are; the generic shapes (`password = "…"`, a URL with a password) also have to look like
// a real value rather than a placeholder, a variable or a word, so ordinary code stays quiet.

export interface SecretPattern {
  kind: string;
  regex: RegExp;
  /** Extra test on the match, for patterns that would otherwise hit ordinary identifiers. */
  accept?: (secret: string) => boolean;
  /** Capture group holding the secret (default: whole match). */
  group?: number;
  /** Only in files whose path matches (config formats where values go unquoted). */
  only?: RegExp;
}

const hasLetterAndDigit = (s: string) => /[A-Za-z]/.test(s) && /\d/.test(s);

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const REFERENCE = /^(?:\$|\{|<|%|@|\/|~\/|\.\.?\/|process\.env|os\.environ|env\(|import\.meta)|:\/\/|\\/i;
/** `^1.2.3`, `~2.0`, `>=3`: a dependency version, not a value someone typed in. */
const VERSION = /^[~^>=<v]*\d+(?:\.[\dx*]+)+(?:[-+][\w.]+)?$/;
const PLACEHOLDER = /your|example|changeme|change[_-]me|placeholder|dummy|sample|fake|mock|test|xxx|\*\*\*|redacted|replace|insert|todo|<.*>/i;

/** A value that is a real secret rather than a placeholder, a variable or a word. */
export function looksRandom(value: string): boolean {
  if (REFERENCE.test(value) || PLACEHOLDER.test(value) || VERSION.test(value)) return false;
  if (/^[A-Za-z_.-]+$/.test(value)) return false; // an identifier, a dotted reference, a word
  return value.length >= 12 && entropy(value) >= 3.2;
}

/** Passwords are short and not random, so the bar is lower: any literal that is not a word or a stand-in. */
export function looksLikePassword(value: string): boolean {
  if (REFERENCE.test(value) || PLACEHOLDER.test(value) || VERSION.test(value)) return false;
  if (/[[\]()]/.test(value)) return false; // a selector or a call: `input[type=password]`
  if (/^[A-Za-z_.-]+$/.test(value)) return false; // `password = "password"`, a field name
  if (/^(.)\1*$/.test(value)) return false; // `********`, `xxxxxx`
  return value.length >= 6;
}

const CONFIG_FILE = /\.(?:ya?ml|ini|cfg|conf|properties|toml|env)$|(?:^|\/)\.env(?:\.[^/]*)?$/i;
const PASSWORD_KEY = String.raw`(?:password|passwd|passphrase|pwd)`;
const SECRET_KEY = String.raw`(?:api[_-]?key|apikey|secret(?:[_-]?key)?|access[_-]?key|auth[_-]?token|access[_-]?token|refresh[_-]?token|client[_-]?secret|private[_-]?key|token)`;

export const PATTERNS: SecretPattern[] = [
  { kind: 'AWS access key', regex: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  {
    kind: 'AWS secret key',
    regex: /aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["'`]?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
    accept: hasLetterAndDigit,
  },
  { kind: 'private key', regex: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
  { kind: 'GitHub token', regex: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}\b/g },
  { kind: 'GitHub token', regex: /\bgithub_pat_[A-Za-z0-9_]{22,}\b/g },
  { kind: 'GitLab token', regex: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  { kind: 'npm token', regex: /\bnpm_[A-Za-z0-9]{36}\b/g },
  // OpenAI (sk-…, sk-proj-…) and Anthropic (sk-ant-…) keys.
  { kind: 'API key (sk-)', regex: /\bsk-(?:proj-|ant-|live-|test-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g, accept: hasLetterAndDigit },
  { kind: 'Stripe key', regex: /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}\b/g },
  { kind: 'Stripe webhook secret', regex: /\bwhsec_[A-Za-z0-9]{24,}\b/g },
  { kind: 'Slack token', regex: /\bxox[abposre]-[A-Za-z0-9-]{10,}/g },
  { kind: 'Slack webhook', regex: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]{20,}/g },
  { kind: 'Google API key', regex: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'JWT', regex: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { kind: 'bearer token', regex: /\bBearer\s+([A-Za-z0-9._~+/-]{20,}=*)/g, group: 1, accept: looksRandom },
  { kind: 'password in a URL', regex: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@"'`]+:([^\s/@"'`]+)@/gi, group: 1, accept: looksLikePassword },
  {
    kind: 'hard-coded password',
    regex: new RegExp(String.raw`${PASSWORD_KEY}["']?\s*[:=]\s*["'\`]([^\s"'\`]+)["'\`]`, 'gi'),
    group: 1,
    accept: looksLikePassword,
  },
  {
    kind: 'hard-coded credential',
    regex: new RegExp(String.raw`${SECRET_KEY}["']?\s*[:=]\s*["'\`]([^\s"'\`]{8,})["'\`]`, 'gi'),
    group: 1,
    accept: looksRandom,
  },
  {
    // Shell and .env style: `export API_TOKEN=…`, unquoted.
    kind: 'hard-coded credential',
    regex: /^\s*(?:export\s+)?[A-Z0-9_]*(?:API_KEY|SECRET|TOKEN|PASSWORD|PASSWD)[A-Z0-9_]*\s*=\s*([^\s"'`#]{8,})\s*$/g,
    group: 1,
    accept: looksRandom,
  },
  {
    // YAML / INI / TOML values go unquoted: `password: hunter22`.
    kind: 'hard-coded password',
    regex: new RegExp(String.raw`^\s*[\w.-]*${PASSWORD_KEY}[\w.-]*\s*[:=]\s*([^\s"'\`#]+)\s*$`, 'gi'),
    group: 1,
    accept: looksLikePassword,
    only: CONFIG_FILE,
  },
];
