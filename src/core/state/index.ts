// The state subsystem: task journals, the task index, checkpoints, file locks and the task limiter.
export { fsStateStore, type StateStore } from './store';
export { newTaskId, newCheckpointId, isSafeId, assertSafeId } from './ids';
export { ABSENT, contentHash, sha256 } from './hash';
export {
  TaskJournal,
  journalPath,
  readJournal,
  replay,
  type JournalContents,
  type JournalRecord,
  type JournalRecordBody,
  type PendingToolCall,
  type SnapshotStatus,
  type TaskSnapshot,
  type WriteIntent,
} from './journal';
export { listTasks, loadTask, unfinishedTasks, type ListedTaskStatus, type ListTasksOptions, type TaskSummary } from './tasks';
export {
  CheckpointNotFoundError,
  CheckpointStore,
  DEFAULT_RETENTION,
  type CheckpointFile,
  type CheckpointManifest,
  type PruneReport,
  type RestoreReport,
} from './checkpoints';
export { FileLockManager, LockedError, type AcquireOptions, type Release } from './locks';
export { QueueCancelledError, TaskLimiter, queuedMessage } from './limiter';
export { fsWorkspaceApplier } from './workspace-applier';
export { checkInFlight, recheckProposals, resumeMessages, type InFlightCheck, type InFlightOutcome } from './resume';
