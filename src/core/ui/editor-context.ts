// What the editor adds to a message the person sends: the active file and the selection they kept.
// Pure, so the exact text the model gets is tested. A selection in a file that holds credentials
// goes as its path only: reading that file asks the person, and a selection must not bypass it.
import { isSecretFile } from '../workspace/secret-files';
import type { ContextItem } from './view-protocol';

/** Characters of a selection sent at most (a whole file selected by accident stays bounded). */
export const MAX_SELECTION_CHARS = 8000;

export interface ContextSource {
  kind: 'file' | 'selection';
  /** Workspace-relative, forward slashes. */
  path: string;
  startLine?: number;
  endLine?: number;
  /** The selected text (selections only). */
  text?: string;
  languageId?: string;
}

export const SECRET_NOTE = 'path only: this file may hold credentials';

/** The chip the view shows for a source (no text: the view never needs the content). */
export function contextItem(id: string, s: ContextSource): ContextItem {
  const secret = isSecretFile(s.path);
  return {
    id,
    kind: s.kind,
    path: s.path.slice(0, 1000),
    ...(s.startLine ? { startLine: s.startLine } : {}),
    ...(s.endLine ? { endLine: s.endLine } : {}),
    ...(s.kind === 'selection' && secret ? { note: SECRET_NOTE } : {}),
  };
}

const fence = (text: string) => {
  let f = '```';
  while (text.includes(f)) f += '`';
  return f;
};

/** The context block appended to the person's message; '' when nothing was kept. */
export function contextBlock(sources: ContextSource[]): string {
  if (!sources.length) return '';
  const lines = ['Context from the editor:'];
  for (const s of sources) {
    if (s.kind === 'file') {
      lines.push(`- Active file: ${s.path}`);
      continue;
    }
    const where = `lines ${s.startLine}-${s.endLine} of ${s.path}`;
    if (isSecretFile(s.path) || s.text === undefined) {
      lines.push(`- Selected ${where} (${SECRET_NOTE}; read it with read_file if needed)`);
      continue;
    }
    const cut = s.text.length > MAX_SELECTION_CHARS;
    const text = cut ? s.text.slice(0, MAX_SELECTION_CHARS) : s.text;
    const f = fence(text);
    lines.push(`- Selected ${where}${cut ? ` (first ${MAX_SELECTION_CHARS} characters)` : ''}:`, `${f}${s.languageId ?? ''}`, text, f);
  }
  return lines.join('\n');
}
