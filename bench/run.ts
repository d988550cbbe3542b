// `npm run bench`: runs every measurement (issues 8 and 16, and issue 14's context trajectory), prints one
// table and writes bench/results.json.
// BENCH_ONLY=search runs only the search measurement and replaces just its section of results.json.
// Each figure has its baseline measured in the same run; times are medians of several runs.
import { cpus, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchCheckpoint, type CheckpointRow } from './checkpoint';
import { benchOverhead } from './overhead';
import { benchDiff, type DiffRow } from './diff';
import { benchFootprint } from './footprint';
import { benchResume } from './resume';
import { benchCommandOutput } from './command-output';
import { benchContext, contextRows } from './context';
import { benchSearch, type SearchBench } from './search';
import { renderTable, mb, ms, times, us, type Row } from './table';
import { envInt } from './stats';

const repoRoot = join(__dirname, '..');
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

async function main() {
  const started = Date.now();
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
  };
  const repeats = envInt('BENCH_REPEATS', 5);
  if (process.env.BENCH_ONLY === 'search') {
    // One measurement on its own: its section of results.json is replaced, the others are kept.
    const search = await benchSearch(repeats, log);
    const file = join(repoRoot, 'bench', 'results.json');
    const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    writeFileSync(file, JSON.stringify({ ...previous, search }, null, 2) + '\n');
    const load = 'loadAverage' in search ? `, load average ${search.loadAverage.join(' → ')}` : '';
    console.log(`\nHarness search benchmark — ${machine.cpu}, ${machine.cores} cores${load}; medians of ${repeats} runs\n`);
    console.log(renderTable(searchRows(search)));
    console.log('\nbench/results.json: the search section replaced.');
    return;
  }

  const checkpoint: CheckpointRow[] = [];
  for (const files of [1_000, 10_000, 100_000]) checkpoint.push(await benchCheckpoint(files, repeats, log));

  const overhead = await benchOverhead(envInt('BENCH_CALLS', 10_000), log);

  log('diff proposals');
  const diff: DiffRow[] = [];
  for (const lines of [1_000, 10_000, 100_000]) diff.push(await benchDiff(lines, lines >= 100_000 ? 3 : 7));

  const footprint = await benchFootprint(repoRoot, repeats, log);

  log('resume');
  const resume = await benchResume(1_000, 7);

  log('command output (100 MB, three ways, in fresh processes)');
  const commandOutput = benchCommandOutput(repoRoot, 100 * 1024 * 1024, 3);

  log('context (200-step trajectory, 128k window)');
  const context = await benchContext(200, log);

  const search = await benchSearch(repeats, log);

  const results = { machine, checkpoint, overhead, diff, footprint, resume, commandOutput, context, search, totalSeconds: Math.round((Date.now() - started) / 1000) };
  writeFileSync(join(repoRoot, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');

  const rows: Row[] = [];
  const largest = checkpoint[checkpoint.length - 1];
  for (const c of checkpoint) {
    const n = c.files.toLocaleString('en');
    rows.push({
      what: `Checkpoint create, 5-file edit, ${n} files`,
      ours: ms(c.oursCreateMs),
      baseline: `${ms(c.shadowGitCreateMs)} shadow-git commit (first: ${ms(c.shadowGitFirstCommitMs)})`,
      ratio: times(c.ratio),
      ...(c === largest ? { goal: { text: '≥100× faster at 100k', met: c.ratio >= 100 } } : {}),
    });
    rows.push({ what: `Checkpoint restore, ${n} files`, ours: ms(c.oursRestoreMs), baseline: `${ms(c.shadowGitRestoreMs)} git checkout`, ratio: times(c.restoreRatio) });
  }
  const creates = checkpoint.map((c) => c.oursCreateMs);
  const flat = Math.max(...creates) <= 2 * Math.min(...creates);
  rows.push({ what: 'Checkpoint create, largest / smallest workspace', ours: `${(largest.oursCreateMs / checkpoint[0].oursCreateMs).toFixed(2)}×`, baseline: `${(largest.shadowGitCreateMs / checkpoint[0].shadowGitCreateMs).toFixed(1)}×`, ratio: '', goal: { text: 'flat across sizes (within 2×)', met: flat } });
  rows.push({
    what: `Per-call overhead p50, ${overhead.calls.toLocaleString('en')} calls`,
    ours: us(overhead.p50Us),
    baseline: `${us(overhead.baselineP50Us)} read_file called directly`,
    ratio: `harnessed call ${overhead.ratio.toFixed(1)}× the direct call`,
  });
  rows.push({ what: 'Per-call overhead p99', ours: us(overhead.p99Us), baseline: `${us(overhead.baselineP99Us)} (direct p99)`, ratio: `no fsync: p50 ${us(overhead.noFsync.p50Us)}, p99 ${us(overhead.noFsync.p99Us)}`, goal: { text: 'p99 < 1 ms', met: overhead.p99Us < 1000 } });
  for (const d of diff) {
    rows.push({
      what: `Diff proposal, ${d.lines.toLocaleString('en')} lines, ${d.hunks} hunks`,
      ours: ms(d.ms),
      baseline: `${ms(d.gitDiffMs)} git diff --no-index`,
      ratio: times(d.ratio),
      ...(d.lines === 10_000 ? { goal: { text: '< 50 ms at 10k lines', met: d.ms < 50 } } : {}),
    });
  }
  rows.push({ what: 'dist/extension.js (production)', ours: mb(footprint.extensionBytes), baseline: '1 MB goal', ratio: `${(footprint.extensionBytes / 1024 / 1024).toFixed(2)}× of goal`, goal: { text: '< 1 MB', met: footprint.extensionBytes < 1024 * 1024 } });
  rows.push({ what: 'dist/webview.js', ours: mb(footprint.webviewBytes), baseline: '', ratio: '' });
  rows.push({ what: '.vsix', ours: footprint.vsixBytes === null ? `failed: ${footprint.vsixError}` : mb(footprint.vsixBytes), baseline: '', ratio: '' });
  rows.push({ what: 'Extension module load (vscode stubbed)', ours: ms(footprint.loadMs), baseline: `${ms(footprint.emptyModuleLoadMs)} empty module`, ratio: '', goal: { text: '< 50 ms', met: footprint.loadMs < 50 } });
  rows.push({ what: `Resume: reload ${resume.steps}-step journal (${resume.records} records, ${mb(resume.journalBytes)})`, ours: ms(resume.ms), baseline: `${ms(resume.plainJsonlMs)} plain JSONL parse`, ratio: times(1 / resume.ratio), goal: { text: '< 200 ms', met: resume.ms < 200 } });
  rows.push({ what: 'Command printing 100 MB, time', ours: ms(commandOutput.ms), baseline: `${ms(commandOutput.devNullMs)} to /dev/null`, ratio: times(1 / commandOutput.ratio) });
  rows.push({ what: 'Command printing 100 MB, peak RSS', ours: `${commandOutput.peakRssMb} MB (start ${commandOutput.startRssMb} MB)`, baseline: `${commandOutput.bufferedPeakRssMb} MB buffered execFile`, ratio: `${(commandOutput.bufferedPeakRssMb / commandOutput.peakRssMb).toFixed(1)}× less memory` });

  rows.push(...contextRows(context));
  rows.push(...searchRows(search));

  console.log(`\nHarness benchmarks — ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, node ${machine.node}; medians of ${repeats}+ runs\n`);
  console.log(renderTable(rows));
  console.log(`\nbench/results.json written (${results.totalSeconds} s).`);
}

function searchRows(search: SearchBench | { skipped: string }): Row[] {
  if ('skipped' in search) return [{ what: 'Search', ours: `skipped: ${search.skipped}`, baseline: '', ratio: '' }];
  const rows: Row[] = [];
  for (const r of search.search) {
    const goal = r.kind === 'no match' ? (r.engine === 'ripgrep' ? 1.5 : 4) : undefined;
    rows.push({
      what: `Search, ${r.kind}, ${r.files.toLocaleString('en')} files (${r.tree}), ${r.engine}: /${r.pattern}/`,
      ours: ms(r.oursMs),
      baseline: `${ms(r.rgMs)} rg`,
      ratio: `${r.ratio.toFixed(2)}× rg${r.cpuRatio !== null ? ` (CPU ${r.oursCpuMs}/${r.rgCpuMs} ms = ${r.cpuRatio.toFixed(2)}×)` : ''}`,
      ...(goal ? { goal: { text: `≤ ${goal}× rg`, met: r.ratio <= goal } } : {}),
    });
  }
  const notes = search.disagreements.length ? ` (${search.disagreements.join('; ')})` : '';
  rows.push({ what: 'Search, both engines on every search above', ours: `${search.enginesAgree ? 'same answers' : 'DIFFERENT answers'}${notes}`, baseline: '', ratio: '', goal: { text: 'identical', met: search.enginesAgree } });
  for (const l of search.list) {
    rows.push({
      what: `list_files recursive, ${l.files.toLocaleString('en')} files, cap ${l.maxEntries.toLocaleString('en')}`,
      ours: `${ms(l.oursMs)} (${l.entries.toLocaleString('en')} entries${l.truncated ? ', truncated' : ''})`,
      baseline: `${ms(l.rgFilesMs)} rg --files (all)`,
      ratio: '',
      ...(l.maxEntries <= 2000 ? { goal: { text: '< 1 s within its cap', met: l.oursMs < 1000 } } : {}),
    });
  }
  return rows;
}

main().catch((e) => {
  console.error(`bench failed: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
