// Decides whether a command line may run: parse it into parts, judge each part against the user's
// rules, the built-in critical patterns and the automation level, and take the strictest answer.
import { outsideReadConcerns } from './outside-reads';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AutomationLevel, CommandPartDecision, PolicyDecision, PolicyRule, RiskClass } from '../shared/types';
import { getParser } from './parser';
import { Extractor, clip } from './extract';
import type { Concern, Part } from './parts';
import { programConcerns } from './programs';
import { pathConcerns } from './path-checks';
import { packageRunnerConcerns } from './system-checks';
import { downloadRunConcerns } from './download-run';
import { matchingRules, type RuleMatch } from './rules';
import { placeOf } from './paths';
import { isReadOnlyPart, readsHazards } from './read-only';
import { readHazardsIn } from './sandbox-workspace';
import { networkConcerns } from './network-checks';

export interface CommandContext {
  root: string;
  /** Workspace-relative working directory, default '.'. */
  cwd?: string;
  rules: PolicyRule[];
  level: AutomationLevel;
  /** Default os.homedir(). */
  home?: string;
  /** The policy's protected paths (default: the built-in ones): writing them through a command is critical. */
  protectedPaths?: readonly string[];
  /**
   * Whether the command will run inside the enforcing sandbox. Without it, level 4 runs only known
   * read-only commands unasked, and only the user's own rules (not the workspace's) allow others.
   */
  sandboxed: boolean;
  /** Without a sandbox, level 4 runs commands unasked anyway (the user's own opt-in, harness.unsandboxedAutonomy). */
  unsandboxedAutonomy?: boolean;
  /** harness.allowNetwork: inside the sandbox, network clients then ask too (without one they always do). */
  allowNetwork?: boolean;
  /** The PATH commands will see (default process.env.PATH): read-only names are trusted only when no entry is in the workspace. */
  pathEnv?: string;
}

const MAX_LENGTH = 20_000;
/**
 * Variables that change which program runs, what it loads, or where it reads its configuration (a
 * config there can name programs: XDG_CONFIG_HOME=./cfg git status runs cfg/git/config's fsmonitor).
 */
const DANGEROUS_VARS = new RegExp('^(' + [
  'PATH', 'LD_\\w+', 'DYLD_\\w+', 'NODE_OPTIONS', 'NODE_PATH', 'NODE_EXTRA_CA_CERTS', 'BASH_ENV', 'ENV', 'BASH_FUNC_\\S*', 'PROMPT_COMMAND', 'IFS', 'PS4', 'SHELLOPTS', 'BASHOPTS', 'CDPATH', 'GLOBIGNORE',
  'PYTHON\\w*', 'PERL\\w*', 'RUBY\\w*', 'GEM_\\w+', 'BUNDLE_\\w+', 'GIT_\\w+', '\\w*PAGER', 'EDITOR', 'VISUAL', 'HOME', 'XDG_\\w+', 'GCONV_PATH', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'CLASSPATH',
  'MAVEN_OPTS', 'GRADLE_\\w+', 'LESSOPEN', 'LESSCLOSE', 'MANPAGER', 'BROWSER', 'SSH_\\w+', 'GNUPGHOME', 'DOCKER_\\w+', 'KUBECONFIG', 'npm_config_\\w+', 'NPM_CONFIG_\\w+', 'YARN_\\w+', 'PNPM_\\w+',
  'PIP_\\w+', 'UV_\\w+', 'POETRY_\\w+', 'CARGO_HOME', 'CARGO_BUILD_\\w+', 'CARGO_TARGET_\\w+', 'CARGO_REGISTRIES_\\w+', 'CARGO_NET_\\w+', 'RUSTUP_\\w+', 'RUSTC\\w*', 'RUSTDOC\\w*', 'RUSTFLAGS',
  'GOFLAGS', 'GOPROXY', 'GONOSUMDB', 'GONOSUMCHECK', 'GOINSECURE', 'GOPRIVATE', 'GOTOOLCHAIN', 'GOENV', 'GOROOT', 'GOPATH', 'COMPOSER\\w*', 'CURL_HOME', 'WGETRC', 'NETRC',
  '\\w*_proxy', '\\w*_PROXY', 'SSL_CERT_\\w+', 'MAKEFLAGS', 'MFLAGS', 'GNUMAKEFLAGS', 'TERMINFO\\w*', 'LOCPATH', 'NLSPATH', 'HOSTALIASES', 'RESOLV_\\w+', 'TMPDIR', 'SHELL',
].join('|') + ')$');
/** Control characters (other than tab/newline) and invisible format characters (zero-width, bidi controls). */
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\u2028\u2029]/u;

const RANK: Record<string, number> = { allow: 0, ask: 1, deny: 2 };
const RISK_RANK: Record<RiskClass, number> = { low: 0, medium: 1, high: 2, critical: 3 };

function wordConcerns(part: Part): Concern[] {
  const out: Concern[] = [];
  const name = part.words[0];
  if (name) {
    if (name.value === null) out.push({ level: 'unparseable', reason: `the command name is only known at run time (${clip(name.text)})` });
    else if (/[*?[]/.test(name.shape)) out.push({ level: 'unparseable', reason: `the command name is a pattern the shell expands at run time (${clip(name.text)})` });
    else if (/[^\x21-\x7e]/.test(name.value)) out.push({ level: 'unparseable', reason: `the command name has unusual characters (look-alike?): ${JSON.stringify(name.value)}` });
  }
  for (const w of part.words.slice(1)) {
    if (w.value === null) out.push({ level: 'risky', reason: w.dynamic ?? `${clip(w.text)} is only known at run time` });
    if (w.risky) out.push({ level: 'risky', reason: w.risky });
  }
  for (const a of part.assignments) {
    if (DANGEROUS_VARS.test(a.name)) out.push({ level: 'risky', reason: `sets ${a.name}, which changes what programs run or load` });
    if (a.value?.risky) out.push({ level: 'risky', reason: a.value.risky });
  }
  return out;
}

function strongest(concerns: Concern[]): Concern | undefined {
  return concerns.find((c) => c.level === 'critical') ?? concerns.find((c) => c.level === 'unparseable') ?? concerns.find((c) => c.level === 'risky') ?? concerns[0];
}

interface Judged {
  text: string;
  wrapper: boolean;
  /** A known read-only command (read-only.ts); trusted only where PATH holds no workspace folder. */
  readOnly: boolean;
  /** Writes a file through a redirection (other than /dev/null). */
  writes: boolean;
  matches: RuleMatch[];
  concerns: Concern[];
}

interface Regime {
  level: AutomationLevel;
  sandboxed: boolean;
  autonomy: boolean;
}

const NO_SANDBOX = 'no sandbox confines commands here';

function judgePart(p: Judged, r: Regime): CommandPartDecision {
  const { text } = p;
  // The sandbox contains what is only `confined`; without it, that needs a human like any concern.
  const concerns = r.sandboxed ? p.concerns.filter((c) => c.level !== 'confined') : p.concerns.map((c) => (c.level === 'confined' ? { level: 'risky' as const, reason: `${c.reason} (${NO_SANDBOX})` } : c));
  const risk: RiskClass = concerns.some((c) => c.level === 'critical') ? 'critical' : p.readOnly && !concerns.length ? 'low' : 'high';
  const deny = p.matches.find((m) => m.action === 'deny');
  if (deny) return { text, decision: 'deny', risk, rule: deny.text, reason: `denied by rule ${deny.text}` };
  const worst = strongest(concerns);
  if (worst) return { text, decision: 'ask', risk, rule: `builtin:${worst.level === 'confined' ? 'risky' : worst.level}`, reason: worst.reason };
  const ask = p.matches.find((m) => m.action === 'ask');
  if (ask) return { text, decision: 'ask', risk, rule: ask.text, reason: `rule ${ask.text} asks` };
  const allow = p.matches.find((m) => m.action === 'allow');
  if (r.level <= 2) return { text, decision: 'ask', risk, rule: allow?.text, reason: `automation level ${r.level} asks before every command` };
  if (allow) {
    // A workspace's allow rule may be one an attacker shipped with the code: without a sandbox it
    // allows only read-only commands; the user's own rules (settings, CLI, "always allow") allow all.
    if (r.sandboxed || allow.rule.source !== 'workspace' || p.readOnly) return { text, decision: 'allow', risk, rule: allow.text, reason: `allowed by rule ${allow.text}` };
    return { text, decision: 'ask', risk, rule: allow.text, reason: `rule ${allow.text} comes from the workspace's settings: ${NO_SANDBOX}, so only your own rules allow commands that are not read-only` };
  }
  if (p.wrapper && (r.sandboxed || !p.writes)) return { text, decision: 'allow', risk, reason: 'does nothing by itself (a wrapper, an assignment, cd inside the workspace): judged by what it runs' };
  if (r.level === 3) return { text, decision: 'ask', risk, reason: 'no allow rule matches (automation level 3 runs only allowed commands)' };
  if (r.sandboxed) return { text, decision: 'allow', risk, reason: 'automation level 4 runs it inside the enforcing sandbox: no rule or built-in check stops it' };
  if (p.readOnly) return { text, decision: 'allow', risk, reason: `a known read-only command: automation level 4 runs it unasked although ${NO_SANDBOX}` };
  if (r.autonomy) return { text, decision: 'allow', risk, reason: `automation level 4 runs it WITHOUT a sandbox: harness.unsandboxedAutonomy is on` };
  return { text, decision: 'ask', risk, reason: `${NO_SANDBOX}: automation level 4 runs only known read-only commands (ls, cat, grep, git status …) unasked` };
}

/** A PATH entry that is relative, empty or inside the workspace lets a planted `ls` run for the real one. */
function pathIsTrusted(root: string, pathEnv: string | undefined): boolean {
  return (pathEnv ?? '').split(':').every((d) => d !== '' && path.isAbsolute(d) && placeOf(d, root) === 'outside');
}

const WRITE_OPS = new Set(['>', '>>', '>|', '&>', '&>>', '<>']);
function writesFiles(part: Part): boolean {
  return part.redirects.some((r) => (WRITE_OPS.has(r.op) || (r.op === '>&' && !/^(\d+|-)$/.test(r.target?.value ?? ''))) && !r.target?.procSubst && !['/dev/null', '/dev/stdout', '/dev/stderr'].includes(r.target?.value ?? ''));
}

function failClosed(reason: string, risk: RiskClass = 'high', decision: 'ask' | 'deny' = 'ask'): PolicyDecision {
  return { decision, risk, rule: 'builtin:unparseable', reason, parts: [] };
}

export async function decideCommand(command: string, ctx: CommandContext): Promise<PolicyDecision> {
  let root: string;
  try {
    root = fs.realpathSync(ctx.root);
  } catch {
    return failClosed(`the workspace folder does not exist: ${ctx.root}`);
  }
  const home = path.resolve(ctx.home ?? os.homedir());
  const cwd = path.resolve(root, ctx.cwd ?? '.');
  const cwdPlace = placeOf(cwd, root);
  if (cwdPlace !== 'inside' && cwdPlace !== 'root') {
    return { decision: 'deny', risk: 'critical', rule: 'builtin:critical', reason: `the working directory is outside the workspace: ${ctx.cwd}`, parts: [] };
  }
  if (!command.trim()) return failClosed('the command is empty');
  if (command.length > MAX_LENGTH) return failClosed(`the command is longer than ${MAX_LENGTH} characters`);

  const global: Concern[] = [];
  if (INVISIBLE.test(command)) global.push({ level: 'unparseable', reason: 'the command contains control or invisible characters (zero-width, bidi)' });
  if (command.normalize('NFKC') !== command) global.push({ level: 'unparseable', reason: 'the command contains look-alike characters (fullwidth or compatibility forms)' });

  let extractor: Extractor;
  try {
    extractor = new Extractor(await getParser(), root, home);
    extractor.run(command, [cwd]);
  } catch (err) {
    return failClosed(`cannot parse the command: ${(err as Error).message}`);
  }
  global.push(...extractor.concerns);

  const pathCtx = { root, home, protectedPaths: ctx.protectedPaths };
  const fetchedThenRun = downloadRunConcerns(extractor.parts);
  const regime: Regime = { level: ctx.level, sandboxed: ctx.sandboxed, autonomy: ctx.level === 4 && !!ctx.unsandboxedAutonomy };
  const trustReadOnly = ctx.sandboxed || pathIsTrusted(root, ctx.pathEnv ?? process.env.PATH);
  // Without a sandbox to hide them, a read-only command must not reach the workspace's secret files
  // (or follow its links out of it).
  const hazards = () => readHazardsIn(root);
  const readOnly = async (part: Part) => trustReadOnly && isReadOnlyPart(part) && (ctx.sandboxed || !(await readsHazards(part, hazards)));
  const parts: CommandPartDecision[] = await Promise.all(extractor.parts.map(async (part) => {
    const concerns = [...(fetchedThenRun.has(part) ? [fetchedThenRun.get(part)!] : []), ...part.concerns, ...wordConcerns(part), ...programConcerns(part), ...pathConcerns(part, pathCtx), ...outsideReadConcerns(part, root, home), ...packageRunnerConcerns(part, root), ...networkConcerns(part, !ctx.sandboxed || !!ctx.allowNetwork)];
    const words = part.words.map((w) => w.value);
    const matches = part.words.length ? matchingRules(ctx.rules, words) : [];
    const label = part.via ? `${part.text}  (via ${part.via})` : part.text;
    return judgePart({ text: label, wrapper: !!part.wrapper, readOnly: await readOnly(part), writes: writesFiles(part), matches, concerns }, regime);
  }));
  const firstGlobal = strongest(global);
  if (firstGlobal) {
    parts.push({ text: '(whole command)', decision: 'ask', risk: firstGlobal.level === 'critical' ? 'critical' : 'high', rule: `builtin:${firstGlobal.level}`, reason: global.map((c) => c.reason).filter((r, i, a) => a.indexOf(r) === i).join('; ') });
  }
  if (!parts.length) return failClosed('the command runs nothing the harness can recognise');
  return combine(parts);
}

/** The whole command takes its strictest part: deny over ask over allow; critical parts lead the explanation. */
function combine(parts: CommandPartDecision[]): PolicyDecision {
  const top = Math.max(...parts.map((p) => RANK[p.decision]));
  const risk = parts.reduce<RiskClass>((r, p) => (RISK_RANK[p.risk] > RISK_RANK[r] ? p.risk : r), 'low');
  const candidates = parts.filter((p) => RANK[p.decision] === top);
  const lead = candidates.find((p) => p.risk === 'critical') ?? candidates[0];
  if (lead.decision === 'allow') {
    const reason = parts.length === 1 ? lead.reason : `all ${parts.length} parts are allowed`;
    return { decision: 'allow', risk, rule: lead.rule, reason, parts };
  }
  const where = parts.length > 1 ? `${clip(lead.text, 50)}: ` : '';
  return { decision: lead.decision, risk, rule: lead.rule, reason: where + lead.reason, parts };
}
