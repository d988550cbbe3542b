// Runs the core's agent loop in the extension host: settings → policy → model client → runTask, with a
// cancellable progress notification, the status bar and the panel following its events.
import * as vscode from 'vscode';
import { offerSuggestedVerification } from './verification-suggest';
import type { RunTaskOptions, TaskResult } from '../core/agent/api';
import type { TaskEvent } from '../core/events/schema';
import { foldProgress, type TaskProgress } from '../core/events/fold';
import type * as AgentCore from './agent-core';
import type * as ModelClient from '../core/model/client';
import { newTaskId } from '../core/state/ids';
import { budgetsFromPolicy } from '../core/shared/limits';
import { TaskLimiter, queuedMessage } from '../core/state/limiter';
import { FileLockManager } from '../core/state/locks';
import type { StateStore } from '../core/state/store';
import { loadTask } from '../core/state/tasks';
import { phaseLabel, planLabel } from '../core/ui/status-text';
import type { ApprovalCenter } from './approver';
import type { AppliedEdits } from './applied-edits';
import { EditorDiagnostics } from './diagnostics';
import { editorApplier } from './edit-applier';
import { confirmWorkspacePolicy } from './policy-confirmation';
import { readModelSettings, readRunSettings, resolveApiKey } from './settings';
import { DEFAULT_BASE_URL } from '../core/shared/endpoint-defaults';
import { RESTRICTED_INSTRUCTIONS, isRestricted, restrictPolicy } from './trust';
import { APPROVAL_HINT, COMMANDS, KEEP_ALL, PROGRESS_TITLE, TASK_PROMPT, UNDO_SOME } from './ui-constants';

let sandboxChecked = false;

export interface RunnerDeps {
  log: vscode.LogOutputChannel;
  center: ApprovalCenter;
  applied: AppliedEdits;
  /** Every event goes here (status bar, panel). */
  emit(e: TaskEvent): void;
  /** Called when the policy's confirmation state may have changed. */
  policyChanged(): void;
  /** Journals, checkpoints and audit logs of this workspace. */
  state: StateStore;
  /** Budget limits for the panel (they are not in the events). */
  setLimits(limits: { maxTokens?: number; maxWallMs?: number }): void;
  /** A task ended (any way): its checkpoints may have changed. */
  taskEnded(taskId: string): void;
}

export interface RunOptions {
  /** Continue this interrupted task from its journal instead of starting a new one. */
  resumeTaskId?: string;
  /** Plan mode (read tools, ends with a plan), or carrying out an approved plan (see plan-task.ts). */
  plan?: RunTaskOptions['plan'];
}

interface Running {
  taskId: string;
  task: string;
  controller: AbortController;
}

export class TaskRunner implements vscode.Disposable {
  private readonly running = new Map<string, Running>();
  private readonly limiter: TaskLimiter;
  /** One lock table for every task in this extension host, so two tasks never edit one file at once. */
  readonly locks = new FileLockManager();

  constructor(private readonly context: vscode.ExtensionContext, private readonly deps: RunnerDeps) {
    this.limiter = new TaskLimiter(readRunSettings().maxConcurrentTasks);
  }

  /** Resumed task ids claimed before their task starts, so one journal never gets two loops. */
  private readonly claimed = new Set<string>();

  get tasks(): Running[] {
    return [...this.running.values()];
  }

  /** Tasks running or about to start (a resume past its checks): not "interrupted", not restorable. */
  get busyTaskIds(): string[] {
    return [...new Set([...this.running.keys(), ...this.claimed])];
  }

  /** "Harness: Run harnessed task": asks for the task, then runs it. */
  async runFromPrompt(taskText?: string): Promise<TaskResult | undefined> {
    const task =
      typeof taskText === 'string' && taskText.trim()
        ? taskText
        : await vscode.window.showInputBox({ title: 'Harness: Run harnessed task', prompt: TASK_PROMPT, placeHolder: 'e.g. rename getUser to fetchUser in src/users.ts', ignoreFocusOut: true });
    if (!task?.trim()) return undefined;
    const folder = await pickFolder();
    if (!folder) {
      void vscode.window.showErrorMessage('Harness: open a folder first; the agent works inside a workspace folder.');
      return undefined;
    }
    return this.run(task.trim(), folder);
  }

  /** Continues an interrupted task from its journal, in the folder it ran in. */
  async resume(taskId: string): Promise<TaskResult | undefined> {
    if (this.busyTaskIds.includes(taskId)) throw new Error(`Task ${taskId} is already running.`);
    this.claimed.add(taskId);
    try {
      return await this.resumeClaimed(taskId);
    } finally {
      this.claimed.delete(taskId);
    }
  }

  private async resumeClaimed(taskId: string): Promise<TaskResult | undefined> {
    const snap = await loadTask(this.deps.state, taskId);
    if (!snap) throw new Error(`No task ${taskId} in this workspace's history: pick one from "Harness: Resume task…".`);
    if (snap.ended) throw new Error(`Task ${taskId} already ended (${snap.status}); there is nothing to resume.`);
    const folder = (vscode.workspace.workspaceFolders ?? []).find((f) => f.uri.fsPath === snap.root);
    if (!folder) throw new Error(`Task ${taskId} ran in ${snap.root}, which is not open in this window: open that folder to resume it.`);
    return this.run(snap.task, folder, { resumeTaskId: taskId });
  }

  async run(task: string, folder: vscode.WorkspaceFolder, runOpts: RunOptions = {}): Promise<TaskResult | undefined> {
    const { log } = this.deps;
    const merged = await confirmWorkspacePolicy(this.context, folder.uri);
    this.deps.policyChanged();
    void offerSuggestedVerification(this.context, folder, merged.effective.verificationCommands);
    for (const w of merged.warnings) log.warn(w);
    if (merged.blockedBy) log.info(`Workspace loosening not applied (${merged.blockedBy}): using your user policy with the workspace's tightenings.`);
    const policy = restrictPolicy(merged.effective);

    const model = readModelSettings();
    const apiKey = await resolveApiKey(this.context.secrets, model.apiKeyEnv);
    if (!apiKey && model.baseUrl === DEFAULT_BASE_URL) {
      const pick = await vscode.window.showErrorMessage(
        `Harness: no API key. Set one with "Harness: Set API key", or set the ${model.apiKeyEnv} environment variable, or point harness.baseUrl at a local server.`,
        'Set API key',
      );
      if (pick) await vscode.commands.executeCommand(COMMANDS.setApiKey);
      return undefined;
    }
    // Loaded on the first task, not at activation: the loop and the model client pull in zod and
    // openai, most of the bundle's start-up time. esbuild still bundles them; they run on first use.
    // (require, not import(): this package is CommonJS, where tsc would keep import() as ESM.)
    const { runTask, OpenAIModelClient, sandboxNotice, instructionFileList } = require('./agent-core') as typeof AgentCore;
    // Said once per session: commands cannot be sandboxed here, and what that means. The status bar says
    // "unsandboxed" for good; a toast would sit over the progress notification's Cancel button, so only
    // the cases that change what happens get one: every command refused, or unconfined autonomy.
    if (!sandboxChecked) {
      sandboxChecked = true;
      void sandboxNotice(policy.sandbox ?? 'auto').then((note) => {
        if (!note) return;
        log.warn(note);
        if (policy.sandbox === 'required') void vscode.window.showErrorMessage(`Harness: ${note}`);
        else if (policy.unsandboxedAutonomy && policy.automationLevel === 4) {
          const warning = 'harness.unsandboxedAutonomy is on: at level 4 commands run unasked WITHOUT a sandbox, with your full rights.';
          log.warn(warning);
          void vscode.window.showWarningMessage(`Harness: ${warning}`);
        }
      });
    }
    let client: ModelClient.OpenAIModelClient;
    try {
      client = new OpenAIModelClient({ baseUrl: model.baseUrl, model: model.model, apiKey, timeoutMs: 120_000 });
    } catch (e) {
      void vscode.window.showErrorMessage(`Harness: ${(e as Error).message}`);
      return undefined;
    }

    const resume = runOpts.resumeTaskId !== undefined;
    const taskId = runOpts.resumeTaskId ?? newTaskId();
    if (this.running.has(taskId)) throw new Error(`Task ${taskId} is already running.`);
    const controller = new AbortController();
    this.running.set(taskId, { taskId, task, controller });
    const run = readRunSettings(folder.uri);
    for (const w of run.verifyWarnings) log.warn(`[${taskId}] ${w}`);
    this.limiter.setMax(run.maxConcurrentTasks);
    const budgets = budgetsFromPolicy(policy);
    // harness.instructionFiles picks which text guides the model, never what it may do: a workspace may set it.
    const instructionFiles = instructionFileList(vscode.workspace.getConfiguration('harness', folder.uri).get<unknown>('instructionFiles'));
    if (instructionFiles.warning) log.warn(instructionFiles.warning);
    this.deps.setLimits({ maxTokens: budgets.maxTokens, maxWallMs: budgets.maxWallMs });
    const diagnostics = new EditorDiagnostics(folder.uri.fsPath, log);
    const baseApplier = editorApplier(folder.uri.fsPath, taskId, (edit) => {
      if (policy.automationLevel >= 3) this.deps.applied.add(folder.uri.fsPath, edit);
    });
    // The diagnostics baseline of a file is read just before the task first changes it.
    const applier = {
      read: baseApplier.read,
      async apply(relPath: string, content: string | null) {
        await diagnostics.capture(relPath);
        await baseApplier.apply(relPath, content);
        diagnostics.noteEdit(relPath);
      },
    };
    let announcedQueue = false;
    log.info(`Task ${taskId} ${resume ? 'resumed' : 'started'} in ${folder.uri.fsPath} (level ${policy.automationLevel}${isRestricted() ? ', Restricted Mode' : ''}, model ${model.model} at ${model.baseUrl}): ${task}`);

    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: PROGRESS_TITLE, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          progress.report({ message: 'starting…' });
          // The notification follows the task's progress, the same fold of its events the status bar keeps.
          let shown: TaskProgress = { phase: 'idle', step: 0, maxSteps: 0, pendingApprovals: 0, usage: { promptTokens: 0, completionTokens: 0 } };
          const onEvent = (e: TaskEvent) => {
            const next = foldProgress(shown, e);
            if (next !== shown && (next.phase !== shown.phase || next.step !== shown.step || next.pendingApprovals !== shown.pendingApprovals || planLabel(next) !== planLabel(shown))) {
              const plan = planLabel(next);
              const label = `${phaseLabel({ ...next, taskId })}${plan ? ` · ${plan}` : ''}`;
              progress.report({ message: next.phase === 'waiting-approval' ? `${label} — ${APPROVAL_HINT}` : label });
            }
            shown = next;
            // A new proposal: its file is still as before, a good moment for the diagnostics baseline.
            if (e.type === 'edit-proposed') void diagnostics.capture(e.proposal.path);
            this.forward(e);
          };
          return this.limiter.run(
            taskId,
            () =>
              runTask({
                task,
                root: folder.uri.fsPath,
                taskId,
                model: client,
                policy,
                approver: this.deps.center.approverFor(folder.uri.fsPath),
                applier,
                budgets,
                signal: controller.signal,
                onEvent,
                state: this.deps.state,
                locks: this.locks,
                // Commands run only where the policy allows them; otherwise the loop asks the approver.
                verification: {
                  commands: policy.verificationCommands,
                  maxFixAttempts: run.maxFixAttempts,
                  when: run.verifyWhen,
                  diagnostics,
                },
                resume,
                retention: run.retention,
                secretValues: apiKey ? [apiKey] : [],
                modelName: model.model,
                ...(isRestricted() ? { instructions: RESTRICTED_INSTRUCTIONS } : {}),
                instructionFiles: instructionFiles.files,
                untrustedWorkspace: isRestricted(),
                ...(runOpts.plan ? { plan: runOpts.plan } : {}),
              }),
            (position) => {
              const message = queuedMessage(taskId, position, this.limiter.max);
              if (!announcedQueue) log.info(message);
              announcedQueue = true;
              progress.report({ message });
            },
            controller.signal,
          );
        },
      );
      // A plan-mode task ends in the plan review (plan-task.ts), not in an "N edits applied" message.
      if (runOpts.plan?.mode !== 'plan') this.report(result, taskId);
      return result;
    } catch (e) {
      const cancelled = controller.signal.aborted;
      const message = cancelled ? `Task ${taskId} was cancelled.` : `Task ${taskId} failed: ${(e as Error).message ?? String(e)}`;
      log.error(message);
      // The task could not record its own end (it never started, or its state failed): show one.
      this.forward({ type: 'task-ended', taskId, at: Date.now(), status: cancelled ? 'cancelled' : 'error', summary: '', ...(cancelled ? {} : { error: message }), verdict: 'not_run', steps: 0, usage: { promptTokens: 0, completionTokens: 0 } });
      if (!cancelled) void vscode.window.showErrorMessage(`Harness: ${message}`, 'Open log').then((p) => p && log.show());
      return undefined;
    } finally {
      this.deps.center.rejectAllFor(taskId, 'task ended');
      this.running.delete(taskId);
      diagnostics.dispose();
      this.deps.taskEnded(taskId);
    }
  }

  /** Cancels a task (asks which when several run). The loop's signal stops the model call and the tool. */
  async cancel(taskId?: string): Promise<void> {
    let target = taskId ? this.running.get(taskId) : undefined;
    if (!target) {
      const all = this.tasks;
      if (all.length === 0) {
        void vscode.window.showInformationMessage('Harness: no task is running.');
        return;
      }
      target =
        all.length === 1
          ? all[0]
          : (await vscode.window.showQuickPick(all.map((r) => ({ label: r.task, description: r.taskId, r })), { title: 'Harness: cancel which task?' }))?.r;
    }
    if (!target) return;
    this.deps.log.info(`Task ${target.taskId}: cancel requested.`);
    this.limiter.cancel(target.taskId);
    target.controller.abort();
  }

  private forward(e: TaskEvent): void {
    const { log } = this.deps;
    switch (e.type) {
      case 'log':
        log[e.level](`[${e.taskId}] ${e.message}`);
        break;
      case 'error':
        log.error(`[${e.taskId}] ${e.message}`);
        break;
      case 'policy-decision':
        log.info(`[${e.taskId}] ${e.tool}${e.path ? ` ${e.path}` : e.command ? ` \`${e.command}\`` : ''} → ${e.decision.decision} (${e.decision.reason})`);
        break;
      case 'tool-call-ended':
        if (e.outcome !== 'ok') log.info(`[${e.taskId}] ${e.tool} ${e.outcome}${e.error ? `: ${e.error}` : ''}`);
        break;
      case 'model-turn':
        log.debug(`[${e.taskId}] model turn ${e.step}: ${e.toolCalls.length} tool call(s), ${e.usage.promptTokens}+${e.usage.completionTokens} tokens, ${e.latencyMs} ms`);
        break;
      case 'edit-applied':
      case 'edit-refused':
      case 'edit-reverted':
        log.info(`[${e.taskId}] edit ${e.path}: ${e.type === 'edit-applied' ? 'applied' : e.type === 'edit-refused' ? e.status : 'reverted'}`);
        break;
      case 'approval-answered':
        log.info(`[${e.taskId}] approval ${e.toolCallId}: ${e.outcome} by ${e.by}${e.reason ? ` (${e.reason})` : ''}`);
        break;
      case 'task-ended':
        log.info(`[${e.taskId}] done: ${e.status}${e.error ? ` — ${e.error}` : ''}`);
        break;
    }
    this.deps.emit(e);
  }

  private report(result: TaskResult, taskId: string): void {
    const applied = result.edits.filter((e) => e.status === 'applied').length;
    const line = `Harness: task ${result.status} — ${applied} edit(s) applied, ${result.steps} step(s).`;
    // Levels 3 and 4 applied edits unasked: the closing message offers to keep or undo them.
    const unasked = this.deps.applied.countFor(taskId);
    const review = unasked > 0 ? [KEEP_ALL, UNDO_SOME] : [];
    const more = unasked > 0 ? ` Keep or undo ${unasked === 1 ? 'that edit' : `those ${unasked} edits`} here, or above each file.` : '';
    const answer = (pick: string | undefined) => {
      if (pick === KEEP_ALL) this.deps.applied.keepTask(taskId);
      else if (pick === UNDO_SOME) void vscode.commands.executeCommand(COMMANDS.undoEdit);
      else if (pick === 'Open log') this.deps.log.show();
    };
    if (result.status === 'completed' || result.status === 'cancelled') void vscode.window.showInformationMessage(line + more, ...review).then(answer);
    else void vscode.window.showWarningMessage(`${line}${result.error ? ` ${result.error}` : ''}${more}`, ...review, 'Open log').then(answer);
  }

  dispose(): void {
    for (const r of this.running.values()) r.controller.abort();
  }
}

export async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Run the task in which folder?' });
}
