// How to run one failing test again, in the runner's own terms, built from the command that ran it:
// `npx mocha --fgrep "title"`, `npm test -- -t "name"`, `node --test --test-name-pattern="name"`,
// `pytest path::name`, `go test -run '^TestX$' pkg`, `cargo test name -- --exact`.
import type { FailedTest, RunnerName } from './types';

/** POSIX shell double quotes: what is inside stays one word, with no expansion. */
export function shellQuote(s: string): string {
  return `"${s.replace(/["$`\\]/g, '\\$&')}"`;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `npm test`, `npm run test:unit`, `yarn test`, `pnpm run x`: arguments go to the script (after `--` for npm). */
function scriptRunner(command: string): { passArgs: (args: string) => string } | undefined {
  const m = /^\s*(npm|yarn|pnpm|bun)\s+(?:(?:run(?:-script)?|test|t)\b)/.exec(command);
  if (!m) return undefined;
  const npm = m[1] === 'npm';
  return { passArgs: (args) => `${command.trim()}${npm && !/\s--(?:\s|$)/.test(command) ? ' --' : ''} ${args}` };
}

/** The command with the runner's filter added so only `f` runs; undefined when the runner has none. */
export function rerunCommand(runner: RunnerName, command: string, f: FailedTest, script?: string): string | undefined {
  const key = f.rerunKey ?? f.title;
  const viaScript = scriptRunner(command);
  const withArgs = (args: string) => (viaScript ? viaScript.passArgs(args) : `${command.trim()} ${args}`);
  switch (runner) {
    case 'mocha':
      // --fgrep matches the plain text; -g would read the title as a regular expression.
      return withArgs(`--fgrep ${shellQuote(key)}`);
    case 'jest':
    case 'vitest':
      return withArgs(`-t ${shellQuote(escapeRegex(key))}`);
    case 'node-test': {
      // Node reads options only before the files, so the pattern goes right after --test.
      const base = [script, command].find((c) => c && /\bnode\b.*\s--test\b/.test(c)) ?? 'node --test';
      return base.trim().replace(/\s--test\b/, ` --test --test-name-pattern=${shellQuote(escapeRegex(key))}`);
    }
    case 'tap': {
      // One --grep per level below the file: node-tap matches each level's names in turn.
      const levels = f.title.split(' > ').filter((p) => !/\.[cm]?[jt]sx?$/.test(p));
      return withArgs(levels.map((p) => `--grep=${shellQuote(escapeRegex(p))}`).join(' '));
    }
    case 'pytest': {
      const m = /^(.*?\bpytest)\b/.exec(script ?? command) ?? /^(.*?\bpytest)\b/.exec(command);
      return `${m ? m[1].trim() : 'pytest'} ${shellQuote(key)}`;
    }
    case 'go':
      return f.rerunKey ? `go test ${f.rerunKey}` : undefined;
    case 'cargo':
      return f.rerunKey ? `cargo test ${shellQuote(key)} -- --exact` : undefined;
    case 'eslint':
      return f.file ? `npx eslint ${shellQuote(f.file)}` : undefined;
    case 'tsc':
      return undefined;
  }
}
