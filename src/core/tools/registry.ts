// Tools are declared once: a zod schema gives both the JSON schema the model sees and the validator
// its arguments go through. A validation error names the field and goes back to the model.
import { z } from 'zod';
import type { ToolSpec } from '../model/types';
import type { Limits } from '../shared/limits';

/** `ask`: a question to the person (ask_user): never a file or a command, never the task's end. */
export type ToolKind = 'read' | 'edit' | 'command' | 'plan' | 'ask';

export interface ToolDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  /** The description with the task's caps in it (a small window gets smaller pages), when they matter. */
  describe?: (limits: Limits) => string;
  schema: S;
  kind: ToolKind;
}

/**
 * A tool known only when the task starts (an MCP server's): the model sees the server's own JSON
 * schema, and `check` validates arguments against it before any call.
 */
export interface DynamicToolDefinition {
  name: string;
  description: string;
  kind: 'mcp';
  parameters: Record<string, unknown>;
  check(args: Record<string, unknown>): { ok: true; args: Record<string, unknown> } | { ok: false; message: string };
  server: string;
  /** The tool's own name on its server. */
  tool: string;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint?: boolean };
}

export type AnyToolDefinition = ToolDefinition | DynamicToolDefinition;

export const isDynamicTool = (d: AnyToolDefinition): d is DynamicToolDefinition => d.kind === 'mcp';

export class ToolArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolArgumentError';
  }
}

export function toolSpec(def: ToolDefinition, limits?: Limits): ToolSpec {
  const schema = z.toJSONSchema(def.schema, { io: 'input' }) as Record<string, unknown>;
  delete schema.$schema;
  return { name: def.name, description: limits && def.describe ? def.describe(limits) : def.description, parameters: schema };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(arguments)'}: ${i.message}`)
    .join('; ');
}

/** Models often send `null` for an optional field; treat it as absent rather than as a type error. */
function dropNulls(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

function parseJsonObject(def: { name: string }, raw: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    throw new ToolArgumentError(
      `Arguments for ${def.name} are not valid JSON (${raw.length > 80 ? raw.slice(0, 80) + '…' : raw}). Send a JSON object matching the tool's schema.`,
    );
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new ToolArgumentError(`Arguments for ${def.name} must be a JSON object.`);
  }
  return json as Record<string, unknown>;
}

/** Parses the model's raw argument string and validates it; throws ToolArgumentError with a fix-it message. */
export function parseToolArguments<S extends z.ZodType>(def: ToolDefinition<S>, raw: string): z.infer<S> {
  const json = parseJsonObject(def, raw);
  const parsed = def.schema.safeParse(dropNulls(json));
  if (!parsed.success) throw new ToolArgumentError(`Invalid arguments for ${def.name}: ${describeIssues(parsed.error)}.`);
  return parsed.data;
}

/** Any tool's arguments, parsed and validated (a dynamic tool's against its server's schema). */
export function parseCallArguments(def: AnyToolDefinition, raw: string): unknown {
  if (!isDynamicTool(def)) return parseToolArguments(def, raw);
  const checked = def.check(parseJsonObject(def, raw));
  if (!checked.ok) throw new ToolArgumentError(`Invalid arguments for ${def.name}: ${checked.message}. Send a JSON object matching the tool's schema.`);
  return checked.args;
}

export class ToolRegistry {
  private readonly tools = new Map<string, AnyToolDefinition>();

  /** Built-in tools first; a dynamic tool never replaces one of them. */
  constructor(defs: readonly ToolDefinition[], dynamic: readonly DynamicToolDefinition[] = []) {
    for (const d of defs) this.tools.set(d.name, d);
    for (const d of dynamic) if (!this.tools.has(d.name)) this.tools.set(d.name, d);
  }

  get(name: string): AnyToolDefinition | undefined {
    return this.tools.get(name);
  }

  names(): string[] {
    return [...this.tools.keys()];
  }

  /** What the model is told about the tools; with `limits`, each built-in description states the caps. */
  specs(limits?: Limits): ToolSpec[] {
    return [...this.tools.values()].map((d) => (isDynamicTool(d) ? { name: d.name, description: d.description, parameters: d.parameters } : toolSpec(d, limits)));
  }
}
