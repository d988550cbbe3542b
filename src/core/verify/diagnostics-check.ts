// Editor diagnostics for the touched files: only errors that were not there before the task
// count, matched without line numbers because edits move lines.
import { oneLine } from './added-lines';
import type { CheckResult, Diag, DiagnosticsProvider } from './types';

const key = (d: Diag) => `${d.path}\u0000${d.source ?? ''}\u0000${d.code ?? ''}\u0000${d.message}`;

export function newErrors(before: Diag[], after: Diag[]): Diag[] {
  const seen = new Map<string, number>();
  for (const d of before) if (d.severity === 'error') seen.set(key(d), (seen.get(key(d)) ?? 0) + 1);
  const fresh: Diag[] = [];
  for (const d of after) {
    if (d.severity !== 'error') continue;
    const left = seen.get(key(d)) ?? 0;
    if (left > 0) seen.set(key(d), left - 1);
    else fresh.push(d);
  }
  return fresh;
}

export async function diagnosticsCheck(provider: DiagnosticsProvider | undefined, paths: string[]): Promise<CheckResult> {
  const name = 'diagnostics';
  if (!provider) {
    return { name, status: 'skipped', passed: false, skipped: true, severity: 'low', summary: 'diagnostics are only available in the editor' };
  }
  const [before, after] = await Promise.all([provider.before(paths), provider.after(paths)]);
  const fresh = newErrors(before, after);
  if (!fresh.length) return { name, status: 'passed', passed: true, severity: 'high', summary: `no new errors in ${paths.length} touched file(s)` };
  const first = fresh[0];
  const where = (d: Diag) => `${d.path}:${d.line}: ${d.source ? `${d.source}: ` : ''}${d.message}`;
  return {
    name,
    status: 'failed',
    passed: false,
    severity: 'high',
    summary: oneLine(`${fresh.length} new error(s), first ${where(first)}`),
    details: fresh.slice(0, 50).map(where).join('\n'),
    file: first.path,
    line: first.line,
  };
}
