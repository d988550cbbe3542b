// Starts a real VS Code (code-server, installed by test/e2e/setup.sh) for one test:
// fresh user-data, extensions and home folders per launch, so no state leaks between
// scenarios or from the developer's own machine.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { keepTempDirs, makeTempDir } from './temp';

export const CODE_SERVER_VERSION = '4.100.3';

export type ThemeName = 'Default Dark Modern' | 'Default Light Modern';

export interface CodeServerOptions {
  /** A .vsix to install into this launch's own extensions folder before starting. */
  vsix?: string;
  /** Folder opened in the workbench. */
  workspace: string;
  /**
   * true: Workspace Trust is on and the startup modal asks (the browser helper answers "trust").
   * false: the folder opens straight into Restricted Mode, with no modal.
   */
  trusted: boolean;
  theme?: ThemeName;
  /** Merged over the defaults written to User/settings.json. */
  userSettings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host (HARNESS_BASE_URL, a fake key...). */
  env?: Record<string, string>;
  /** Fixed port (the demo); default 0 = any free port, read back from code-server's log. */
  port?: number;
}

export interface CodeServer {
  /** Server root, e.g. http://127.0.0.1:41234/ */
  url: string;
  /** The URL that opens `workspace` in the workbench. */
  workspaceUrl: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  /** code-server's own stdout/stderr so far. */
  logs(): string;
  /** VS Code server, extension host and extension log-channel files so far (for failure messages). */
  extensionLogs(): string;
  stop(): Promise<void>;
}

/** Where setup.sh installed code-server. */
export function codeServerBin(): string {
  const cache = process.env.HARNESS_E2E_CACHE ?? join(homedir(), '.cache', 'harness-e2e', 'code-server');
  const bin = join(cache, 'node_modules', '.bin', 'code-server');
  if (!existsSync(bin)) throw new Error(`code-server not found at ${bin}; run: bash test/e2e/setup.sh`);
  return bin;
}

/** Settings that keep the workbench quiet and deterministic for screenshots. */
export function defaultUserSettings(opts: Pick<CodeServerOptions, 'trusted' | 'theme'>): Record<string, unknown> {
  return {
    'workbench.colorTheme': opts.theme ?? 'Default Dark Modern',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'files.autoSave': 'off',
    'window.restoreWindows': 'none',
    'security.workspace.trust.enabled': true,
    // 'always' shows the modal so a scenario can trust the folder the way a user does;
    // 'never' opens an untrusted folder directly in Restricted Mode.
    'security.workspace.trust.startupPrompt': opts.trusted ? 'always' : 'never',
    'security.workspace.trust.untrustedFiles': 'open',
  };
}

// Live servers, killed if the test process dies without calling stop().
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the whole group: server, extension host, pty hosts
  } catch {
    /* already gone */
  }
}

/** Strip the developer's real endpoint and keys so a test can never reach a real model by accident. */
function isolatedEnv(root: string, extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(HARNESS_|OPENAI_|ANTHROPIC_|VSCODE_|ELECTRON_)/.test(key)) continue;
    // Set by `node --test` for its children: a workspace's own `node --test` (a verification command)
    // would otherwise report to our runner's protocol and exit 0 whatever its tests do.
    if (key === 'NODE_TEST_CONTEXT') continue;
    env[key] = value;
  }
  const home = join(root, 'home');
  mkdirSync(home, { recursive: true });
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
  });
  return { ...env, ...extra };
}

function installVsix(bin: string, vsix: string, dirs: { userData: string; extensions: string; config: string }, env: NodeJS.ProcessEnv): void {
  if (!existsSync(vsix)) throw new Error(`vsix not found: ${vsix}; run: npm run package`);
  const result = spawnSync(
    bin,
    ['--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsix, '--force'],
    { env, encoding: 'utf8', timeout: 120_000 },
  );
  const out = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`installing ${vsix} into code-server failed (exit ${result.status}):\n${out}`);
  }
}

async function waitForHttp(url: string, child: ChildProcess, logs: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited early (code ${child.exitCode}, signal ${child.signalCode}):\n${logs()}`);
    }
    try {
      const res = await fetch(new URL('healthz', url), { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms:\n${logs()}`);
}

/** Waits for the "HTTP server listening on http://127.0.0.1:PORT/" line (we bind port 0, so no port races). */
async function waitForPort(child: ChildProcess, output: () => string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = /HTTP server listening on https?:\/\/127\.0\.0\.1:(\d+)/.exec(output());
    if (m) return Number(m[1]);
    if (child.exitCode !== null || child.signalCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server did not report its port within ${timeoutMs} ms:\n${output()}`);
}

function collectLogs(dir: string, match: (path: string) => boolean): string {
  if (!existsSync(dir)) return '';
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (match(full)) out.push(`--- ${full}\n${readFileSync(full, 'utf8')}`);
    }
  };
  walk(dir);
  return out.join('\n');
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  if (!existsSync(opts.workspace)) throw new Error(`workspace folder does not exist: ${opts.workspace}`);
  const bin = codeServerBin();
  const root = makeTempDir('code-server');
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const config = join(root, 'config.yaml');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  // Our own config file, so code-server never writes ~/.config/code-server/config.yaml.
  writeFileSync(config, 'auth: none\ncert: false\n');
  const settings = { ...defaultUserSettings(opts), ...opts.userSettings };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  const env = isolatedEnv(root, opts.env);
  if (opts.vsix) installVsix(bin, opts.vsix, { userData: userDataDir, extensions: extensionsDir, config }, env);

  const child = spawn(
    bin,
    [
      '--config', config,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${opts.port ?? 0}`,
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  live.add(child);
  let output = '';
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  const logs = () => output;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    // The extension host may outlive the server briefly; make sure the group is gone.
    killGroup(child, 'SIGKILL');
    live.delete(child);
    if (!keepTempDirs()) rmSync(root, { recursive: true, force: true });
  };

  try {
    const port = await waitForPort(child, logs, 60_000);
    const url = `http://127.0.0.1:${port}/`;
    await waitForHttp(url, child, logs, 30_000);
    return {
      url,
      workspaceUrl: `${url}?folder=${encodeURIComponent(opts.workspace)}`,
      port,
      userDataDir,
      extensionsDir,
      logs,
      // remoteagent.log, exthost1/remoteexthost.log, exthost1/<extension id>/<channel>.log
      extensionLogs: () => collectLogs(join(userDataDir, 'logs'), (p) => p.endsWith('.log') && !/Telemetry/i.test(p)),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
