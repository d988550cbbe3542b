// The files and folders a git config makes git run or read as more config: hook folders, fsmonitor,
// filter and diff drivers, editors and pagers, aliases, credential helpers, includes. When they lie
// inside the workspace, rewriting one is as good as rewriting the config, so the sandbox keeps them
// read-only too. Read with a small INI reader; a value's words that look like paths are taken.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ConfigPath {
  path: string;
  /** A folder (hooksPath) rather than a file. */
  dir: boolean;
}

/** `section.key` of settings that name a program, with `*` for the subsection. */
const PROGRAM_KEYS = new Set(['core.fsmonitor', 'core.sshcommand', 'core.editor', 'core.pager', 'core.askpass', 'sequence.editor', 'diff.external', 'diff.*.textconv', 'diff.*.command',
  'filter.*.clean', 'filter.*.smudge', 'filter.*.process', 'merge.*.driver', 'credential.helper', 'credential.*.helper', 'gpg.program', 'gpg.*.program', 'alias.*', 'pager.*',
  'interactive.difffilter', 'core.gitproxy', 'remote.*.receivepack', 'remote.*.uploadpack', 'uploadpack.packobjectshook']);
const MAX_CONFIG_BYTES = 1_000_000;

function words(value: string): string[] {
  return value.replace(/^"|"$/g, '').replace(/^!/, '').split(/[\s;&|()]+/).filter(Boolean);
}

/** Paths named by the config file at `file`; relative ones are read from the worktree (`root`), includes from the config's folder. */
export function gitConfigPaths(file: string, root: string, gitDir: string, depth = 0): ConfigPath[] {
  let text: string;
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > MAX_CONFIG_BYTES) return [];
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: ConfigPath[] = [];
  let section = '';
  let sub: string | undefined;
  const resolve = (p: string, base: string) => (p.startsWith('~/') ? path.join(os.homedir(), p.slice(2)) : path.resolve(base, p));
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const head = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
    if (head) {
      const [name, dotted] = head[1].toLowerCase().split(/\.(.*)/);
      section = name;
      sub = head[2] ?? dotted;
      continue;
    }
    const kv = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(line);
    if (!kv || kv[2] === undefined) continue;
    const key = kv[1].toLowerCase();
    const value = kv[2].replace(/\s[#;].*$/, '').trim();
    if (section === 'core' && key === 'hookspath') out.push({ path: resolve(value.replace(/^"|"$/g, ''), root), dir: true });
    else if ((section === 'include' || section === 'includeif') && key === 'path') {
      const inc = resolve(value.replace(/^"|"$/g, ''), gitDir);
      out.push({ path: inc, dir: false });
      if (depth < 4) out.push(...gitConfigPaths(inc, root, gitDir, depth + 1));
    } else if (PROGRAM_KEYS.has(`${section}.${key}`) || (sub !== undefined && PROGRAM_KEYS.has(`${section}.*.${key}`)) || PROGRAM_KEYS.has(`${section}.*`)) {
      for (const w of words(value)) if (w.includes('/') || w.startsWith('.')) out.push({ path: resolve(w, root), dir: false });
    }
  }
  return out;
}
