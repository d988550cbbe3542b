// The agent loop: ask the model, dispatch its tool calls under the policy, repeat until it answers
// without tool calls or a budget runs out; then verify. Every step is journaled so a task can resume.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TaskStatus } from '../types';
import type { ChatMessage } from '../model/types';
import { ModelError } from '../model/types';
import { scrub } from '../model/errors';
import { AuditLog } from '../audit';
import { CheckpointStore, DEFAULT_RETENTION } from '../state/checkpoints';
import { FileLockManager } from '../state/locks';
import { processLocks } from '../state/process-locks';
import { TaskJournal } from '../state/journal';
import { fsStateStore } from '../state/store';
import { newTaskId } from '../state/ids';
import { DiskEditApplier } from '../workspace/disk-applier';
import { ALL_TOOLS } from '../tools/definitions';
import { ToolRegistry } from '../tools/registry';
import { DEFAULT_LIMITS, type Limits, type RunTaskOptions, type TaskResult } from './api';
import { TaskContext } from './context';
import { dispatchToolCall } from './dispatch';
import { BudgetExceededError, CancelledError } from './errors';
import { systemPrompt } from './prompt';
import { restoreConversation } from './resume-flow';
import { revertTaskEdits } from './revert';
import { VerificationState, verifyRound } from './verification-flow';

const registry = new ToolRegistry(ALL_TOOLS);

interface Setup {
  ctx: TaskContext;
  messages: ChatMessage[];
  cleanup: () => void;
}

async function setUp(opts: RunTaskOptions, signal: AbortSignal): Promise<Setup> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const taskId = opts.taskId ?? newTaskId();
  const store = opts.state ?? fsStateStore(path.join(opts.root, '.harness'));
  const applier = opts.applier ?? new DiskEditApplier(opts.root, limits);
  const audit = new AuditLog(opts.auditDir ?? path.join(store.dir, 'audit'), taskId, opts.secretValues ?? []);
  audit.open(); // a log that cannot be opened safely stops the task before it starts
  const journal = await TaskJournal.open(store, taskId);
  // The policy object is the task's own copy: "always allow" answers extend it for this task only.
  const policy = { ...opts.policy, rules: [...opts.policy.rules], protectedPaths: [...opts.policy.protectedPaths, ...stateDirPatterns(opts.root, store.dir)] };
  const ctx = new TaskContext(
    taskId,
    opts.root,
    policy,
    opts.budgets,
    limits,
    applier,
    opts.approver,
    audit,
    journal,
    new CheckpointStore(store, opts.root, applier),
    // The CLI's tasks: other `harness run` processes on this state directory must not write the same file at once.
    opts.locks ?? new FileLockManager(undefined, processLocks(path.join(store.dir, 'locks'))),
    signal,
    opts,
  );
  // The first checkpoint file is made ready while the model thinks (one disk flush per edit, not two).
  ctx.checkpoints.prepare();
  let messages: ChatMessage[];
  if (opts.resume) {
    messages = await restoreConversation(ctx);
  } else {
    if (journal.records.length > 0) throw new Error(`Task ${taskId} already exists: resume it instead of starting it again.`);
    messages = [
      { role: 'system', content: systemPrompt(policy.automationLevel, opts.instructions) },
      { role: 'user', content: opts.task },
    ];
    await journal.append({ type: 'start', task: opts.task, startedAt: Date.now(), root: opts.root, budgets: opts.budgets, ...(opts.modelName ? { model: opts.modelName } : {}) });
    for (const m of messages) await journal.append({ type: 'message', message: m });
  }
  audit.write({ kind: 'task-start', task: opts.task, resume: !!opts.resume, level: policy.automationLevel, budgets: opts.budgets });
  return { ctx, messages, cleanup: () => audit.close() };
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

function checkBudgets(ctx: TaskContext, startedAt: number): void {
  const b = ctx.budgets;
  if (ctx.step >= b.maxSteps) throw new BudgetExceededError(`Step budget of ${b.maxSteps} reached: raise the step budget or split the task.`);
  const tokens = ctx.usage.promptTokens + ctx.usage.completionTokens;
  if (b.maxTokens !== undefined && tokens >= b.maxTokens) throw new BudgetExceededError(`Token budget of ${b.maxTokens} reached (${tokens} used).`);
  if (b.maxWallMs !== undefined && Date.now() - startedAt >= b.maxWallMs) throw new BudgetExceededError(`Time budget of ${Math.round(b.maxWallMs / 1000)} s reached.`);
}

async function pushMessage(ctx: TaskContext, messages: ChatMessage[], m: ChatMessage): Promise<void> {
  messages.push(m);
  await ctx.journalAppend({ type: 'message', message: m });
}

/** The loop proper; returns the model's final message. */
async function converse(ctx: TaskContext, messages: ChatMessage[], verification: VerificationState, startedAt: number): Promise<string> {
  const opts = ctx.options;
  const specs = registry.specs();
  for (;;) {
    if (ctx.signal.aborted) throw new CancelledError();
    checkBudgets(ctx, startedAt);
    ctx.step++;
    ctx.setPhase('thinking');
    const turn = await opts.model.complete(messages, specs, {
      signal: ctx.signal,
      onDelta: (text) => ctx.emit({ type: 'model-delta', taskId: ctx.taskId, text }),
      onRetry: (info) => ctx.record({ kind: 'error', step: ctx.step, during: 'model-call', retrying: true, attempt: info.attempt, delayMs: info.delayMs, message: info.reason }),
    });
    ctx.usage.promptTokens += turn.usage.promptTokens;
    ctx.usage.completionTokens += turn.usage.completionTokens;
    ctx.record({ kind: 'model-call', step: ctx.step, promptTokens: turn.usage.promptTokens, completionTokens: turn.usage.completionTokens, latencyMs: turn.latencyMs, toolCalls: turn.toolCalls.map((c) => c.name), finishReason: turn.finishReason });
    ctx.emit({ type: 'model-turn', taskId: ctx.taskId, step: ctx.step, content: turn.content, toolCalls: turn.toolCalls.map((c) => ({ id: c.id, name: c.name, args: c.arguments })), usage: { ...turn.usage }, latencyMs: turn.latencyMs });
    await pushMessage(ctx, messages, {
      role: 'assistant',
      content: turn.content || null,
      ...(turn.toolCalls.length ? { tool_calls: turn.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })) } : {}),
    });
    for (const call of turn.toolCalls) {
      if (ctx.signal.aborted) throw new CancelledError();
      const content = await dispatchToolCall(ctx, registry, call);
      await ctx.journalAppend({ type: 'tool-end', toolCallId: call.id, result: content.slice(0, 2000), ok: !content.startsWith('Denied') });
      await pushMessage(ctx, messages, { role: 'tool', tool_call_id: call.id, content });
    }
    await ctx.journalAppend({ type: 'step', step: ctx.step, usage: { ...ctx.usage } });
    const when = opts.verification?.when ?? 'afterTask';
    const batchDone = turn.toolCalls.length > 0 && when === 'afterEachBatch' && ctx.appliedSinceVerify > 0;
    if (turn.toolCalls.length > 0 && !batchDone) continue;
    const next = await verifyRound(ctx, verification, turn.content);
    if (next.action === 'fix') {
      await pushMessage(ctx, messages, { role: 'user', content: scrub(next.feedback, opts.secretValues ?? []) });
      continue;
    }
    // A critical finding stops the task for a human, even mid-way with batch verification.
    if (turn.toolCalls.length === 0 || verification.halted) return turn.content;
  }
}

function statusFor(err: unknown, signal: AbortSignal): { status: TaskStatus; error: string } {
  if (err instanceof BudgetExceededError) return { status: 'budget_exceeded', error: err.message };
  if (err instanceof CancelledError || (err instanceof ModelError && err.kind === 'cancelled') || signal.aborted) {
    return { status: 'cancelled', error: 'Task cancelled.' };
  }
  return { status: 'error', error: err instanceof Error ? err.message : String(err) };
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
  const { ctx, messages, cleanup } = await setUp(opts, controller.signal);
  const verification = new VerificationState();
  let status: TaskStatus = 'completed';
  let error: string | undefined;
  let summary = '';
  try {
    summary = await converse(ctx, messages, verification, startedAt);
    // The agent's "done" is a claim: when verification did not bear it out, the task failed.
    const failedBy = verificationFailure(verification);
    if (failedBy) ({ status, error } = { status: 'failed', error: failedBy });
    if (failedBy && opts.revertUnverified) {
      const undone = await revertTaskEdits(ctx);
      if (undone?.reverted.length) error += ` Reverted ${undone.reverted.length} file(s) to their state before the task.`;
      if (undone?.conflicts.length) error += ` Not reverted (changed by someone else): ${undone.conflicts.map((c) => c.path).join(', ')}.`;
    }
  } catch (err) {
    ({ status, error } = wallExpired
      ? { status: 'budget_exceeded' as TaskStatus, error: `Time budget of ${Math.round(opts.budgets.maxWallMs! / 1000)} s reached.` }
      : statusFor(err, controller.signal));
    ctx.record({ kind: 'error', status, message: error });
  } finally {
    if (wallTimer) clearTimeout(wallTimer);
    opts.signal?.removeEventListener('abort', forward);
  }
  await ctx.journalAppend({ type: 'end', status, summary });
  await ctx.journal.close(); // flushed; the journal's open file is released
  // Retention runs here, between tasks' edits; what it dropped is on the record, never silent.
  const retention = { ...DEFAULT_RETENTION, ...opts.retention };
  const pruned = await ctx.checkpoints.prune(retention).catch((e: unknown) => {
    ctx.record({ kind: 'error', message: `checkpoint pruning failed: ${(e as Error).message}` });
    return null;
  });
  if (pruned?.removedCheckpoints.length) {
    ctx.record({ kind: 'checkpoint', action: 'pruned', removed: pruned.removedCheckpoints, removedContents: pruned.removedBlobs, freedBytes: pruned.freedBytes, reason: `retention: keep at most ${retention.maxCount} checkpoints and ${retention.maxBytes} bytes of saved content` });
  }
  await ctx.checkpoints.release().catch(() => undefined); // an unused reserved file; the next task makes its own
  ctx.record({ kind: 'task-end', status, error, steps: ctx.step, usage: ctx.usage, verdict: verification.verdict });
  cleanup();
  ctx.setPhase(status === 'completed' ? 'done' : status === 'cancelled' ? 'cancelled' : 'failed', error);
  ctx.emit({ type: 'done', taskId: ctx.taskId, status, ...(error ? { error } : {}) });
  return {
    status,
    taskId: ctx.taskId,
    steps: ctx.step,
    toolCalls: ctx.toolCalls,
    edits: ctx.edits,
    verification: verification.rounds.length ? verification.report() : null,
    usage: { ...ctx.usage },
    auditLog: ctx.audit.file,
    summary,
    ...(error ? { error } : {}),
  };
}
