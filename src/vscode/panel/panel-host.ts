// Hosts the verification panel: one WebviewPanel showing the window's PanelStore (shared with the
// Harness view, so the panel can be hidden, closed or reloaded and get everything back), through the
// typed, validated message protocol.
import * as vscode from 'vscode';
import {
  describeBadMessage,
  HostMessageSchema,
  parseWebviewMessage,
  type HostMessage,
  type PanelState,
  type WebviewMessage,
} from '../../core/ui/panel-protocol';
import { buildPanelHtml, makeNonce } from './panel-html';
import { StateSync, type PanelStore } from './panel-store';

export const PANEL_VIEW_TYPE = 'harness.panel';

export interface PanelActions {
  approve(toolCallId: string): void;
  reject(toolCallId: string, reason?: string): void;
  /** Resolves with a one-line report of what was restored and what was left alone, when there is one. */
  restoreCheckpoint(id: string): Promise<string | void>;
  cancelTask(taskId: string): void;
  openProposal(toolCallId: string): void;
  /** The person's answer to the model's question (ask_user). */
  answer(toolCallId: string, answer: string): void;
  /** Opens a command's full output, saved with its task; rejects with a one-line reason. */
  openOutput(taskId: string, toolCallId: string): Promise<void>;
  /** Adds a suggested allow rule to the user settings; resolves with what was added. */
  allowSuggestion?(id: string): Promise<string>;
  dismissSuggestion?(id: string): Promise<void>;
}

export class PanelHost implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly sync: StateSync;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly actions: PanelActions,
    private readonly log: vscode.LogOutputChannel,
    private readonly store: PanelStore,
  ) {
    this.sync = new StateSync(store, (m) => this.send(m));
    // After a window reload VS Code recreates the panel; we adopt it and resend the snapshot.
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => this.attach(panel),
      }),
      store.onChange((_state, urgent) => this.sync.changed(urgent)),
    );
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Harness', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.webviewOptions());
    this.attach(panel);
  }

  /** A snapshot, for tests and for the extension's own status display. */
  snapshot(): PanelState {
    return this.store.current;
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
    this.sync.detach();
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
        if (!panel.visible) this.sync.detach();
      }),
    ];
    panel.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      if (this.panel === panel) {
        this.panel = undefined;
        this.sync.detach();
      }
    });
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
        this.sync.sendFull();
        return;
      case 'approve':
        return this.actions.approve(msg.toolCallId);
      case 'reject':
        return this.actions.reject(msg.toolCallId, msg.reason);
      case 'cancelTask':
        return this.actions.cancelTask(msg.taskId);
      case 'openProposal':
        return this.actions.openProposal(msg.toolCallId);
      case 'answer':
        return this.actions.answer(msg.toolCallId, msg.answer);
      case 'openOutput':
        this.actions.openOutput(msg.taskId, msg.toolCallId).catch((err: unknown) => this.send({ type: 'notice', level: 'error', message: `${err instanceof Error ? err.message : String(err)}`.slice(0, 2000) }));
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
      case 'selectTask':
        void this.store.select(msg.taskId).catch((err: unknown) => this.log.error(`panel: cannot show task ${msg.taskId}: ${err instanceof Error ? err.message : String(err)}`));
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
