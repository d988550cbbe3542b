// The readable verification summary the CLI prints when --json is not given.
import type { CheckResult, VerificationReport } from '../shared/types';

const VERDICT_TEXT: Record<VerificationReport['verdict'], string> = {
  verified: 'verified',
  failed_verification: 'FAILED verification',
  needs_review: 'NEEDS REVIEW',
  not_run: 'not run',
};

function mark(c: CheckResult): string {
  if (c.skipped) return c.passed ? 'SKIP' : 'NOT RUN';
  return c.passed ? 'PASS' : 'FAIL';
}

export function formatReport(report: VerificationReport, opts: { details?: boolean } = {}): string {
  const n = report.rounds.length;
  const out = [`Verification: ${VERDICT_TEXT[report.verdict]} (${n} round${n === 1 ? '' : 's'})`];
  report.rounds.forEach((round, i) => {
    out.push(`  Round ${i + 1}:`);
    for (const c of round.checks) {
      const sev = !c.passed && !c.skipped ? ` [${c.severity}]` : '';
      out.push(`    ${mark(c)} ${c.name}${sev}: ${c.summary}`);
      if (opts.details && c.details && !c.passed) {
        out.push(...c.details.split('\n').slice(0, 20).map((l) => `        ${l}`));
      }
    }
  });
  return out.join('\n');
}
