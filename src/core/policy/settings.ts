// Reads a workspace's `.vscode/settings.json` (the same `harness.*` keys the editor uses) for the CLI,
// and merges it over the user's choices with the tighten-only rule of merge.ts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PolicyConfig } from '../shared/types';
import { DEFAULT_PROTECTED_PATHS } from '../workspace/protected';
import { mergePolicySettings, POLICY_KEYS, type MergeResult, type PolicyLayers } from './merge';
import { withMcpJsonServers } from './extension-merge';

type PolicyKey = (typeof POLICY_KEYS)[number];

/** Parses JSON with comments and trailing commas (the format of VS Code settings files). */
export function parseJsonc(text: string, name: string): unknown {
  const stripped = text
    .replace(/^\uFEFF/, '')
    .replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_m, s: string | undefined) => s ?? '')
    .replace(/("(?:\\.|[^"\\])*")|,(\s*[}\]])/g, (_m, s: string | undefined, tail: string | undefined) => s ?? tail ?? '');
  try {
    return JSON.parse(stripped);
  } catch (err) {
    throw new Error(`${name} is not valid JSON (${(err as Error).message}): fix or remove it.`);
  }
}

/** The `harness.*` values of a settings file (prefix removed), or {} when the file does not exist. */
export function readHarnessSettings(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const raw = parseJsonc(text, file);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${file} must hold a JSON object.`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (k.startsWith('harness.')) out[k.slice('harness.'.length)] = v;
  return out;
}

export function readWorkspaceSettings(root: string): Record<string, unknown> {
  return readHarnessSettings(path.join(root, '.vscode', 'settings.json'));
}

/** VS Code's own MCP file, `.vscode/mcp.json` (`{"servers": {...}}`), or undefined when there is none. */
export function readWorkspaceMcpJson(root: string): unknown {
  const file = path.join(root, '.vscode', 'mcp.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return parseJsonc(text, file);
}

/**
 * The CLI's user settings: `$HARNESS_CONFIG`, else `$XDG_CONFIG_HOME/harness/settings.json` (default
 * `~/.config/harness/settings.json`), with the same `harness.*` keys as VS Code's user settings.
 */
export function userSettingsFile(env: NodeJS.ProcessEnv): string {
  if (env.HARNESS_CONFIG) return path.resolve(env.HARNESS_CONFIG);
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'harness', 'settings.json');
}

export interface LoadPolicyOptions {
  /** The user's own values (CLI flags), keyed like the settings without the `harness.` prefix. */
  user?: Partial<Record<PolicyKey, unknown>>;
  /** The loosening hash the user accepted (`--accept-workspace-policy HASH`). */
  acceptedHash?: string;
  /** What-if mode (`policy explain`): apply the workspace's loosenings as if accepted, runs nothing. */
  acceptAll?: boolean;
}

/** User choices + workspace settings, where the workspace may tighten freely and loosen only when accepted. */
export function loadWorkspacePolicyDetailed(root: string, opts: LoadPolicyOptions = {}): MergeResult {
  const ws = readWorkspaceSettings(root);
  const layers: PolicyLayers = {};
  for (const key of POLICY_KEYS) {
    layers[key] = {
      ...(opts.user?.[key] !== undefined ? { globalValue: opts.user[key] } : {}),
      ...(ws[key] !== undefined ? { workspaceValue: ws[key] } : {}),
    };
  }
  layers.mcpServers = withMcpJsonServers(layers.mcpServers, readWorkspaceMcpJson(root));
  const merge = (confirmedHash?: string) =>
    mergePolicySettings(layers, {
      trusted: true,
      allowWorkspaceLoosening: true,
      ...(confirmedHash ? { confirmedHash } : {}),
      fallbackProtectedPaths: DEFAULT_PROTECTED_PATHS,
      folder: root,
    });
  const result = merge(opts.acceptedHash);
  return opts.acceptAll && result.blockedBy ? merge(result.hash) : result;
}

export function loadWorkspacePolicy(root: string, opts: LoadPolicyOptions = {}): PolicyConfig {
  return loadWorkspacePolicyDetailed(root, opts).effective;
}
