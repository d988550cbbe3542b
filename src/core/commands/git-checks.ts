// git through its flags and subcommands: force pushes, configuration changes (which can make git run
// programs), options that point git elsewhere, and commands that run other commands or destroy work.
import type { Concern } from './parts';
import type { Word } from './words';

const risky = (reason: string): Concern => ({ level: 'risky', reason });
const critical = (reason: string): Concern => ({ level: 'critical', reason });
/** A short-option bundle (`-fu`) containing the letter. */
const shortHas = (a: string | null, letter: string): boolean => !!a && /^-[A-Za-z0-9]+$/.test(a) && a.slice(1).includes(letter);

/** Subcommands that write .git/config: remotes, upstreams, submodules. */
function changesConfig(sub: string | null, rest: (string | null)[]): boolean {
  if (sub === 'config') return !gitConfigIsRead(rest);
  if (sub === 'remote') return rest.some((x) => x === null || ['add', 'rename', 'remove', 'rm', 'set-url', 'set-head', 'set-branches'].includes(x));
  if (sub === 'submodule') return rest.some((x) => x === null || ['add', 'init', 'set-url', 'set-branch', 'sync', 'deinit'].includes(x));
  if (sub === 'branch') return rest.some((x) => x !== null && (x === '-u' || x.startsWith('--set-upstream') || x === '--unset-upstream' || x === '--edit-description'));
  return false;
}

export function gitConcerns(args: Word[]): Concern[] {
  const a = args.map((w) => w.value);
  const out: Concern[] = [];
  let i = 0;
  while (i < a.length && (a[i] ?? '').startsWith('-')) {
    const x = a[i]!;
    if (x === '-c' || x.startsWith('--config-env')) out.push(risky(`git ${x} sets configuration that can run programs`));
    if (x === '-C' || /^--(git-dir|work-tree|exec-path|namespace)/.test(x)) out.push(risky(`git ${x} points git somewhere else`));
    i += x === '-c' || x === '-C' || x === '--git-dir' || x === '--work-tree' || x === '--namespace' || x === '--config-env' ? 2 : 1;
  }
  if (a[i] === null) return [...out, risky('git subcommand only known at run time')];
  const sub = a[i] ?? null;
  const rest = a.slice(i + 1);
  if (sub === 'push') {
    if (rest.some((x) => x !== null && (x === '--force' || x.startsWith('--force-with-lease') || x === '--force-if-includes' || x === '--mirror' || shortHas(x, 'f') || (x.startsWith('+') && x.length > 1)))) {
      out.push(critical('git push --force rewrites remote history'));
    } else if (rest.some((x) => x !== null && (x === '--delete' || shortHas(x, 'd') || x === '--prune' || (x.startsWith(':') && x.length > 1)))) {
      out.push(risky('git push deletes remote branches'));
    }
  }
  if (changesConfig(sub, rest)) out.push(critical(`git ${sub} changes git configuration (which can run programs)`));
  if ((sub === 'init' || sub === 'clone') && rest.some((x) => x === null || x.startsWith('--template'))) out.push(critical(`git ${sub} --template installs hooks`));
  if (sub === 'submodule' && rest.includes('foreach')) out.push(risky('git submodule foreach runs a command'));
  if (sub === 'bisect' && rest[0] === 'run') out.push(risky('git bisect run runs a command'));
  if (sub === 'rebase' && rest.some((x) => x === '-x' || (x ?? '').startsWith('--exec'))) out.push(risky('git rebase --exec runs a command'));
  if (sub === 'filter-branch' || sub === 'filter-repo') out.push(risky(`git ${sub} runs commands and rewrites history`));
  if ((sub === 'difftool' || sub === 'mergetool') && rest.some((x) => x === '-x' || (x ?? '').startsWith('--extcmd') || (x ?? '').startsWith('--tool'))) out.push(risky(`git ${sub} runs a program`));
  // Work that no checkpoint holds: untracked files (the harness's own state among them) and uncommitted changes.
  // Options and URLs that make git run a program: a transport helper, a pack program on the other end,
  // config set just for this command (clone -c core.fsmonitor=…), a pager for grep's files.
  if (rest.some((x) => x !== null && /^[a-z][\w+.-]*::/i.test(x))) out.push(risky(`git ${sub} with a remote-helper address (ext::, fd::), which runs a program`));
  const runsPack = sub === 'clone' ? /^(--upload-pack|-u)(=|$)/ : sub === 'push' ? /^(--receive-pack|--exec)(=|$)/ : sub === 'archive' ? /^--exec(=|$)/ : /^--upload-pack(=|$)/;
  if (['fetch', 'pull', 'clone', 'ls-remote', 'archive', 'push', 'submodule'].includes(sub ?? '') && rest.some((x) => x !== null && runsPack.test(x))) {
    out.push(risky(`git ${sub} option runs a program (--upload-pack, --receive-pack, --exec)`));
  }
  if ((sub === 'clone' || sub === 'submodule' || sub === 'fetch' || sub === 'pull') && rest.some((x) => x !== null && (x === '-c' || x.startsWith('--config')))) out.push(risky(`git ${sub} -c sets configuration that can run programs`));
  if (sub === 'grep' && rest.some((x) => x !== null && (x.startsWith('-O') || x.startsWith('--open-files-in-pager')))) out.push(risky('git grep -O runs a program on the matching files'));
  if ((sub === 'diff' || sub === 'log' || sub === 'show') && rest.includes('--ext-diff')) out.push(risky(`git ${sub} --ext-diff runs the configured diff program`));
  if (sub === 'credential' || sub === 'credential-store' || sub === 'credential-cache' || sub === 'daemon' || sub === 'instaweb') out.push(risky(`git ${sub} reads credentials or serves the repository`));
  if (sub === 'clean' && rest.some((x) => x !== null && (shortHas(x, 'f') || x === '--force'))) out.push(risky('git clean deletes untracked files for good'));
  if (sub === 'reset' && rest.includes('--hard')) out.push(risky('git reset --hard discards uncommitted changes for good'));
  return out;
}

function gitConfigIsRead(rest: (string | null)[]): boolean {
  if (rest.some((x) => x === null)) return false;
  const opts = rest.filter((x) => x!.startsWith('-')) as string[];
  const positional = rest.filter((x) => !x!.startsWith('-'));
  if (opts.some((o) => /^--(unset|add|replace-all|rename-section|remove-section|edit)/.test(o) || o === '-e')) return false;
  if (opts.some((o) => /^--(get|list)/.test(o) || o === '-l')) return true;
  return positional[0] === 'get' || positional[0] === 'list' || positional.length <= 1;
}
