// What a sandboxed command sees of the machine outside the workspace. The sandbox's root is an empty
// tmpfs; only the system folders a toolchain needs are bound into it, read-only: /usr, /bin, /lib*,
// /opt, /nix, /etc (its secrets hidden), /sys. The home folder is an empty tmpfs and other users'
// homes do not exist; a toolchain installed under home (~/.nvm, ~/.cargo, ~/.pyenv) keeps working
// because exactly the folders PATH points to are bound read-only, never the home folder itself.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { secretFileReason } from '../workspace/secret-files';

export interface HostSpec {
  home: string;
  /** The workspace: PATH entries inside it are seen through the workspace's own bind. */
  root: string;
  /** The PATH the command will see (toolchains under home are found from it). */
  pathEnv: string;
  allowNetwork: boolean;
  /**
   * Folders the caller names to be seen read-only (an MCP server's own project), even under the host's
   * /tmp, whose other content stays hidden; never the home folder itself, a secret or the workspace.
   */
  readOnlyDirs?: readonly string[];
  /** An empty read-only file and an empty folder, bound over what must be hidden. */
  emptyFile: string;
  emptyDir: string;
}

/** Folders bound read-only when they exist. */
const SYSTEM_DIRS = ['/usr', '/opt', '/nix', '/etc', '/sys'];
/** Top-level names that are usually symlinks into /usr (merged-usr) and kept as such. */
const SYSTEM_LINKS = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
/** Files and folders under /etc (and other system folders) whose content is a secret. */
const SYSTEM_SECRETS = ['/etc/shadow', '/etc/shadow-', '/etc/gshadow', '/etc/gshadow-', '/etc/sudoers', '/etc/sudoers.d', '/etc/ssl/private', '/etc/pki/tls/private',
  '/etc/security/opasswd', '/etc/krb5.keytab', '/etc/NetworkManager/system-connections', '/etc/wpa_supplicant', '/etc/ppp/chap-secrets', '/etc/ppp/pap-secrets',
  '/etc/ipsec.secrets', '/etc/wireguard', '/etc/openvpn', '/etc/letsencrypt', '/etc/mysql/debian.cnf', '/etc/docker/key.json', '/etc/libvirt/secrets', '/etc/npmrc',
  '/usr/etc/npmrc', '/usr/local/etc/npmrc'];
/** The user's git settings (name, email, aliases), so commits work; the credential stores stay hidden. */
const GIT_SETTINGS = ['.gitconfig', '.config/git/config', '.config/git/ignore', '.config/git/attributes'];
/** Home folders whose `bin` is on PATH but which hold more than the toolchain (config, credentials). */
const MIXED_HOME_DIRS = ['.local', '.cargo', 'go', '.config', '.deno', '.bun'];
/** Folders a toolchain's bin needs beside it, relative to home. */
const COMPANIONS: Record<string, string[]> = { '.cargo/bin': ['.rustup'], '.local/bin': ['.local/lib'], 'go/bin': ['go/pkg/mod'] };
/** Downloaded dependencies (public packages, no credentials), read-only, so offline builds still find them. */
const DEPENDENCY_CACHES = ['.cargo/registry', '.cargo/git', 'go/pkg/mod', '.m2/repository'];

const exists = (p: string) => fs.existsSync(p);
const under = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith('/') ? dir : dir + '/');

/** True for paths the system binds already show. */
function visibleAlready(p: string): boolean {
  return [...SYSTEM_DIRS, ...SYSTEM_LINKS].some((d) => under(p, d));
}

function isHomeFolder(p: string, home: string): boolean {
  return p === home || p === '/root' || p === '/home' || /^\/home\/[^/]+$/.test(p) || p === '/';
}

/** The home folder `p` lies in (the user's, root's or another user's), or undefined. */
function homeOf(p: string, home: string): string | undefined {
  if (under(p, home)) return home;
  if (under(p, '/root')) return '/root';
  return /^\/home\/[^/]+/.exec(p)?.[0];
}

/** Masks over one hidden path: an empty file over a file, an empty folder over a folder. */
export function hide(p: string, spec: Pick<HostSpec, 'emptyFile' | 'emptyDir'>): string[] {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return [];
  return ['--ro-bind', st.isDirectory() ? spec.emptyDir : spec.emptyFile, p];
}

/**
 * The toolchain folders to bind for each PATH entry outside the system folders: the entry's prefix
 * (`~/.nvm/versions/node/v20` for its `bin`) when that is a toolchain of its own, else the entry alone.
 */
export function toolchainDirs(spec: Pick<HostSpec, 'home' | 'pathEnv' | 'root'>): string[] {
  const home = spec.home;
  const out = new Set<string>();
  for (const entry of spec.pathEnv.split(':')) {
    if (!entry || !path.isAbsolute(entry)) continue;
    let real: string;
    try {
      real = fs.realpathSync(entry);
    } catch {
      continue;
    }
    if (visibleAlready(real) || under(real, spec.root) || isHomeFolder(real, home) || holdsHidden(real, home) || secretFileReason(real) || under(real, '/tmp') || under(real, '/run') || under(real, '/proc') || under(real, '/dev')) continue;
    const parent = path.dirname(real);
    const itsHome = homeOf(real, home);
    const mixed = isHomeFolder(parent, home) || (itsHome !== undefined && MIXED_HOME_DIRS.includes(path.relative(itsHome, parent)));
    out.add(['bin', 'shims', 'sbin'].includes(path.basename(real)) && !mixed ? parent : real);
    for (const c of itsHome ? (COMPANIONS[path.relative(itsHome, real)] ?? []) : []) if (exists(path.join(itsHome!, c))) out.add(path.join(itsHome!, c));
  }
  // A folder already inside another bound one needs no bind of its own.
  const dirs = [...out].sort();
  return dirs.filter((d) => !dirs.some((o) => o !== d && under(d, o)));
}

/** A folder above what the sandbox hides (the home folder, /tmp, /run): binding it would show them again. */
function holdsHidden(p: string, home: string): boolean {
  return [home, '/root', '/home', '/tmp', '/var/tmp', '/run'].some((hidden) => p !== hidden && under(hidden, p));
}

/** Files that mark a project's top folder (where its dependencies are). */
export const PROJECT_MARKERS = ['package.json', 'pyproject.toml', 'go.mod', 'Cargo.toml'];

/** A project's own folder (it has a manifest) or a node_modules folder. */
function isProjectFolder(p: string): boolean {
  return path.basename(p) === 'node_modules' || PROJECT_MARKERS.some((m) => exists(path.join(p, m)));
}

/** The caller's read-only folders that are safe to show and not shown already. */
function namedDirs(spec: Pick<HostSpec, 'home' | 'root' | 'readOnlyDirs'>): string[] {
  const out = new Set<string>();
  for (const d of spec.readOnlyDirs ?? []) {
    let real: string;
    try {
      real = fs.realpathSync(d);
    } catch {
      continue;
    }
    if (visibleAlready(real) || under(real, spec.root) || isHomeFolder(real, spec.home) || holdsHidden(real, spec.home) || secretFileReason(real)) continue;
    if (under(real, '/run') || under(real, '/proc') || under(real, '/dev')) continue;
    // In a shared temp folder only a project's own folder: never another program's sockets (tmux, X11, ssh-agent).
    if ((under(real, '/tmp') || under(real, '/var/tmp')) && (real === '/tmp' || real === '/var/tmp' || !isProjectFolder(real))) continue;
    out.add(real);
  }
  return [...out];
}

/** Where DNS lives when /etc/resolv.conf points into /run (systemd-resolved, resolvconf). */
function resolverDirs(): string[] {
  try {
    const real = fs.realpathSync('/etc/resolv.conf');
    return under(real, '/run') ? [path.dirname(real)] : [];
  } catch {
    return [];
  }
}

/** bwrap arguments for everything outside the workspace. */
export function hostMounts(spec: HostSpec): string[] {
  const args: string[] = [];
  for (const l of SYSTEM_LINKS) {
    const st = fs.lstatSync(l, { throwIfNoEntry: false });
    if (st?.isSymbolicLink()) args.push('--symlink', fs.readlinkSync(l), l);
    else if (st?.isDirectory()) args.push('--ro-bind', l, l);
  }
  for (const d of SYSTEM_DIRS) if (exists(d)) args.push('--ro-bind', d, d);
  for (const s of SYSTEM_SECRETS) args.push(...hide(s, spec));
  // Host keys of an ssh server: private, while ssh_config beside them is not.
  try {
    for (const f of fs.readdirSync('/etc/ssh')) if (/^ssh_host_.*_key$/.test(f)) args.push(...hide(path.join('/etc/ssh', f), spec));
  } catch {
    /* no /etc/ssh */
  }
  args.push('--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--tmpfs', '/var/tmp', '--tmpfs', '/run');
  if (spec.allowNetwork) for (const d of resolverDirs()) args.push('--ro-bind', d, d);
  // Home: an empty folder, writable (caches, ~/.npm), gone after the run.
  args.push('--tmpfs', spec.home);
  for (const d of toolchainDirs(spec)) {
    args.push('--ro-bind', d, d);
    // A global npm configuration may hold registry tokens.
    args.push(...hide(path.join(d, 'etc', 'npmrc'), spec));
  }
  for (const d of namedDirs(spec)) args.push('--ro-bind', d, d);
  for (const c of DEPENDENCY_CACHES) {
    const p = path.join(spec.home, c);
    if (fs.statSync(p, { throwIfNoEntry: false })?.isDirectory()) args.push('--ro-bind', p, p);
  }
  for (const g of GIT_SETTINGS) {
    const p = path.join(spec.home, g);
    if (fs.statSync(p, { throwIfNoEntry: false })?.isFile()) args.push('--ro-bind', p, p);
  }
  return args;
}
