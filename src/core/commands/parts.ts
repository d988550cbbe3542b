// The pieces a command line is broken into, and what the extractor already knows about each.
import type { Word } from './words';

/**
 * `critical`: a human decides, at every level. `risky` and `unparseable`: asks. `confined`: the
 * enforcing sandbox contains it (an in-place edit of workspace files, a command run per file), so it
 * asks only where commands run without the sandbox.
 */
export type ConcernLevel = 'critical' | 'risky' | 'unparseable' | 'confined';

export interface Concern {
  level: ConcernLevel;
  reason: string;
}

export interface Redirect {
  /** Operator as written: `>`, `>>`, `&>`, `<`, `<<<`, `>&` … */
  op: string;
  target: Word | null;
}

/** One simple command (or a wrapper around one), the unit rules are matched against. */
export interface Part {
  text: string;
  /** Command name then arguments, after `VAR=value` prefixes. Empty for a bare assignment/redirection. */
  words: Word[];
  assignments: { name: string; value: Word | null }[];
  redirects: Redirect[];
  /** Possible working directories when this part runs; null when a `cd` made it unknowable. */
  cwds: string[] | null;
  /** Where stdin comes from when it is not inherited. */
  stdin?: 'pipe' | 'heredoc' | 'herestring';
  /** Names of commands feeding this one through a pipe. */
  upstream: string[];
  /** Wrapper (`env`, `timeout`, `bash -c` …) judged through its inner command: allow rules are not needed for it. */
  wrapper?: boolean;
  /** The wrapper this part was unwrapped from, for the explanation. */
  via?: string;
  concerns: Concern[];
}

export const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh', 'busybox']);
export const INTERPRETERS = new Set([...SHELLS, 'python', 'python2', 'python3', 'perl', 'ruby', 'node', 'nodejs', 'php', 'lua', 'deno', 'bun', 'tclsh', 'osascript', 'pwsh', 'powershell',
  'Rscript', 'R', 'julia', 'groovy', 'scala', 'elixir', 'erl', 'ghc', 'racket', 'guile', 'vim', 'nvim', 'vi', 'ex', 'view', 'emacs']);
export const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'aria2c', 'http', 'https', 'xh', 'nc', 'ncat', 'socat']);

/** The program a word names, for built-in checks: `/usr/bin/rm` and `rm` are both `rm`. */
export function baseName(value: string): string {
  const i = value.lastIndexOf('/');
  return i >= 0 ? value.slice(i + 1) : value;
}
