// `harness policy explain`: shows how the policy judges a command (or a file operation) without running it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AutomationLevel, PolicyConfig, PolicyDecision, PolicyQuery } from '../core/types';
import { decideCommand } from '../core/commands/decide';
import { decideFileOperation } from '../core/policy/engine';
import { describeDecision } from '../core/policy/describe';
import { loadWorkspacePolicyDetailed, readHarnessSettings, userSettingsFile } from '../core/policy/settings';

export interface ExplainIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const USAGE = 'usage: harness policy explain (--command CMD | --path P --tool write_file) [--workspace DIR] [--automation 1-4] [--json]';

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
    const value = (): string | undefined => inline ?? args[++i];
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
  if (!fs.existsSync(flags.workspace) || !fs.statSync(flags.workspace).isDirectory()) return `workspace folder not found: ${flags.workspace}`;
  return flags;
}

function render(d: PolicyDecision, json: boolean, loosenings: string[], acceptHash: string): string {
  const pending = loosenings.length ? { workspaceLoosenings: loosenings, acceptWith: `--accept-workspace-policy ${acceptHash}` } : {};
  if (json) return JSON.stringify({ decision: d.decision, risk: d.risk, rule: d.rule ?? null, reason: d.reason, parts: (d.parts ?? []).map((p) => ({ text: p.text, decision: p.decision, risk: p.risk, rule: p.rule ?? null, reason: p.reason })), ...pending }, null, 2) + '\n';
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
    decision = await decideCommand(flags.command, { root: flags.workspace, rules: policy.rules, level: policy.automationLevel, protectedPaths: policy.protectedPaths });
  } else {
    const root = fs.realpathSync(flags.workspace);
    const abs = path.resolve(root, flags.path!);
    const rel = path.relative(root, abs);
    const outside = rel.startsWith('..') || path.isAbsolute(rel);
    const query: PolicyQuery = { tool: flags.tool ?? 'write_file', path: outside ? abs : rel.split(path.sep).join('/'), outside, exists: fs.existsSync(abs) };
    decision = decideFileOperation(query, policy);
  }
  io.stdout(render(decision, flags.json, loosenings, acceptHash));
  return 0;
}
