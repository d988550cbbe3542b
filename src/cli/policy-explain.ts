// `harness policy explain`: shows how the policy judges a command (or a file operation) without running it.
//
// The --json output is a stable contract (README, "policy explain --json"):
//   { "decision": "allow"|"ask"|"deny", "risk": "low"|"medium"|"high"|"critical", "rule": string|null,
//     "reason": string, "parts": [{ "text", "decision", "risk", "rule": string|null, "reason" }],
//     "regime"?: { "sandboxed": boolean, "reason": string },
//     "workspaceLoosenings"?: string[], "acceptWith"?: string }
// `regime` (commands only) says whether the command would run inside the enforcing sandbox.
// `parts` lists every parsed piece of a command with the rule that matched it (null: none did);
// it is empty for a file operation. Bad input: exit 2, one line on stderr, nothing on stdout.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AutomationLevel, PolicyConfig, PolicyDecision, PolicyQuery } from '../core/shared/types';
import { decideFileOperation, decidePolicyCommand } from '../core/policy/engine';
import { ScopeError } from '../core/workspace/paths';
import { resolveRealTarget } from '../core/workspace/real-target';
import { describeDecision } from '../core/policy/describe';
import { loadWorkspacePolicyDetailed, readHarnessSettings, userSettingsFile } from '../core/policy/settings';

export interface ExplainIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const USAGE = 'usage: harness policy explain (--command CMD | --path P --tool write_file) [--workspace DIR] [--automation 1-4] [--json]';
const FILE_TOOLS = ['read_file', 'list_files', 'search_files', 'write_file', 'edit_file', 'delete_file'];
const FLAGS = new Set(['--json', '--command', '--path', '--tool', '--workspace', '--automation']);

interface Flags {
  command?: string;
  path?: string;
  tool?: string;
  workspace: string;
  automation?: AutomationLevel;
  json: boolean;
}

function parseFlags(argv: string[]): Flags | string {
  const flags: Flags = { workspace: process.cwd(), json: false };
  const args = argv[0] === 'explain' ? argv.slice(1) : argv;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [name, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    // `--command --json` is a missing value, not the command "--json".
    const value = (): string | undefined => inline ?? (FLAGS.has(args[i + 1]) ? undefined : args[++i]);
    if (name === '--json') flags.json = true;
    else if (name === '--command' || name === '--path' || name === '--tool' || name === '--workspace' || name === '--automation') {
      const v = value();
      if (v === undefined) return `${name} needs a value. ${USAGE}`;
      if (name === '--automation') {
        if (!/^[1-4]$/.test(v)) return `--automation must be 1, 2, 3 or 4 (got ${v}). ${USAGE}`;
        flags.automation = Number(v) as AutomationLevel;
      } else if (name === '--workspace') flags.workspace = path.resolve(v);
      else flags[name.slice(2) as 'command' | 'path' | 'tool'] = v;
    } else return `unknown argument ${a}. ${USAGE}`;
  }
  if (flags.command === undefined && flags.path === undefined) return `give --command CMD or --path P. ${USAGE}`;
  if (flags.command !== undefined && flags.path !== undefined) return `give either --command or --path, not both. ${USAGE}`;
  if (flags.command !== undefined && !flags.command.trim()) return `--command is empty: give the command line to judge. ${USAGE}`;
  if (flags.path !== undefined && !flags.path.trim()) return `--path is empty: give a file path relative to the workspace. ${USAGE}`;
  if (flags.command !== undefined && flags.tool !== undefined && flags.tool !== 'run_command') return `--tool ${flags.tool} goes with --path, not --command. ${USAGE}`;
  if (flags.path !== undefined && flags.tool !== undefined && !FILE_TOOLS.includes(flags.tool)) return `unknown --tool ${flags.tool}: use one of ${FILE_TOOLS.join(', ')}. ${USAGE}`;
  if (!fs.existsSync(flags.workspace) || !fs.statSync(flags.workspace).isDirectory()) return `workspace folder not found: ${flags.workspace}`;
  return flags;
}

function render(d: PolicyDecision, json: boolean, loosenings: string[], acceptHash: string): string {
  const pending = loosenings.length ? { workspaceLoosenings: loosenings, acceptWith: `--accept-workspace-policy ${acceptHash}` } : {};
  if (json) return JSON.stringify({ decision: d.decision, risk: d.risk, rule: d.rule ?? null, reason: d.reason, parts: (d.parts ?? []).map((p) => ({ text: p.text, decision: p.decision, risk: p.risk, rule: p.rule ?? null, reason: p.reason })), ...(d.regime ? { regime: d.regime } : {}), ...pending }, null, 2) + '\n';
  const lines = describeDecision(d);
  if (loosenings.length) lines.push(`  note: this applies the workspace's settings as written; "harness run" ignores these loosenings until accepted with --accept-workspace-policy ${acceptHash}: ${loosenings.join('; ')}`);
  return lines.join('\n') + '\n';
}

export async function policyExplainMain(argv: string[], io: ExplainIo): Promise<number> {
  const flags = parseFlags(argv);
  if (typeof flags === 'string') {
    io.stderr(`harness policy explain: ${flags}\n`);
    return 2;
  }
  let policy: PolicyConfig;
  let loosenings: string[] = [];
  let acceptHash = '';
  try {
    // Explain is a what-if tool for testing rules: it applies the workspace's settings as written (it runs
    // nothing) and says which of them `harness run` would ignore until accepted; --automation overrides the level.
    const merged = loadWorkspacePolicyDetailed(flags.workspace, { acceptAll: true, user: readHarnessSettings(userSettingsFile(process.env)) });
    policy = { ...merged.effective, ...(flags.automation ? { automationLevel: flags.automation } : {}) };
    loosenings = merged.loosenings.map((l) => l.description);
    acceptHash = merged.hash;
  } catch (err) {
    io.stderr(`harness policy explain: ${(err as Error).message}\n`);
    return 2;
  }
  let decision: PolicyDecision;
  if (flags.command !== undefined) {
    decision = await decidePolicyCommand(flags.command, policy, flags.workspace);
  } else decision = await explainPath(flags.workspace, flags.path!, flags.tool ?? 'write_file', policy);
  io.stdout(render(decision, flags.json, loosenings, acceptHash));
  return 0;
}

/**
 * Judges a file operation the way the tool call would be: the path is resolved like the model's (no
 * `..`, no absolute paths, no links leading outside: those are refused), then the policy decides.
 * An absolute path inside the workspace is taken as the relative path it names, for convenience.
 */
async function explainPath(workspace: string, input: string, tool: string, policy: PolicyConfig): Promise<PolicyDecision> {
  const root = fs.realpathSync(workspace);
  let p = input;
  if (path.isAbsolute(p)) {
    const rel = path.relative(root, path.resolve(p));
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) p = rel;
  }
  try {
    const { rel, realRel, exists } = await resolveRealTarget(root, p);
    return decideFileOperation({ tool, path: rel, realPath: realRel, exists } satisfies PolicyQuery, policy);
  } catch (err) {
    if (err instanceof ScopeError) return { decision: 'deny', risk: 'critical', rule: 'builtin:workspace-scope', reason: `Refused: ${err.message}`, parts: [] };
    throw err;
  }
}
