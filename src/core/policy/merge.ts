// The settings merge that lets a workspace tighten the policy freely but loosen it only with consent.
//
// A workspace's `.vscode/settings.json` (or `.code-workspace`) comes with the code, so it may be written
// by an attacker. Its tightenings (lower level, extra deny/ask rules, more protected paths, smaller
// budgets, stricter sandbox, network off) apply at once. Its loosenings apply only when all three hold:
// the workspace is trusted, the application-scope switch allows workspace loosening, and the user
// confirmed exactly this set of loosenings (remembered by `hash`). Until then the user's own policy holds.
//
// Input is per key, in the shape of VS Code's `WorkspaceConfiguration.inspect()`, so the CLI can feed the
// same function from `.vscode/settings.json` (workspaceValue) and its own defaults.
import * as path from 'node:path';
import type { AutomationLevel, PolicyConfig, PolicyRule } from '../shared/types';
import { sha256 } from '../shared/hash';
import { mergeExtensions } from './extension-merge';
import type { HookEntry } from './hook-settings';
import type { McpServerEntry } from './mcp-settings';

export interface Layers<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

export type SandboxMode = 'auto' | 'required' | 'off';

/** Values are `unknown` because settings files are user input: bad values are reported and ignored. */
export interface PolicyLayers {
  automationLevel?: Layers<unknown>;
  rules?: Layers<unknown>;
  protectedPaths?: Layers<unknown>;
  maxSteps?: Layers<unknown>;
  maxTokens?: Layers<unknown>;
  maxWallSeconds?: Layers<unknown>;
  maxCostUsd?: Layers<unknown>;
  sandbox?: Layers<unknown>;
  allowNetwork?: Layers<unknown>;
  'verification.commands'?: Layers<unknown>;
  mcpServers?: Layers<unknown>;
  hooks?: Layers<unknown>;
  /** User settings only: a workspace's value is ignored with a warning, never offered as a loosening. */
  unsandboxedAutonomy?: Layers<unknown>;
}

/** Every policy setting, by its key under `harness.`: the editor and the CLI read exactly these. */
export const POLICY_KEYS: readonly (keyof PolicyLayers)[] = [
  'automationLevel',
  'rules',
  'protectedPaths',
  'maxSteps',
  'maxTokens',
  'maxWallSeconds',
  'maxCostUsd',
  'sandbox',
  'allowNetwork',
  'verification.commands',
  'mcpServers',
  'hooks',
  'unsandboxedAutonomy',
];

export interface EffectivePolicy extends PolicyConfig {
  sandbox: SandboxMode;
  allowNetwork: boolean;
  maxSteps: number;
  /** Absent: no token budget. */
  maxTokens?: number;
  /** Absent: no time budget. */
  maxWallSeconds?: number;
  /** Absent: no cost budget (US dollars). */
  maxCostUsd?: number;
  verificationCommands: string[];
  /** MCP servers a task may start: the user's, and the workspace's once confirmed. */
  mcpServers: McpServerEntry[];
  /** Hook commands: the user's, and the workspace's once confirmed. */
  hooks: HookEntry[];
  unsandboxedAutonomy: boolean;
}

export interface Loosening {
  key: string;
  from: unknown;
  to: unknown;
  description: string;
}

export interface MergeOptions {
  /** `workspace.isTrusted`; the CLI passes true (running it in a folder is the trust decision). */
  trusted: boolean;
  /** The application-scope `harness.allowWorkspaceLoosening`. */
  allowWorkspaceLoosening: boolean;
  /** The hash the user confirmed last time, if any. */
  confirmedHash?: string;
  /** Used when a key has no valid value in any layer. */
  fallbackProtectedPaths?: readonly string[];
  /** The workspace folder the policy is for: a user rule scoped to a folder applies only there. */
  folder?: string;
}

export interface MergeResult {
  effective: EffectivePolicy;
  /** The user's own policy (defaults + user settings), before the workspace had a say. */
  user: EffectivePolicy;
  loosenings: Loosening[];
  /** Hash of the loosenings; confirming stores it. Stable across key order. */
  hash: string;
  /** True when the workspace asks to loosen and the loosening is in force. */
  looseningApplied: boolean;
  /** Why requested loosenings are not in force; absent when there are none or they apply. */
  blockedBy?: 'untrusted' | 'disabled' | 'unconfirmed';
  /** One line per ignored bad value, saying what to fix. */
  warnings: string[];
}

export const BUILTIN_DEFAULTS = {
  automationLevel: 2 as AutomationLevel,
  maxSteps: 25,
  sandbox: 'auto' as SandboxMode,
  allowNetwork: false,
  unsandboxedAutonomy: false,
};

export const LEVEL_NAMES: Record<AutomationLevel, string> = {
  1: 'supervised: every edit and command asks',
  2: 'in-the-loop: reads run, edits and commands ask',
  3: 'monitored: edits apply with a checkpoint, commands ask unless a rule allows them',
  4: 'autonomous: edits apply with a checkpoint; commands run unasked inside the enforcing sandbox (without one, only read-only commands do)',
};

const SANDBOX_STRICTNESS: Record<SandboxMode, number> = { off: 0, auto: 1, required: 2 };

type Validator<T> = (v: unknown) => T | undefined;

const asLevel: Validator<AutomationLevel> = (v) => (v === 1 || v === 2 || v === 3 || v === 4 ? v : undefined);
const asPositiveInt: Validator<number> = (v) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);
const asPositiveNumber: Validator<number> = (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);
const asSandbox: Validator<SandboxMode> = (v) => (v === 'auto' || v === 'required' || v === 'off' ? v : undefined);
const asBool: Validator<boolean> = (v) => (typeof v === 'boolean' ? v : undefined);
const asStrings: Validator<string[]> = (v) =>
  Array.isArray(v) && v.every((s) => typeof s === 'string' && s.trim() !== '') ? v.map((s) => s.trim()) : undefined;
const asRules: Validator<PolicyRule[]> = (v) => {
  if (!Array.isArray(v)) return undefined;
  const out: PolicyRule[] = [];
  for (const r of v) {
    if (typeof r !== 'object' || r === null) return undefined;
    const { action, tool, path: glob, command, folder } = r as Record<string, unknown>;
    if (action !== 'allow' && action !== 'ask' && action !== 'deny') return undefined;
    for (const f of [tool, glob, command, folder]) if (f !== undefined && typeof f !== 'string') return undefined;
    out.push({ action, ...(tool ? { tool: tool as string } : {}), ...(glob ? { path: glob as string } : {}), ...(command ? { command: command as string } : {}), ...(folder ? { folder: folder as string } : {}) });
  }
  return out;
};

const HINTS: Record<string, string> = {
  automationLevel: 'use 1, 2, 3 or 4',
  rules: 'use a list of {"action": "allow"|"ask"|"deny", "tool"?, "path"?, "command"?, "folder"?}',
  protectedPaths: 'use a list of non-empty glob strings',
  maxSteps: 'use a positive whole number',
  maxTokens: 'use a positive whole number',
  maxWallSeconds: 'use a positive whole number',
  maxCostUsd: 'use a positive number of US dollars, e.g. 2.5',
  sandbox: 'use "auto", "required" or "off"',
  allowNetwork: 'use true or false',
  'verification.commands': 'use a list of non-empty command strings',
  unsandboxedAutonomy: 'use true or false, in your user settings',
};

interface Split<T> {
  user: T | undefined;
  workspace: T | undefined;
}

/** The user's value (user settings over defaults) and the workspace's value (folder over workspace). */
function split<T>(key: keyof PolicyLayers, layers: PolicyLayers, check: Validator<T>, warnings: string[]): Split<T> {
  const l = layers[key] ?? {};
  const pick = (value: unknown, where: string): T | undefined => {
    if (value === undefined || value === null) return undefined;
    const ok = check(value);
    if (ok === undefined) warnings.push(`Ignored harness.${key} in ${where} settings (${JSON.stringify(value)}): ${HINTS[key]}.`);
    return ok;
  };
  const user = pick(l.globalValue, 'user') ?? pick(l.defaultValue, 'default');
  const workspace = pick(l.workspaceFolderValue, 'folder') ?? pick(l.workspaceValue, 'workspace');
  return { user, workspace };
}

const ruleText = (r: PolicyRule) =>
  `${r.action}${r.tool ? ` tool ${r.tool}` : ''}${r.path ? ` path "${r.path}"` : ''}${r.command ? ` command "${r.command}"` : ''}`;
const ruleKey = (r: PolicyRule) => JSON.stringify([r.action, r.tool ?? '', r.path ?? '', r.command ?? '']);
const limitText = (n: number | undefined, unit: string) => (n === undefined ? 'no limit' : `${n} ${unit}`);

/**
 * The user's rules for this folder: unscoped ones everywhere, folder-scoped ones ("Always allow …
 * in this folder") only in that folder. The scope is resolved away: the engine sees plain rules.
 */
function userRulesFor(rules: PolicyRule[], folder: string | undefined): PolicyRule[] {
  const here = folder ? path.resolve(folder) : undefined;
  return rules.flatMap(({ folder: scope, ...r }) => {
    if (scope === undefined) return [{ ...r, source: 'user' }];
    return here !== undefined && path.resolve(scope) === here ? [{ ...r, source: 'user, this folder' }] : [];
  });
}

export function mergePolicySettings(layers: PolicyLayers, opts: MergeOptions): MergeResult {
  const warnings: string[] = [];
  const level = split('automationLevel', layers, asLevel, warnings);
  const rules = split('rules', layers, asRules, warnings);
  const protectedPaths = split('protectedPaths', layers, asStrings, warnings);
  const maxSteps = split('maxSteps', layers, asPositiveInt, warnings);
  const maxTokens = split('maxTokens', layers, asPositiveInt, warnings);
  const maxWall = split('maxWallSeconds', layers, asPositiveInt, warnings);
  const maxCost = split('maxCostUsd', layers, asPositiveNumber, warnings);
  const sandbox = split('sandbox', layers, asSandbox, warnings);
  const network = split('allowNetwork', layers, asBool, warnings);
  const verify = split('verification.commands', layers, asStrings, warnings);
  // Servers and hooks run code: everything a workspace adds is a loosening (see extension-merge.ts).
  const extensions = mergeExtensions(layers.mcpServers, layers.hooks, warnings);
  const autonomy = split('unsandboxedAutonomy', layers, asBool, warnings);
  // Running commands unsandboxed is the user's own risk to take: a workspace can never turn it on.
  if (autonomy.workspace !== undefined) warnings.push('Ignored harness.unsandboxedAutonomy in the workspace settings: only your user settings can turn it on.');

  const userRules = userRulesFor(rules.user ?? [], opts.folder);
  const user: EffectivePolicy = {
    automationLevel: level.user ?? BUILTIN_DEFAULTS.automationLevel,
    rules: userRules,
    protectedPaths: [...(protectedPaths.user ?? opts.fallbackProtectedPaths ?? [])],
    sandbox: sandbox.user ?? BUILTIN_DEFAULTS.sandbox,
    allowNetwork: network.user ?? BUILTIN_DEFAULTS.allowNetwork,
    maxSteps: maxSteps.user ?? BUILTIN_DEFAULTS.maxSteps,
    ...(maxTokens.user !== undefined ? { maxTokens: maxTokens.user } : {}),
    ...(maxWall.user !== undefined ? { maxWallSeconds: maxWall.user } : {}),
    ...(maxCost.user !== undefined ? { maxCostUsd: maxCost.user } : {}),
    // Workspace verification commands are not a loosening: they run through the command policy like any
    // run_command, so a command the policy would ask about still asks.
    verificationCommands: verify.workspace ?? verify.user ?? [],
    mcpServers: extensions.user.mcpServers,
    hooks: extensions.user.hooks,
    unsandboxedAutonomy: autonomy.user ?? BUILTIN_DEFAULTS.unsandboxedAutonomy,
  };

  // `tight` gets every tightening now; `loose` additionally gets the loosenings.
  const tight: EffectivePolicy = { ...user, rules: [...user.rules], protectedPaths: [...user.protectedPaths] };
  const loose: EffectivePolicy = { ...tight, rules: [...tight.rules], protectedPaths: [...tight.protectedPaths] };
  const loosenings: Loosening[] = [...extensions.loosenings];
  loose.mcpServers = extensions.loose.mcpServers;
  loose.hooks = extensions.loose.hooks;

  if (level.workspace !== undefined && level.workspace !== user.automationLevel) {
    if (level.workspace < user.automationLevel) tight.automationLevel = loose.automationLevel = level.workspace;
    else {
      loose.automationLevel = level.workspace;
      loosenings.push({
        key: 'automationLevel',
        from: user.automationLevel,
        to: level.workspace,
        description: `Automation level ${user.automationLevel} → ${level.workspace} (${LEVEL_NAMES[level.workspace]})`,
      });
    }
  }

  // Rules add to the user's (deny wins, then ask, then allow), so deny and ask rules can only tighten.
  const known = new Set(user.rules.map(ruleKey));
  // A folder scope means nothing in a workspace's own settings: its rules are for that workspace anyway.
  for (const { folder: _folder, ...r } of rules.workspace ?? []) {
    if (known.has(ruleKey(r))) continue;
    known.add(ruleKey(r));
    const rule = { ...r, source: 'workspace' };
    if (r.action === 'allow') {
      loose.rules.push(rule);
      loosenings.push({ key: 'rules', from: null, to: r, description: `Adds the rule: ${ruleText(r)}` });
    } else {
      tight.rules.push(rule);
      loose.rules.push(rule);
    }
  }

  if (protectedPaths.workspace !== undefined) {
    const ws = protectedPaths.workspace;
    const extra = ws.filter((p) => !user.protectedPaths.includes(p));
    const removed = user.protectedPaths.filter((p) => !ws.includes(p));
    tight.protectedPaths.push(...extra);
    loose.protectedPaths = [...ws];
    if (removed.length === 0) loose.protectedPaths = [...tight.protectedPaths];
    else
      loosenings.push({
        key: 'protectedPaths',
        from: user.protectedPaths,
        to: ws,
        description: `Stops protecting: ${removed.join(', ')}`,
      });
  }

  const budget = (key: 'maxSteps' | 'maxTokens' | 'maxWallSeconds' | 'maxCostUsd', s: Split<number>, unit: string) => {
    const mine = user[key];
    const theirs = s.workspace;
    if (theirs === undefined || theirs === mine) return;
    if (mine === undefined || theirs < mine) {
      tight[key] = loose[key] = theirs;
    } else {
      loose[key] = theirs;
      loosenings.push({ key, from: mine, to: theirs, description: `${key} ${limitText(mine, unit)} → ${limitText(theirs, unit)}` });
    }
  };
  budget('maxSteps', maxSteps, 'steps');
  budget('maxTokens', maxTokens, 'tokens');
  budget('maxWallSeconds', maxWall, 'seconds');
  budget('maxCostUsd', maxCost, 'US dollars');

  if (sandbox.workspace !== undefined && sandbox.workspace !== user.sandbox) {
    if (SANDBOX_STRICTNESS[sandbox.workspace] > SANDBOX_STRICTNESS[user.sandbox]) tight.sandbox = loose.sandbox = sandbox.workspace;
    else {
      loose.sandbox = sandbox.workspace;
      loosenings.push({ key: 'sandbox', from: user.sandbox, to: sandbox.workspace, description: `Command sandbox "${user.sandbox}" → "${sandbox.workspace}"` });
    }
  }

  if (network.workspace !== undefined && network.workspace !== user.allowNetwork) {
    if (!network.workspace) tight.allowNetwork = loose.allowNetwork = false;
    else {
      loose.allowNetwork = true;
      loosenings.push({ key: 'allowNetwork', from: false, to: true, description: 'Lets sandboxed commands reach the network' });
    }
  }

  const hash = looseningHash(loosenings);
  let blockedBy: MergeResult['blockedBy'];
  if (loosenings.length > 0) {
    if (!opts.trusted) blockedBy = 'untrusted';
    else if (!opts.allowWorkspaceLoosening) blockedBy = 'disabled';
    else if (opts.confirmedHash !== hash) blockedBy = 'unconfirmed';
  }
  const looseningApplied = loosenings.length > 0 && blockedBy === undefined;
  return {
    effective: looseningApplied ? loose : tight,
    user,
    loosenings,
    hash,
    looseningApplied,
    ...(blockedBy ? { blockedBy } : {}),
    warnings,
  };
}

/** Canonical: the same loosenings in any order give the same hash. */
export function looseningHash(loosenings: Loosening[]): string {
  const canon = loosenings.map((l) => JSON.stringify([l.key, l.from, l.to])).sort();
  return sha256(JSON.stringify(canon));
}

/** The text of the confirmation modal: exactly what would change. */
export function describeLoosenings(loosenings: Loosening[]): string {
  if (loosenings.length === 0) return 'This workspace does not ask to loosen your Harness policy.';
  return [
    `This workspace's settings ask to loosen your Harness policy (${loosenings.length} change${loosenings.length === 1 ? '' : 's'}):`,
    ...loosenings.map((l) => `• ${l.description}`),
    '',
    'Until you allow it, your own (tighter) policy applies. You will be asked again if these settings change.',
  ].join('\n');
}
