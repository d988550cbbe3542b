// Every pending approval of every task, in one place: edits reviewed hunk by hunk (inline and in the
// diff editor), commands and other tool calls answered from a notification, the panel or the QuickPick.
import * as vscode from 'vscode';
import type { PolicyRule } from '../core/shared/types';
import type { ApprovalRequest, ApprovalResult, Approver, Proposal } from '../core/shared/types';
import { isStale } from '../core/diff/proposal';
import { contentHash } from '../core/shared/hash';
import { ReviewState } from './review-state';
import { ProposalContentProvider } from './proposal-provider';
import { fileUri, readCurrent } from './edit-applier';
import { RESTRICTED_COMMAND_REASON, RESTRICTED_REASON, STALE_REASON } from './ui-constants';
import { addUserAllowRule } from './user-rules';

/** Restricted-Mode proposals kept viewable in the diff editor. */
const MAX_RESTRICTED_SHOWN = 20;

interface PendingBase {
  root: string;
  /** The task's automation level: allow rules let commands run unasked from level 3 on. */
  level: number;
  stale: boolean;
  resolve(result: ApprovalResult): void;
}

/** An edit under review: its per-hunk decisions and the real file. */
export interface PendingEdit extends PendingBase {
  req: Extract<ApprovalRequest, { kind: 'edit' }>;
  review: ReviewState;
  uri: vscode.Uri;
}

/** A command or another tool call, answered yes or no. */
export interface PendingQuestion extends PendingBase {
  req: Exclude<ApprovalRequest, { kind: 'edit' }>;
  review?: undefined;
}

export type PendingApproval = PendingEdit | PendingQuestion;

export const isEdit = (p: PendingApproval | undefined): p is PendingEdit => p?.req.kind === 'edit';

/** The user rule "Always allow" adds: this command, in this folder only. */
export function alwaysAllowRule(root: string, command: string): PolicyRule {
  return { action: 'allow', command: command.trim(), folder: root };
}

/** The button: short, and says what it allows and where. */
export function alwaysAllowLabel(command: string): string {
  const c = command.trim();
  return `Always allow "${c.length > 40 ? `${c.slice(0, 39)}…` : c}" here`;
}

/**
 * Saves the rule in the USER's settings (`harness.rules`), scoped to this folder: the user's own
 * choice, so no workspace confirmation is needed, and a repository's .vscode/settings.json is never
 * touched. The rule is visible and removable there like any other.
 */
async function addFolderAllowRule(root: string, command: string): Promise<PolicyRule> {
  const rule = alwaysAllowRule(root, command);
  await addUserAllowRule({ ...rule, action: 'allow' });
  return { action: 'allow', command: rule.command, source: 'user, this folder' };
}

export class ApprovalCenter implements vscode.Disposable {
  private readonly pending = new Map<string, PendingApproval>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly restrictedShown: string[] = [];

  constructor(
    private readonly provider: ProposalContentProvider,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(vscode.workspace.onDidChangeTextDocument((e) => this.checkStale(e.document)));
  }

  /** An Approver for one task's workspace root, at the task's automation level. */
  approverFor(root: string, level = 2): Approver {
    return { request: (req, signal) => this.request(req, root, signal, level) };
  }

  list(): PendingApproval[] {
    return [...this.pending.values()];
  }

  get(toolCallId: string): PendingApproval | undefined {
    return this.pending.get(toolCallId);
  }

  /** Every pending edit. */
  edits(): PendingEdit[] {
    return this.list().filter(isEdit);
  }

  /** Pending edits of a file (inline review draws them). */
  editsFor(uri: vscode.Uri): PendingEdit[] {
    return this.edits().filter((p) => p.uri.toString() === uri.toString());
  }

  /** The pending edit shown by an editor: its real file, or its `harness-proposal:` document. */
  editForDocument(uri: vscode.Uri): PendingEdit | undefined {
    const id = ProposalContentProvider.proposalIdOf(uri);
    if (id) return this.edits().find((p) => p.review.proposal.id === id);
    return this.editsFor(uri)[0];
  }

  request(req: ApprovalRequest, root: string, signal: AbortSignal, level = 2): Promise<ApprovalResult> {
    if (!vscode.workspace.isTrusted) {
      // Restricted Mode: read and propose only. The proposal is logged, never applied.
      const reason = req.kind === 'edit' ? RESTRICTED_REASON : RESTRICTED_COMMAND_REASON;
      this.log.info(`Restricted Mode: refused ${req.kind} ${req.kind === 'edit' ? req.proposal.path : req.toolCallId}`);
      // "Propose" means the user can see it: show the proposal read-only in the diff editor.
      if (req.kind === 'edit') void this.showRestrictedProposal(req.proposal, root);
      return Promise.resolve({ approved: false, by: 'restricted-mode', reason });
    }
    if (signal.aborted) return Promise.resolve({ approved: false, by: 'cancelled', reason: 'task cancelled' });
    return new Promise<ApprovalResult>((resolve) => {
      const base: PendingBase = {
        root,
        level,
        stale: false,
        resolve: (result) => {
          if (!this.pending.has(req.toolCallId)) return;
          this.pending.delete(req.toolCallId);
          signal.removeEventListener('abort', onAbort);
          if (isEdit(entry)) this.provider.remove(entry.review.proposal.id);
          this.changed.fire();
          resolve(result);
          if (isEdit(entry)) void closeDiffTabs(entry.review.proposal);
        },
      };
      const entry: PendingApproval =
        req.kind === 'edit'
          ? Object.assign(base, { req, review: new ReviewState(req.proposal), uri: fileUri(root, req.proposal.path) })
          : Object.assign(base, { req });
      const onAbort = () => entry.resolve({ approved: false, by: 'cancelled', reason: 'task cancelled' });
      signal.addEventListener('abort', onAbort, { once: true });
      if (isEdit(entry)) this.provider.add(entry.req.proposal);
      this.pending.set(req.toolCallId, entry);
      this.changed.fire();
      if (isEdit(entry)) void this.present(entry);
      else void this.askInNotification(entry);
    });
  }

  /** Record one hunk decision; resolves the approval once every hunk is decided. */
  async decideHunk(toolCallId: string, index: number, accepted: boolean, reason?: string): Promise<void> {
    const entry = this.requireEdit(toolCallId);
    entry.review.decide(index, accepted, reason);
    this.changed.fire();
    await this.finishIfComplete(entry);
  }

  /** Accept or reject every hunk still open (title bar, panel, keybinding). */
  async decideAll(toolCallId: string, accepted: boolean, reason?: string): Promise<void> {
    const entry = this.pending.get(toolCallId);
    if (!entry) throw new Error(`No pending approval ${toolCallId}: it was answered or its task ended.`);
    if (!isEdit(entry)) {
      entry.resolve({ approved: accepted, by: 'user', ...(reason ? { reason } : {}) });
      return;
    }
    entry.review.decideRest(accepted, reason);
    this.changed.fire();
    await this.finishIfComplete(entry);
  }

  /** Opens the review of a pending approval again (status bar, QuickPick, panel). */
  async reveal(toolCallId: string): Promise<void> {
    const entry = this.pending.get(toolCallId);
    if (!entry) return;
    if (isEdit(entry)) await this.present(entry);
    else await this.askInNotification(entry);
  }

  /** `focus`: a new file has no editor of its own, so its diff takes focus and shows the title-bar Accept / Reject. */
  async openDiff(toolCallId: string, focus = false): Promise<void> {
    const entry = this.requireEdit(toolCallId);
    const p = entry.review.proposal;
    const right = ProposalContentProvider.uriFor(p);
    // A new file has no left side on disk: compare against an empty proposal document instead.
    const left = p.kind === 'create' ? right.with({ query: 'empty' }) : entry.uri;
    await vscode.commands.executeCommand('vscode.diff', left, right, `${p.path} ↔ Harness proposal`, {
      preview: false,
      preserveFocus: !focus,
      viewColumn: vscode.ViewColumn.Beside,
    });
  }

  /** Restricted Mode: the proposal stays viewable (newest few kept), but nothing is pending or applied. */
  private async showRestrictedProposal(p: Proposal, root: string): Promise<void> {
    this.restrictedShown.push(p.id);
    while (this.restrictedShown.length > MAX_RESTRICTED_SHOWN) this.provider.remove(this.restrictedShown.shift()!);
    const right = this.provider.add(p);
    const left = p.kind === 'create' ? right.with({ query: 'empty' }) : fileUri(root, p.path);
    try {
      await vscode.commands.executeCommand('vscode.diff', left, right, `${p.path} ↔ Harness proposal (Restricted Mode: not applied)`, { preview: true, preserveFocus: true });
    } catch (e) {
      this.log.error(`Could not show the proposal for ${p.path}: ${String(e)}`);
    }
  }

  private requireEdit(toolCallId: string): PendingEdit {
    const entry = this.pending.get(toolCallId);
    if (!isEdit(entry)) throw new Error(`No pending edit ${toolCallId}: it was answered, went stale, or its task ended.`);
    return entry;
  }

  // Show the file itself (inline Accept/Reject per hunk, visible with default settings) and, beside it,
  // the diff editor with the proposal on the right.
  private async present(entry: PendingEdit): Promise<void> {
    const p = entry.review.proposal;
    try {
      if (p.kind !== 'create') {
        const doc = await vscode.workspace.openTextDocument(entry.uri);
        if (isStale(p, doc.getText())) return this.markStale(entry);
        const layoutLine = Math.max(0, p.hunks[0] ? p.hunks[0].oldStart - 1 : 0);
        const pos = new vscode.Position(Math.min(layoutLine, Math.max(0, doc.lineCount - 1)), 0);
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false, selection: new vscode.Range(pos, pos) });
      }
      await this.openDiff(entry.req.toolCallId, p.kind === 'create');
    } catch (e) {
      this.log.error(`Could not open the review of ${p.path}: ${String(e)}`);
    }
  }

  private async askInNotification(entry: PendingQuestion): Promise<void> {
    const req = entry.req;
    const what = req.kind === 'command' ? `run \`${req.command}\`` : `call ${req.tool}`;
    // Each parsed part with the rule that judged it, so the user sees what exactly would run.
    const parts = req.kind === 'command' && (req.decision.parts?.length ?? 0) > 1 ? ` Parts: ${req.decision.parts!.map((p) => `\`${p.text}\` → ${p.decision}${p.rule ? ` (${p.rule})` : ''}`).join('; ')}.` : '';
    // "Always allow" is offered for a plain command only: never for critical ones, which always ask
    // anyway, and not at levels 1-2, where every command asks whatever the rules say.
    const canAlwaysAllow = req.kind === 'command' && req.decision.risk !== 'critical' && (req.decision.parts?.length ?? 1) <= 1 && entry.level >= 3;
    const always = req.kind === 'command' ? alwaysAllowLabel(req.command) : '';
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(entry.root))?.name ?? entry.root;
    const offer = canAlwaysAllow && req.kind === 'command' ? ` "${always}" adds to your user settings the rule {"action": "allow", "command": "${req.command.trim()}"} for the folder ${folder} only.` : '';
    const pick = await vscode.window.showWarningMessage(
      `Harness wants to ${what} (${req.decision.risk} risk: ${req.decision.reason}).${parts}${offer}`,
      'Allow',
      ...(canAlwaysAllow ? [always] : []),
      'Reject…',
    );
    if (!this.pending.has(req.toolCallId)) return;
    if (pick === 'Allow') entry.resolve({ approved: true, by: 'user' });
    else if (canAlwaysAllow && pick === always && req.kind === 'command') {
      const rule = await addFolderAllowRule(entry.root, req.command);
      entry.resolve({ approved: true, by: 'user', addRule: rule });
    } else if (pick === 'Reject…') {
      const reason = await askRejectReason();
      if (reason !== undefined) entry.resolve({ approved: false, by: 'user', ...(reason ? { reason } : {}) });
    }
    // Dismissed: it stays pending (status bar, "Show pending approvals" and the panel can answer it).
  }

  private async finishIfComplete(entry: PendingEdit): Promise<void> {
    const review = entry.review;
    if (!review.complete) return;
    const result = review.result();
    if (result.approved) {
      // The file may have changed between the last keystroke event and now: check the text itself.
      const current = await readCurrent(entry.root, review.proposal.path).catch(() => undefined);
      if (current === undefined || isStale(review.proposal, current)) return this.markStale(entry);
    }
    entry.resolve(result);
  }

  private checkStale(doc: vscode.TextDocument): void {
    for (const entry of this.editsFor(doc.uri)) {
      if (contentHash(doc.getText()) !== entry.review.proposal.beforeHash) this.markStale(entry);
    }
  }

  /** The user changed the file: never overwrite it; the model is told why. */
  private markStale(entry: PendingEdit): void {
    if (entry.stale) return;
    entry.stale = true;
    const path = entry.review.proposal.path;
    this.log.warn(`Proposal for ${path} is stale: the file changed after it was made; rejected.`);
    void vscode.window.showInformationMessage(`Harness: the proposal for ${path} is stale (you changed the file), so it was not applied.`);
    entry.resolve({ approved: false, by: 'user', reason: STALE_REASON, acceptedHunks: [], stale: true });
  }

  /** Cancel everything pending for a task (the loop's own signal normally does this). */
  rejectAllFor(taskId: string, reason: string): void {
    for (const e of this.list()) if (e.req.taskId === taskId) e.resolve({ approved: false, by: 'cancelled', reason });
  }

  dispose(): void {
    for (const e of this.list()) e.resolve({ approved: false, by: 'cancelled', reason: 'the editor is closing' });
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}

/** Optional reason for a rejection; undefined when the user pressed Escape (nothing is decided then). */
export async function askRejectReason(what = 'this change'): Promise<string | undefined> {
  const reason = await vscode.window.showInputBox({
    title: `Reject ${what}`,
    prompt: 'Why reject? (optional — the model is told; Escape cancels the rejection)',
    placeHolder: 'e.g. keep the existing function name',
  });
  return reason === undefined ? undefined : reason.trim();
}

async function closeDiffTabs(p: Proposal): Promise<void> {
  const right = ProposalContentProvider.uriFor(p).toString();
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === right);
  if (tabs.length) await vscode.window.tabGroups.close(tabs, true).then(undefined, () => undefined);
}
