// How a stdio MCP server process is started: its real argv (inside bwrap where the sandbox is
// available), its working directory and its environment (the commands' scrubbed one plus what its
// configuration names). The one place that knows the sandbox's functions, so a change there stays here.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scrubEnvironment } from '../commands/env';
import { bwrapArgs, bwrapPath, sandboxAvailable } from '../commands/sandbox';
import type { StdioServerConfig } from '../policy/mcp-settings';

export interface McpRuntime {
  /** The workspace root (real path): the sandbox's writable folder, and the default working directory. */
  root: string;
  sandbox: 'auto' | 'required' | 'off';
  envAllowList: string[];
  /** Never passed on (the API key), and redacted from what the server says. */
  secretValues: string[];
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

/** The bwrap wrapping of `argv`, or the reason there is none (throws when the policy requires one). */
async function sandboxFor(rt: McpRuntime, cwd: string, allowNetwork: boolean, argv: string[]): Promise<{ file: string; args: string[]; sandboxed: boolean; note?: string }> {
  if (rt.sandbox === 'off') return { file: argv[0], args: argv.slice(1), sandboxed: false, note: 'sandbox is off (harness.sandbox = "off")' };
  const probe = await sandboxAvailable();
  const bwrap = probe.available ? await bwrapPath() : undefined;
  if (bwrap) return { file: bwrap, args: bwrapArgs(rt.root, cwd, allowNetwork, argv), sandboxed: true };
  const why = probe.reason ?? 'bwrap is unavailable';
  if (rt.sandbox === 'required') throw new Error(`refused: harness.sandbox is "required" but ${why}; install bubblewrap or set harness.sandbox to "auto"`);
  return { file: argv[0], args: argv.slice(1), sandboxed: false, note: `runs WITHOUT a sandbox: ${why}` };
}

export async function stdioLaunch(config: StdioServerConfig, rt: McpRuntime, source: NodeJS.ProcessEnv = process.env): Promise<Launch> {
  const secrets: string[] = [];
  const expand = (s: string) => expandVariables(s, rt.root, source, secrets);
  const cwd = path.resolve(rt.root, expand(config.cwd ?? '.'));
  if (!fs.existsSync(cwd) || !fs.statSync(cwd).isDirectory()) throw new Error(`working directory ${cwd} does not exist`);
  const argv = [expand(config.command), ...config.args.map(expand)];
  const { env } = scrubEnvironment(source, rt.envAllowList, rt.secretValues);
  // Only what the configuration names is added to the scrubbed environment.
  for (const [k, v] of Object.entries(config.env)) env[k] = expand(v);
  const wrapped = await sandboxFor(rt, cwd, config.allowNetwork ?? false, argv);
  // In the sandbox the home folder is read-only: npx (how most servers are started) needs a cache it
  // can write, so it gets one in the sandbox's private /tmp (a fresh download per start, with network).
  if (wrapped.sandboxed && !('npm_config_cache' in config.env) && !('NPM_CONFIG_CACHE' in config.env)) {
    delete env.NPM_CONFIG_CACHE;
    env.npm_config_cache = '/tmp/.npm';
  }
  return { ...wrapped, cwd, env, secrets };
}
