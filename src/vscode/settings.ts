// Reads the harness settings. Every policy value is read with `inspect()` so the merge knows which layer
// (default, user, workspace, folder) it came from, and a workspace can only tighten without consent.
import * as vscode from 'vscode';
import { mergePolicySettings, POLICY_KEYS, type MergeResult, type PolicyLayers } from '../core/policy/merge';
import { withMcpJsonServers } from '../core/policy/extension-merge';
import { readWorkspaceMcpJson } from '../core/policy/settings';
import { DEFAULT_PROTECTED_PATHS } from '../core/workspace/protected';
import { resolveVerificationSettings, type VerifyWhen } from '../core/verify/settings';
import { CONFIRMED_POLICY_KEY, SECRET_API_KEY } from './ui-constants';
import { DEFAULT_BASE_URL, DEFAULT_MODEL } from '../core/shared/endpoint-defaults';
import { PROFILE_SETTING_KEYS, type ProfileSettings } from '../core/model/profile';

export interface ModelSettings {
  baseUrl: string;
  model: string;
  apiKeyEnv: string;
}

export interface RunSettings {
  maxConcurrentTasks: number;
  maxFixAttempts: number;
  verifyWhen: VerifyWhen;
  /** Workspace verification settings that were ignored because they would loosen. */
  verifyWarnings: string[];
  /** Checkpoint retention: the user's own settings only (application scope). */
  retention: { maxCount: number; maxBytes: number };
}


function config(scope?: vscode.Uri): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('harness', scope);
}

export function readPolicyLayers(scope?: vscode.Uri): PolicyLayers {
  const c = config(scope);
  const layers: PolicyLayers = {};
  for (const key of POLICY_KEYS) {
    const i = c.inspect(key);
    if (!i) continue;
    layers[key] = {
      defaultValue: i.defaultValue,
      globalValue: i.globalValue,
      workspaceValue: i.workspaceValue,
      workspaceFolderValue: i.workspaceFolderValue,
    };
  }
  return layers;
}

/** The application-scope switch: VS Code never reads it from a workspace, and we take only the user value. */
export function allowWorkspaceLoosening(): boolean {
  const i = vscode.workspace.getConfiguration('harness').inspect<boolean>('allowWorkspaceLoosening');
  return i?.globalValue ?? i?.defaultValue ?? true;
}

/** The servers of the folder's `.vscode/mcp.json` join the workspace's harness.mcpServers (confirmed like them). */
function withMcpJson(layers: PolicyLayers, scope: vscode.Uri | undefined, warnings: string[]): PolicyLayers {
  const folder = scope ? vscode.workspace.getWorkspaceFolder(scope) : vscode.workspace.workspaceFolders?.[0];
  // Like the workspace values VS Code hides in Restricted Mode (restrictedConfigurations).
  if (!folder || folder.uri.scheme !== 'file' || !vscode.workspace.isTrusted) return layers;
  try {
    return { ...layers, mcpServers: withMcpJsonServers(layers.mcpServers, readWorkspaceMcpJson(folder.uri.fsPath)) };
  } catch (err) {
    warnings.push(`Ignored .vscode/mcp.json: ${(err as Error).message}`);
    return layers;
  }
}

export function mergedPolicy(context: vscode.ExtensionContext, scope?: vscode.Uri): MergeResult {
  const warnings: string[] = [];
  const merged = mergePolicySettings(withMcpJson(readPolicyLayers(scope), scope, warnings), {
    trusted: vscode.workspace.isTrusted,
    allowWorkspaceLoosening: allowWorkspaceLoosening(),
    confirmedHash: context.workspaceState.get<string>(CONFIRMED_POLICY_KEY),
    fallbackProtectedPaths: DEFAULT_PROTECTED_PATHS,
    ...(scope ? { folder: scope.fsPath } : {}),
  });
  return warnings.length ? { ...merged, warnings: [...merged.warnings, ...warnings] } : merged;
}

/**
 * Where the model lives. The endpoint and model name come only from the user's own settings or the
 * environment: a workspace could otherwise send the API key to a server of its choosing.
 */
export function readModelSettings(): ModelSettings {
  const c = config();
  const user = <T>(key: string): T | undefined => {
    const i = c.inspect<T>(key);
    return i?.globalValue ?? undefined;
  };
  const envBase = process.env.HARNESS_BASE_URL?.trim();
  return {
    baseUrl: user<string>('baseUrl')?.trim() || envBase || DEFAULT_BASE_URL,
    // The model name is harmless to take from a workspace; the env var lets the tests pick one.
    model: c.get<string>('model')?.trim() || process.env.HARNESS_MODEL?.trim() || DEFAULT_MODEL,
    apiKeyEnv: user<string>('apiKeyEnv')?.trim() || 'OPENAI_API_KEY',
  };
}

/**
 * The model profile overrides: limits from the user and (lower only) the workspace; prices from the
 * user alone (application scope: they drive the cost budget).
 */
export function readProfileSettings(scope?: vscode.Uri): ProfileSettings {
  const c = config(scope);
  const layers = (key: string) => {
    const i = c.inspect<unknown>(key);
    return { user: i?.globalValue, workspace: i?.workspaceFolderValue ?? i?.workspaceValue };
  };
  return {
    contextWindow: layers(PROFILE_SETTING_KEYS.contextWindow),
    maxOutputTokens: layers(PROFILE_SETTING_KEYS.maxOutputTokens),
    pricing: c.inspect<unknown>(PROFILE_SETTING_KEYS.pricing)?.globalValue,
  };
}

export function readRunSettings(scope?: vscode.Uri): RunSettings {
  const c = config(scope);
  // Tighten-only like the policy: the workspace may verify more often or with fewer fix rounds.
  const layer = (key: string) => {
    const i = c.inspect<unknown>(key);
    return { user: i?.globalValue, workspace: i?.workspaceFolderValue ?? i?.workspaceValue };
  };
  const when = layer('verification.when');
  const max = layer('verification.maxFixAttempts');
  const verify = resolveVerificationSettings({ user: { when: when.user, maxFixAttempts: max.user }, workspace: { when: when.workspace, maxFixAttempts: max.workspace } });
  return {
    maxConcurrentTasks: positiveInt(c.get('maxConcurrentTasks'), 2),
    maxFixAttempts: verify.maxFixAttempts,
    verifyWhen: verify.when,
    verifyWarnings: verify.warnings,
    retention: {
      maxCount: positiveInt(c.inspect<unknown>('checkpoints.maxCount')?.globalValue, 500),
      maxBytes: positiveInt(c.inspect<unknown>('checkpoints.maxMegabytes')?.globalValue, 256) * 1024 * 1024,
    },
  };
}

function positiveInt(v: unknown, fallback: number, allowZero = false): number {
  return typeof v === 'number' && Number.isInteger(v) && (v > 0 || (allowZero && v === 0)) ? v : fallback;
}

/** The key from SecretStorage, else the named environment variable, else HARNESS_API_KEY. */
export async function resolveApiKey(secrets: vscode.SecretStorage, apiKeyEnv: string): Promise<string | undefined> {
  const stored = await secrets.get(SECRET_API_KEY);
  if (stored) return stored;
  return process.env[apiKeyEnv]?.trim() || process.env.HARNESS_API_KEY?.trim() || undefined;
}

/** The verification commands of the user's own settings (not a workspace's): asked about as theirs. */
export function userVerificationCommands(scope?: vscode.Uri): string[] {
  const v = config(scope).inspect<unknown>('verification.commands')?.globalValue;
  return Array.isArray(v) ? v.filter((c): c is string => typeof c === 'string').map((c) => c.trim()) : [];
}
