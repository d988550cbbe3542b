// Secret scan of what an edit added. A leaked credential is critical: the loop stops and a
// human reviews. Findings never repeat the secret itself, only a masked form.
import { addedLines } from './added-lines';
import { PATTERNS } from './secret-patterns';
import type { CheckResult, Finding, TouchedFile } from './types';

/** `AKIA…(20 chars)`: enough to find it, never enough to use it. */
export function maskSecret(secret: string): string {
  if (secret.startsWith('-----BEGIN')) return secret; // the header is not the key
  const keep = secret.length >= 16 ? 4 : 0;
  return `${secret.slice(0, keep)}${'*'.repeat(8)} (${secret.length} chars)`;
}

const baseName = (path: string) => path.split('/').pop() ?? '';
/** A real `.env` file; `.env.example` and friends are templates meant to be committed. */
const isEnvFile = (path: string) => /^\.env(?:\..*)?$/i.test(baseName(path)) && !/\.(?:example|sample|template|dist|defaults?|schema)$/i.test(baseName(path));
/** `KEY=value` with a value: an empty `KEY=` or `KEY=""` holds nothing secret. */
const ENV_ASSIGNMENT = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.]*\s*=\s*(?!["']?["']?\s*(?:#.*)?$)\S/;

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
        if (p.only && !p.only.test(file.path)) continue;
        for (const m of text.matchAll(p.regex)) {
          const secret = m[p.group ?? 0] ?? m[0];
          if (p.accept && !p.accept(secret)) continue;
          kinds.push(p.kind);
          masked = masked.split(secret).join(maskSecret(secret));
        }
      }
      if (!kinds.length && isEnvFile(file.path) && ENV_ASSIGNMENT.test(text)) {
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
    return { name: 'secrets', status: 'passed', passed: true, severity: 'critical', summary: 'no secrets in the added lines' };
  }
  const first = findings[0];
  return {
    name: 'secrets',
    status: 'failed',
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
