// The Harness view in the activity bar: the conversation with the agent. It shows the window's
// PanelStore (the same tasks and selection as the verification panel), the editor context the
// person may send, and keeps their draft here so a reload or an error never loses what they typed.
import * as vscode from 'vscode';
import type { HostMessage } from '../../core/ui/panel-protocol';
import { parseViewMessage, ViewHostMessageSchema, type NoticeAction, type ViewExtras, type ViewHostMessage, type ViewMessage } from '../../core/ui/view-protocol';
import { buildPanelHtml, makeNonce } from '../panel/panel-html';
import { StateSync, type PanelStore } from '../panel/panel-store';
import type { ContextTracker } from './context-tracker';

export const VIEW_ID = 'harness.view';

export interface ViewActions {
  /** Starts a task, or continues the ended task `taskId`. Resolves true once it started (the draft can go). */
  send(text: string, context: string, taskId: string | undefined, started: () => void): Promise<void>;
  answer(toolCallId: string, answer: string): boolean;
  approve(toolCallId: string): void;
  reject(toolCallId: string, reason?: string): void;
  openProposal(toolCallId: string): void;
  cancelTask(taskId: string): void;
  resumeTask(taskId: string): void;
  restoreTask(taskId: string): Promise<string | void>;
  openReport(taskId: string): void;
  noticeAction(action: NoticeAction, taskId?: string): void;
}

export class HarnessViewHost implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly sync: StateSync;
  private draft = '';
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly store: PanelStore,
    private readonly editorContext: ContextTracker,
    private readonly actions: ViewActions,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.sync = new StateSync(store, (m) => this.sendState(m));
    this.draft = context.workspaceState.get<string>(DRAFT_KEY, '');
    this.disposables.push(
      vscode.window.registerWebviewViewProvider(VIEW_ID, this),
      store.onChange((_s, urgent) => this.sync.changed(urgent)),
      editorContext.onDidChange(() => this.post({ type: 'extras', extras: this.extras() })),
    );
  }

  /** Opens the view (the activity bar entry) and focuses its input. */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
  }

  /** Shows an error in the view, with its fixes as buttons (the draft stays in the input). */
  notice(level: 'info' | 'error', message: string, actions: NoticeAction[] = [], taskId?: string): void {
    this.post({ type: 'notice', level, message: message.slice(0, 2000), ...(actions.length ? { actions } : {}), ...(taskId ? { taskId } : {}) });
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.sync.detach();
    const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, vscode.Uri.joinPath(this.context.extensionUri, 'media')] };
    const uri = (file: string) => view.webview.asWebviewUri(vscode.Uri.joinPath(dist, file)).toString();
    view.webview.html = buildPanelHtml({ cspSource: view.webview.cspSource, nonce: makeNonce(), scriptUri: uri('view.js'), styleUri: uri('view.css'), codiconUri: uri('codicon.css') });
    const subs = [
      view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      // A hidden view loses its page; it says `ready` again when shown.
      view.onDidChangeVisibility(() => !view.visible && this.sync.detach()),
    ];
    view.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      if (this.view === view) {
        this.view = undefined;
        this.sync.detach();
      }
    });
  }

  private extras(): ViewExtras {
    return { context: this.editorContext.items(), draft: this.draft, canRun: (vscode.workspace.workspaceFolders?.length ?? 0) > 0 };
  }

  private sendState(m: HostMessage): void {
    if (m.type === 'state') this.post({ type: 'state', state: m.state, extras: this.extras() });
    else if (m.type === 'event') this.post(m);
  }

  private post(message: ViewHostMessage): void {
    if (!this.view) return;
    if (!ViewHostMessageSchema.safeParse(message).success) {
      this.log.error(`view: refusing to send an invalid ${message.type} message`);
      return;
    }
    void this.view.webview.postMessage(message);
  }

  private setDraft(text: string): void {
    this.draft = text;
    void this.context.workspaceState.update(DRAFT_KEY, text);
  }

  private receive(raw: unknown): void {
    const msg = parseViewMessage(raw);
    if (!msg) {
      this.log.warn('view: ignored a malformed or unknown message');
      return;
    }
    try {
      this.dispatch(msg);
    } catch (err) {
      this.log.error(`view: ${msg.type} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private dispatch(msg: ViewMessage): void {
    const fail = (what: string) => (err: unknown) => this.notice('error', `${what}: ${err instanceof Error ? err.message : String(err)}`);
    switch (msg.type) {
      case 'ready':
        this.sync.sendFull();
        return;
      case 'draft':
        return this.setDraft(msg.text);
      case 'send': {
        this.setDraft(msg.text);
        const context = this.editorContext.block(msg.context);
        void this.actions
          .send(msg.text, context, msg.taskId, () => {
            this.setDraft('');
            this.post({ type: 'sent' });
          })
          .catch(fail('Could not start the task'));
        return;
      }
      case 'answer':
        if (this.actions.answer(msg.toolCallId, msg.answer)) {
          this.setDraft('');
          this.post({ type: 'sent' });
        } else this.notice('error', 'That question is no longer waiting for an answer (its task ended or it was answered).');
        return;
      case 'removeContext':
        return this.editorContext.remove(msg.id);
      case 'selectTask':
        void this.store.select(msg.taskId).catch(fail(`Cannot show task ${msg.taskId}`));
        return;
      case 'newTask':
        return this.store.clearSelection();
      case 'approve':
        return this.actions.approve(msg.toolCallId);
      case 'reject':
        return this.actions.reject(msg.toolCallId, msg.reason);
      case 'openProposal':
        return this.actions.openProposal(msg.toolCallId);
      case 'cancelTask':
        return this.actions.cancelTask(msg.taskId);
      case 'resumeTask':
        return this.actions.resumeTask(msg.taskId);
      case 'restoreTask':
        void this.actions.restoreTask(msg.taskId).then((report) => report && this.notice('info', report), fail('Could not restore'));
        return;
      case 'openReport':
        return this.actions.openReport(msg.taskId);
      case 'noticeAction':
        return this.actions.noticeAction(msg.action, msg.taskId);
    }
  }

  dispose(): void {
    this.sync.detach();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** workspaceState key of the view's draft (what the person typed and has not sent). */
const DRAFT_KEY = 'harness.viewDraft';
