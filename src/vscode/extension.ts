// Entry point: wires the VS Code pieces around the core. Activates on its commands and views only.
import * as vscode from 'vscode';
import { explainPolicy } from './explain-policy';
import { listMcpServers } from './mcp-list';
import type { TaskEvent } from '../core/events/schema';
import { ApprovalCenter, askRejectReason } from './approver';
import { AppliedEdits } from './applied-edits';
import { recordUndo } from './record-undo';
import { CheckpointCommands } from './checkpoints';
import { InlineReview } from './inline-review';
import { HunkThreads } from './hunk-threads';
import { HunkNavigator } from './hunk-nav';
import { PanelHost, type PanelActions } from './panel/panel-host';
import { PanelStore } from './panel/panel-store';
import { PanelStats } from './panel/panel-stats';
import { EditorTelemetry } from './telemetry';
import { panelFromHistory, taskEvents } from '../core/ui/panel-history';
import { QuestionCenter } from './questions';
import { ContextTracker } from './view/context-tracker';
import { HarnessViewHost } from './view/view-host';
import { viewActions } from './view/view-actions';
import { ProposalContentProvider } from './proposal-provider';
import { ResumeCommands } from './resume';
import { mergedPolicy } from './settings';
import { commandRegime } from '../core/commands/sandbox';
import { STATE_COMMANDS } from './state-format';
import { openStateStore } from './state-store';
import { HarnessStatusBar } from './status-bar';
import { TaskRunner } from './task-runner';
import { PlanTaskCommand } from './plan-task';
import { confirmWorkspacePolicy } from './policy-confirmation';
import { openCommandOutput } from './command-output';
import { COMMANDS, OUTPUT_CHANNEL_NAME, PROPOSAL_SCHEME, SECRET_API_KEY } from './ui-constants';

/** Set on activation: stops all state writes when the extension host shuts down (see state-store.ts). */
let freezeState: (() => void) | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const state = openStateStore(context, (m) => log.warn(m));
  freezeState = () => state.freeze();
  // First in the list, so the store is frozen before the runner aborts its tasks on shutdown.
  context.subscriptions.push({ dispose: () => state.freeze() });
  const provider = new ProposalContentProvider();
  const statusBar = new HarnessStatusBar();
  // An Undo is recorded with the task and shown like any edit event (emit is set up below; Undo comes later).
  const applied = new AppliedEdits(async (edit) => {
    try {
      await recordUndo(state, edit, (e) => emit(e));
    } catch (err) {
      log.error(`could not record the Undo of ${edit.path} in task ${edit.taskId}: ${(err as Error).message}`);
    }
  });
  let panel: PanelHost | undefined;
  let view: HarnessViewHost | undefined;
  let checkpoints: CheckpointCommands | undefined;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const refreshCheckpointsSoon = () => {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void checkpoints?.refreshPanel(), 300);
  };
  // One state for the verification panel and the Harness view, rebuilt from the journals after a reload.
  const store = new PanelStore(log, { load: () => panelFromHistory(state, runner.busyTaskIds), events: (taskId) => taskEvents(state, taskId) });
  const emit = (e: TaskEvent) => {
    statusBar.handleEvent(e);
    store.handleEvent(e);
    if ((e.type === 'edit-applied' || e.type === 'edit-reverted') && e.checkpointId) refreshCheckpointsSoon();
  };
  const center = new ApprovalCenter(provider, log);
  const questions = new QuestionCenter(() => view?.reveal());
  const inline = new InlineReview(center);
  const threads = new HunkThreads(center, provider);
  const navigator = new HunkNavigator(center, threads);

  const refreshPolicyMarker = () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const merged = mergedPolicy(context, folder?.uri);
    statusBar.setPolicyUnconfirmed(merged.loosenings.length > 0 && !merged.looseningApplied);
    // Which regime commands run under: the status bar says "unsandboxed" when they cannot be confined.
    void commandRegime(merged.effective.sandbox).then((regime) => {
      statusBar.setUnsandboxed(regime.sandboxed ? undefined : { reason: regime.reason, autonomy: merged.effective.unsandboxedAutonomy && merged.effective.automationLevel === 4 });
    });
  };
  const telemetry = new EditorTelemetry(log, String(context.extension?.packageJSON?.version ?? '0.1.0'));
  const stats = new PanelStats({ context, state, log, show: (view) => store.setStats(view) });
  const runner = new TaskRunner(context, {
    log,
    center,
    applied,
    emit,
    policyChanged: refreshPolicyMarker,
    state,
    setLimits: (limits) => store.setLimits(limits),
    taskEnded: () => {
      void checkpoints?.refreshPanel();
      void stats.refresh();
    },
    questions,
    telemetry: (task) => telemetry.listenerFor(task),
  });
  checkpoints = new CheckpointCommands({
    state,
    locks: runner.locks,
    log,
    runningTaskIds: () => runner.busyTaskIds,
    showCheckpoints: (views) => store.setCheckpoints(views),
    emit,
  });
  const resume = new ResumeCommands(state, runner, log);

  const actions: PanelActions = {
    approve: (id) => void center.decideAll(id, true).catch((e) => showError(e)),
    reject: (id, reason) => void center.decideAll(id, false, reason).catch((e) => showError(e)),
    restoreCheckpoint: (id) => checkpoints!.fromPanel(id),
    cancelTask: (taskId) => void runner.cancel(taskId),
    openProposal: (id) => void center.reveal(id),
    answer: (id, text) => void questions.answer(id, text),
    openOutput: (taskId, toolCallId) => openCommandOutput(state, taskId, toolCallId),
    allowSuggestion: (id) => stats.allow(id),
    dismissSuggestion: (id) => stats.dismiss(id),
  };
  panel = new PanelHost(context, actions, log, store);
  const editorContext = new ContextTracker();
  view = new HarnessViewHost(context, store, editorContext, viewActions({ runner, center, questions, checkpoints, resume, store, panel, view: () => view, showError }), log);

  // From a lens or a widget link (id, index), a widget's title button (its thread), or a key (the hunk in view).
  const hunkArgs = async (args: unknown[]): Promise<{ id: string; index: number } | undefined> => {
    // A lens the editor has not redrawn yet may name a proposal that was answered meanwhile.
    if (typeof args[0] === 'string' && typeof args[1] === 'number') return center.get(args[0]) ? { id: args[0], index: args[1] } : undefined;
    const fromThread = threads.hunkOf(args[0]);
    if (fromThread) return center.get(fromThread.id) ? fromThread : undefined;
    return navigator.target();
  };
  const noHunkInView = () => void vscode.window.setStatusBarMessage('Harness: no open hunk here; "Harness: Next hunk" finds the next one.', 5000);
  // From the title bar (a URI), CodeLens / panel (a tool call id), a keybinding (the active editor), or
  // the palette with some other editor active (the one pending edit, else the user picks).
  const proposalArg = async (arg: unknown): Promise<string | undefined> => {
    if (typeof arg === 'string') return center.get(arg) ? arg : undefined;
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    const shown = uri ? center.editForDocument(uri) : undefined;
    if (shown) return shown.req.toolCallId;
    if (arg instanceof vscode.Uri) return undefined; // a title-bar button of an editor that shows no proposal
    const edits = center.edits().filter((p) => !p.stale);
    if (edits.length <= 1) return edits[0]?.req.toolCallId;
    const pick = await vscode.window.showQuickPick(
      edits.map((p) => ({ label: `$(diff) ${p.review.proposal.path}`, description: `${p.review.proposal.kind} · task ${p.req.taskId}`, id: p.req.toolCallId })),
      { title: 'Harness: which proposal?' },
    );
    return pick?.id;
  };
  const noProposal = () => void vscode.window.showInformationMessage('Harness: no pending proposal here (answered, stale, or its task ended). Use "Harness: Show pending approvals".');

  const register = (id: string, fn: (...args: any[]) => unknown) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await fn(...args);
        } catch (e) {
          showError(e);
        }
      }),
    );

  register(COMMANDS.runTask, (task?: string) => runner.runFromPrompt(task));
  const planTask = new PlanTaskCommand(context, runner, log, () => panel?.show());
  register(COMMANDS.planTask, (task?: unknown) => planTask.run(task));
  register(COMMANDS.cancelTask, (taskId?: string) => runner.cancel(typeof taskId === 'string' ? taskId : undefined));
  register(COMMANDS.showPanel, () => panel?.show());
  register(COMMANDS.openLog, () => log.show());
  register(COMMANDS.setApiKey, async () => {
    const key = await vscode.window.showInputBox({ title: 'Harness: Set API key', prompt: 'Kept in VS Code SecretStorage, never in settings. Empty removes it.', password: true, ignoreFocusOut: true });
    if (key === undefined) return;
    if (key.trim()) await context.secrets.store(SECRET_API_KEY, key.trim());
    else await context.secrets.delete(SECRET_API_KEY);
    void vscode.window.showInformationMessage(key.trim() ? 'Harness: API key saved.' : 'Harness: API key removed.');
  });
  register(COMMANDS.showPendingApprovals, async () => {
    const items = center.list().map((p) => ({
      label: p.req.kind === 'edit' ? `$(diff) ${p.req.proposal.path}` : p.req.kind === 'command' ? `$(terminal) ${p.req.command}` : `$(tools) ${p.req.tool}`,
      description: `task ${p.req.taskId} · ${p.req.decision.risk} risk`,
      detail: p.req.decision.reason,
      id: p.req.toolCallId,
    }));
    if (!items.length) return void vscode.window.showInformationMessage('Harness: nothing is waiting for approval.');
    const pick = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: 'Harness: pending approvals' });
    if (pick) await center.reveal(pick.id);
  });
  register(COMMANDS.statusBarClicked, async () => {
    const first = center.list()[0];
    if (first) await center.reveal(first.req.toolCallId);
    else await view?.reveal();
  });
  register(COMMANDS.showView, () => view?.reveal());
  register(COMMANDS.nextHunk, () => navigator.go(1) || noHunkInView());
  register(COMMANDS.previousHunk, () => navigator.go(-1) || noHunkInView());
  register(COMMANDS.acceptHunk, async (...args: unknown[]) => {
    const h = await hunkArgs(args);
    if (!h) return args.length ? noProposal() : undefined; // the navigator said why, or brought a hunk into view
    await center.decideHunk(h.id, h.index, true);
  });
  register(COMMANDS.rejectHunk, async (...args: unknown[]) => {
    const h = await hunkArgs(args);
    if (!h) return args.length ? noProposal() : undefined; // the navigator said why, or brought a hunk into view
    const reason = await askRejectReason(`hunk ${h.index + 1}`);
    if (reason === undefined) return;
    await center.decideHunk(h.id, h.index, false, reason || undefined);
  });
  register(COMMANDS.acceptProposal, async (arg?: unknown) => {
    const id = await proposalArg(arg);
    if (!id) return noProposal();
    await center.decideAll(id, true);
  });
  register(COMMANDS.rejectProposal, async (arg?: unknown) => {
    const id = await proposalArg(arg);
    if (!id) return noProposal();
    const reason = await askRejectReason('the proposal');
    if (reason === undefined) return;
    await center.decideAll(id, false, reason || undefined);
  });
  register(COMMANDS.openProposalDiff, async (arg?: unknown) => {
    const id = await proposalArg(arg);
    if (!id) return noProposal();
    await center.openDiff(id);
  });
  register(COMMANDS.confirmWorkspacePolicy, async () => {
    await confirmWorkspacePolicy(context, vscode.workspace.workspaceFolders?.[0]?.uri, true);
    refreshPolicyMarker();
  });
  register(STATE_COMMANDS.restoreCheckpoint, (id?: unknown, opts?: { onConflict?: 'ask' | 'overwrite' | 'skip' }) => checkpoints!.command(id, opts));
  register(STATE_COMMANDS.resumeTask, (taskId?: unknown) => resume.command(taskId));
  register(COMMANDS.explainPolicy, (input?: { command?: string; path?: string; tool?: string }) => explainPolicy(context, log, input));
  register(COMMANDS.listMcpServers, () => listMcpServers(context, runner.mcp, log));
  register(COMMANDS.keepEdit, (id?: unknown) => applied.keep(id));
  register(COMMANDS.undoEdit, (id?: unknown) => applied.undo(id));

  context.subscriptions.push(
    log,
    provider,
    applied,
    statusBar,
    center,
    inline,
    threads,
    runner,
    telemetry,
    { dispose: () => panel?.dispose() },
    { dispose: () => view?.dispose() },
    questions,
    editorContext,
    { dispose: () => refreshTimer && clearTimeout(refreshTimer) },
    vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, provider),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('harness') && refreshPolicyMarker()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('harness.telemetry')) telemetry.configurationChanged();
      if (e.affectsConfiguration('harness.rules')) void stats.refresh(); // a rule added by hand answers its suggestion
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(refreshPolicyMarker),
  );
  refreshPolicyMarker();
  void checkpoints.refreshPanel();
  void stats.refresh();
  void resume.offer();
  log.info(`Harness activated${vscode.workspace.isTrusted ? '' : ' in Restricted Mode: tasks may read and propose, never apply or run'}.`);

  function showError(e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    log.error(message);
    void vscode.window.showErrorMessage(`Harness: ${message}`);
  }
}

export function deactivate(): void {
  // A shutdown (window reload) must leave unfinished tasks resumable, as a crash would: freeze the
  // state store before the disposables abort the tasks and reject their pending approvals.
  freezeState?.();
  freezeState = undefined;
}

// dist/agent-core.js takes the core modules this bundle holds from here (see core-registry.ts).
export { CORE_MODULES } from './core-registry';
