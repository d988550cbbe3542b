// How the terminal answers approval requests: `reject` (the default without a terminal), `accept`
// (what the policy asks about, but never a critical call), or `prompt` (ask the person at the terminal).
import * as readline from 'node:readline/promises';
import type { ApprovalRequest, ApprovalResult, Approver, UserQuestion, UserAnswer } from '../core/shared/types';

export type ApprovalMode = 'reject' | 'accept' | 'prompt';

function describe(req: ApprovalRequest): string {
  const why = `${req.decision.reason} [risk ${req.decision.risk}${req.decision.rule ? `, ${req.decision.rule}` : ''}]`;
  if (req.kind === 'edit') return `Edit ${req.proposal.path} (${req.proposal.kind}): ${why}\n${req.proposal.diff}`;
  if (req.kind === 'command') {
    const parts = (req.decision.parts ?? []).map((p) => `  - ${p.decision} ${p.text}: ${p.rule ? p.rule + ': ' : ''}${p.reason}`).join('\n');
    return `Run command: ${req.command}\n${why}${parts ? '\n' + parts : ''}`;
  }
  return `${req.tool} ${JSON.stringify(req.args)}: ${why}`;
}

/**
 * Answers the model's questions: the `--answer` values in order, then the person at the terminal
 * (`--on-approval prompt`), else nobody (the model is told to go on by its own judgement).
 */
async function answerQuestion(q: UserQuestion, answers: string[], mode: ApprovalMode, stderr: (s: string) => void, signal: AbortSignal): Promise<UserAnswer> {
  const given = answers.shift();
  if (given !== undefined) {
    stderr(`harness: the model asks: ${q.question}\nharness: answered from --answer: ${given}\n`);
    return { answer: given, by: 'cli:--answer' };
  }
  if (mode !== 'prompt') {
    stderr(`harness: the model asks: ${q.question}\nharness: no --answer left and no terminal to ask: the model decides by itself.\n`);
    return { by: 'cli' };
  }
  stderr(`\nThe model asks: ${q.question}\n${(q.options ?? []).map((o, i) => `  ${i + 1}. ${o}\n`).join('')}`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const raw = (await rl.question('Your answer (a number picks an option; empty: let the model decide): ', { signal })).trim();
    if (!raw) return { by: 'user' };
    const pick = /^\d+$/.test(raw) ? q.options?.[Number(raw) - 1] : undefined;
    return { answer: pick ?? raw, by: 'user' };
  } finally {
    rl.close();
  }
}

export function cliApprover(mode: ApprovalMode, stderr: (s: string) => void, answers: readonly string[] = []): Approver {
  const left = [...answers];
  return {
    ask: (q, signal) => answerQuestion(q, left, mode, stderr, signal),
    async request(req: ApprovalRequest, signal: AbortSignal): Promise<ApprovalResult> {
      if (mode === 'reject') {
        return { approved: false, by: 'cli:reject', reason: 'approval required but the CLI runs with --on-approval reject' };
      }
      if (mode === 'accept') {
        if (req.decision.risk === 'critical') {
          return { approved: false, by: 'cli:accept', reason: `critical risk needs a human (${req.decision.reason}); run with --on-approval prompt` };
        }
        return { approved: true, by: 'cli:accept' };
      }
      stderr(`\n${describe(req)}\n`);
      const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = (await rl.question('Approve? [y]es / [n]o (then a reason): ', { signal })).trim();
        if (/^y(es)?$/i.test(answer)) return { approved: true, by: 'user' };
        const reason = answer.replace(/^no?\b[\s:,-]*/i, '').trim() || (await rl.question('Reason (optional): ', { signal })).trim();
        return { approved: false, by: 'user', ...(reason ? { reason } : {}) };
      } finally {
        rl.close();
      }
    },
  };
}
