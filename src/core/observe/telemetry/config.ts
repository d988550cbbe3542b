// Where the OpenTelemetry export goes, from the standard variables: OTEL_EXPORTER_OTLP_ENDPOINT
// (+ /v1/traces, /v1/metrics) or the per-signal *_TRACES_ENDPOINT / *_METRICS_ENDPOINT used as they
// are, and OTEL_EXPORTER_OTLP_PROTOCOL (per signal too). Headers, certificates, timeouts and
// compression are read from the same variables by the exporters themselves. Pure, no SDK: the
// front ends check this before they load anything.

export type OtlpProtocol = 'http/json' | 'http/protobuf';

export interface SignalTarget {
  url: string;
  protocol: OtlpProtocol;
}

export interface ExportTargets {
  traces: SignalTarget;
  metrics: SignalTarget;
  /** How often metrics are sent while tasks run (OTEL_METRIC_EXPORT_INTERVAL); each task's end flushes. */
  metricIntervalMs: number;
  /** How long one export may take, retries included (OTEL_EXPORTER_OTLP_TIMEOUT, else 10 s). */
  timeoutMs: number;
  /** True when OTEL_EXPORTER_OTLP_TIMEOUT set it. */
  timeoutFromEnv: boolean;
}

const DEFAULT_ENDPOINT = 'http://localhost:4318';
const PROTOCOLS: readonly string[] = ['http/json', 'http/protobuf'];

/** The export targets, or a one-line reason telemetry cannot start (said to the user, then off). */
export function exportTargets(env: NodeJS.ProcessEnv): ExportTargets | { error: string } {
  const signal = (name: 'TRACES' | 'METRICS', path: string): SignalTarget | { error: string } => {
    const protoVar = env[`OTEL_EXPORTER_OTLP_${name}_PROTOCOL`]?.trim() ? `OTEL_EXPORTER_OTLP_${name}_PROTOCOL` : 'OTEL_EXPORTER_OTLP_PROTOCOL';
    const protocol = env[protoVar]?.trim() || 'http/protobuf';
    if (!PROTOCOLS.includes(protocol)) {
      return { error: `${protoVar}=${protocol} is not supported: use http/protobuf or http/json (an OTLP/HTTP endpoint, usually port 4318).` };
    }
    const specific = env[`OTEL_EXPORTER_OTLP_${name}_ENDPOINT`]?.trim();
    const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || DEFAULT_ENDPOINT;
    const url = specific || `${base.replace(/\/+$/, '')}/${path}`;
    const varName = specific ? `OTEL_EXPORTER_OTLP_${name}_ENDPOINT` : 'OTEL_EXPORTER_OTLP_ENDPOINT';
    try {
      const u = new URL(url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
    } catch {
      return { error: `${varName} is not an http(s) URL (got "${specific || base}"), e.g. http://localhost:4318.` };
    }
    return { url, protocol: protocol as OtlpProtocol };
  };
  const traces = signal('TRACES', 'v1/traces');
  if ('error' in traces) return traces;
  const metrics = signal('METRICS', 'v1/metrics');
  if ('error' in metrics) return metrics;
  const interval = Number(env.OTEL_METRIC_EXPORT_INTERVAL);
  const timeout = Number(env.OTEL_EXPORTER_OTLP_TIMEOUT);
  const timeoutFromEnv = Number.isInteger(timeout) && timeout > 0;
  return { traces, metrics, metricIntervalMs: Number.isInteger(interval) && interval > 0 ? interval : 60_000, timeoutMs: timeoutFromEnv ? timeout : 10_000, timeoutFromEnv };
}

/** `1`/`true`/`yes`/`on`, any case. */
export function envFlag(value: string | undefined): boolean {
  return /^(1|true|yes|on)$/i.test(value?.trim() ?? '');
}
