// The review surface: the diff editor's proposal side, with one widget per hunk (a comment thread,
// the one inline zone VS Code lets an extension add) right above the hunk's proposed lines, saying
// which hunk it is and offering Accept / Reject. The proposed lines are the diff's own, in full and
// highlighted. A decision redraws at once: the proposal side drops a rejected hunk (it shows what
// would land) and the widget says what was decided.
import * as vscode from 'vscode';
import type { ApprovalCenter, PendingEdit } from './approver';
import { ProposalContentProvider } from './proposal-provider';
import { hunkSummary } from './review-state';
import { renderProposal, type RenderedProposal } from './review-layout';
import { COMMANDS } from './ui-constants';

export const REVIEW_CONTROLLER = 'harness-review';

interface Shown {
  threads: vscode.CommentThread[];
  rendered: RenderedProposal;
}

const command = (id: string, args: unknown[]) => `command:${id}?${encodeURIComponent(JSON.stringify(args))}`;

export class HunkThreads implements vscode.Disposable {
  private readonly controller = vscode.comments.createCommentController(REVIEW_CONTROLLER, 'Harness proposal');
  private readonly shown = new Map<string, Shown>();
  private readonly byThread = new WeakMap<vscode.CommentThread, { id: string; index: number }>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly center: ApprovalCenter,
    private readonly provider: ProposalContentProvider,
  ) {
    this.subscription = center.onDidChange(() => this.sync());
  }

  /** The hunk a widget's title button was pressed on. */
  hunkOf(arg: unknown): { id: string; index: number } | undefined {
    return arg && typeof arg === 'object' ? this.byThread.get(arg as vscode.CommentThread) : undefined;
  }

  /** Where the hunks of a pending edit are on its proposal side now. */
  rendered(toolCallId: string): RenderedProposal | undefined {
    return this.shown.get(toolCallId)?.rendered;
  }

  private sync(): void {
    const live = new Set<string>();
    for (const entry of this.center.edits()) {
      if (entry.stale || entry.review.proposal.kind === 'delete') continue;
      live.add(entry.req.toolCallId);
      this.draw(entry);
    }
    for (const [id, s] of this.shown) {
      if (live.has(id)) continue;
      s.threads.forEach((t) => t.dispose());
      this.shown.delete(id);
    }
  }

  private draw(entry: PendingEdit): void {
    const p = entry.review.proposal;
    const id = entry.req.toolCallId;
    const rendered = renderProposal(p, (i) => entry.review.decision(i));
    this.provider.show(p, rendered.text);
    const uri = ProposalContentProvider.uriFor(p);
    const old = this.shown.get(id);
    const threads = rendered.hunks.map((h, i) => {
      // A widget shows below its line: anchored on the line before the hunk, it heads the hunk.
      const anchor = Math.max(0, h.firstLine - 1);
      const range = new vscode.Range(anchor, 0, anchor, 0);
      const t = old?.threads[i] ?? this.controller.createCommentThread(uri, range, []);
      t.range = range;
      t.canReply = false;
      const n = h.index + 1;
      const total = p.hunks.length;
      const summary = hunkSummary(p.hunks[h.index]);
      const d = h.decision;
      t.label = d ? `Hunk ${n} of ${total}: ${d.accepted ? 'accepted' : 'rejected'}` : `Hunk ${n} of ${total} (${summary}): accept or reject`;
      t.contextValue = d ? 'decided' : 'pending';
      t.comments = [{ body: this.body(id, h.index, n, total, summary, d), mode: vscode.CommentMode.Preview, author: { name: 'Harness' } }];
      t.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
      this.byThread.set(t, { id, index: h.index });
      return t;
    });
    for (const extra of old?.threads.slice(threads.length) ?? []) extra.dispose();
    this.shown.set(id, { threads, rendered });
  }

  // Our own words only: the proposal's text (the model's) never goes into a trusted Markdown string.
  private body(id: string, index: number, n: number, total: number, summary: string, d: { accepted: boolean; reason?: string } | undefined): vscode.MarkdownString {
    const md = new vscode.MarkdownString('', true);
    md.isTrusted = { enabledCommands: [COMMANDS.acceptHunk, COMMANDS.rejectHunk, COMMANDS.nextHunk] };
    if (d) {
      md.appendMarkdown(d.accepted ? `$(check) **Hunk ${n} accepted**: its lines below will be applied when every hunk is decided.` : `$(close) **Hunk ${n} rejected**: the original lines are back below.`);
      if (d.reason) md.appendText(` Reason: ${d.reason}`);
      return md;
    }
    md.appendMarkdown(`**Hunk ${n} of ${total}** (${summary}): the proposed lines are below, in full.  \n`);
    md.appendMarkdown(`[$(check) Accept hunk ${n}](${command(COMMANDS.acceptHunk, [id, index])}) · [$(close) Reject hunk ${n}…](${command(COMMANDS.rejectHunk, [id, index])})`);
    if (total > 1) md.appendMarkdown(` · [$(arrow-down) Next hunk](${command(COMMANDS.nextHunk, [])})`);
    return md;
  }

  dispose(): void {
    this.subscription.dispose();
    for (const s of this.shown.values()) s.threads.forEach((t) => t.dispose());
    this.controller.dispose();
  }
}
