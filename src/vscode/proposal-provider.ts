// Serves a proposal's text as a read-only virtual document (`harness-proposal:` scheme), the right side of
// the diff editor. The real file is never touched before approval.
import * as vscode from 'vscode';
import type { Proposal } from '../core/shared/types';
import { PROPOSAL_SCHEME } from './ui-constants';

export class ProposalContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly proposals = new Map<string, Proposal>();
  /** The proposal side as the decisions so far make it (rejected hunks back to the original). */
  private readonly shown = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** `harness-proposal:/src/a.ts?id=<proposal id>`: the path keeps the file name (and language) visible. */
  static uriFor(p: Proposal): vscode.Uri {
    return vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${p.path}`, query: `id=${encodeURIComponent(p.id)}` });
  }

  static proposalIdOf(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== PROPOSAL_SCHEME) return undefined;
    const m = /(?:^|&)id=([^&]+)/.exec(uri.query);
    return m ? decodeURIComponent(m[1]) : undefined;
  }

  add(p: Proposal): vscode.Uri {
    this.proposals.set(p.id, p);
    const uri = ProposalContentProvider.uriFor(p);
    this.changed.fire(uri);
    return uri;
  }

  remove(id: string): void {
    this.proposals.delete(id);
    this.shown.delete(id);
  }

  /** Redraws the proposal side at once after a decision; false when it did not change. */
  show(p: Proposal, text: string): boolean {
    if (!this.proposals.has(p.id) || (this.shown.get(p.id) ?? p.after ?? '') === text) return false;
    this.shown.set(p.id, text);
    this.changed.fire(ProposalContentProvider.uriFor(p));
    return true;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    if (uri.query === 'empty') return ''; // the left side of a new file's diff
    const id = ProposalContentProvider.proposalIdOf(uri);
    const p = id ? this.proposals.get(id) : undefined;
    if (!p) return '(This Harness proposal is no longer pending.)';
    return this.shown.get(p.id) ?? p.after ?? '';
  }

  dispose(): void {
    this.changed.dispose();
    this.proposals.clear();
  }
}
