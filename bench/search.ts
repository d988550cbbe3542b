// Measurement 7: search_files against ripgrep, and list_files at scale.
//
// Trees: a generated 100,000-file workspace (workspace-gen.ts), and a real-sized one of about 10,000
// files: a checkout of a real repository when one is at hand (BENCH_REAL_REPO, a git directory or
// work tree; by default the sveltejs/svelte snapshot the `fetch` tool leaves under /work/.mirror),
// else a generated tree of the same shape. Patterns: a literal that is nowhere (the "is X used
// anywhere?" search), a regular expression that is nowhere, and one with many matches.
// Each figure is a median; `ratio` is the median of ours/rg over runs taken back to back, so a busy
// machine slows both sides of a pair alike.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { isSecretFile } from '../src/core/workspace/secret-files';
import { listFiles } from '../src/core/workspace/list';
import { ripgrepOnPath } from '../src/core/workspace/rg-locate';
import { searchFiles, type SearchResult } from '../src/core/workspace/search';
import { DEFAULT_LIMITS } from '../src/core/shared/limits';
import { removeTree } from './cleanup';
import { median, nowMs, round, tempDir } from './stats';
import { generateRepoShapedWorkspace, generateWorkspace } from './workspace-gen';

export interface SearchRow {
  files: number;
  tree: string;
  pattern: string;
  kind: 'no match' | 'many matches';
  engine: 'ripgrep' | 'javascript';
  oursMs: number;
  rgMs: number;
  /** Median of ours / rg over back-to-back pairs. */
  ratio: number;
  /**
   * CPU time per search (Linux; null elsewhere): ours is this process plus its ripgrep, rg is the baseline
   * process. Unlike wall time it hardly moves with how busy the machine is, and on a machine with no
   * spare core their ratio is what the wall-time ratio tends to.
   */
  oursCpuMs: number | null;
  rgCpuMs: number | null;
  cpuRatio: number | null;
  matches: number;
  truncated: boolean;
}

export interface ListRow {
  files: number;
  tree: string;
  maxEntries: number;
  entries: number;
  truncated: boolean;
  oursMs: number;
  /** `rg --files` over the same tree (every file, no cap). */
  rgFilesMs: number;
}

export interface SearchBench {
  /** When this part ran, and how busy the machine was (1-minute load average at start and end). */
  date: string;
  loadAverage: [number, number];
  rgPath: string;
  rgVersion: string;
  trees: { name: string; files: number; source: string }[];
  search: SearchRow[];
  list: ListRow[];
  /** Both engines gave the same matches, cap and notes on every search above (that finished in its budget). */
  enginesAgree: boolean;
  /** Searches that differed, or could not be compared. */
  disagreements: string[];
}

const PATTERNS: { pattern: string; kind: SearchRow['kind'] }[] = [
  { pattern: 'harnessBenchNoSuchSymbol', kind: 'no match' },
  { pattern: 'noSuch\\w+Symbol\\(', kind: 'no match' },
  { pattern: 'function\\s+\\w+', kind: 'many matches' },
];

const DEFAULT_REAL_REPO = '/work/.mirror/sveltejs+svelte/repo';

/** CPU ms used so far by this process and by its children that have exited (Linux: /proc/self/stat). */
function cpuSoFar(): { self: number; children: number } | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14. USER_HZ is 100.
    const children = (Number(fields[13]) + Number(fields[14])) * 10;
    const own = process.cpuUsage();
    return { self: (own.user + own.system) / 1000, children };
  } catch {
    return null;
  }
}

/** ripgrep over the same files as ours: hidden files too, .gitignore without a .git folder, no config. */
function rgOnce(rgPath: string, root: string, pattern: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = nowMs();
    const child = spawn(rgPath, ['--no-config', '--hidden', '--no-require-git', '--glob', '!.git', '--regexp', pattern, '--', '.'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.on('data', () => undefined); // read everything, as a caller would (rg stops early when stdout is /dev/null)
    child.on('error', reject);
    child.on('close', () => resolve(nowMs() - start));
  });
}

async function oursOnce(root: string, pattern: string, rgPath: string | undefined): Promise<{ ms: number; res: SearchResult }> {
  const start = nowMs();
  const res = await searchFiles(root, {
    pattern,
    maxResults: DEFAULT_LIMITS.maxSearchResults,
    maxFileBytes: DEFAULT_LIMITS.maxFileBytes,
    skipFile: isSecretFile,
    ...(rgPath ? { rgPath } : {}),
  });
  return { ms: nowMs() - start, res };
}

/** A checkout of the real repository in `dir`, or undefined when there is none to export. */
function exportRealRepo(dir: string, log: (m: string) => void): string | undefined {
  const repo = process.env.BENCH_REAL_REPO ?? DEFAULT_REAL_REPO;
  if (!existsSync(repo)) return undefined;
  const gitDir = existsSync(join(repo, '.git')) ? join(repo, '.git') : repo;
  mkdirSync(dir, { recursive: true });
  const archive = spawnSync('sh', ['-c', 'git --git-dir="$1" archive --format=tar HEAD | tar -x -C "$2"', 'sh', gitDir, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (archive.status !== 0) {
    log(`could not export ${repo} (${archive.stderr.toString().trim()}): generating a tree of the same shape instead`);
    return undefined;
  }
  return repo;
}

function countFiles(rgPath: string, root: string): number {
  const out = spawnSync(rgPath, ['--no-config', '--files', '--hidden', '--no-require-git', '--glob', '!.git', '--null', '--', '.'], { cwd: root, maxBuffer: 256 * 1024 * 1024 });
  return out.stdout.toString().split('\0').filter(Boolean).length;
}

function sameAnswer(a: SearchResult, b: SearchResult): boolean {
  return JSON.stringify([a.matches, a.truncated, a.note]) === JSON.stringify([b.matches, b.truncated, b.note]);
}

export async function benchSearch(repeats: number, log: (m: string) => void): Promise<SearchBench | { skipped: string }> {
  const rgPath = ripgrepOnPath(process.env.PATH, undefined);
  if (!rgPath) return { skipped: 'no rg on PATH (install ripgrep)' };
  const rgVersion = spawnSync(rgPath, ['--version']).stdout.toString().split('\n')[0];
  const { dir, cleanup } = tempDir('search');
  const out: SearchBench = { date: new Date().toISOString(), loadAverage: [round(loadavg()[0], 1), NaN], rgPath, rgVersion, trees: [], search: [], list: [], enginesAgree: true, disagreements: [] };
  try {
    log('search: generating the 100,000-file workspace');
    const big = join(dir, 'generated-100k');
    generateWorkspace(big, 100_000);
    const realDir = join(dir, 'real');
    const repo = exportRealRepo(realDir, log);
    if (!repo) generateRepoShapedWorkspace(realDir, 10_000);
    const trees = [
      { name: 'generated', root: big, source: 'bench/workspace-gen.ts (55% in a git-ignored node_modules)' },
      { name: repo ? 'real' : 'repo-shaped', root: realDir, source: repo ? `git archive HEAD of ${repo}` : 'generateRepoShapedWorkspace (no real checkout found)' },
    ];
    for (const tree of trees) {
      const files = countFiles(rgPath, tree.root);
      out.trees.push({ name: tree.name, files, source: tree.source });
      for (const { pattern, kind } of PATTERNS) {
        for (const engine of ['ripgrep', 'javascript'] as const) {
          log(`search: ${tree.name} ${files} files, ${engine}, /${pattern}/`);
          const ours: number[] = [];
          const rg: number[] = [];
          const ratios: number[] = [];
          let oursCpu = 0;
          let rgCpu = 0;
          let last: SearchResult | undefined;
          for (let i = 0; i <= repeats; i++) {
            const c0 = cpuSoFar();
            const r = await rgOnce(rgPath, tree.root, pattern);
            const c1 = cpuSoFar();
            const o = await oursOnce(tree.root, pattern, engine === 'ripgrep' ? rgPath : undefined);
            const c2 = cpuSoFar();
            if (i > 0 && c0 && c1 && c2) {
              rgCpu += c1.children - c0.children;
              oursCpu += c2.self - c1.self + c2.children - c1.children;
            }
            last = o.res;
            if (o.res.engine !== engine) throw new Error(`expected the ${engine} engine, got ${o.res.engine}: ${o.res.engineNote ?? ''}`);
            if (i === 0) continue; // warm-up: page cache, JIT
            ours.push(o.ms);
            rg.push(r);
            ratios.push(o.ms / r);
          }
          const cpu = process.platform === 'linux' && rgCpu > 0;
          out.search.push({
            files,
            tree: tree.name,
            pattern,
            kind,
            engine,
            oursMs: round(median(ours), 1),
            rgMs: round(median(rg), 1),
            ratio: round(median(ratios), 2),
            oursCpuMs: cpu ? round(oursCpu / repeats, 0) : null,
            rgCpuMs: cpu ? round(rgCpu / repeats, 0) : null,
            cpuRatio: cpu ? round(oursCpu / rgCpu, 2) : null,
            matches: last!.matches.length,
            truncated: last!.truncated,
          });
        }
        const viaRg = (await oursOnce(tree.root, pattern, rgPath)).res;
        const viaJs = (await oursOnce(tree.root, pattern, undefined)).res;
        // A search cut by the time budget stops wherever the clock says: only whole answers compare.
        const timedOut = [viaRg, viaJs].some((r) => /budget/.test(r.note ?? ''));
        if (timedOut) out.disagreements.push(`${tree.name} /${pattern}/ not compared: the time budget ran out`);
        else if (!sameAnswer(viaRg, viaJs)) {
          out.enginesAgree = false;
          out.disagreements.push(`${tree.name} /${pattern}/`);
        }
      }
    }
    log('list_files: recursive listing of the 100,000-file workspace');
    const files = out.trees[0].files;
    for (const maxEntries of [DEFAULT_LIMITS.maxListEntries, 200_000]) {
      const ours: number[] = [];
      const rgFiles: number[] = [];
      let last = { entries: [] as string[], truncated: false };
      for (let i = 0; i <= repeats; i++) {
        let start = nowMs();
        spawnSync(rgPath, ['--no-config', '--files', '--hidden', '--no-require-git', '--glob', '!.git', '--', '.'], { cwd: big, maxBuffer: 256 * 1024 * 1024 });
        const r = nowMs() - start;
        start = nowMs();
        last = await listFiles(big, '.', { recursive: true, maxEntries });
        const o = nowMs() - start;
        if (i === 0) continue;
        ours.push(o);
        rgFiles.push(r);
      }
      out.list.push({ files, tree: 'generated', maxEntries, entries: last.entries.length, truncated: last.truncated, oursMs: round(median(ours), 1), rgFilesMs: round(median(rgFiles), 1) });
    }
    out.loadAverage[1] = round(loadavg()[0], 1);
    return out;
  } finally {
    for (const name of ['generated-100k', 'real']) removeTree(join(dir, name));
    cleanup();
  }
}
