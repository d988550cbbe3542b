// The decisions on one proposal, hunk by hunk, and where each hunk sits in the file as it is now.
// No `vscode` import: the review UI draws from it, and it is tested under Node.
import type { ApprovalResult, Hunk, Proposal } from '../core/shared/types';

export interface HunkDecision {
  accepted: boolean;
  reason?: string;
}

export interface AddedBlock {
  /** 0-based line of the current file before which the lines would be inserted (= line count at the end). */
  insertBefore: number;
  lines: string[];
}

export interface HunkLayout {
  index: number;
  /** 0-based lines of the current file that the hunk removes. */
  removedLines: number[];
  added: AddedBlock[];
  /** 0-based line where the hunk's first change is (where its Accept/Reject controls go). */
  firstChangedLine: number;
}

export class ReviewState {
  private readonly decisions = new Map<number, HunkDecision>();

  constructor(readonly proposal: Proposal) {}

  get hunkCount(): number {
    return this.proposal.hunks.length;
  }

  decision(index: number): HunkDecision | undefined {
    return this.decisions.get(index);
  }

  undecided(): Hunk[] {
    return this.proposal.hunks.filter((h) => !this.decisions.has(h.index));
  }

  decide(index: number, accepted: boolean, reason?: string): void {
    if (!this.proposal.hunks.some((h) => h.index === index)) {
      throw new Error(`Hunk ${index + 1} is not part of this proposal (it has ${this.hunkCount}).`);
    }
    // Creates and deletes are all-or-nothing, so one decision covers the whole file.
    if (this.proposal.kind !== 'modify') return this.decideRest(accepted, reason);
    this.decisions.set(index, { accepted, ...(reason ? { reason } : {}) });
  }

  /** Decide every hunk not decided yet (the title-bar Accept/Reject). */
  decideRest(accepted: boolean, reason?: string): void {
    for (const h of this.undecided()) this.decisions.set(h.index, { accepted, ...(reason ? { reason } : {}) });
    if (this.hunkCount === 0) this.wholeFile = { accepted, ...(reason ? { reason } : {}) };
  }

  /** For a proposal with no hunks (an empty new file): the one decision. */
  private wholeFile?: HunkDecision;

  get complete(): boolean {
    return this.hunkCount === 0 ? this.wholeFile !== undefined : this.undecided().length === 0;
  }

  /** The approver's answer once every hunk is decided. */
  result(by = 'user'): ApprovalResult {
    if (!this.complete) throw new Error('Not every hunk is decided yet.');
    if (this.hunkCount === 0) {
      return { approved: this.wholeFile!.accepted, by, ...(this.wholeFile!.reason ? { reason: this.wholeFile!.reason } : {}) };
    }
    const acceptedHunks = this.proposal.hunks.filter((h) => this.decisions.get(h.index)!.accepted).map((h) => h.index);
    const rejectedReasons: Record<number, string> = {};
    for (const [i, d] of this.decisions) if (!d.accepted && d.reason) rejectedReasons[i] = d.reason;
    const reasons = Object.values(rejectedReasons);
    return {
      approved: acceptedHunks.length > 0,
      by,
      acceptedHunks,
      rejectedReasons,
      ...(reasons.length ? { reason: reasons.join('; ') } : {}),
    };
  }
}

/** Where each hunk's removed and added lines fall in the file as it is now (the proposal's `before`). */
export function layoutHunks(proposal: Proposal): HunkLayout[] {
  return proposal.hunks.map((h) => {
    let line = h.oldStart - 1;
    const removedLines: number[] = [];
    const added: AddedBlock[] = [];
    let current: AddedBlock | undefined;
    for (const raw of h.lines) {
      const sign = raw[0];
      if (sign === '\\') continue;
      if (sign === '+') {
        if (!current || current.insertBefore !== line) {
          current = { insertBefore: line, lines: [] };
          added.push(current);
        }
        current.lines.push(raw.slice(1).replace(/\r$/, ''));
        continue;
      }
      current = undefined;
      if (sign === '-') removedLines.push(line);
      line++;
    }
    const starts = [...removedLines, ...added.map((b) => b.insertBefore)];
    return { index: h.index, removedLines, added, firstChangedLine: starts.length ? Math.min(...starts) : Math.max(0, h.oldStart - 1) };
  });
}

/** "-2 +3" for a hunk: what the CodeLens line says next to Accept/Reject. */
export function hunkSummary(h: Hunk): string {
  const minus = h.lines.filter((l) => l[0] === '-').length;
  const plus = h.lines.filter((l) => l[0] === '+').length;
  return `-${minus} +${plus}`;
}
