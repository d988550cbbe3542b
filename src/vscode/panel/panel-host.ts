// Hosts the Harness panel: one WebviewPanel, a PanelState kept here (so the panel can be hidden,
// closed or reloaded and get everything back), and the typed, validated message protocol.
import * as vscode from 'vscode';
import type { TaskEvent } from '../../core/events/schema';
import {
  describeBadMessage,
  HostMessageSchema,
  parseWebviewMessage,
  type CheckpointView,
  type HostMessage,
  type PanelState,
  type StatsView,
  type WebviewMessage,
} from '../../core/ui/panel-protocol';
import { applyEvent, diffState, emptyPanelState, selectTask, setCheckpoints, setLimits, setStats, TASK_CAP } from '../../core/ui/panel-model';
import { hasTimeline, replayTask } from '../../core/ui/panel-history';
import { buildPanelHtml, makeNonce } from './panel-html';

export const PANEL_VIEW_TYPE = 'harness.panel';

export interface PanelActions {
  approve(toolCallId: string): void;
  reject(toolCallId: string, reason?: string): void;
  /** Resolves with a one-line report of what was restored and what was left alone, when there is one. */
  restoreCheckpoint(id: string): Promise<string | void>;
  cancelTask(taskId: string): void;
  openProposal(toolCallId: string): void;
  /** Opens a command's full output, saved with its task; rejects with a one-line reason. */
  openOutput(taskId: string, toolCallId: string): Promise<void>;
  /** Adds a suggested allow rule to the user settings; resolves with what was added. */
  allowSuggestion?(id: string): Promise<string>;
  dismissSuggestion?(id: string): Promise<void>;
}

/** The workspace's task history, for a panel opened after a reload (see core/ui/panel-history.ts). */
export interface PanelHistory {
  load(): Promise<PanelState>;
  events(taskId: string): Promise<TaskEvent[]>;
}

export class PanelHost implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private state: PanelState = emptyPanelState();
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly log: vscode.LogOutputChannel;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly actions: PanelActions,
    log?: vscode.LogOutputChannel,
    private readonly history?: PanelHistory,
  ) {
    this.log = log ?? vscode.window.createOutputChannel('Harness Panel', { log: true });
    if (!log) this.disposables.push(this.log);
    // After a window reload VS Code recreates the panel; we adopt it and resend the snapshot.
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => this.attach(panel),
      }),
    );
    void this.loadHistory();
  }

  /** Tasks from earlier sessions (the journals), behind whatever this session already showed. */
  private async loadHistory(): Promise<void> {
    if (!this.history) return;
    try {
      const past = await this.history.load();
      if (!this.state.tasks.length) return this.update({ ...past, checkpoints: this.state.checkpoints, budgets: { ...past.budgets, maxTokens: this.state.budgets.maxTokens, maxWallMs: this.state.budgets.maxWallMs, maxCostUsd: this.state.budgets.maxCostUsd }, ...(this.state.stats ? { stats: this.state.stats } : {}) });
      const known = new Set(this.state.tasks.map((t) => t.id));
      const older = past.tasks.filter((t) => !known.has(t.id));
      if (older.length) this.update({ ...this.state, tasks: [...older, ...this.state.tasks].slice(-TASK_CAP) });
    } catch (err) {
      this.log.warn(`panel: cannot read the task history: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Shows a task; one from an earlier session gets its timeline replayed from its journal first. */
  private async select(taskId: string): Promise<void> {
    if (this.history && !hasTimeline(this.state, taskId) && this.state.tasks.some((t) => t.id === taskId)) {
      this.update(replayTask(this.state, await this.history.events(taskId)));
    }
    this.update(selectTask(this.state, taskId));
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Harness', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.webviewOptions());
    this.attach(panel);
  }

  handleEvent(e: TaskEvent): void {
    this.update(applyEvent(this.state, e));
  }

  setCheckpoints(list: CheckpointView[]): void {
    this.update(setCheckpoints(this.state, list));
  }

  /** The workspace's figures, from its journals (see panel-stats.ts). */
  setStats(view: StatsView): void {
    this.update(setStats(this.state, view));
  }

  /** Budget limits are not in the events; the extension passes them when a task starts. */
  setLimits(limits: { maxTokens?: number; maxWallMs?: number; maxCostUsd?: number }): void {
    this.update(setLimits(this.state, limits));
  }

  /** A snapshot, for tests and for the extension's own status display. */
  snapshot(): PanelState {
    return this.state;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist'), vscode.Uri.joinPath(this.context.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel?.dispose();
    this.panel = panel;
    this.ready = false;
    panel.webview.options = this.webviewOptions();
    const dist = (file: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', file)).toString();
    panel.webview.html = buildPanelHtml({
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: dist('webview.js'),
      styleUri: dist('webview.css'),
      codiconUri: dist('codicon.css'),
    });
    const subs = [
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      // Hidden panels lose their page (retainContextWhenHidden is off); the page says `ready` again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    ];
    panel.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      if (this.panel === panel) this.panel = undefined;
    });
  }

  private update(next: PanelState): void {
    const update = diffState(this.state, next);
    this.state = next;
    if (update && this.ready) this.send({ type: 'event', update });
  }

  private send(message: HostMessage): void {
    // Validate what we send too: a message the page would refuse is a bug worth a log line here.
    if (!HostMessageSchema.safeParse(message).success) {
      this.log.error(`panel: refusing to send an invalid ${message.type} message`);
      return;
    }
    void this.panel?.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.log.warn(`panel: ${describeBadMessage(raw)}`);
      return;
    }
    try {
      this.dispatch(msg);
    } catch (err) {
      this.log.error(`panel: ${msg.type} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private dispatch(msg: WebviewMessage): void {
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.send({ type: 'state', state: this.state });
        return;
      case 'approve':
        return this.actions.approve(msg.toolCallId);
      case 'reject':
        return this.actions.reject(msg.toolCallId, msg.reason);
      case 'cancelTask':
        return this.actions.cancelTask(msg.taskId);
      case 'openProposal':
        return this.actions.openProposal(msg.toolCallId);
      case 'openOutput':
        this.actions.openOutput(msg.taskId, msg.toolCallId).catch((err: unknown) => this.send({ type: 'notice', level: 'error', message: `${err instanceof Error ? err.message : String(err)}`.slice(0, 2000) }));
        return;
      case 'selectTask':
        void this.select(msg.taskId).catch((err: unknown) => this.log.error(`panel: cannot show task ${msg.taskId}: ${err instanceof Error ? err.message : String(err)}`));
        return;
      case 'allowSuggestion':
        this.actions.allowSuggestion?.(msg.id).then(
          (report) => this.send({ type: 'notice', level: 'info', message: report.slice(0, 2000) }),
          (err: unknown) => this.send({ type: 'notice', level: 'error', message: `Could not add the rule: ${err instanceof Error ? err.message : String(err)}`.slice(0, 2000) }),
        );
        return;
      case 'dismissSuggestion':
        void this.actions.dismissSuggestion?.(msg.id).catch((err: unknown) => this.log.error(`panel: dismissing a suggestion failed: ${err instanceof Error ? err.message : String(err)}`));
        return;
      case 'restoreCheckpoint':
        this.actions.restoreCheckpoint(msg.id).then(
          (report) => this.send({ type: 'notice', level: 'info', message: report || `Restored checkpoint ${msg.id}.` }),
          (err: unknown) => this.send({ type: 'notice', level: 'error', message: `Could not restore checkpoint ${msg.id}: ${err instanceof Error ? err.message : String(err)}`.slice(0, 2000) }),
        );
        return;
    }
  }
}
