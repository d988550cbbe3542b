// OpenTelemetry for the editor: off unless the user (never a workspace: the settings are
// application-scoped, and only their user value is read) turns on harness.telemetry.enabled. The
// exporter bundle (dist/telemetry.js) is required on the first task after that, never at activation.
import * as vscode from 'vscode';
import type * as Telemetry from '../telemetry';
import type { TaskEvent } from '../core/events/schema';
import { envFlag, exportTargets } from '../core/observe/telemetry/config';

/** The user's own value: a workspace's settings never turn telemetry (or its content) on. */
function userFlag(key: string): boolean {
  return vscode.workspace.getConfiguration('harness').inspect<boolean>(key)?.globalValue === true;
}

export class EditorTelemetry implements vscode.Disposable {
  private session: Telemetry.TelemetrySession | undefined;
  /** The configuration the session runs with; another one restarts it. */
  private started = '';
  private lastWarning = '';

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly version: string,
  ) {}

  /** The exporter's listener for a task about to run, or undefined while telemetry is off. */
  listenerFor(task: { secrets: string[]; model: string }): ((e: TaskEvent) => void) | undefined {
    if (!userFlag('telemetry.enabled') || envFlag(process.env.OTEL_SDK_DISABLED)) {
      void this.stop();
      return undefined;
    }
    const targets = exportTargets(process.env);
    if ('error' in targets) {
      if (this.lastWarning !== targets.error) void vscode.window.showWarningMessage(`Harness: telemetry is off: ${targets.error}`);
      this.lastWarning = targets.error;
      this.log.warn(`telemetry is off: ${targets.error}`);
      return undefined;
    }
    const includeContent = userFlag('telemetry.includeContent');
    const config = JSON.stringify({ targets, includeContent });
    if (this.session && this.started !== config) void this.stop();
    if (!this.session) {
      const { startTelemetry } = require('../telemetry') as typeof Telemetry;
      this.session = startTelemetry({ targets, includeContent, frontEnd: 'vscode', version: this.version, onError: (m) => this.log.warn(m) });
      this.started = config;
      this.log.info(`telemetry on: traces to ${targets.traces.url}, metrics to ${targets.metrics.url} (${targets.traces.protocol})${includeContent ? ', with content' : ', without content'}`);
    }
    return this.session.listener(task);
  }

  /** Turned off in the settings: stop at once (what was recorded so far is sent). */
  configurationChanged(): void {
    if (!userFlag('telemetry.enabled')) void this.stop();
  }

  async stop(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    this.started = '';
    if (s) {
      await s.shutdown();
      this.log.info('telemetry off');
    }
  }

  dispose(): void {
    void this.stop();
  }
}
