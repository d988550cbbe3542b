// Runs the core's agent loop in the extension host: settings → policy → model client → runTask, with a
// cancellable progress notification, the status bar and the panel following its events.
import * as vscode from 'vscode';
import { offerSuggestedVerification } from './verification-suggest';
import type { RunTaskOptions, TaskResult } from '../core/agent/api';
import type { TaskEvent } from '../core/events/schema';
import { foldProgress, type TaskProgress } from '../core/events/progress';
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
import { McpHubs } from './mcp-hubs';
import { editorApplier } from './edit-applier';
import { editorRipgrep } from './ripgrep';
import { confirmWorkspacePolicy } from './policy-confirmation';
import { readModelSettings, readProfileSettings, readRunSettings, resolveApiKey, userVerificationCommands } from './settings';
import { resolveModelProfile } from '../core/model/profile';
import type { QuestionCenter } from './questions';
import { editorError, missingKeyError, OPEN_SETTINGS, SET_API_KEY, type EditorError } from './error-advice';
import { reportResult, showEditorError } from './task-report';
import { DEFAULT_BASE_URL } from '../core/shared/endpoint-defaults';
import { RESTRICTED_INSTRUCTIONS, isRestricted, restrictPolicy } from './trust';
import { APPROVAL_HINT, COMMANDS, PROGRESS_TITLE, TASK_PROMPT } from './ui-constants';

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
  setLimits(limits: { maxTokens?: number; maxWallMs?: number; maxCostUsd?: number }): void;
  /** A task ended (any way): its checkpoints may have changed. */
  taskEnded(taskId: string): void;
  /** The model's questions to the person (ask_user). */
  questions: QuestionCenter;
  /** The telemetry exporter's listener for a task, while the user has telemetry on. */
  telemetry?(task: { secrets: string[]; model: string }): ((e: TaskEvent) => void) | undefined;
}

export interface RunOptions {
  /** Continue this interrupted task from its journal instead of starting a new one. */
  resumeTaskId?: string;
  /** Plan mode (read tools, ends with a plan), or carrying out an approved plan (see plan-task.ts). */
  plan?: RunTaskOptions['plan'];
  /** Go on with this ended task; the task text is the person's follow-up ('' retries). */
  continueTaskId?: string;
  /** The editor context the person kept (active file, selection), sent with the message. */
  context?: string;
  /** The task is about to run (the key and the endpoint were fine): the view clears its draft. */
  started?(taskId: string): void;
  /** The task could not start; the caller shows why (the view keeps the draft and offers the fix). */
  refused?(e: EditorError): void;
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
  /** MCP servers per folder, shared by the tasks that run there. */
  readonly mcp = new McpHubs();

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
    return this.claim(taskId, () => this.resumeClaimed(taskId));
  }

  /** Goes on with an ended task: the follow-up `message` ('' retries), the same journal, budgets topped up. */
  async continueTask(taskId: string, message: string, opts: Omit<RunOptions, 'resumeTaskId' | 'continueTaskId'> = {}): Promise<TaskResult | undefined> {
    return this.claim(taskId, async () => {
      const snap = await loadTask(this.deps.state, taskId);
      if (!snap) throw new Error(`No task ${taskId} in this workspace's history.`);
      if (!snap.ended) throw new Error(`Task ${taskId} has not ended: resume it instead.`);
      const folder = (vscode.workspace.workspaceFolders ?? []).find((f) => f.uri.fsPath === snap.root);
      if (!folder) throw new Error(`Task ${taskId} ran in ${snap.root}, which is not open in this window: open that folder to continue it.`);
      return this.run(message, folder, { ...opts, continueTaskId: taskId });
    });
  }

  /** One loop per journal: a task id is held from the checks until its run ends. */
  private async claim<T>(taskId: string, body: () => Promise<T>): Promise<T> {
    if (this.busyTaskIds.includes(taskId)) throw new Error(`Task ${taskId} is already running.`);
    this.claimed.add(taskId);
    try {
      return await body();
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
    let apiKey = await resolveApiKey(this.context.secrets, model.apiKeyEnv);
    if (!apiKey && model.baseUrl === DEFAULT_BASE_URL) {
      const missing = missingKeyError(model.apiKeyEnv);
      if (runOpts.refused) return void runOpts.refused(missing);
      // Set the key and the task goes on with what was typed: nothing is lost.
      const pick = await vscode.window.showErrorMessage(`Harness: ${missing.message}`, ...missing.actions);
      if (pick === SET_API_KEY) {
        await vscode.commands.executeCommand(COMMANDS.setApiKey);
        apiKey = await resolveApiKey(this.context.secrets, model.apiKeyEnv);
      } else if (pick === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', missing.setting);
      if (!apiKey) return undefined;
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
      const shown = editorError((e as { kind?: string }).kind, (e as Error).message);
      if (runOpts.refused) runOpts.refused(shown);
      else void showEditorError(shown, undefined, this.fixDeps());
      return undefined;
    }

    const exportEvent = this.deps.telemetry?.({ secrets: apiKey ? [apiKey] : [], model: model.model });
    const resume = runOpts.resumeTaskId !== undefined;
    const taskId = runOpts.resumeTaskId ?? runOpts.continueTaskId ?? newTaskId();
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
    this.deps.setLimits({ maxTokens: budgets.maxTokens, maxWallMs: budgets.maxWallMs, maxCostUsd: budgets.maxCostUsd });
    const { profile, warnings: profileWarnings } = resolveModelProfile(model.model, readProfileSettings(folder.uri));
    for (const w of profileWarnings) log.warn(`[${taskId}] ${w}`);
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
    // Restricted Mode runs nothing: no MCP server and no hook, not even the user's own.
    const mcp = isRestricted() ? undefined : await this.mcp.forTask(folder.uri.fsPath, policy, apiKey ? [apiKey] : []);
    const hooks = isRestricted() ? [] : policy.hooks;
    let announcedQueue = false;
    runOpts.started?.(taskId);
    log.info(`Task ${taskId} ${resume ? 'resumed' : runOpts.continueTaskId ? 'continued' : 'started'} in ${folder.uri.fsPath} (level ${policy.automationLevel}${isRestricted() ? ', Restricted Mode' : ''}, model ${model.model} at ${model.baseUrl}): ${task}`);

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
            exportEvent?.(e);
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
                approver: { ...this.deps.center.approverFor(folder.uri.fsPath, policy.automationLevel), ask: (q, signal) => this.deps.questions.ask(q, signal) },
                applier,
                budgets,
                limits: { rgPath: editorRipgrep(log) },
                signal: controller.signal,
                onEvent,
                state: this.deps.state,
                locks: this.locks,
                // Commands run only where the policy allows them; otherwise the loop asks the approver.
                verification: {
                  commands: policy.verificationCommands,
                  userCommands: userVerificationCommands(folder.uri),
                  maxFixAttempts: run.maxFixAttempts,
                  when: run.verifyWhen,
                  diagnostics,
                },
                resume,
                ...(runOpts.continueTaskId ? { continue: true } : {}),
                ...(runOpts.context ? { context: runOpts.context } : {}),
                retention: run.retention,
                secretValues: apiKey ? [apiKey] : [],
                modelName: model.model,
                modelProfile: profile,
                ...(isRestricted() ? { instructions: RESTRICTED_INSTRUCTIONS } : {}),
                instructionFiles: instructionFiles.files,
                untrustedWorkspace: isRestricted(),
                ...(runOpts.plan ? { plan: runOpts.plan } : {}),
                ...(mcp ? { mcp } : {}),
                hooks,
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
      if (runOpts.plan?.mode !== 'plan') reportResult(result, { ...this.fixDeps(), unasked: this.deps.applied.countFor(taskId), keepAll: () => this.deps.applied.keepTask(taskId) });
      return result;
    } catch (e) {
      const cancelled = controller.signal.aborted;
      const message = cancelled ? `Task ${taskId} was cancelled.` : `Task ${taskId} failed: ${(e as Error).message ?? String(e)}`;
      log.error(message);
      // The task could not record its own end (it never started, or its state failed): show one.
      this.forward({ type: 'task-ended', taskId, at: Date.now(), status: cancelled ? 'cancelled' : 'error', summary: '', ...(cancelled ? {} : { error: message }), verdict: 'not_run', steps: 0, usage: { promptTokens: 0, completionTokens: 0 } });
      if (!cancelled) void showEditorError(editorError(undefined, message), undefined, this.fixDeps());
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

  /** What the fix buttons of an error need: Retry goes on with the ended task where it stopped. */
  fixDeps() {
    return {
      log: this.deps.log,
      retry: (taskId: string) => void this.continueTask(taskId, '').catch((e: unknown) => void vscode.window.showErrorMessage(`Harness: ${(e as Error).message}`)),
      hasApiKey: async () => !!(await resolveApiKey(this.context.secrets, readModelSettings().apiKeyEnv)),
    };
  }

  dispose(): void {
    for (const r of this.running.values()) r.controller.abort();
    this.mcp.dispose();
  }
}

export async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Run the task in which folder?' });
}
