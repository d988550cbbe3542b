// The OpenTelemetry exporter as its own bundle (dist/telemetry.js): the CLI and the editor require
// it only once the user has turned telemetry on, so its SDK is never loaded, or even read, otherwise.
export { startTelemetry } from './core/observe/telemetry/session';
export type { TelemetryOptions, TelemetrySession } from './core/observe/telemetry/session';
