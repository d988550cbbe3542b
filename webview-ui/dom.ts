// A tiny element builder. Text always goes in through textContent: everything shown here can
// come from the model or the workspace, so nothing is ever parsed as HTML.
type Attrs = Record<string, string | boolean | undefined>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

export const icon = (name: string, extra = '') => h('span', { class: `codicon codicon-${name} ${extra}`.trim(), 'aria-hidden': 'true' });

/** A `data-testid`-safe form of a name (`command: npm test` → `command-npm-test`). */
export const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');

export function clear(el: Element): void {
  while (el.firstChild) el.firstChild.remove();
}

export function time(ms: number): string {
  return new Date(ms).toLocaleTimeString();
}

export function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const m = Math.floor(s / 60);
  return m ? `${m}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function button(label: string, testid: string, onClick: () => void, opts: { secondary?: boolean; iconName?: string } = {}): HTMLElement {
  const b = h('vscode-button', { 'data-testid': testid, secondary: opts.secondary, icon: opts.iconName });
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}
