// A model failure as the editor says it: the cause, then the fix as buttons (Set API key, Open
// settings at the setting that matters, Retry). The model client's messages are written for the
// CLI and name its flags; here they name the editor's commands and settings instead. Pure: no
// `vscode` import, tested under Node.

export const SET_API_KEY = 'Set API key';
export const OPEN_SETTINGS = 'Open settings';
export const RETRY = 'Retry';
export const OPEN_LOG = 'Open log';

export type ErrorAction = typeof SET_API_KEY | typeof OPEN_SETTINGS | typeof RETRY | typeof OPEN_LOG;

export interface EditorError {
  message: string;
  /** Buttons, most useful first. */
  actions: ErrorAction[];
  /** The setting "Open settings" opens. */
  setting: string;
}

/** CLI advice in the model client's messages, and what the editor says instead. */
const CLI_WORDING: [RegExp, string][] = [
  [/Set a valid key in the environment variable named by --api-key-env \(or the Harness API key setting\)\./, 'Set a valid key with "Harness: Set API key", or check that harness.baseUrl is the endpoint the key belongs to.'],
  [/Pass the key with --api-key-env instead\./, 'Keep the key in "Harness: Set API key" instead.'],
  [/Set the model \(e\.g\. --model gpt-4o-mini\)\./, 'Set harness.model (e.g. gpt-4o-mini).'],
  [/Check that the server is running and the base URL is right\./, 'Check that the server is running and that harness.baseUrl is right.'],
  [/Check the model name and that the base URL ends in \/v1\./, 'Check harness.model and that harness.baseUrl ends in /v1.'],
  [/Check that the base URL points at/, 'Check that harness.baseUrl points at'],
];

const BY_KIND: Record<string, { actions: ErrorAction[]; setting: string }> = {
  auth: { actions: [SET_API_KEY, OPEN_SETTINGS, RETRY], setting: 'harness.baseUrl' },
  unreachable: { actions: [OPEN_SETTINGS, RETRY], setting: 'harness.baseUrl' },
  malformed: { actions: [OPEN_SETTINGS, RETRY], setting: 'harness.baseUrl' },
  bad_request: { actions: [OPEN_SETTINGS, RETRY], setting: 'harness.model' },
  rate_limited: { actions: [RETRY, OPEN_SETTINGS], setting: 'harness.baseUrl' },
  server: { actions: [RETRY, OPEN_SETTINGS], setting: 'harness.baseUrl' },
  timeout: { actions: [RETRY, OPEN_SETTINGS], setting: 'harness.baseUrl' },
  truncated: { actions: [RETRY, OPEN_SETTINGS], setting: 'harness.baseUrl' },
};

/** The message without CLI flags: known advice reworded, any other sentence naming a flag dropped. */
export function editorWording(message: string): string {
  let out = message;
  for (const [cli, editor] of CLI_WORDING) out = out.replace(cli, editor);
  return out
    .split(/(?<=[.!?])\s+/)
    .filter((s) => !/(^|[\s(])--[a-z][a-z-]*/.test(s))
    .join(' ')
    .trim();
}

/** What the editor shows for a task that ended with a model failure of `kind` (undefined: another failure). */
export function editorError(kind: string | undefined, message: string): EditorError {
  const known = kind ? BY_KIND[kind] : undefined;
  return { message: editorWording(message), actions: known ? [...known.actions] : [RETRY, OPEN_LOG], setting: known?.setting ?? 'harness.baseUrl' };
}

/** Before a task starts: no key and the default endpoint (which needs one). */
export function missingKeyError(apiKeyEnv: string): EditorError {
  return {
    message: `No API key for the model endpoint. Set one with "Harness: Set API key" (kept in VS Code's secret storage), or set the ${apiKeyEnv} environment variable, or point harness.baseUrl at a local server that needs none.`,
    actions: [SET_API_KEY, OPEN_SETTINGS],
    setting: 'harness.baseUrl',
  };
}
