// Names the user (and the end-to-end test) sees and clicks: keep them stable.

export const COMMANDS = {
  explainPolicy: 'harness.explainPolicy',
  runTask: 'harness.runTask',
  planTask: 'harness.planTask',
  cancelTask: 'harness.cancelTask',
  showPendingApprovals: 'harness.showPendingApprovals',
  setApiKey: 'harness.setApiKey',
  openLog: 'harness.openLog',
  showPanel: 'harness.showPanel',
  acceptHunk: 'harness.acceptHunk',
  rejectHunk: 'harness.rejectHunk',
  acceptProposal: 'harness.acceptProposal',
  rejectProposal: 'harness.rejectProposal',
  openProposalDiff: 'harness.openProposalDiff',
  confirmWorkspacePolicy: 'harness.confirmWorkspacePolicy',
  keepEdit: 'harness.keepEdit',
  undoEdit: 'harness.undoEdit',
  statusBarClicked: 'harness.statusBarClicked',
  showView: 'harness.showView',
  nextHunk: 'harness.nextHunk',
  previousHunk: 'harness.previousHunk',
  listMcpServers: 'harness.listMcpServers',
} as const;

/** Scheme of the read-only documents that hold a proposal's text (right side of the diff editor). */
export const PROPOSAL_SCHEME = 'harness-proposal';

/** Context key: the active editor shows a pending proposal (inline review or diff editor). */
export const CONTEXT_REVIEWING = 'harness.reviewingProposal';
/** Context key: some edit waits for review (a Restricted-Mode proposal shown read-only does not). */
export const CONTEXT_HAS_PENDING_EDITS = 'harness.hasPendingEdits';

export const STATUS_BAR_ID = 'harness.status';
export const STATUS_BAR_NAME = 'Harness';
export const OUTPUT_CHANNEL_NAME = 'Harness';
export const PROGRESS_TITLE = 'Harness';

/** CodeLens titles above each hunk; `n` is 1-based. The codicon renders as an icon, the words as text. */
export const acceptHunkTitle = (n: number) => `$(check) Accept hunk ${n}`;
export const rejectHunkTitle = (n: number) => `$(close) Reject hunk ${n}`;
export const ACCEPT_ALL_TITLE = '$(check-all) Accept all';
export const REJECT_ALL_TITLE = '$(close-all) Reject all';
export const OPEN_DIFF_TITLE = '$(diff) Open diff';
/** Above a file the harness changed without asking (levels 3 and 4). */
export const KEEP_EDIT_TITLE = '$(pass) Keep Harness edit';
export const UNDO_EDIT_TITLE = '$(discard) Undo Harness edit';
export const KEEP_ALL = 'Keep all';
export const UNDO_SOME = 'Undo…';
/** A proposed deletion is all-or-nothing: one pair of lenses above the file. */
export const ACCEPT_DELETE_TITLE = '$(trash) Accept deletion';
export const REJECT_DELETE_TITLE = '$(close) Reject deletion';

/** In the (sticky) progress notification while an approval waits: its own prompt may have timed out of view. */
export const APPROVAL_HINT = 'click "Harness" in the status bar to review';
export const TASK_PROMPT = 'What should the harnessed agent do?';
export const REJECT_REASON_PROMPT = 'Why reject? (optional — the model is told)';

export const RESTRICTED_REASON = 'Workspace is not trusted (Restricted Mode): edits are proposed but not applied.';
export const RESTRICTED_COMMAND_REASON = 'Workspace is not trusted (Restricted Mode): commands never run.';
export const STALE_REASON = 'stale: the user changed the file after the proposal was made';

export const SECRET_API_KEY = 'harness.apiKey';
/** workspaceState key (kept by VS Code, not in the workspace's files) of the confirmed loosening hash. */
export const CONFIRMED_POLICY_KEY = 'harness.confirmedPolicyHash';
/** The loosenings the user answered "Keep my policy" to, so the modal does not come back at every task. */
export const DECLINED_POLICY_KEY = 'harness.declinedPolicyHash';

/** The answers in the plan review ("Harness: Plan task"): the e2e test picks them by these words. */
export const PLAN_ACTIONS = {
  approve: 'Approve and run the plan',
  edit: 'Edit the plan',
  reject: 'Reject the plan',
  useEdited: 'Use edited plan',
  discardEdits: 'Discard edits',
} as const;
