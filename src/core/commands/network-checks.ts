// Commands that reach other machines: a network client while the network is on (outside the sandbox
// it always is; inside it, only when harness.allowNetwork is), anything that sends data out (uploads,
// raw sockets, git push to a URL, publishing a package, a gist), and installs from somewhere other
// than the package registry (URLs, git, tarballs, other indexes). Each asks; the classifier only adds caution.
import type { Concern, Part } from './parts';
import { baseName } from './parts';

const risky = (reason: string): Concern => ({ level: 'risky', reason });

/** Programs whose whole job is talking to the network. */
const CLIENTS = new Set(['curl', 'wget', 'fetch', 'aria2c', 'http', 'https', 'xh', 'httpie', 'ftp', 'lftp', 'tftp', 'telnet', 'ssh', 'scp', 'sftp', 'mosh', 'rsync', 'nc', 'ncat', 'netcat', 'socat',
  'gh', 'glab', 'aws', 'gcloud', 'gsutil', 'az', 'doctl', 'heroku', 'vercel', 'netlify', 'fly', 'flyctl', 'wrangler', 'firebase', 'twine', 'dig', 'nslookup', 'host', 'ping', 'traceroute', 'whois', 'mail', 'sendmail', 'swaks']);
/** Programs that only send: raw sockets and file movers, whatever their arguments. */
const SENDERS = new Set(['nc', 'ncat', 'netcat', 'socat', 'telnet', 'ftp', 'lftp', 'tftp', 'mail', 'sendmail', 'swaks']);
/** Subcommands of package managers and VCS that go to the network. */
const NETWORK_SUBCOMMANDS: Record<string, Set<string>> = {
  git: new Set(['fetch', 'pull', 'push', 'clone', 'ls-remote', 'send-email', 'request-pull']),
  npm: new Set(['install', 'i', 'ci', 'add', 'update', 'up', 'upgrade', 'publish', 'unpublish', 'outdated', 'view', 'info', 'show', 'audit', 'login', 'logout', 'adduser', 'whoami', 'search', 'exec', 'x', 'create', 'dist-tag', 'deprecate', 'owner', 'team', 'access', 'token', 'ping', 'doctor']),
  yarn: new Set(['install', 'add', 'up', 'upgrade', 'publish', 'npm', 'dlx', 'create', 'info', 'outdated', 'audit', 'login', 'why']),
  pnpm: new Set(['install', 'i', 'add', 'update', 'up', 'publish', 'dlx', 'create', 'outdated', 'audit', 'login', 'fetch', 'view', 'info']),
  bun: new Set(['install', 'i', 'add', 'update', 'publish', 'x', 'create', 'pm', 'upgrade', 'outdated']),
  pip: new Set(['install', 'download', 'search', 'index', 'wheel']),
  pip3: new Set(['install', 'download', 'search', 'index', 'wheel']),
  uv: new Set(['pip', 'add', 'sync', 'lock', 'run', 'tool', 'publish', 'python', 'venv']),
  poetry: new Set(['install', 'add', 'update', 'lock', 'publish', 'search', 'self']),
  cargo: new Set(['install', 'fetch', 'update', 'publish', 'search', 'login', 'owner', 'yank', 'add', 'generate-lockfile', 'vendor']),
  go: new Set(['get', 'install', 'mod', 'work']),
  gem: new Set(['install', 'push', 'fetch', 'update', 'search', 'signin', 'owner', 'yank']),
  bundle: new Set(['install', 'update', 'add']),
  composer: new Set(['install', 'require', 'update', 'create-project', 'global']),
  docker: new Set(['pull', 'push', 'login', 'build', 'run']),
  dotnet: new Set(['restore', 'add', 'nuget', 'tool']),
  deno: new Set(['install', 'cache', 'add', 'upgrade', 'publish']),
};
/** Subcommands that publish the workspace (or part of it) somewhere else. */
const PUBLISH: Record<string, RegExp> = {
  npm: /^(publish|unpublish)$/, yarn: /^(publish|npm)$/, pnpm: /^publish$/, bun: /^publish$/, cargo: /^publish$/, gem: /^push$/, poetry: /^publish$/, uv: /^publish$/,
  twine: /^upload$/, docker: /^push$/, deno: /^publish$/, dotnet: /^nuget$/,
};
/** Package installs whose source is the registry unless an operand says otherwise. */
const INSTALLS: Record<string, Set<string>> = {
  npm: new Set(['install', 'i', 'add', 'update', 'ci']), yarn: new Set(['add', 'install', 'up']), pnpm: new Set(['add', 'install', 'i', 'update']), bun: new Set(['add', 'install', 'i']),
  pip: new Set(['install', 'download', 'wheel']), pip3: new Set(['install', 'download', 'wheel']), uv: new Set(['pip', 'add']), poetry: new Set(['add']), cargo: new Set(['install', 'add']),
  gem: new Set(['install']), go: new Set(['get', 'install']), deno: new Set(['install', 'add']),
};
/** Options that point an install at another index or registry (or relax its checks). */
const OTHER_INDEX = /^(--registry|--index-url|--extra-index-url|--find-links|--trusted-host|--index|--git|--branch|--tag|--rev|--source|--default-index|--insecure|--allow-insecure-host|--no-verify)(=|$)/;
/** The same, spelled short, per program (`npm i -s` is --silent, `pip install -i URL` an index). */
const OTHER_INDEX_SHORT: Record<string, RegExp> = { pip: /^-[if]/, pip3: /^-[if]/, gem: /^-s$/ };
/** An operand that names a source other than the registry: a URL, git, a tarball, GitHub shorthand. */
const OTHER_SOURCE = /^([a-z][a-z0-9+.-]*:\/\/|git\+|git@|github:|gitlab:|bitbucket:|gist:|file:|link:|https?:)|\.(tgz|tar\.gz|tar|zip|whl)$|^[\w.-]+\/[\w.-]+(#.*)?$/i;

function subcommand(args: (string | null)[]): { sub: string | null | undefined; rest: (string | null)[] } {
  let i = 0;
  while (i < args.length && args[i] !== null && args[i]!.startsWith('-')) i++;
  return { sub: args[i], rest: args.slice(i + 1) };
}

/** `-m pip install …` is pip too. */
function asProgram(name: string, args: (string | null)[]): { name: string; args: (string | null)[] } {
  if (/^python[\d.]*$/.test(name) && args[0] === '-m' && typeof args[1] === 'string') return { name: args[1], args: args.slice(2) };
  if (name === 'uv' && args[0] === 'pip') return { name: 'pip', args: args.slice(1) };
  return { name, args };
}

/** Sends local data out: uploads, posts of a file, a push to a URL rather than a named remote. */
function exfiltration(name: string, args: (string | null)[]): string | undefined {
  if (SENDERS.has(name)) return `${name} opens a raw connection that can send anything`;
  const a = args.filter((x): x is string => x !== null);
  if (name === 'curl' && a.some((x, i) => /^(-T|--upload-file|--data-binary|--data-raw|--data-urlencode|-d|--data|--json|-F|--form)(=|$)/.test(x) || /^-[A-Za-z]*T$/.test(x) || (/^@/.test(a[i + 1] ?? '') && /^-/.test(x)) || x.includes('=@') || x.startsWith('@'))) return 'curl uploads or posts data';
  if (name === 'wget' && a.some((x) => /^--(post-file|body-file|post-data|method)/.test(x))) return 'wget posts data';
  if (name === 'rsync' || name === 'scp' || name === 'sftp') return `${name} copies files to or from another machine`;
  if (name === 'gh' && a.some((x) => /^(gist|release|api|repo|secret|ssh-key|gpg-key)$/.test(x))) return 'gh sends data to GitHub';
  if ((name === 'aws' || name === 'gsutil' || name === 'gcloud' || name === 'az') && a.some((x) => /^(cp|sync|mv|upload|storage|s3|s3api)$/.test(x))) return `${name} copies files to the cloud`;
  if (name === 'git') {
    const { sub, rest } = subcommand(args);
    const ops = rest.filter((x): x is string => x !== null && !x.startsWith('-'));
    if (sub === 'push' && ops[0] !== undefined && (ops[0].includes('/') || ops[0].includes(':') || ops[0].includes('@'))) return `git push to ${ops[0]}, which is not a named remote`;
    if (sub === 'send-email' || sub === 'request-pull') return `git ${sub} sends commits out`;
  }
  const p = asProgram(name, args);
  const { sub } = subcommand(p.args);
  if (sub && PUBLISH[p.name]?.test(sub)) return `${p.name} ${sub} publishes the workspace`;
  return undefined;
}

/** An install from a URL, git, a tarball, GitHub shorthand or another index, or one that runs a git command. */
function otherSource(name: string, args: (string | null)[]): string | undefined {
  const p = asProgram(name, args);
  const { sub, rest } = subcommand(p.args);
  if (!sub || !INSTALLS[p.name]?.has(sub)) return undefined;
  const all = [...p.args];
  if (all.some((x) => x === null)) return `${p.name} ${sub} from a source only known at run time`;
  const opt = all.find((x) => OTHER_INDEX.test(x!) || OTHER_INDEX_SHORT[p.name]?.test(x!));
  if (opt) return `${p.name} ${sub} ${opt} installs from somewhere other than the registry`;
  // `@scope/name` is a registry package; `user/repo` is GitHub shorthand (go's module paths are the registry's).
  const src = p.name === 'go' ? undefined : rest.find((x) => x !== null && !x.startsWith('-') && !x.startsWith('@') && !x.startsWith('.') && OTHER_SOURCE.test(x));
  if (src) return `${p.name} ${sub} ${src} installs from somewhere other than the registry`;
  return undefined;
}

function networkClient(name: string, args: (string | null)[]): boolean {
  if (CLIENTS.has(name)) return true;
  const p = asProgram(name, args);
  const { sub, rest } = subcommand(p.args);
  if (p.name === 'git' && sub && ['remote', 'submodule', 'lfs', 'archive'].includes(sub)) return rest.some((x) => x === null || /^(update|show|prune|fetch|pull|push|sync|--remote)/.test(x));
  return !!sub && !!NETWORK_SUBCOMMANDS[p.name]?.has(sub);
}

/**
 * Concerns of a part that reaches the network. `networkOn`: commands can reach it (always without a
 * sandbox; inside it only with harness.allowNetwork).
 */
export function networkConcerns(part: Part, networkOn: boolean): Concern[] {
  const nameValue = part.words[0]?.value;
  if (!nameValue) return [];
  const name = baseName(nameValue);
  const args = part.words.slice(1).map((w) => w.value);
  const out: Concern[] = [];
  const exfil = exfiltration(name, args);
  if (exfil) out.push(risky(`${exfil}: data could leave this machine`));
  const source = otherSource(name, args);
  if (source) out.push(risky(source));
  if (networkOn && !exfil && networkClient(name, args)) out.push(risky(`${name} reaches the network, which is on for commands here`));
  return out;
}
