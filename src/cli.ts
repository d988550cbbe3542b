// The headless `harness` command: the same core as the editor, for scripts and CI.
import { runMain, USAGE as RUN_USAGE } from './cli/run-command';
import { stateCommandMain } from './cli/state-commands';
import { policyExplainMain } from './cli/policy-explain';
import { mcpCommandMain } from './cli/mcp-command';
import type { CliIo } from './cli/args';

const HELP = `harness — run an AI coding agent under a harness

  harness run --workspace DIR --task TEXT [options]     run a task (harness run --help for options)
  harness run --workspace DIR --resume TASK_ID          continue an interrupted task
  harness tasks list [--workspace DIR] [--json]
  harness tasks show TASK_ID [--workspace DIR] [--json]   a task's timeline: decisions and their reasons
  harness stats [--workspace DIR] [--json]                 figures over the workspace's tasks
  harness checkpoints list [--task ID] [--json]
  harness checkpoints restore CHECKPOINT_ID [--force]
  harness policy explain --command CMD [--workspace DIR] [--automation N] [--json]
  harness policy explain --path P --tool write_file [--workspace DIR] [--json]
  harness mcp list [--workspace DIR] [--accept-workspace-policy HASH] [--json]
`;

export async function main(argv: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'run':
      if (rest.includes('--help')) {
        io.stdout(`${RUN_USAGE}\n`);
        return 0;
      }
      return runMain(rest, io, process.env, signal);
    case 'tasks':
    case 'stats':
    case 'checkpoints':
      return stateCommandMain(argv, io);
    case 'policy':
      if (rest[0] !== 'explain') {
        io.stderr('harness policy: the only subcommand is "explain": harness policy explain --command CMD\n');
        return 2;
      }
      return policyExplainMain(rest, io);
    case 'mcp':
      return mcpCommandMain(rest, io);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      io.stdout(HELP);
      return cmd === undefined ? 2 : 0;
    case '--version':
      io.stdout('harness 0.1.0\n');
      return 0;
    default:
      io.stderr(`harness: unknown command "${cmd}": run "harness --help" to see the commands.\n`);
      return 2;
  }
}

if (require.main === module) {
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    // First Ctrl+C cancels the task cleanly (nothing half-applied); a second one exits at once.
    if (++interrupts > 1) process.exit(130);
    process.stderr.write('\nharness: cancelling… (Ctrl+C again to quit at once)\n');
    controller.abort();
  });
  process.on('SIGTERM', () => controller.abort());
  main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }, controller.signal).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`harness: ${(err as Error).message ?? String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
