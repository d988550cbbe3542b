// The status bar's words: where the task is, from its progress (a fold of its events). Pure, so it
// is tested under Node and the end-to-end test can read the same strings off the real status bar.
import type { TaskPhase, Usage } from '../shared/types';
import type { TaskProgress } from '../events/progress';
import { OUTCOME_ATTENTION, OUTCOME_WORDS } from '../events/outcome';
import { formatUsd } from '../model/pricing';

/** A task's progress and its id: what the status bar shows. */
export type PhaseEvent = TaskProgress & { taskId: string };

export interface StatusInput {
  /** The shown task's progress, or undefined when no task has run. */
  phase?: PhaseEvent;
  /** The workspace asks to loosen the policy and it is not in force. */
  policyUnconfirmed?: boolean;
  /** Tasks running at once (shown when more than one). */
  runningTasks?: number;
  /** Commands run without the enforcing sandbox here: why, and whether the user opted into autonomy anyway. */
  unsandboxed?: { reason: string; autonomy: boolean };
}

export interface StatusText {
  text: string;
  tooltip: string;
  /** Phases that want the user's eye (approval, failure) get a warning background. */
  attention: boolean;
}

export const STATUS_PREFIX = 'Harness';
/** Words, not only an icon: the user should read that the workspace's loosening is not in force. */
export const POLICY_UNCONFIRMED_MARK = '$(shield) policy unconfirmed';
export const POLICY_UNCONFIRMED_TEXT = 'Workspace policy not confirmed — using your user policy';
/** Words again: the user should read that commands are not confined here. */
export const UNSANDBOXED_MARK = '$(unlock) unsandboxed';

const ICONS: Record<TaskPhase, string> = {
  idle: '$(hubot)',
  thinking: '$(sync~spin)',
  'running-tool': '$(sync~spin)',
  'waiting-approval': '$(bell-dot)',
  'waiting-answer': '$(comment-discussion)',
  verifying: '$(beaker~spin)',
  done: '$(check)',
  failed: '$(error)',
  cancelled: '$(circle-slash)',
};

/** 1234 → "1.2k", 1_500_000 → "1.5M". */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${trim(n / 1000)}k`;
  return `${trim(n / 1_000_000)}M`;
}

function trim(x: number): string {
  return x >= 100 ? Math.round(x).toString() : (Math.round(x * 10) / 10).toString();
}

const total = (u: Usage) => u.promptTokens + u.completionTokens;

/** The phase as words, without icon: "step 3/20", "waiting for approval (2)". */
export function phaseLabel(e: PhaseEvent): string {
  switch (e.phase) {
    case 'idle':
      return 'idle';
    case 'thinking':
      return e.step > 0 ? `thinking · step ${e.step}/${e.maxSteps}` : 'thinking';
    case 'running-tool':
      return `step ${e.step}/${e.maxSteps}`;
    case 'waiting-approval':
      return `waiting for approval (${e.pendingApprovals})`;
    case 'waiting-answer':
      return 'waiting for your answer';
    case 'verifying':
      return 'verifying';
    case 'done':
    case 'failed':
    case 'cancelled':
      return ended(e);
  }
}

const STEP_MARK = { pending: '☐', in_progress: '▶', done: '☑', skipped: '⊘' } as const;

/** An approved plan's progress: "plan 2/5" (steps done or skipped, of all). */
export function planLabel(e: TaskProgress): string | undefined {
  if (!e.plan?.steps.length) return undefined;
  const closed = e.plan.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length;
  return `plan ${closed}/${e.plan.steps.length}`;
}

/** An ended task says what it came to: "done — verified", "failed — needs review", "done — edits restored". */
function ended(e: PhaseEvent): string {
  const words = e.outcome ? OUTCOME_WORDS[e.outcome] : undefined;
  return words && words !== e.phase ? `${e.phase} — ${words}` : e.phase;
}

export function statusText(input: StatusInput): StatusText {
  const e = input.phase;
  const mark = input.policyUnconfirmed ? ` · ${POLICY_UNCONFIRMED_MARK}` : '';
  const tooltipLines: string[] = [];
  let text: string;
  let attention = false;
  if (!e) {
    text = `${ICONS.idle} ${STATUS_PREFIX}: idle`;
    tooltipLines.push('Harness: no task running. Click to open the Harness panel.');
  } else {
    const tokens = total(e.usage);
    const cost = e.usage.costUsd !== undefined ? ` · ${formatUsd(e.usage.costUsd)}` : '';
    const tok = tokens > 0 ? ` · ${formatTokens(tokens)} tok${cost}` : '';
    const more = (input.runningTasks ?? 1) > 1 ? ` (+${(input.runningTasks ?? 1) - 1})` : '';
    const plan = planLabel(e);
    text = `${ICONS[e.phase]} ${STATUS_PREFIX}: ${phaseLabel(e)}${plan ? ` · ${plan}` : ''}${tok}${more}`;
    attention = e.phase === 'waiting-approval' || e.phase === 'waiting-answer' || e.phase === 'failed' || (e.outcome !== undefined && OUTCOME_ATTENTION.has(e.outcome));
    tooltipLines.push(`Harness task ${e.taskId}: ${phaseLabel(e)}${e.detail ? ` — ${e.detail}` : ''}`);
    const cached = e.usage.cachedTokens !== undefined ? `, ${e.usage.cachedTokens} of them cached` : '';
    const spent = e.usage.costUsd !== undefined ? ` · cost ${formatUsd(e.usage.costUsd)}` : ' · cost unknown (no prices for this model)';
    tooltipLines.push(`Steps ${e.step} of ${e.maxSteps} · tokens ${tokens} (prompt ${e.usage.promptTokens}${cached}, completion ${e.usage.completionTokens})${spent}`);
    if (e.plan) tooltipLines.push(...e.plan.steps.map((st, i) => `${STEP_MARK[st.status]} ${i + 1}. ${st.title}`));
    tooltipLines.push(e.pendingApprovals > 0 ? 'Click to review the pending approval.' : e.phase === 'waiting-answer' ? 'Click to answer in the Harness view.' : 'Click to open the Harness view.');
  }
  if (input.policyUnconfirmed) {
    text += mark;
    tooltipLines.push(`${POLICY_UNCONFIRMED_TEXT}. Run "Harness: Confirm workspace policy" to review it.`);
  }
  if (input.unsandboxed) {
    text += ` · ${UNSANDBOXED_MARK}`;
    tooltipLines.push(
      input.unsandboxed.autonomy
        ? `Commands run WITHOUT a sandbox (${input.unsandboxed.reason}) and harness.unsandboxedAutonomy is on: at level 4 they run unasked, unconfined.`
        : `Commands run without a sandbox (${input.unsandboxed.reason}): they ask first, except known read-only ones (ls, cat, grep, git status …).`,
    );
    attention ||= input.unsandboxed.autonomy;
  }
  return { text, tooltip: tooltipLines.join('\n'), attention };
}
