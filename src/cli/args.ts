// A small flag parser for the CLI: `--name value`, `--name=value`, boolean flags and repeatable ones.
// Every mistake becomes a UsageError whose message says what to do.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface FlagSpec {
  /** Flags that take a value. */
  values: readonly string[];
  /** Flags that take a value and may be given more than once. */
  repeatable?: readonly string[];
  /** Flags without a value. */
  booleans: readonly string[];
}

export interface ParsedFlags {
  values: Map<string, string>;
  lists: Map<string, string[]>;
  booleans: Set<string>;
  positionals: string[];
}

export function parseFlags(argv: readonly string[], spec: FlagSpec, usage: string): ParsedFlags {
  const out: ParsedFlags = { values: new Map(), lists: new Map(), booleans: new Set(), positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    if (spec.booleans.includes(name)) {
      if (inline !== undefined) throw new UsageError(`${name} takes no value. ${usage}`);
      out.booleans.add(name);
      continue;
    }
    const repeatable = spec.repeatable?.includes(name) ?? false;
    if (!spec.values.includes(name) && !repeatable) throw new UsageError(`unknown option ${name}. ${usage}`);
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`${name} needs a value. ${usage}`);
    if (repeatable) out.lists.set(name, [...(out.lists.get(name) ?? []), value]);
    else if (out.values.has(name)) throw new UsageError(`${name} was given twice. ${usage}`);
    else out.values.set(name, value);
  }
  return out;
}

export function intFlag(flags: ParsedFlags, name: string, min: number, max: number): number | undefined {
  const raw = flags.values.get(name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
  }
  return Number(raw);
}

/** A positive amount of US dollars (`--max-cost-usd 2.50`). */
export function usdFlag(flags: ParsedFlags, name: string): number | undefined {
  const raw = flags.values.get(name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(n > 0) || n > 1e6) throw new UsageError(`${name} must be a positive amount of US dollars, e.g. 2.50 (got "${raw}").`);
  return n;
}

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}
