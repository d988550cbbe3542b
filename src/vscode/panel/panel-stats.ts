// The panel's workspace figures and allow-rule suggestions: read from the journals when the panel
// loads and again when a task ends, the same fold `harness stats` prints. A suggestion becomes a
// rule only when the user clicks it, and the rule written is the one computed here, never one the
// page sends.
import * as vscode from 'vscode';
import { workspaceReport } from '../../core/observe/load';
import type { RuleSuggestion } from '../../core/observe/suggestions';
import type { StateStore } from '../../core/state/store';
import type { StatsView } from '../../core/ui/panel-protocol';
import { statsView } from '../../core/ui/stats-view';
import { addUserAllowRule, alreadyAllowed } from '../user-rules';

/** globalState key: suggestions the user dismissed (ids), not offered again. */
const DISMISSED_KEY = 'harness.dismissedRuleSuggestions';

export interface PanelStatsDeps {
  context: vscode.ExtensionContext;
  state: StateStore;
  log: vscode.LogOutputChannel;
  show(view: StatsView): void;
}

export class PanelStats {
  private offered = new Map<string, RuleSuggestion>();
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly deps: PanelStatsDeps) {}

  /** Reads the journals again; refreshes asked for meanwhile are folded into one more read. */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.read().catch((e: unknown) => this.deps.log.warn(`panel: cannot compute the workspace statistics: ${(e as Error).message}`));
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private async read(): Promise<void> {
    const { stats, suggestions, warnings } = await workspaceReport(this.deps.state);
    for (const w of warnings) this.deps.log.warn(`statistics: ${w}`);
    const dismissed = new Set(this.deps.context.globalState.get<string[]>(DISMISSED_KEY) ?? []);
    const scope = vscode.workspace.workspaceFolders?.[0]?.uri;
    const offer = suggestions.filter((s) => !dismissed.has(s.id) && !alreadyAllowed(s.rule, scope));
    this.offered = new Map(offer.map((s) => [s.id, s]));
    this.deps.show(statsView(stats, offer));
  }

  /** The user clicked "Allow": the suggestion's own rule goes to the user settings. */
  async allow(id: string): Promise<string> {
    const s = this.offered.get(id);
    if (!s) throw new Error('that suggestion is no longer offered (the statistics changed); look at the panel again.');
    await addUserAllowRule(s.rule);
    this.deps.log.info(`added ${JSON.stringify(s.rule)} to harness.rules in the user settings (suggested from ${s.approvals} approvals)`);
    await this.refresh();
    return `Added ${JSON.stringify(s.rule)} to harness.rules in your user settings. Remove it there to undo.`;
  }

  async dismiss(id: string): Promise<void> {
    const list = this.deps.context.globalState.get<string[]>(DISMISSED_KEY) ?? [];
    if (!list.includes(id)) await this.deps.context.globalState.update(DISMISSED_KEY, [...list, id].slice(-500));
    await this.refresh();
  }
}
