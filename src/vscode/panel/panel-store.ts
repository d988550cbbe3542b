// The one PanelState of the window, shared by the verification panel and the Harness view: both
// show the same tasks, and selecting a task in one selects it in the other. Rebuilt from the
// journals after a reload; each webview gets only what changed (see StateSync).
import * as vscode from 'vscode';
import type { TaskEvent } from '../../core/events/schema';
import type { CheckpointView, HostMessage, PanelState, StatsView } from '../../core/ui/panel-protocol';
import { applyEvent, diffState, emptyPanelState, selectTask, setCheckpoints, setLimits, setStats, TASK_CAP } from '../../core/ui/panel-model';
import { hasTimeline, replayTask } from '../../core/ui/panel-history';

/** The workspace's task history, for a panel opened after a reload (see core/ui/panel-history.ts). */
export interface PanelHistory {
  load(): Promise<PanelState>;
  events(taskId: string): Promise<TaskEvent[]>;
}

/** `urgent`: send now; otherwise (streamed text) within a short interval, coalesced. */
export type StateListener = (state: PanelState, urgent: boolean) => void;

export class PanelStore {
  private state: PanelState = emptyPanelState();
  private readonly listeners = new Set<StateListener>();
  /** Resolves once the journals have been read (the view waits for it before its first paint). */
  readonly loaded: Promise<void>;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly history?: PanelHistory,
  ) {
    // On the next tick: the history's source may need objects the caller creates right after this one.
    this.loaded = Promise.resolve().then(() => this.loadHistory());
  }

  get current(): PanelState {
    return this.state;
  }

  onChange(listener: StateListener): vscode.Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  handleEvent(e: TaskEvent): void {
    this.set(applyEvent(this.state, e), e.type !== 'text-delta');
  }

  setCheckpoints(list: CheckpointView[]): void {
    this.set(setCheckpoints(this.state, list));
  }

  /** The workspace's figures, from its journals (see panel-stats.ts). */
  setStats(view: StatsView): void {
    this.set(setStats(this.state, view));
  }

  /** Budget limits are not in the events; the extension passes them when a task starts. */
  setLimits(limits: { maxTokens?: number; maxWallMs?: number; maxCostUsd?: number }): void {
    this.set(setLimits(this.state, limits));
  }

  /** Shows a task; one from an earlier session gets its timeline replayed from its journal first. */
  async select(taskId: string): Promise<void> {
    if (this.history && !hasTimeline(this.state, taskId) && this.state.tasks.some((t) => t.id === taskId)) {
      this.set(replayTask(this.state, await this.history.events(taskId)));
    }
    this.set(selectTask(this.state, taskId));
  }

  /** No task selected: the view's input starts a new one. */
  clearSelection(): void {
    this.set({ ...this.state, activeTaskId: null });
  }

  /** Tasks from earlier sessions (the journals), behind whatever this session already showed. */
  private async loadHistory(): Promise<void> {
    if (!this.history) return;
    try {
      const past = await this.history.load();
      if (!this.state.tasks.length) return this.set({ ...past, checkpoints: this.state.checkpoints, budgets: { ...past.budgets, maxTokens: this.state.budgets.maxTokens, maxWallMs: this.state.budgets.maxWallMs, maxCostUsd: this.state.budgets.maxCostUsd }, ...(this.state.stats ? { stats: this.state.stats } : {}) });
      const known = new Set(this.state.tasks.map((t) => t.id));
      const older = past.tasks.filter((t) => !known.has(t.id));
      if (older.length) this.set({ ...this.state, tasks: [...older, ...this.state.tasks].slice(-TASK_CAP) });
    } catch (err) {
      this.log.warn(`panel: cannot read the task history: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private set(next: PanelState, urgent = true): void {
    if (next === this.state) return;
    this.state = next;
    for (const l of this.listeners) l(next, urgent);
  }
}

/** How long streamed text may wait to be sent with more (one message per interval, not per token). */
const STREAM_INTERVAL_MS = 60;

/**
 * Keeps one webview in step with the store: the whole state when it (re)loads, then only what
 * changed. Streamed text is coalesced; anything else goes at once (with the text before it).
 */
export class StateSync {
  private sent: PanelState | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly store: PanelStore,
    private readonly post: (message: HostMessage) => void,
  ) {}

  /** The page (re)loaded: send everything. */
  sendFull(): void {
    this.cancel();
    this.sent = this.store.current;
    this.post({ type: 'state', state: this.sent });
  }

  /** The page is gone (hidden and unloaded): nothing is sent until it says it is ready again. */
  detach(): void {
    this.cancel();
    this.sent = undefined;
  }

  changed(urgent: boolean): void {
    if (!this.sent) return;
    if (urgent) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), STREAM_INTERVAL_MS);
  }

  private flush(): void {
    this.cancel();
    if (!this.sent) return;
    const update = diffState(this.sent, this.store.current);
    this.sent = this.store.current;
    if (update) this.post({ type: 'event', update });
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
