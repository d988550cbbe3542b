// Secret scan of what an edit added. A leaked credential is critical: the loop stops and a
// human reviews. Findings never repeat the secret itself, only a masked form.
import { addedLines } from './added-lines';
import type { CheckResult, Finding, TouchedFile } from './types';

interface SecretPattern {
  kind: string;
  regex: RegExp;
  /** Extra test on the match, for patterns that would otherwise hit ordinary identifiers. */
  accept?: (secret: string) => boolean;
  /** Capture group holding the secret (default: whole match). */
  group?: number;
}

const hasLetterAndDigit = (s: string) => /[A-Za-z]/.test(s) && /\d/.test(s);

const PATTERNS: SecretPattern[] = [
  { kind: 'AWS access key', regex: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { kind: 'private key', regex: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
  { kind: 'GitHub token', regex: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}\b/g },
  { kind: 'GitHub token', regex: /\bgithub_pat_[A-Za-z0-9_]{22,}\b/g },
  { kind: 'API key (sk-)', regex: /\bsk-(?:proj-|ant-|live-|test-)?[A-Za-z0-9_-]{20,}/g, accept: hasLetterAndDigit },
  { kind: 'Slack token', regex: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { kind: 'Slack webhook', regex: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]{20,}/g },
  { kind: 'Google API key', regex: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'JWT', regex: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  {
    kind: 'hard-coded credential',
    regex:
      /(?:api[_-]?key|apikey|secret(?:[_-]?key)?|access[_-]?key|auth[_-]?token|access[_-]?token|client[_-]?secret|token|password|passwd|pwd)["']?\s*[:=]\s*["'`]([^\s"'`]{8,})["'`]/gi,
    group: 1,
    accept: looksRandom,
  },
  {
    kind: 'hard-coded credential',
    regex: /^\s*(?:export\s+)?[A-Z0-9_]*(?:API_KEY|SECRET|TOKEN|PASSWORD|PASSWD)[A-Z0-9_]*\s*=\s*([^\s"'`#]{8,})\s*$/g,
    group: 1,
    accept: looksRandom,
  },
];

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

/** A value that is a real secret rather than a placeholder, a variable or a word. */
function looksRandom(value: string): boolean {
  if (/^(?:\$|\{|<|%|process\.env|os\.environ|env\()/i.test(value)) return false;
  if (/(?:your|example|changeme|placeholder|dummy|xxxx|\*\*\*\*|redacted|replace)/i.test(value)) return false;
  if (/^[A-Za-z_.]+$/.test(value)) return false; // an identifier or dotted reference
  return value.length >= 12 && entropy(value) >= 3.2;
}

/** `AKIA…(20 chars)`: enough to find it, never enough to use it. */
export function maskSecret(secret: string): string {
  if (secret.startsWith('-----BEGIN')) return secret; // the header is not the key
  const keep = secret.length >= 16 ? 4 : 0;
  return `${secret.slice(0, keep)}${'*'.repeat(8)} (${secret.length} chars)`;
}

const isEnvFile = (path: string) => /^\.env(?:\..*)?$/i.test(path.split('/').pop() ?? '');

export interface SecretFinding extends Finding {
  kind: string;
}

export function findSecrets(files: TouchedFile[]): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const file of files) {
    for (const { line, text } of addedLines(file)) {
      let masked = text;
      const kinds: string[] = [];
      for (const p of PATTERNS) {
        for (const m of text.matchAll(p.regex)) {
          const secret = m[p.group ?? 0] ?? m[0];
          if (p.accept && !p.accept(secret)) continue;
          kinds.push(p.kind);
          masked = masked.split(secret).join(maskSecret(secret));
        }
      }
      if (!kinds.length && isEnvFile(file.path) && text.trim() && !text.trim().startsWith('#')) {
        kinds.push('.env content');
        masked = text.replace(/=(.*)$/, (_all, v: string) => (v.trim() ? `=${maskSecret(v.trim())}` : '='));
      }
      if (kinds.length) findings.push({ path: file.path, line, kind: [...new Set(kinds)].join(', '), text: masked.trim().slice(0, 300) });
    }
  }
  return findings;
}

export function secretScanCheck(files: TouchedFile[]): CheckResult {
  const findings = findSecrets(files);
  if (!findings.length) {
    return { name: 'secrets', passed: true, severity: 'critical', summary: 'no secrets in the added lines' };
  }
  const first = findings[0];
  return {
    name: 'secrets',
    passed: false,
    severity: 'critical',
    summary: `${findings.length} possible secret(s) added, first: ${first.kind} at ${first.path}:${first.line}`,
    details: findings
      .slice(0, 50)
      .map((f) => `${f.path}:${f.line}: ${f.kind}: ${f.text}`)
      .join('\n'),
    file: first.path,
    line: first.line,
  };
}
