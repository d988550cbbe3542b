// What a masked observation becomes: one line naming the call, what it returned, and how to get it
// again. Also shorter arguments for old tool calls that carried a whole file (write_file content).

/** Every stub starts so; a stub is never masked again. */
export const STUB_PREFIX = '[harness: masked';

function parseArgs(raw: string): Record<string, unknown> {
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** "read_file src/a.ts (lines 10-80)", "run_command `npm test`": the call, short enough for a stub. */
export function describeCall(name: string, rawArgs: string): string {
  const a = parseArgs(rawArgs);
  const str = (k: string) => (typeof a[k] === 'string' ? oneLine(a[k] as string) : undefined);
  if (name === 'run_command' && str('command')) return `run_command \`${clip(str('command')!, 160)}\``;
  if (name === 'search_files' && str('pattern')) return `search_files /${clip(str('pattern')!, 80)}/${str('path') ? ` in ${clip(str('path')!, 80)}` : ''}${str('glob') ? ` (${clip(str('glob')!, 60)})` : ''}`;
  const path = str('path');
  if (path) {
    const lines = typeof a.start_line === 'number' || typeof a.end_line === 'number' ? ` (lines ${a.start_line ?? 1}-${a.end_line ?? 'end'})` : '';
    return `${name} ${clip(path, 160)}${lines}`;
  }
  const args = oneLine(rawArgs);
  return args && args !== '{}' ? `${name} ${clip(args, 120)}` : name;
}

const size = (text: string) => {
  const lines = text ? text.replace(/\n$/, '').split('\n').length : 0;
  const kb = text.length >= 1024 ? `${(text.length / 1024).toFixed(1)} KB` : `${text.length} chars`;
  return `${lines} line${lines === 1 ? '' : 's'}, ${kb}`;
};

const AGAIN: Record<string, string> = {
  run_command: 'run it again (narrowed with grep, head or tail) if you need it',
  read_file: 'call read_file again if you need it',
  list_files: 'call list_files again if you need it',
  search_files: 'call search_files again if you need it',
};

/** The one line that stands for an old observation. */
export function observationStub(name: string, rawArgs: string, content: string): string {
  // run_command's result starts "$ cmd\n[exit code 1; sandboxed]": keep how it ended.
  const status = name === 'run_command' ? /^\$ [^\n]*\n(\[[^\]\n]{1,200}\])/.exec(content)?.[1] : undefined;
  const again = AGAIN[name] ?? `call ${name} again if you need it`;
  return `${STUB_PREFIX} to save context: ${describeCall(name, rawArgs)} returned ${size(content)}${status ? ` ${status}` : ''} here; ${again}.]`;
}

/**
 * The arguments with every string longer than `max` replaced by a note (the JSON stays valid, so
 * every server still accepts it); null when nothing is that long.
 */
export function shortenArguments(rawArgs: string, max: number): string | null {
  if (rawArgs.length <= max) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawArgs);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  let changed = false;
  const out = Object.fromEntries(
    Object.entries(parsed).map(([k, v]) => {
      if (typeof v !== 'string' || v.length <= max) return [k, v];
      changed = true;
      return [k, `${STUB_PREFIX} to save context: ${size(v)} of ${k}; read the file to see what it holds now.]`];
    }),
  );
  return changed ? JSON.stringify(out) : null;
}
