// Known secret locations a command may read: ~/.ssh, ~/.aws, .env files, private keys, /etc/shadow,
// process environments. Judged on the path as written, on its real path (a workspace symlink to
// ~/.aws is ~/.aws), and, for globs, on whether the pattern could match one of them.
import * as path from 'node:path';
import { leaves, realish, resolveAll } from './paths';
import type { Word } from './words';
import { secretFileReason } from '../workspace/secret-files';

export interface PathContext {
  root: string;
  home: string;
  /** Workspace paths no command may write without a human (default: the built-in protected paths). */
  protectedPaths?: readonly string[];
}

const HOME_SECRETS = ['.ssh', '.aws', '.gnupg', '.kube', '.docker/config.json', '.netrc', '.git-credentials', '.npmrc', '.pypirc', '.config/gh', '.config/gcloud', '.azure', '.password-store', '.pgpass', '.vault-token', '.terraform.d/credentials.tfrc.json',
  '.bash_history', '.zsh_history', '.python_history', '.node_repl_history', '.psql_history', '.mysql_history', '.config/harness'];
const SYSTEM_SECRETS = ['/etc/shadow', '/etc/gshadow', '/etc/sudoers', '/etc/ssh'];
/** `.env` written with a glob character right after it (`.env*`, `.env?`): may match a secrets file. */
const ENV_GLOB = /^\.env[*?[]/;
/** Files a glob is tested against, besides the folders above (relative to home) and SYSTEM_SECRETS. */
const HOME_SAMPLES = ['.ssh/id_rsa', '.ssh/id_ed25519', '.ssh/id_ecdsa', '.aws/credentials', '.aws/config', '.kube/config', '.config/gh/hosts.yml'];
const DIR_SAMPLES = ['.env', '.env.local', '.env.production', '.envrc'];

function secretOfAbs(abs: string, ctx: PathContext): string | undefined {
  const fromHome = path.relative(ctx.home, abs);
  if (HOME_SECRETS.some((s) => fromHome === s || fromHome.startsWith(s + '/'))) return `reads a secret location (~/${fromHome})`;
  if (SYSTEM_SECRETS.some((s) => abs === s || abs.startsWith(s + '/'))) return `reads a secret location (${abs})`;
  if (/^\/proc\/[^/]+\/environ$/.test(abs)) return `reads a process's environment (${abs})`;
  const secret = secretFileReason(abs);
  return secret ? `reads ${abs}, ${secret}` : undefined;
}

/** The shared secret-file definition on a word's value, plus `.env` followed by a glob character. */
function namedSecret(value: string): string | undefined {
  if (ENV_GLOB.test(path.basename(value))) return 'may match an environment file (secrets)';
  return secretFileReason(value);
}

/** Why a path is a secret, or undefined. */
export function secretReason(value: string, cwds: string[] | null, ctx: PathContext): string | undefined {
  if (/(^|[/=~@])\.(ssh|aws|gnupg|netrc|git-credentials|pgpass)(\/|$)/.test(value)) return `reads a secret location (${value})`;
  // `--env-file=.env`, `@.env` (curl's file argument), `HEAD:.env` (git's revision:path).
  const candidates = [value, ...(value.includes('=') ? [value.slice(value.indexOf('=') + 1)] : []), ...(value.startsWith('@') ? [value.slice(1)] : []), ...(/^[^/:]+:[^/]/.test(value) ? [value.slice(value.indexOf(':') + 1)] : [])];
  for (const cand of candidates) {
    const expanded = cand.startsWith('~/') ? path.join(ctx.home, cand.slice(2)) : cand;
    const named = namedSecret(expanded);
    if (named) return `reads ${cand}: ${named}`;
    for (const abs of resolveAll(expanded, cwds) ?? []) {
      const r = secretOfAbs(abs, ctx);
      if (r) return r;
      const real = realish(abs);
      const viaLink = real !== abs ? secretOfAbs(real, ctx) : undefined;
      if (viaLink) return `${viaLink}, through a link`;
    }
  }
  return undefined;
}

/** The regular expression of a glob word (quoted characters stay literal); null when it has no glob. */
export function globRegExp(w: Word, base: string): RegExp | null {
  const v = w.value!;
  if (!/[*?[]/.test(w.shape)) return null;
  let re = '';
  let segmentStart = true;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    const quoted = w.shape[i] !== c;
    // Like bash without dotglob: a pattern at the start of a name does not match a leading dot.
    const lead = segmentStart ? '(?!\\.)' : '';
    segmentStart = c === '/';
    if (!quoted && c === '*') re += lead + '[^/]*';
    else if (!quoted && c === '?') re += lead + '[^/]';
    else if (!quoted && c === '[') {
      const end = v.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        re += lead + '[^/]';
        i = end;
      }
    } else re += c.replace(/[.+?^${}()|[\]\\*]/g, '\\$&');
  }
  const absolute = v.startsWith('/');
  return new RegExp('^' + (absolute ? '' : base.replace(/[.+?^${}()|[\]\\*]/g, '\\$&') + '/') + re + '$');
}

/** Why a glob word could match a secret location, or undefined. */
export function globSecretReason(w: Word, cwds: string[] | null, ctx: PathContext): string | undefined {
  if (w.value === null || !/[*?[]/.test(w.shape)) return undefined;
  const bases = w.value.startsWith('/') ? ['/'] : (cwds ?? [ctx.root]);
  const samples = [
    ...HOME_SECRETS.map((s) => path.join(ctx.home, s)),
    ...HOME_SAMPLES.map((s) => path.join(ctx.home, s)),
    ...SYSTEM_SECRETS,
    '/proc/self/environ',
    '/proc/1/environ',
    ...bases.flatMap((b) => DIR_SAMPLES.map((s) => path.join(b, s))),
  ];
  for (const base of bases) {
    const re = globRegExp(w, base === '/' ? '' : base);
    const hit = re && samples.find((s) => re.test(s));
    if (hit) return `the pattern ${w.text} can match a secret location (${hit})`;
  }
  return undefined;
}

/** Folders that hold secret locations somewhere below them: /, the home folder and its parents, /etc, /proc. */
export function holdsSecrets(abs: string, ctx: PathContext): boolean {
  if (abs === '/' || abs === '/etc' || abs === '/proc') return true;
  const up = path.relative(abs, ctx.home);
  return up === '' || !leaves(up);
}

const shortHas = (a: string, letters: string): boolean => /^-[A-Za-z0-9]+$/.test(a) && [...letters].some((l) => a.slice(1).includes(l));

/** Whether the program reads the contents of whole folder trees given as operands. */
export function readsTrees(name: string, args: (string | null)[]): boolean {
  const has = (letters: string, ...long: string[]) => args.some((x) => x !== null && (shortHas(x, letters) || long.includes(x)));
  switch (name) {
    case 'rg':
    case 'ag':
    case 'ack':
      return true;
    case 'grep':
    case 'egrep':
    case 'fgrep':
      return has('rR', '--recursive', '--dereference-recursive');
    case 'cp':
    case 'rsync':
    case 'scp':
    case 'zip':
      return has('rRa', '--recursive', '--archive');
    case 'tar':
    case 'bsdtar':
      return args.some((x) => x !== null && (/^-?[A-Za-z]*c/.test(x) || x === '--create'));
    default:
      return false;
  }
}
