// The agent loop: ask the model, dispatch its tool calls under the policy, repeat until it answers
// without tool calls or a budget runs out; then verify. Every step is journaled so a task can resume.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TaskStatus } from '../shared/types';
import { ModelError } from '../model/types';
import { scrub } from '../model/errors';
import { AuditLog } from '../state/audit-log';
import { TaskRecorder } from '../state/recorder';
import { emptyTaskState } from '../events/fold';
import { addUsage } from '../events/progress';
import { taskResult } from '../events/report';
import { CheckpointStore, DEFAULT_RETENTION } from '../state/checkpoints';
import { FileLockManager } from '../state/locks';
import { processLocks } from '../state/process-locks';
import { TaskJournal } from '../state/journal';
import { fsStateStore } from '../state/store';
import { TaskOutputs } from '../state/outputs';
import { newTaskId } from '../state/ids';
import { DiskEditApplier } from '../workspace/disk-applier';
import type { ToolRegistry } from '../tools/registry';
import { DEFAULT_LIMITS, type Limits } from '../shared/limits';
import { contextBudget, observationLimits } from '../context/budget';
import { formatUsd } from '../model/pricing';
import { taskProfile } from '../model/profile';
import type { RunTaskOptions, TaskResult } from './api';
import { TaskContext } from './context';
import { dispatchToolCall } from './dispatch';
import { ContextFlow } from './context-flow';
import { BudgetExceededError, CancelledError } from './errors';
import { beginTask } from './feedforward';
import { PLAN_MODE_RULES, remindToPlan } from './plan-flow';
import { restoreConversation } from './resume-flow';
import { continueConversation, runBudgets, userMessage } from './continue-flow';
import { taskOutcome } from '../events/outcome';
import { revertTaskEdits } from './revert';
import { VerificationState, verifyRound } from './verification-flow';
import { PromptBlockedError, userPromptSubmit } from './hook-flow';
import { startMcpServers, taskTools } from './mcp-flow';

interface Setup {
  ctx: TaskContext;
  auditFile: string;
  cleanup: () => Promise<void>;
}

async function setUp(opts: RunTaskOptions, signal: AbortSignal): Promise<Setup> {
  // Observations are sized for the model's window: a small window gets smaller pages and outputs.
  const limits: Limits = { ...DEFAULT_LIMITS, ...observationLimits(contextBudget(taskProfile(opts))), ...opts.limits };
  const taskId = opts.taskId ?? newTaskId();
  const store = opts.state ?? fsStateStore(path.join(opts.root, '.harness'));
  const applier = opts.applier ?? new DiskEditApplier(opts.root, limits);
  const audit = new AuditLog(opts.auditDir ?? path.join(store.dir, 'audit'), taskId, opts.secretValues ?? []);
  audit.open(); // a log that cannot be opened safely stops the task before it starts
  const journal = await TaskJournal.open(store, taskId);
  if (!opts.resume && !opts.continue && journal.records.length > 0) throw new Error(`Task ${taskId} already exists: resume it instead of starting it again.`);
  const state = opts.resume || opts.continue ? journal.snapshot() : emptyTaskState(taskId);
  // The policy object is the task's own copy: "always allow" answers extend it for this task only.
  // A planning task (new or resumed) also refuses every tool that would change anything.
  const planMode = (opts.plan?.mode ?? state.mode) === 'plan';
  const policy = { ...opts.policy, rules: [...opts.policy.rules, ...(planMode ? PLAN_MODE_RULES : [])], protectedPaths: [...opts.policy.protectedPaths, ...stateDirPatterns(opts.root, store.dir)] };
  const ctx = new TaskContext({
    taskId,
    root: opts.root,
    policy,
    budgets: runBudgets(opts, state),
    limits,
    applier,
    approver: opts.approver,
    recorder: new TaskRecorder(taskId, journal, audit, opts.onEvent),
    checkpoints: new CheckpointStore(store, opts.root, applier),
    // The CLI's tasks: other `harness run` processes on this state directory must not write the same file at once.
    locks: opts.locks ?? new FileLockManager(undefined, processLocks(path.join(store.dir, 'locks'))),
    outputs: new TaskOutputs(store, taskId),
    signal,
    options: opts,
    state,
  });
  // The first checkpoint file is made ready while the model thinks (one disk flush per edit, not two).
  ctx.checkpoints.prepare();
  if (opts.resume) {
    await restoreConversation(ctx);
  } else if (opts.continue) {
    await continueConversation(ctx, opts.task, opts.context);
    // A follow-up may call the servers' tools again: they start as for a new task (resume starts its own).
    await startMcpServers(ctx);
  } else {
    await beginTask(ctx);
    await startMcpServers(ctx);
  }
  return {
    ctx,
    auditFile: audit.file,
    cleanup: async () => {
      await journal.close().catch(() => undefined); // flushed; the journal's open file is released
      audit.close();
    },
  };
}

/**
 * The task's own state (journal, checkpoints, audit log) is protected wherever it lives inside the
 * workspace (`--state-dir sub/dir`), even when the user's protected-path list leaves `.harness` out.
 */
function stateDirPatterns(root: string, stateDir: string): string[] {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const rel = path.relative(real(root), real(stateDir));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return [];
  const glob = rel.split(path.sep).join('/').replace(/[*?[\]{}\\]/g, '\\$&');
  return [glob, `${glob}/**`];
}

async function checkBudgets(ctx: TaskContext, startedAt: number): Promise<void> {
  const b = ctx.budgets;
  const tokens = ctx.state.usage.promptTokens + ctx.state.usage.completionTokens;
  const hit =
    ctx.state.step >= b.maxSteps
      ? { budget: 'steps' as const, limit: b.maxSteps, used: ctx.state.step, message: `Step budget of ${b.maxSteps} reached: raise the step budget or split the task.` }
      : b.maxTokens !== undefined && tokens >= b.maxTokens
        ? { budget: 'tokens' as const, limit: b.maxTokens, used: tokens, message: `Token budget of ${b.maxTokens} reached (${tokens} used).` }
        : b.maxWallMs !== undefined && Date.now() - startedAt >= b.maxWallMs
          ? { budget: 'time' as const, limit: b.maxWallMs, used: Date.now() - startedAt, message: `Time budget of ${Math.round(b.maxWallMs / 1000)} s reached.` }
          : b.maxCostUsd !== undefined && (ctx.state.usage.costUsd ?? 0) >= b.maxCostUsd
            ? { budget: 'cost' as const, limit: b.maxCostUsd, used: ctx.state.usage.costUsd ?? 0, message: `Cost budget of ${formatUsd(b.maxCostUsd)} reached (${formatUsd(ctx.state.usage.costUsd ?? 0)} spent): raise harness.maxCostUsd or split the task.` }
            : undefined;
  if (!hit) return;
  await ctx.emit({ type: 'budget-hit', ...hit });
  throw new BudgetExceededError(hit.message);
}

/** The loop proper; returns the model's final message. The conversation is the task state's. */
async function converse(ctx: TaskContext, verification: VerificationState, startedAt: number, registry: ToolRegistry): Promise<string> {
  const opts = ctx.options;
  // The tool descriptions state the task's caps, so the model can plan around them.
  const flow = await ContextFlow.open(ctx, registry.specs(ctx.limits));
  for (;;) {
    if (ctx.signal.aborted) throw new CancelledError();
    await checkBudgets(ctx, startedAt);
    const step = ctx.state.step + 1;
    // Compacts the conversation first when it would not leave room; one retry after an overflow.
    const turn = await flow.complete(step, {
      signal: ctx.signal,
      onDelta: (text) => void ctx.emit({ type: 'text-delta', text }),
      onRetry: (info) => void ctx.emit({ type: 'model-retry', step, attempt: info.attempt, delayMs: info.delayMs, reason: info.reason }),
    });
    const usage = flow.priced(turn.usage);
    await ctx.emit({ type: 'model-turn', step, content: turn.content, toolCalls: turn.toolCalls, usage, latencyMs: turn.latencyMs, finishReason: turn.finishReason });
    await ctx.emit({
      type: 'message',
      message: {
        role: 'assistant',
        content: turn.content || null,
        ...(turn.toolCalls.length ? { tool_calls: turn.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })) } : {}),
      },
    });
    for (const call of turn.toolCalls) {
      if (ctx.signal.aborted) throw new CancelledError();
      const content = await dispatchToolCall(ctx, registry, call);
      await ctx.emit({ type: 'message', message: { role: 'tool', tool_call_id: call.id, content } });
    }
    await ctx.emit({ type: 'step-ended', step, usage: addUsage(ctx.state.usage, usage) });
    // A planning task ends with its plan (nothing changed, nothing to verify).
    if (ctx.state.mode === 'plan') {
      if (ctx.state.plan) return ctx.state.plan.plan.summary;
      if (turn.toolCalls.length === 0) await remindToPlan(ctx);
      continue;
    }
    const when = opts.verification?.when ?? 'afterTask';
    const batchDone = turn.toolCalls.length > 0 && when === 'afterEachBatch' && ctx.appliedSinceVerify > 0;
    if (turn.toolCalls.length > 0 && !batchDone) continue;
    const next = await verifyRound(ctx, verification, turn.content, turn.toolCalls.length === 0);
    if (next.action === 'fix') {
      await ctx.emit({ type: 'message', message: { role: 'user', content: scrub(next.feedback, opts.secretValues ?? []) } });
      continue;
    }
    // A critical finding stops the task for a human, even mid-way with batch verification.
    if (turn.toolCalls.length === 0 || verification.halted) return turn.content;
  }
}

function statusFor(err: unknown, signal: AbortSignal): { status: TaskStatus; error: string; errorKind?: string } {
  if (err instanceof BudgetExceededError) return { status: 'budget_exceeded', error: err.message };
  if (err instanceof PromptBlockedError) return { status: 'failed', error: err.message };
  if (err instanceof CancelledError || (err instanceof ModelError && err.kind === 'cancelled') || signal.aborted) {
    return { status: 'cancelled', error: 'Task cancelled.' };
  }
  // The kind lets a front end offer the fix (set the key, open the endpoint setting, retry).
  const kind = err instanceof ModelError ? err.kind : undefined;
  return { status: 'error', error: err instanceof Error ? err.message : String(err), ...(kind ? { errorKind: kind } : {}) };
}

/** Why the task failed verification (failed checks after the fix rounds, or a finding for a human), if it did. */
function verificationFailure(v: VerificationState): string | undefined {
  if (v.verdict !== 'failed_verification' && v.verdict !== 'needs_review') return undefined;
  const failing = (v.rounds.at(-1)?.checks ?? []).filter((c) => c.status === 'failed' || c.status === 'not_run').map((c) => `${c.name} (${c.summary})`);
  const what = v.verdict === 'needs_review' ? 'needs review' : `failed verification after ${v.rounds.length} round${v.rounds.length === 1 ? '' : 's'}`;
  return `The task ${what}: ${failing.join('; ') || 'see the verification report'}.`;
}

export async function runTask(opts: RunTaskOptions): Promise<TaskResult> {
  const controller = new AbortController();
  const forward = () => controller.abort(opts.signal?.reason);
  if (opts.signal?.aborted) controller.abort();
  opts.signal?.addEventListener('abort', forward, { once: true });
  const startedAt = Date.now();
  // The wall-clock budget also has to interrupt a model call or a command that is still running.
  let wallExpired = false;
  const wallTimer = opts.budgets.maxWallMs
    ? setTimeout(() => {
        wallExpired = true;
        controller.abort();
      }, opts.budgets.maxWallMs)
    : undefined;
  // Server stderr, starts and crashes go to the task's log while it runs.
  // Lines from before the task can record them (servers start while it sets up) wait for it.
  type Level = 'info' | 'warn' | 'error';
  const early: [Level, string][] = [];
  let forwardLog = (level: Level, message: string) => void early.push([level, message]);
  const unsubscribe = opts.mcp?.onLog((level, message) => forwardLog(level, message));
  const { ctx, auditFile, cleanup } = await setUp(opts, controller.signal).catch((err: unknown) => {
    unsubscribe?.();
    throw err;
  });
  forwardLog = (level, message) => void ctx.emit({ type: 'log', level, message }).catch(() => undefined);
  for (const [level, message] of early.splice(0)) forwardLog(level, message);
  const verification = new VerificationState();
  let status: TaskStatus = 'completed';
  let error: string | undefined;
  let errorKind: string | undefined;
  let summary = '';
  try {
    if (!opts.resume) await userPromptSubmit(ctx, opts.task);
    summary = await converse(ctx, verification, startedAt, taskTools(ctx));
    // The agent's "done" is a claim: when verification did not bear it out, the task failed.
    const failedBy = verificationFailure(verification);
    if (failedBy) ({ status, error } = { status: 'failed', error: failedBy });
    if (failedBy && opts.revertUnverified) {
      const undone = await revertTaskEdits(ctx);
      if (undone?.reverted.length) error += ` Reverted ${undone.reverted.length} file(s) to their state before the task.`;
      if (undone?.conflicts.length) error += ` Not reverted (changed by someone else): ${undone.conflicts.map((c) => c.path).join(', ')}.`;
    }
  } catch (err) {
    if (wallExpired) {
      status = 'budget_exceeded';
      error = `Time budget of ${Math.round(opts.budgets.maxWallMs! / 1000)} s reached.`;
      await ctx.emit({ type: 'budget-hit', budget: 'time', limit: opts.budgets.maxWallMs!, used: Date.now() - startedAt, message: error }).catch(() => undefined);
    } else ({ status, error, errorKind } = statusFor(err, controller.signal));
  } finally {
    if (wallTimer) clearTimeout(wallTimer);
    opts.signal?.removeEventListener('abort', forward);
    unsubscribe?.();
  }
  // Retention runs here, between tasks' edits; what it dropped is on the record, never silent.
  const retention = { ...DEFAULT_RETENTION, ...opts.retention };
  const pruned = await ctx.checkpoints.prune(retention).catch(async (e: unknown) => {
    await ctx.emit({ type: 'error', during: 'checkpoint-prune', message: `checkpoint pruning failed: ${(e as Error).message}` });
    return null;
  });
  if (pruned?.removedCheckpoints.length) {
    await ctx.emit({ type: 'checkpoints-pruned', removed: pruned.removedCheckpoints, removedContents: pruned.removedBlobs, freedBytes: pruned.freedBytes, reason: `retention: keep at most ${retention.maxCount} checkpoints and ${retention.maxBytes} bytes of saved content` });
  }
  await ctx.checkpoints.release().catch(() => undefined); // an unused reserved file; the next task makes its own
  const outcome = taskOutcome({ ...ctx.state, status });
  await ctx.emit({ type: 'task-ended', status, summary, ...(error ? { error } : {}), verdict: verification.verdict, steps: ctx.state.step, usage: { ...ctx.state.usage }, ...(outcome ? { outcome } : {}), ...(errorKind ? { errorKind } : {}) });
  await cleanup();
  return taskResult(ctx.state, auditFile);
}
