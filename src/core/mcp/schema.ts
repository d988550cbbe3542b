// A server's JSON schema for a tool's arguments, checked before the call: the model's mistakes go back
// to it as a tool error, and a server never receives arguments its own schema refuses. The validator is
// the MCP SDK's own (ajv, which the SDK's client already uses for output schemas): no second library.
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import type { JsonSchemaType } from '@modelcontextprotocol/sdk/validation/types.js';

let shared: AjvJsonSchemaValidator | undefined;

export type ArgumentCheck = (args: Record<string, unknown>) => { ok: true; args: Record<string, unknown> } | { ok: false; message: string };

/** The schema as sent to the model: an object schema without its `$schema` (model APIs refuse some). */
export function schemaForModel(input: Record<string, unknown> | undefined): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = input ?? {};
  return { type: 'object', ...rest };
}

const withoutNulls = (a: Record<string, unknown>) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== null));

/**
 * A checker for one tool's arguments. A schema that cannot be compiled refuses every call with a
 * message saying so (the server's schema is broken; the call would go out unchecked otherwise).
 */
export function argumentChecker(schema: Record<string, unknown>): ArgumentCheck {
  let check: (input: unknown) => { valid: boolean; errorMessage?: string };
  try {
    shared ??= new AjvJsonSchemaValidator();
    check = shared.getValidator(schema as JsonSchemaType);
  } catch (err) {
    const why = `the server's input schema for this tool is not valid JSON Schema (${(err as Error).message.slice(0, 200)}); the tool cannot be called`;
    return () => ({ ok: false, message: why });
  }
  return (args) => {
    const first = check(args);
    if (first.valid) return { ok: true, args };
    // Models often send null for an optional field; treat it as absent before refusing.
    const cleaned = withoutNulls(args);
    if (Object.keys(cleaned).length !== Object.keys(args).length && check(cleaned).valid) return { ok: true, args: cleaned };
    return { ok: false, message: (first.errorMessage ?? 'does not match the schema').replace(/\bdata\b/g, 'arguments') };
  };
}
