// Runs one hook command the way Claude Code does, under the harness's command rules: JSON on stdin,
// exit code 2 blocks with stderr as the reason, JSON on stdout may decide or add context. The command
// runs like any command of the task (sandbox, scrubbed environment, timeout, capped output).
import { runCommand, type RunCommandOptions } from '../commands/run';
import type { HookEntry, HookEvent } from '../policy/hook-settings';

/** Each stream of a hook is kept to this many characters (the decision is in the first few). */
const STREAM_MAX = 16_000;

export type HookResultKind = 'allow' | 'ask' | 'deny' | 'block' | 'context' | 'none' | 'error';

export interface HookRun {
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
  sandboxed: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
  /** Could not run at all (the sandbox is required and missing, a bad working folder). */
  failure?: string;
}

export interface HookResult {
  kind: HookResultKind;
  /** The reason for a decision or a block, or what went wrong. */
  reason?: string;
  /** Text for the model (PostToolUse, UserPromptSubmit: additionalContext or plain stdout). */
  context?: string;
  /** A line the hook wants the user to see (`systemMessage`). */
  message?: string;
}

/** Everything a hook is told on stdin (Claude Code's field names, so existing scripts read it). */
export interface HookInput {
  hook_event_name: HookEvent;
  session_id: string;
  task_id: string;
  cwd: string;
  tool_name?: string;
  tool_input?: unknown;
  tool_response?: unknown;
  prompt?: string;
  stop_hook_active?: boolean;
  /** Stop: what the agent said when it claimed to be done. */
  last_assistant_message?: string;
}

const clip = (s: string) => (s.length > STREAM_MAX ? `${s.slice(0, STREAM_MAX)}… [${s.length - STREAM_MAX} more chars]` : s);

/** `base` is how the task runs its commands (sandbox, caps, secrets, signal, default timeout). */
export async function runHook(hook: HookEntry, input: HookInput, base: RunCommandOptions): Promise<HookRun> {
  let stdout = '';
  let stderr = '';
  const started = Date.now();
  try {
    const out = await runCommand({
      ...base,
      command: hook.command,
      timeoutMs: hook.timeout ? hook.timeout * 1000 : base.timeoutMs,
      input: JSON.stringify(input),
      env: { ...base.env, HARNESS_PROJECT_DIR: input.cwd, CLAUDE_PROJECT_DIR: input.cwd, HARNESS_TASK_ID: input.task_id, HARNESS_HOOK_EVENT: input.hook_event_name },
      onOutput: (chunk, stream) => {
        if (stream === 'stdout') stdout = stdout.length > STREAM_MAX ? stdout : stdout + chunk;
        else stderr = stderr.length > STREAM_MAX ? stderr : stderr + chunk;
      },
    });
    return { exitCode: out.exitCode, timedOut: out.timedOut, cancelled: out.cancelled, sandboxed: out.sandboxed, durationMs: out.durationMs, stdout: clip(stdout), stderr: clip(stderr) };
  } catch (err) {
    return { exitCode: null, timedOut: false, cancelled: false, sandboxed: false, durationMs: Date.now() - started, stdout: '', stderr: '', failure: (err as Error).message };
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function parseJson(stdout: string): Record<string, unknown> | undefined {
  const t = stdout.trim();
  if (!t.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(t);
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** What a finished hook says, by Claude Code's rules for its event. */
export function interpretHook(event: HookEvent, run: HookRun, timeoutSeconds: number): HookResult {
  if (run.failure) return { kind: 'error', reason: `the hook could not run: ${run.failure}` };
  if (run.cancelled) return { kind: 'error', reason: 'cancelled with the task' };
  if (run.timedOut) return { kind: 'error', reason: `timed out after ${timeoutSeconds} s and was killed` };
  if (run.exitCode === 2) return { kind: 'block', reason: str(run.stderr) ?? str(run.stdout) ?? 'the hook exited with code 2 and gave no reason' };
  if (run.exitCode !== 0) return { kind: 'error', reason: `exit code ${run.exitCode ?? 'none'}${str(run.stderr) ? `: ${str(run.stderr)}` : ''}` };
  const json = parseJson(run.stdout);
  if (!json) {
    // Plain output is context for the model where Claude Code passes it on, and for PostToolUse
    // (a formatter's or linter's complaints after an edit).
    const text = str(run.stdout);
    return text && (event === 'PostToolUse' || event === 'UserPromptSubmit') ? { kind: 'context', context: text } : { kind: 'none' };
  }
  const specific = isRecord(json.hookSpecificOutput) ? json.hookSpecificOutput : {};
  const message = str(json.systemMessage);
  const base = message ? { message } : {};
  const context = str(specific.additionalContext) ?? str(json.additionalContext);
  const reason = str(specific.permissionDecisionReason) ?? str(json.permissionDecisionReason) ?? str(json.reason);
  if (event === 'PreToolUse') {
    // `decision: approve|block` is the older spelling of permissionDecision.
    const legacy = json.decision === 'approve' ? 'allow' : json.decision === 'block' ? 'deny' : undefined;
    const d = specific.permissionDecision ?? json.permissionDecision ?? legacy;
    if (d === 'allow' || d === 'ask' || d === 'deny') return { ...base, kind: d, ...(reason ? { reason } : {}) };
  } else if (json.decision === 'block') {
    return { ...base, kind: 'block', reason: reason ?? 'blocked by the hook (no reason given)' };
  }
  return context ? { ...base, kind: 'context', context } : { ...base, kind: 'none' };
}
