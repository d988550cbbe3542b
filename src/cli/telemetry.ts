// OpenTelemetry for `harness run`: off unless HARNESS_ENABLE_TELEMETRY=1 (content only with
// HARNESS_TELEMETRY_INCLUDE_CONTENT=1; OTEL_SDK_DISABLED=true wins). The exporter bundle is
// required only then, so a run without telemetry never loads the SDK.
import type * as Telemetry from '../telemetry';
import type { TaskEvent } from '../core/events/schema';
import { envFlag, exportTargets } from '../core/observe/telemetry/config';

export interface CliTelemetry {
  listener: (event: TaskEvent) => void;
  /** Sends what is left; gives up soon after the export timeout, so a dead collector never holds the terminal long. */
  shutdown(): Promise<void>;
}

export function cliTelemetry(env: NodeJS.ProcessEnv, stderr: (s: string) => void, task: { secrets: string[]; model: string }): CliTelemetry | undefined {
  if (!envFlag(env.HARNESS_ENABLE_TELEMETRY) || envFlag(env.OTEL_SDK_DISABLED)) return undefined;
  const targets = exportTargets(env);
  if ('error' in targets) {
    stderr(`harness: telemetry is off: ${targets.error}\n`);
    return undefined;
  }
  // A run-time require of dist/telemetry.js (see esbuild.js), not bundled into cli.js.
  const { startTelemetry } = require('../telemetry') as typeof Telemetry;
  // A run waits for its last export: 5 s at most unless OTEL_EXPORTER_OTLP_TIMEOUT says otherwise.
  const timeoutMs = targets.timeoutFromEnv ? targets.timeoutMs : Math.min(targets.timeoutMs, 5000);
  let said = false;
  let quiet = false;
  const session = startTelemetry({
    targets: { ...targets, timeoutMs },
    includeContent: envFlag(env.HARNESS_TELEMETRY_INCLUDE_CONTENT),
    frontEnd: 'cli',
    version: '0.1.0',
    flushEachTask: false, // the run ends with the task: shutdown sends everything once
    onError: (m) => {
      if (quiet) return;
      said = true;
      stderr(`harness: ${m}\n`);
    },
  });
  return {
    listener: session.listener(task),
    async shutdown() {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs + 1000)));
      const done = await Promise.race([session.shutdown().then(() => 'done' as const), late]);
      clearTimeout(timer);
      if (done === 'late' && !said) stderr(`harness: telemetry: the collector at ${targets.traces.url} did not take the last data within ${Math.round(timeoutMs / 1000)} s; some may be lost.\n`);
      quiet = true;
    },
  };
}
