// Names the user (and the end-to-end test) sees and clicks: keep them stable.

export const COMMANDS = {
  explainPolicy: 'harness.explainPolicy',
  runTask: 'harness.runTask',
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
} as const;

/** Scheme of the read-only documents that hold a proposal's text (right side of the diff editor). */
export const PROPOSAL_SCHEME = 'harness-proposal';

/** Context key: the active editor shows a pending proposal (inline review or diff editor). */
export const CONTEXT_REVIEWING = 'harness.reviewingProposal';

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

export const TASK_PROMPT = 'What should the harnessed agent do?';
export const REJECT_REASON_PROMPT = 'Why reject? (optional — the model is told)';

export const RESTRICTED_REASON = 'Workspace is not trusted (Restricted Mode): edits are proposed but not applied.';
export const RESTRICTED_COMMAND_REASON = 'Workspace is not trusted (Restricted Mode): commands never run.';
export const STALE_REASON = 'stale: the user changed the file after the proposal was made';

export const SECRET_API_KEY = 'harness.apiKey';
/** workspaceState key (kept by VS Code, not in the workspace's files) of the confirmed loosening hash. */
export const CONFIRMED_POLICY_KEY = 'harness.confirmedPolicyHash';
