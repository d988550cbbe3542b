// Next / previous hunk, and which hunk a key acts on: the one at the cursor when it is in view,
// else the first open one in view; with none in view the key brings the next one into view instead
// of deciding a hunk the person cannot see. Works in the real file and on the diff's proposal side.
import * as vscode from 'vscode';
import type { ApprovalCenter, PendingEdit } from './approver';
import type { HunkThreads } from './hunk-threads';
import { layoutHunks } from './review-state';
import { hunkInView, nextHunk, renderProposal, type RenderedHunk } from './review-layout';
import { PROPOSAL_SCHEME } from './ui-constants';

export class HunkNavigator {
  constructor(
    private readonly center: ApprovalCenter,
    private readonly threads: HunkThreads,
  ) {}

  /** The pending edit an editor shows and its hunks in that editor's lines. */
  private hunksIn(editor: vscode.TextEditor): { entry: PendingEdit; hunks: RenderedHunk[] } | undefined {
    const entry = this.center.editForDocument(editor.document.uri);
    if (!entry || entry.stale) return undefined;
    const review = entry.review;
    if (editor.document.uri.scheme === PROPOSAL_SCHEME) {
      const hunks = this.threads.rendered(entry.req.toolCallId)?.hunks ?? renderProposal(review.proposal, (i) => review.decision(i)).hunks;
      return { entry, hunks };
    }
    const hunks = layoutHunks(review.proposal).map((h) => {
      const lines = [...h.removedLines, ...h.added.map((b) => b.insertBefore)];
      const d = review.decision(h.index);
      return { index: h.index, firstLine: h.firstChangedLine, lastLine: Math.max(h.firstChangedLine, ...lines), ...(d ? { decision: d } : {}) };
    });
    return { entry, hunks };
  }

  /**
   * The hunk a key acts on in the active editor. When no open hunk is in view, the next one is
   * revealed and undefined returned: the person sees it, then presses again.
   */
  async target(): Promise<{ id: string; index: number } | undefined> {
    const editor = vscode.window.activeTextEditor;
    const found = editor && this.hunksIn(editor);
    if (!editor || !found) {
      void vscode.window.setStatusBarMessage('Harness: no pending proposal in this editor.', 5000);
      return undefined;
    }
    const visible = editor.visibleRanges.map((r) => ({ start: r.start.line, end: r.end.line }));
    const hunk = hunkInView(found.hunks, editor.selection.active.line, visible);
    if (hunk) return { id: found.entry.req.toolCallId, index: hunk.index };
    const next = nextHunk(found.hunks, editor.selection.active.line, 1);
    if (next && !next.decision) {
      this.reveal(editor, next);
      void vscode.window.setStatusBarMessage(`Harness: hunk ${next.index + 1} is in view now; press the key again to decide it.`, 5000);
    } else void vscode.window.setStatusBarMessage('Harness: every hunk here is decided.', 5000);
    return undefined;
  }

  /** Moves to the next (1) or previous (-1) open hunk and brings it into view. */
  go(direction: 1 | -1): boolean {
    const editor = vscode.window.activeTextEditor;
    const found = editor && this.hunksIn(editor);
    if (!editor || !found) return false;
    const hunk = nextHunk(found.hunks, editor.selection.active.line, direction);
    if (!hunk) return false;
    this.reveal(editor, hunk);
    return true;
  }

  /** The hunk from its widget (on the line before it) down: the top of the editor when it is long. */
  private reveal(editor: vscode.TextEditor, h: RenderedHunk): void {
    const last = Math.max(0, editor.document.lineCount - 1);
    const at = new vscode.Position(Math.min(h.firstLine, last), 0);
    editor.selection = new vscode.Selection(at, at);
    const top = new vscode.Position(Math.max(0, Math.min(h.firstLine - 1, last)), 0);
    const end = new vscode.Position(Math.min(h.lastLine + 1, last), 0);
    const shown = editor.visibleRanges.reduce((n, r) => n + r.end.line - r.start.line, 0);
    const tall = h.lastLine - h.firstLine + 8 > shown / 2;
    editor.revealRange(new vscode.Range(top, end), tall ? vscode.TextEditorRevealType.AtTop : vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}
