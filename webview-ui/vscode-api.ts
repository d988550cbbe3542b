// The VS Code webview API, typed with our protocols (the panel's and the view's). acquireVsCodeApi
// may be called only once per page, so both front ends share this module.
import type { PanelState, WebviewMessage } from '../src/core/ui/panel-protocol';
import type { ViewMessage } from '../src/core/ui/view-protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

export function post(message: WebviewMessage | ViewMessage): void {
  api.postMessage(message);
}

export function loadSavedState(): unknown {
  return api.getState();
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;

/** Saving a 2,000-entry state on every event would stall the panel; once it settles is enough. */
export function saveStateSoon(state: PanelState | object): void {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => api.setState(state), 400);
}
