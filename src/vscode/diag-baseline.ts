// The pure half of the editor's diagnostics check: converting VS Code diagnostics to the core's Diag,
// and the per-task baseline. The loop asks for "before" and "after" together at verification time, so
// "before" must have been captured earlier: the first time the task touches each file.
import type { Diag } from '../core/verify/types';

/** The fields of a vscode.Diagnostic we read (structural, so this file needs no `vscode` import). */
export interface DiagnosticLike {
  range: { start: { line: number } };
  message: string;
  /** vscode.DiagnosticSeverity: Error 0, Warning 1, Information 2, Hint 3. */
  severity: number;
  source?: string;
  code?: string | number | { value: string | number };
}

const SEVERITIES: Diag['severity'][] = ['error', 'warning', 'info', 'hint'];

export function toDiag(path: string, d: DiagnosticLike): Diag {
  const code = typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
  return {
    path,
    line: d.range.start.line + 1,
    message: d.message,
    severity: SEVERITIES[d.severity] ?? 'info',
    ...(d.source ? { source: d.source } : {}),
    ...(code !== undefined ? { code: String(code) } : {}),
  };
}

/**
 * First capture wins: a file's baseline is what it had before the task's first edit to it, however
 * often the task edits it later. A file never captured (edited before a reload, then resumed) has
 * an empty baseline, so its errors count as new: a false alarm is reviewed, a missed error is not.
 */
export class DiagBaseline {
  private readonly captured = new Map<string, Promise<Diag[]>>();

  constructor(private readonly onMissing?: (path: string) => void) {}

  /** Starts (once per path) reading the diagnostics the file has now; resolves when they are in. */
  capture(path: string, read: () => Promise<Diag[]>): Promise<void> {
    let p = this.captured.get(path);
    if (!p) {
      p = read().catch(() => []);
      this.captured.set(path, p);
    }
    return p.then(() => undefined);
  }

  has(path: string): boolean {
    return this.captured.has(path);
  }

  async before(paths: string[]): Promise<Diag[]> {
    const out: Diag[] = [];
    for (const path of paths) {
      const p = this.captured.get(path);
      if (p) out.push(...(await p));
      else this.onMissing?.(path);
    }
    return out;
  }
}

/**
 * How long to keep waiting for diagnostics to settle: until `quietMs` passed without a change
 * (or an edit), but never past `deadline`. 0 means read now.
 */
export function settleWait(now: number, lastActivity: number, deadline: number, quietMs: number): number {
  if (now >= deadline) return 0;
  const quietAt = lastActivity + quietMs;
  return quietAt <= now ? 0 : Math.min(quietAt, deadline) - now;
}
