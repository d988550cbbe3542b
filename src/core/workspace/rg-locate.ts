// Finding a ripgrep to search with: the one VS Code ships (the editor passes its appRoot), or `rg`
// on PATH (the CLI). No ripgrep means the JavaScript engine, with the same results.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside } from './paths';

/** The environment ripgrep runs with: ours, without a config file it would read. */
export function ripgrepEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.RIPGREP_CONFIG_PATH;
  return env;
}

const exe = (platform: NodeJS.Platform) => (platform === 'win32' ? 'rg.exe' : 'rg');

/** Where VS Code keeps its ripgrep below `vscode.env.appRoot`, newest layout first. */
export function editorRipgrepCandidates(appRoot: string, platform: NodeJS.Platform = process.platform): string[] {
  const name = exe(platform);
  return ['node_modules', 'node_modules.asar.unpacked'].flatMap((modules) => [
    path.join(appRoot, modules, '@vscode', 'ripgrep', 'bin', name),
    path.join(appRoot, modules, 'vscode-ripgrep', 'bin', name),
  ]);
}

function isExecutableFile(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) return false;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first of `candidates` that is an executable file. */
export function firstExecutable(candidates: readonly string[]): string | undefined {
  return candidates.find(isExecutableFile);
}

/**
 * The first `rg` on PATH. Relative PATH entries (`.`, `node_modules/.bin`) are skipped, and so is a
 * binary whose real location is inside `workspaceRoot`: a repository must not be able to plant the
 * program the harness runs on its files.
 */
export function ripgrepOnPath(
  envPath: string | undefined,
  workspaceRoot: string | undefined,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  if (!envPath) return undefined;
  const delimiter = platform === 'win32' ? ';' : ':';
  let rootReal: string | undefined;
  try {
    rootReal = workspaceRoot ? fs.realpathSync(workspaceRoot) : undefined;
  } catch {
    rootReal = workspaceRoot;
  }
  for (const dir of envPath.split(delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, exe(platform));
    if (!isExecutableFile(candidate)) continue;
    let real: string;
    try {
      real = fs.realpathSync(candidate);
    } catch {
      continue;
    }
    if (rootReal && isInside(rootReal, real)) continue;
    return candidate;
  }
  return undefined;
}

const probes = new Map<string, Promise<boolean>>();

/** Whether `rgPath` runs and says it is ripgrep; asked once per path and process. */
export function ripgrepUsable(rgPath: string): Promise<boolean> {
  let probe = probes.get(rgPath);
  if (!probe) {
    probe = new Promise((resolve) => {
      execFile(rgPath, ['--version'], { timeout: 5000, windowsHide: true, env: ripgrepEnv() }, (err, stdout) => {
        resolve(!err && /^ripgrep \d+\./.test(String(stdout)));
      });
    });
    probes.set(rgPath, probe);
  }
  return probe;
}
