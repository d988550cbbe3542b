// Review inside the file's own editor, where CodeLens shows with default settings (the diff editor hides
// it): removed lines get a red background, each hunk gets "Accept hunk N" / "Reject hunk N" above it,
// and a line says where its proposed lines are. Decorations cannot insert lines, so the proposed lines
// are read in full in the diff editor beside, the review surface (see hunk-threads.ts). The file
// itself is not changed until approval; a decided hunk shows its new state at once.
import * as vscode from 'vscode';
import type { ApprovalCenter } from './approver';
import { hunkSummary, layoutHunks } from './review-state';
import {
  ACCEPT_ALL_TITLE,
  ACCEPT_DELETE_TITLE,
  COMMANDS,
  CONTEXT_HAS_PENDING_EDITS,
  CONTEXT_REVIEWING,
  OPEN_DIFF_TITLE,
  REJECT_ALL_TITLE,
  REJECT_DELETE_TITLE,
  acceptHunkTitle,
  rejectHunkTitle,
} from './ui-constants';

const MAX_GHOST_CHARS = 120;

export class InlineReview implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly removed = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
    textDecoration: 'line-through',
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly added = vscode.window.createTextEditorDecorationType({
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  /** Lines an accepted hunk will replace: struck through, dimmed. */
  private readonly replaced = vscode.window.createTextEditorDecorationType({ isWholeLine: true, textDecoration: 'line-through', opacity: '0.55' });

  constructor(private readonly center: ApprovalCenter) {
    this.subscriptions.push(
      vscode.languages.registerCodeLensProvider({ scheme: 'file' }, this),
      center.onDidChange(() => this.refresh()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
    );
  }

  refresh(): void {
    this.lensesChanged.fire();
    for (const editor of vscode.window.visibleTextEditors) this.decorate(editor);
    this.updateContext();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    for (const entry of this.center.editsFor(document.uri)) {
      if (entry.stale) continue;
      const review = entry.review;
      const id = entry.req.toolCallId;
      const top = new vscode.Range(0, 0, 0, 0);
      if (review.proposal.kind === 'delete') {
        lenses.push(new vscode.CodeLens(top, { title: ACCEPT_DELETE_TITLE, command: COMMANDS.acceptProposal, arguments: [id], tooltip: `Delete ${review.proposal.path}` }));
        lenses.push(new vscode.CodeLens(top, { title: REJECT_DELETE_TITLE, command: COMMANDS.rejectProposal, arguments: [id], tooltip: `Keep ${review.proposal.path}` }));
        continue;
      }
      if (review.hunkCount > 1) {
        lenses.push(new vscode.CodeLens(top, { title: ACCEPT_ALL_TITLE, command: COMMANDS.acceptProposal, arguments: [id] }));
        lenses.push(new vscode.CodeLens(top, { title: REJECT_ALL_TITLE, command: COMMANDS.rejectProposal, arguments: [id] }));
      }
      lenses.push(new vscode.CodeLens(top, { title: OPEN_DIFF_TITLE, command: COMMANDS.openProposalDiff, arguments: [id] }));
      for (const h of layoutHunks(review.proposal)) {
        const line = Math.min(h.firstChangedLine, Math.max(0, document.lineCount - 1));
        const range = new vscode.Range(line, 0, line, 0);
        const d = review.decision(h.index);
        const n = h.index + 1;
        if (d) {
          lenses.push(new vscode.CodeLens(range, { title: `Hunk ${n}: ${d.accepted ? 'accepted' : 'rejected'}${d.reason ? ` (${d.reason})` : ''}`, command: '' }));
          continue;
        }
        const hunk = review.proposal.hunks[h.index];
        lenses.push(new vscode.CodeLens(range, { title: acceptHunkTitle(n), command: COMMANDS.acceptHunk, arguments: [id, h.index], tooltip: `Accept hunk ${n} (${hunkSummary(hunk)})` }));
        lenses.push(new vscode.CodeLens(range, { title: rejectHunkTitle(n), command: COMMANDS.rejectHunk, arguments: [id, h.index], tooltip: `Reject hunk ${n} (${hunkSummary(hunk)})` }));
      }
    }
    return lenses;
  }

  private decorate(editor: vscode.TextEditor): void {
    const removed: vscode.DecorationOptions[] = [];
    const added: vscode.DecorationOptions[] = [];
    const replaced: vscode.DecorationOptions[] = [];
    const doc = editor.document;
    for (const entry of this.center.editsFor(doc.uri)) {
      if (entry.stale) continue;
      const review = entry.review;
      for (const h of layoutHunks(review.proposal)) {
        const d = review.decision(h.index);
        // Rejected: the file stays as it is here, nothing to mark (the lens says "rejected").
        if (d && !d.accepted) continue;
        const hover = hunkHover(review.proposal.hunks[h.index].lines, h.index + 1);
        for (const line of h.removedLines) {
          if (line >= doc.lineCount) continue;
          (d ? replaced : removed).push({ range: doc.lineAt(line).range, hoverMessage: hover });
        }
        for (const block of h.added) added.push(ghost(doc, block.insertBefore, block.lines, hover, h.index + 1, !!d));
      }
    }
    editor.setDecorations(this.removed, removed);
    editor.setDecorations(this.added, added);
    editor.setDecorations(this.replaced, replaced);
  }

  // Only pending, not-stale proposals count: a Restricted-Mode proposal is shown read-only and has
  // nothing to accept, so its diff editor must not offer Accept / Reject.
  private updateContext(): void {
    const editor = vscode.window.activeTextEditor;
    const shown = editor ? this.center.editForDocument(editor.document.uri) : undefined;
    void vscode.commands.executeCommand('setContext', CONTEXT_REVIEWING, !!shown && !shown.stale);
    const pending = this.center.edits().some((p) => !p.stale);
    void vscode.commands.executeCommand('setContext', CONTEXT_HAS_PENDING_EDITS, pending);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.removed.dispose();
    this.added.dispose();
    this.replaced.dispose();
    this.lensesChanged.dispose();
  }
}

// Decorations cannot insert real lines: a short added block shows as ghost text at the end of the line
// above the insertion point (or before the first line); a longer one says where it is read in full.
function ghost(doc: vscode.TextDocument, insertBefore: number, lines: string[], hover: vscode.MarkdownString, n: number, accepted: boolean): vscode.DecorationOptions {
  const one = lines.length === 1 && lines[0].length <= MAX_GHOST_CHARS;
  const what = one ? (lines[0].trim() === '' ? '(empty line)' : lines[0]) : `${lines.length} proposed lines (hunk ${n}), in full in the diff beside`;
  const contentText = accepted ? `  ✓ accepted: ${one ? what : `${lines.length} lines`} will be applied` : `  ⊕ ${what}`;
  const style = {
    contentText,
    color: new vscode.ThemeColor('editorGhostText.foreground'),
    backgroundColor: new vscode.ThemeColor('diffEditor.insertedTextBackground'),
    fontStyle: 'italic',
  };
  if (insertBefore === 0 || doc.lineCount === 0) {
    return { range: new vscode.Range(0, 0, 0, 0), hoverMessage: hover, renderOptions: { before: { ...style, contentText: `${contentText}  ` } } };
  }
  const line = doc.lineAt(Math.min(insertBefore - 1, doc.lineCount - 1));
  return { range: new vscode.Range(line.range.end, line.range.end), hoverMessage: hover, renderOptions: { after: style } };
}

function hunkHover(lines: string[], n: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString(`**Harness proposal — hunk ${n}**\n`);
  md.appendCodeblock(lines.map((l) => l.replace(/\r$/, '')).join('\n'), 'diff');
  return md;
}
