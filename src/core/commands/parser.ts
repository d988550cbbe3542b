// Loads the bash grammar (web-tree-sitter + tree-sitter-bash wasm) once and parses command lines.
// A real shell grammar, not a tokenizer: quoting, substitutions and heredocs are where naive splitters fail.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Parser, Language } from 'web-tree-sitter';
import type { Node, Tree } from 'web-tree-sitter';

export type SyntaxNode = Node;

let ready: Promise<Parser> | undefined;

/** Finds a wasm file: beside the bundle first (dist/), then in the installed package (tests under tsx). */
function locate(file: string, pkgEntry: string): string {
  const beside = path.join(__dirname, file);
  if (fs.existsSync(beside)) return beside;
  return path.join(path.dirname(require.resolve(pkgEntry)), file);
}

async function load(): Promise<Parser> {
  const runtime = locate('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm');
  const grammar = locate('tree-sitter-bash.wasm', 'tree-sitter-bash/package.json');
  await Parser.init({ locateFile: () => runtime });
  const language = await Language.load(grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** The shared parser; loading fails loudly (the caller then fails closed). */
export function getParser(): Promise<Parser> {
  if (!ready) {
    ready = load().catch((err) => {
      ready = undefined;
      throw new Error(`cannot load the bash grammar (tree-sitter wasm): ${(err as Error).message}`);
    });
  }
  return ready;
}

export function parseWith(parser: Parser, text: string): Tree {
  const tree = parser.parse(text);
  if (!tree) throw new Error('the bash parser returned no tree');
  return tree;
}
