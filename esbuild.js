// Builds everything into dist/: the extension host bundle, the headless CLI,
// the webview front end, and the static assets they load at run time.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const dist = path.join(__dirname, 'dist');

const IMPORT_META_SHIM = "const __harness_import_meta_url = require('url').pathToFileURL(__filename).href;";

// Keeps `require('./agent-core')` in extension.js as a run-time require of dist/agent-core.js.
const agentCoreExternal = {
  name: 'agent-core-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/agent-core$/ }, () => ({ path: './agent-core.js', external: true }));
  },
};

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  // web-tree-sitter reads import.meta.url, which esbuild's CommonJS output would leave empty.
  define: { 'import.meta.url': '__harness_import_meta_url' },
  banner: { js: IMPORT_META_SHIM },
};

const builds = [
  {
    ...nodeCommon,
    entryPoints: ['src/vscode/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    plugins: [agentCoreExternal],
  },
  // Loaded by the extension on the first task (see src/vscode/agent-core.ts).
  { ...nodeCommon, entryPoints: ['src/vscode/agent-core.ts'], outfile: 'dist/agent-core.js', external: ['vscode'] },
  {
    ...nodeCommon,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node\n' + IMPORT_META_SHIM },
  },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    minify: production,
    sourcemap: !production,
    logLevel: 'warning',
    entryPoints: { webview: 'webview-ui/main.ts' },
    outdir: 'dist',
    loader: { '.css': 'css' },
  },
];

// Files loaded at run time by path, not bundled: codicons for the panel, the shell grammar for command rules.
const assets = [
  ['node_modules/@vscode/codicons/dist/codicon.css', 'codicon.css'],
  ['node_modules/@vscode/codicons/dist/codicon.ttf', 'codicon.ttf'],
  ['node_modules/web-tree-sitter/tree-sitter.wasm', 'tree-sitter.wasm'],
  ['node_modules/tree-sitter-bash/tree-sitter-bash.wasm', 'tree-sitter-bash.wasm'],
];

function copyAssets() {
  fs.mkdirSync(dist, { recursive: true });
  for (const [from, to] of assets) {
    const src = path.join(__dirname, from);
    if (fs.existsSync(src)) fs.copyFileSync(src, path.join(dist, to));
  }
}

async function main() {
  const present = builds.filter((b) =>
    Object.values(typeof b.entryPoints === 'object' && !Array.isArray(b.entryPoints) ? b.entryPoints : {})
      .concat(Array.isArray(b.entryPoints) ? b.entryPoints : [])
      .every((e) => fs.existsSync(path.join(__dirname, e))),
  );
  copyAssets();
  if (watch) {
    const contexts = await Promise.all(present.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(present.map((b) => esbuild.build(b)));
  const cli = path.join(dist, 'cli.js');
  if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
}

main().catch((err) => {
  console.error(err.message ?? err);
  process.exit(1);
});
