// Follows the editor the person works in and offers its file and selection as context for the next
// message. Only files inside a workspace folder; an item the person removed stays removed until the
// editor or the selection changes. The selected text is read when the message is sent, not before.
import * as vscode from 'vscode';
import { contextBlock, contextItem, type ContextSource } from '../../core/ui/editor-context';
import type { ContextItem } from '../../core/ui/view-protocol';

interface Offered {
  item: ContextItem;
  uri: vscode.Uri;
  range?: vscode.Range;
}

export class ContextTracker implements vscode.Disposable {
  private offered: Offered[] = [];
  private readonly removed = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.subscriptions = [
      // A webview taking focus leaves activeTextEditor undefined on some hosts: keep the last editor then.
      vscode.window.onDidChangeActiveTextEditor((e) => e && this.soon()),
      vscode.window.onDidChangeTextEditorSelection((e) => e.textEditor === vscode.window.activeTextEditor && this.soon()),
      this.changed,
    ];
    this.refresh();
  }

  /** What the view shows as removable chips. */
  items(): ContextItem[] {
    return this.offered.filter((o) => !this.removed.has(o.item.id)).map((o) => o.item);
  }

  remove(id: string): void {
    this.removed.add(id);
    this.changed.fire();
  }

  /** The context block for the items the person kept (`ids` from the view), the selection read now. */
  block(ids: readonly string[]): string {
    const keep = new Set(ids);
    const sources: ContextSource[] = [];
    for (const o of this.offered) {
      if (!keep.has(o.item.id) || this.removed.has(o.item.id)) continue;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === o.uri.toString());
      sources.push({
        kind: o.item.kind,
        path: o.item.path,
        ...(o.item.startLine ? { startLine: o.item.startLine, endLine: o.item.endLine } : {}),
        ...(o.range && doc ? { text: doc.getText(o.range), languageId: doc.languageId } : {}),
      });
    }
    return contextBlock(sources);
  }

  private soon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), 150);
  }

  private refresh(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const doc = editor.document;
    const folder = doc.uri.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(doc.uri) : undefined;
    if (!folder) {
      this.set([]);
      return;
    }
    const rel = vscode.workspace.asRelativePath(doc.uri, false).split('\\').join('/');
    const next: Offered[] = [{ item: contextItem(`file:${rel}`, { kind: 'file', path: rel }), uri: doc.uri }];
    const sel = editor.selection;
    if (!sel.isEmpty) {
      // A selection ending at column 0 of a line does not include that line.
      const last = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line - 1 : sel.end.line;
      const source: ContextSource = { kind: 'selection', path: rel, startLine: sel.start.line + 1, endLine: last + 1 };
      next.push({ item: contextItem(`sel:${rel}:${source.startLine}-${source.endLine}:${sel.start.character}-${sel.end.character}`, source), uri: doc.uri, range: new vscode.Range(sel.start, sel.end) });
    }
    this.set(next);
  }

  private set(next: Offered[]): void {
    const same = next.length === this.offered.length && next.every((o, i) => o.item.id === this.offered[i].item.id);
    if (same) return;
    this.offered = next;
    // A removal applies to what was offered then: a new file or selection is offered again.
    for (const id of [...this.removed]) if (!next.some((o) => o.item.id === id)) this.removed.delete(id);
    this.changed.fire();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscriptions.forEach((s) => s.dispose());
  }
}
