// The readable verification summary the CLI prints when --json is not given.
import type { CheckResult, VerificationReport } from '../shared/types';

const VERDICT_TEXT: Record<VerificationReport['verdict'], string> = {
  verified: 'verified',
  failed_verification: 'FAILED verification',
  needs_review: 'NEEDS REVIEW',
  not_run: 'not run',
};

const MARK: Record<CheckResult['status'], string> = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP', not_run: 'NOT RUN' };

export function formatReport(report: VerificationReport, opts: { details?: boolean } = {}): string {
  const n = report.rounds.length;
  const out = [`Verification: ${VERDICT_TEXT[report.verdict]} (${n} round${n === 1 ? '' : 's'})`];
  report.rounds.forEach((round, i) => {
    out.push(`  Round ${i + 1}:`);
    for (const c of round.checks) {
      const sev = c.status === 'failed' ? ` [${c.severity}]` : '';
      out.push(`    ${MARK[c.status]} ${c.name}${sev}: ${c.summary}`);
      if (opts.details && c.details && c.status === 'failed') {
        out.push(...c.details.split('\n').slice(0, 40).map((l) => `        ${l}`));
      }
    }
  });
  return out.join('\n');
}
