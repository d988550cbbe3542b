// Tools are declared once: a zod schema gives both the JSON schema the model sees and the validator
// its arguments go through. A validation error names the field and goes back to the model.
import { z } from 'zod';
import type { ToolSpec } from '../model/types';

export type ToolKind = 'read' | 'edit' | 'command' | 'plan';

export interface ToolDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  schema: S;
  kind: ToolKind;
}

export class ToolArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolArgumentError';
  }
}

export function toolSpec(def: ToolDefinition): ToolSpec {
  const schema = z.toJSONSchema(def.schema, { io: 'input' }) as Record<string, unknown>;
  delete schema.$schema;
  return { name: def.name, description: def.description, parameters: schema };
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

/** Parses the model's raw argument string and validates it; throws ToolArgumentError with a fix-it message. */
export function parseToolArguments<S extends z.ZodType>(def: ToolDefinition<S>, raw: string): z.infer<S> {
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
  const parsed = def.schema.safeParse(dropNulls(json));
  if (!parsed.success) throw new ToolArgumentError(`Invalid arguments for ${def.name}: ${describeIssues(parsed.error)}.`);
  return parsed.data;
}

export class ToolRegistry {
  private readonly tools = new Map<string, ToolDefinition>();

  constructor(defs: readonly ToolDefinition[]) {
    for (const d of defs) this.tools.set(d.name, d);
  }

  get(name: string): ToolDefinition | undefined {
    return this.tools.get(name);
  }

  names(): string[] {
    return [...this.tools.keys()];
  }

  specs(): ToolSpec[] {
    return [...this.tools.values()].map(toolSpec);
  }
}
