// npm's own lines around a script: "> pkg@1.0.0 test" / "> mocha test/" names the command that ran;
// "npm error …" (npm 10+) or "npm ERR! …" (older) says why npm itself failed (a missing script, a
// lifecycle failure). Yarn and pnpm print the same kind of header.

export interface NpmNotes {
  /** The script's command line, from the "> command" header. */
  script?: string;
  /** npm's error lines, without the log-file pointer. */
  errors: string[];
}

const ERROR = /^npm (?:ERR!|error)(?: (.*))?$/;

export function npmNotes(lines: string[]): NpmNotes {
  let script: string | undefined;
  for (let i = 0; i + 1 < lines.length; i++) {
    // "> name@version script" then "> the command" (npm), possibly with the workspace path appended.
    if (/^> (?:\S+@\S*\s+)?[\w:.-]+(?:\s+\S+)?$/.test(lines[i]) && /^> \S/.test(lines[i + 1])) {
      script = lines[i + 1].slice(2).trim();
      break;
    }
  }
  const errors: string[] = [];
  for (const l of lines) {
    const m = ERROR.exec(l.trimEnd());
    if (!m || !m[1]?.trim() || /complete log of this run|^A complete log/i.test(m[1])) continue;
    if (errors.length < 8) errors.push(l.trim());
  }
  return { ...(script ? { script } : {}), errors };
}
