// Renders the results as one plain-text table: each figure, its baseline from the same run, the
// ratio, and the goal (met or missed) where the issue sets one.
export interface Row {
  what: string;
  ours: string;
  baseline: string;
  ratio: string;
  goal?: { text: string; met: boolean };
}

export function renderTable(rows: Row[]): string {
  const head = ['Measurement', 'Harness', 'Baseline (same run)', 'Ratio', 'Goal'];
  const cells = rows.map((r) => [r.what, r.ours, r.baseline, r.ratio, r.goal ? `${r.goal.met ? 'met' : 'MISSED'}: ${r.goal.text}` : '']);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i])).join(' | ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}

export const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v)} ms`;
export const us = (v: number) => `${Math.round(v)} µs`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
export const times = (v: number, faster = 'faster', slower = 'slower') =>
  !Number.isFinite(v) ? 'n/a' : v >= 1 ? `${v.toFixed(1)}× ${faster}` : `${(1 / v).toFixed(1)}× ${slower}`;
