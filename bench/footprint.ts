// Measurement 4: what installing the extension costs: bundle sizes, the .vsix, and the time to load
// the extension module (fresh process each time, `vscode` stubbed for the measurement only).
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, round, tempDir } from './stats';

export interface FootprintResult {
  extensionBytes: number;
  webviewBytes: number;
  vsixBytes: number | null;
  vsixError?: string;
  loadMs: number;
  /** A fresh `node` process requiring an empty module: the floor under loadMs. */
  emptyModuleLoadMs: number;
  loadRepeats: number;
  /** The biggest contributors to dist/extension.js by package (minified bytes), from an esbuild metafile. */
  topContributors: { name: string; bytes: number }[];
}

function childLoadMs(repoRoot: string, file: string): number {
  const out = execFileSync(process.execPath, [join(repoRoot, 'bench', 'load-extension-child.cjs'), file], { cwd: repoRoot }).toString();
  return (JSON.parse(out) as { ms: number }).ms;
}

/** Groups the bundle's inputs by package (node_modules/<pkg>) or by source folder (src/core/…). */
async function topContributors(repoRoot: string): Promise<{ name: string; bytes: number }[]> {
  const esbuild = await import('esbuild');
  const res = await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: ['src/vscode/extension.ts'],
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true,
    external: ['vscode'], metafile: true, write: false, logLevel: 'silent', outfile: 'out.js',
    define: { 'import.meta.url': '__harness_import_meta_url' },
    // As in esbuild.js: the agent core and the telemetry exporter are separate files, required on first use.
    plugins: [
      { name: 'agent-core-external', setup: (b) => void b.onResolve({ filter: /^\.\/agent-core$/ }, () => ({ path: './agent-core.js', external: true })) },
      { name: 'telemetry-external', setup: (b) => void b.onResolve({ filter: /^\.\.\/telemetry$/ }, () => ({ path: './telemetry.js', external: true })) },
    ],
  });
  const sums = new Map<string, number>();
  for (const out of Object.values(res.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const key = m ? m[1] : input.split('/').slice(0, 3).join('/');
      sums.set(key, (sums.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...sums].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, 8);
}

export async function benchFootprint(repoRoot: string, loadRepeats: number, log: (msg: string) => void): Promise<FootprintResult> {
  const ext = join(repoRoot, 'dist', 'extension.js');
  const web = join(repoRoot, 'dist', 'webview.js');
  if (!existsSync(ext)) throw new Error('dist/extension.js is missing: run "npm run build" first (npm run bench does)');
  const tmp = tempDir('footprint');
  try {
    let vsixBytes: number | null = null;
    let vsixError: string | undefined;
    log('footprint: packaging the .vsix');
    const vsix = join(tmp.dir, 'harness.vsix');
    try {
      execFileSync(join(repoRoot, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix], { cwd: repoRoot, stdio: 'pipe' });
      vsixBytes = statSync(vsix).size;
    } catch (e) {
      const err = e as { stderr?: Buffer; message: string };
      vsixError = (err.stderr?.toString() || err.message).trim().split('\n').slice(-1)[0];
    }
    const empty = join(tmp.dir, 'empty.cjs');
    writeFileSync(empty, 'exports.activate = () => {};\n');
    const loads: number[] = [];
    const floors: number[] = [];
    for (let r = 0; r < loadRepeats; r++) {
      loads.push(childLoadMs(repoRoot, ext));
      floors.push(childLoadMs(repoRoot, empty));
    }
    log('footprint: esbuild metafile of the extension bundle');
    return {
      extensionBytes: statSync(ext).size,
      webviewBytes: existsSync(web) ? statSync(web).size : 0,
      vsixBytes,
      ...(vsixError ? { vsixError } : {}),
      loadMs: round(median(loads)),
      emptyModuleLoadMs: round(median(floors), 3),
      loadRepeats,
      topContributors: await topContributors(repoRoot),
    };
  } finally {
    tmp.cleanup();
  }
}
