// The workspace's record, read back: every task's journal folded into its facts, then the figures
// and the suggestions over them. What `harness stats` and the panel's statistics start from.
import { isSafeId } from '../state/ids';
import { readJournal } from '../state/journal';
import type { StateStore } from '../state/store';
import type { PriceLookup } from './cost';
import { ruleSuggestions, type RuleSuggestion } from './suggestions';
import { taskFacts, type TaskFacts } from './task-facts';
import { workspaceStats, type WorkspaceStats } from './workspace-stats';

export interface WorkspaceRecord {
  facts: TaskFacts[];
  /** Journals that could not be read, or were damaged: counted as far as they go, and said. */
  warnings: string[];
}

/** Every task with a journal, oldest first. A journal that cannot be read is a warning, never fatal. */
export async function readWorkspaceRecord(store: StateStore): Promise<WorkspaceRecord> {
  const facts: TaskFacts[] = [];
  const warnings: string[] = [];
  for (const id of (await store.list('tasks')).filter(isSafeId).sort()) {
    try {
      const journal = await readJournal(store, id);
      if (!journal?.records.length) continue;
      warnings.push(...journal.warnings);
      facts.push(taskFacts(id, journal.records));
    } catch (e) {
      warnings.push(`task ${id}: cannot read its journal: ${(e as Error).message}`);
    }
  }
  return { facts, warnings };
}

export interface WorkspaceReport {
  stats: WorkspaceStats;
  suggestions: RuleSuggestion[];
  warnings: string[];
}

export async function workspaceReport(store: StateStore, prices?: PriceLookup): Promise<WorkspaceReport> {
  const { facts, warnings } = await readWorkspaceRecord(store);
  return { stats: workspaceStats(facts, prices), suggestions: ruleSuggestions(facts), warnings };
}
