// How a stdio MCP server process is started: its real argv (inside bwrap where the sandbox is
// available), its working directory and its environment (the commands' scrubbed one plus what its
// configuration names). The one place that knows the sandbox's functions, so a change there stays here.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scrubEnvironment } from '../commands/env';
import { bwrapPath, prepareSandbox, sandboxAvailable } from '../commands/sandbox';
import { PROJECT_MARKERS } from '../commands/sandbox-host';
import { DEFAULT_PROTECTED_PATHS } from '../workspace/protected';
import type { StdioServerConfig } from '../policy/mcp-settings';

export interface McpRuntime {
  /** The workspace root (real path): the sandbox's writable folder, and the default working directory. */
  root: string;
  sandbox: 'auto' | 'required' | 'off';
  envAllowList: string[];
  /** Never passed on (the API key), and redacted from what the server says. */
  secretValues: string[];
  /** Kept read-only inside the sandbox, as for commands (default: the built-in protected paths). */
  protectedPaths?: readonly string[];
}

export interface Launch {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  sandboxed: boolean;
  /** Why the server runs without a sandbox, when it does. */
  note?: string;
  /** Values taken from the user's environment (`${env:NAME}`): redacted from the server's output. */
  secrets: string[];
  /** Gives back what the sandbox set up for the server (placeholders); call once it has stopped. */
  release?: () => Promise<void>;
}

/**
 * Replaces `${workspaceFolder}`, `${userHome}` and `${env:NAME}` (the forms VS Code's mcp.json uses);
 * anything else in `${…}` (an `${input:…}` prompt) is refused with a line saying what to do.
 */
export function expandVariables(text: string, root: string, env: NodeJS.ProcessEnv, secrets: string[]): string {
  return text.replace(/\$\{([^}]*)\}/g, (_m, name: string) => {
    if (name === 'workspaceFolder') return root;
    if (name === 'userHome') return os.homedir();
    if (name.startsWith('env:')) {
      const value = env[name.slice(4)];
      if (value === undefined) throw new Error(`\${${name}} is not set in the environment`);
      secrets.push(value);
      return value;
    }
    throw new Error(`\${${name}} is not supported here: write the value, or pass it with \${env:NAME}`);
  });
}


/** The project a server's file belongs to (where its dependencies are), else its folder. */
function projectOf(file: string): string {
  const start = fs.statSync(file).isDirectory() ? file : path.dirname(file);
  const nm = start.indexOf(`${path.sep}node_modules${path.sep}`);
  // Inside node_modules, the outermost one holds the package's (hoisted) dependencies.
  if (nm >= 0 || start.endsWith(`${path.sep}node_modules`)) return nm >= 0 ? start.slice(0, nm + '/node_modules'.length) : start;
  const home = os.homedir();
  for (let d = start; d !== path.dirname(d) && d !== home; d = path.dirname(d)) {
    if (PROJECT_MARKERS.some((m) => fs.existsSync(path.join(d, m)))) return d;
  }
  return start;
}

/**
 * The folders a server's own files live in, to be seen read-only inside its sandbox (which shows the
 * system and the PATH's toolchains, not the rest of the disk): for each absolute path in its command
 * line (and its working folder), its project. The sandbox shows them read-only (under the host's /tmp
 * too, whose other content stays hidden), but never the home folder itself, a secret or the workspace.
 */
function serverDirs(argv: string[], cwd: string, root: string): string[] {
  const inWorkspace = (p: string) => p === root || p.startsWith(root + path.sep);
  return [...argv, cwd]
    .filter((p) => path.isAbsolute(p) && fs.existsSync(p))
    .map((p) => fs.realpathSync(p))
    .filter((p) => !inWorkspace(p)) // the workspace is there already, and nothing above it is needed
    .map(projectOf);
}

/**
 * The bwrap wrapping of `argv`, or the reason there is none (throws when the policy requires one).
 * The server gets the sandbox commands get (issue 11's), with its own files visible read-only.
 */
async function sandboxFor(rt: McpRuntime, cwd: string, allowNetwork: boolean, argv: string[], pathEnv: string): Promise<Pick<Launch, 'file' | 'args' | 'sandboxed' | 'note' | 'release'>> {
  if (rt.sandbox === 'off') return { file: argv[0], args: argv.slice(1), sandboxed: false, note: 'sandbox is off (harness.sandbox = "off")' };
  const probe = await sandboxAvailable();
  const bwrap = probe.available ? await bwrapPath() : undefined;
  let why = probe.reason ?? 'bwrap is unavailable';
  if (bwrap) {
    try {
      const setup = await prepareSandbox({ root: rt.root, cwd, allowNetwork, protectedPaths: rt.protectedPaths ?? DEFAULT_PROTECTED_PATHS, pathEnv, readOnlyDirs: serverDirs(argv, cwd, rt.root) });
      const release = async () => {
        await setup.settle().catch(() => undefined);
        await setup.release();
      };
      return { file: bwrap, args: [...setup.args, '--', ...argv], sandboxed: true, release };
    } catch (err) {
      // By name: the sandbox's error class may come from the other bundle in the editor.
      if ((err as Error).name !== 'SandboxUnenforceable') throw err;
      why = `the sandbox cannot confine this workspace: ${(err as Error).message}`;
    }
  }
  if (rt.sandbox === 'required') throw new Error(`refused: harness.sandbox is "required" but ${why}; install bubblewrap or set harness.sandbox to "auto"`);
  return { file: argv[0], args: argv.slice(1), sandboxed: false, note: `runs WITHOUT a sandbox: ${why}` };
}

export async function stdioLaunch(config: StdioServerConfig, rt: McpRuntime, source: NodeJS.ProcessEnv = process.env): Promise<Launch> {
  const secrets: string[] = [];
  const expand = (s: string) => expandVariables(s, rt.root, source, secrets);
  const wanted = path.resolve(rt.root, expand(config.cwd ?? '.'));
  if (!fs.existsSync(wanted) || !fs.statSync(wanted).isDirectory()) throw new Error(`working directory ${wanted} does not exist`);
  // The sandbox works on real paths (a workspace opened through a link is bound where it really is).
  const cwd = fs.realpathSync(wanted);
  rt = { ...rt, root: fs.realpathSync(rt.root) };
  const argv = [expand(config.command), ...config.args.map(expand)];
  const { env } = scrubEnvironment(source, rt.envAllowList, rt.secretValues);
  // Only what the configuration names is added to the scrubbed environment.
  for (const [k, v] of Object.entries(config.env)) env[k] = expand(v);
  const wrapped = await sandboxFor(rt, cwd, config.allowNetwork ?? false, argv, env.PATH ?? '');
  // In the sandbox the home folder is read-only: npx (how most servers are started) needs a cache it
  // can write, so it gets one in the sandbox's private /tmp (a fresh download per start, with network).
  if (wrapped.sandboxed && !('npm_config_cache' in config.env) && !('NPM_CONFIG_CACHE' in config.env)) {
    delete env.NPM_CONFIG_CACHE;
    env.npm_config_cache = '/tmp/.npm';
  }
  return { ...wrapped, cwd, env, secrets };
}
