// The editor's DiagnosticsProvider for one task: errors VS Code reports for the touched files. The
// baseline of each file is read just before the task's first edit to it (the loop only asks for
// "before" at verification time, when the files have long changed); "after" waits for the language
// servers to settle after the last edit.
import * as vscode from 'vscode';
import type { Diag, DiagnosticsProvider } from '../core/verify/types';
import { DiagBaseline, settleWait, toDiag } from './diag-baseline';
import { fileUri } from './edit-applier';

export interface DiagnosticsTiming {
  /** Longest wait for diagnostics after the last edit. */
  settleMs: number;
  /** Diagnostics count as settled after this long without a change. */
  quietMs: number;
  /** Longest wait for a language server to report on a file it had not seen. */
  firstReportMs: number;
}

const DEFAULT_TIMING: DiagnosticsTiming = { settleMs: 1500, quietMs: 500, firstReportMs: 800 };
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class EditorDiagnostics implements DiagnosticsProvider, vscode.Disposable {
  private readonly baseline: DiagBaseline;
  private lastActivity = 0;
  private readonly watched = new Set<string>();
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly root: string,
    log?: vscode.LogOutputChannel,
    private readonly timing: DiagnosticsTiming = DEFAULT_TIMING,
  ) {
    this.baseline = new DiagBaseline((p) => log?.debug(`diagnostics: no baseline for ${p} (edited before a resume?); its errors count as new`));
    this.sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => this.watched.has(u.toString()))) this.lastActivity = Date.now();
    });
  }

  /** Snapshot a file's diagnostics before the task first changes it. Await it before applying the edit. */
  capture(relPath: string): Promise<void> {
    return this.baseline.capture(relPath, () => this.read(relPath, this.timing.firstReportMs));
  }

  /** An edit landed: diagnostics will change, so "after" waits from here. */
  noteEdit(relPath: string): void {
    this.watch(relPath);
    this.lastActivity = Date.now();
  }

  before(paths: string[]): Promise<Diag[]> {
    return this.baseline.before(paths);
  }

  async after(paths: string[]): Promise<Diag[]> {
    for (const p of paths) {
      // Files the task created were never opened: open them so their language server checks them.
      if (await this.open(p)) this.lastActivity = Date.now();
    }
    const deadline = Date.now() + this.timing.settleMs;
    for (let wait = settleWait(Date.now(), this.lastActivity, deadline, this.timing.quietMs); wait > 0; ) {
      await sleep(wait);
      wait = settleWait(Date.now(), this.lastActivity, deadline, this.timing.quietMs);
    }
    return paths.flatMap((p) => this.current(p));
  }

  dispose(): void {
    this.sub.dispose();
  }

  private watch(relPath: string): vscode.Uri | undefined {
    try {
      const uri = fileUri(this.root, relPath);
      this.watched.add(uri.toString());
      return uri;
    } catch {
      return undefined; // outside the workspace: the loop never edits it, nothing to read
    }
  }

  private current(relPath: string): Diag[] {
    const uri = this.watch(relPath);
    return uri ? vscode.languages.getDiagnostics(uri).map((d) => toDiag(relPath, d)) : [];
  }

  /** Opens the document (no editor) if it exists and is not open; true when it was newly opened. */
  private async open(relPath: string): Promise<boolean> {
    const uri = this.watch(relPath);
    if (!uri || vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return false;
    try {
      await vscode.workspace.openTextDocument(uri);
      return true;
    } catch {
      return false; // absent (a create not applied yet) or binary
    }
  }

  /** Reads a file's diagnostics, first giving a language server that had not seen it a moment to report. */
  private async read(relPath: string, firstReportMs: number): Promise<Diag[]> {
    const uri = this.watch(relPath);
    if (!uri) return [];
    if (await this.open(relPath)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, firstReportMs);
        const sub = vscode.languages.onDidChangeDiagnostics((e) => {
          if (e.uris.some((u) => u.toString() === uri.toString())) done();
        });
        function done() {
          clearTimeout(timer);
          sub.dispose();
          resolve();
        }
      });
    }
    return this.current(relPath);
  }
}
