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

// Keeps `require('../telemetry')` (src/cli, src/vscode) a run-time require of dist/telemetry.js: the
// OpenTelemetry SDK is its own bundle, loaded only once the user turns telemetry on.
const telemetryExternal = {
  name: 'telemetry-external',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/telemetry$/ }, () => ({ path: './telemetry.js', external: true }));
  },
};

// gpt-tokenizer's o200k ranks (~2.7 MB of JavaScript) are a file of their own, required only when a
// task's model uses that tokenizer (src/core/model/tokens.ts): never at activation, nor at CLI start.
const TOKENIZER_FILE = 'tokenizer-o200k.js';
const tokenizerExternal = {
  name: 'tokenizer-external',
  setup(build) {
    build.onResolve({ filter: /^gpt-tokenizer\/encoding\/o200k_base$/ }, () => ({ path: `./${TOKENIZER_FILE}`, external: true }));
  },
};

const CORE_DIR = path.join(__dirname, 'src', 'core');
const REGISTRY = path.join(__dirname, 'src', 'vscode', 'core-registry.ts');

/** The src/core files an esbuild metafile lists, as paths under src/core without `.ts`. */
function coreModulesOf(metafile) {
  return Object.keys(metafile.inputs)
    .map((f) => path.resolve(__dirname, f))
    .filter((f) => f.startsWith(CORE_DIR + path.sep) && f.endsWith('.ts'))
    .map((f) => path.relative(CORE_DIR, f).slice(0, -3).split(path.sep).join('/'))
    .sort();
}

/** extension.js: fills src/vscode/core-registry.ts with every core module the bundle holds. */
function coreRegistryPlugin(modules) {
  return {
    name: 'core-registry',
    setup(build) {
      build.onLoad({ filter: /core-registry\.ts$/ }, (args) => {
        if (path.resolve(args.path) !== REGISTRY) return undefined;
        const lines = modules.map((m, i) => `import * as m${i} from ${JSON.stringify(path.join(CORE_DIR, m))};`);
        const entries = modules.map((m, i) => `  ${JSON.stringify(m)}: m${i},`);
        return { contents: `${lines.join('\n')}\nexport const CORE_MODULES = {\n${entries.join('\n')}\n};\n`, loader: 'ts', resolveDir: path.dirname(REGISTRY) };
      });
    },
  };
}

/**
 * agent-core.js: a core module extension.js already holds is taken from there at run time, not
 * bundled again, so the editor has one copy of each (one sandbox probe, one lock table class…).
 */
function sharedCorePlugin(modules) {
  const shared = new Set(modules);
  return {
    name: 'shared-core',
    setup(build) {
      build.onResolve({ filter: /^\.\/extension\.js$/ }, () => ({ path: './extension.js', external: true }));
      build.onResolve({ filter: /^\./ }, (args) => {
        const base = path.resolve(args.resolveDir, args.path);
        const abs = [base, `${base}.ts`, path.join(base, 'index.ts')].find((f) => f.endsWith('.ts') && fs.existsSync(f));
        if (!abs || !abs.startsWith(CORE_DIR + path.sep)) return undefined;
        const rel = path.relative(CORE_DIR, abs).split(path.sep).join('/').replace(/\.ts$/, '');
        return shared.has(rel) ? { path: rel, namespace: 'shared-core' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'shared-core' }, (args) => ({
        contents: `module.exports = require('./extension.js').CORE_MODULES[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

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

const extensionBuild = (modules) => ({
  ...nodeCommon,
  entryPoints: ['src/vscode/extension.ts'],
  outfile: 'dist/extension.js',
  external: ['vscode'],
  metafile: true,
  plugins: [agentCoreExternal, tokenizerExternal, telemetryExternal, coreRegistryPlugin(modules)],
});

// Loaded by the extension on the first task (see src/vscode/agent-core.ts).
const agentCoreBuild = (modules) => ({
  ...nodeCommon,
  entryPoints: ['src/vscode/agent-core.ts'],
  outfile: 'dist/agent-core.js',
  external: ['vscode'],
  metafile: true,
  plugins: [tokenizerExternal, telemetryExternal, sharedCorePlugin(modules)],
});

// The OpenTelemetry exporter, required by the CLI and the editor only when telemetry is on.
const telemetryBuild = {
  ...nodeCommon,
  entryPoints: ['src/telemetry.ts'],
  outfile: 'dist/telemetry.js',
  metafile: true,
};

const builds = [
  {
    ...nodeCommon,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node\n' + IMPORT_META_SHIM },
    plugins: [tokenizerExternal, telemetryExternal],
  },
  {
    ...nodeCommon,
    entryPoints: [path.relative(__dirname, require.resolve('gpt-tokenizer/encoding/o200k_base'))],
    outfile: `dist/${TOKENIZER_FILE}`,
  },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    minify: production,
    sourcemap: !production,
    logLevel: 'warning',
    entryPoints: { webview: 'webview-ui/main.ts', view: 'webview-ui/view/main.ts' },
    outdir: 'dist',
    loader: { '.css': 'css' },
  },
];

/**
 * The editor's two bundles, core modules once: first find which core modules extension.js needs,
 * then build it with its registry of them, then agent-core.js taking those from it. Writes
 * dist/bundles.json (which core modules each holds) for the test that checks there is no overlap.
 */
async function buildEditorBundles() {
  const probe = await esbuild.build({ ...extensionBuild([]), write: false });
  const modules = coreModulesOf(probe.metafile);
  const ext = await esbuild.build(extensionBuild(modules));
  const core = await esbuild.build(agentCoreBuild(modules));
  const telemetry = await esbuild.build(telemetryBuild);
  const report = { extension: coreModulesOf(ext.metafile), agentCore: coreModulesOf(core.metafile), telemetry: coreModulesOf(telemetry.metafile) };
  fs.writeFileSync(path.join(dist, 'bundles.json'), JSON.stringify(report, null, 2) + '\n');
}

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
    // Watch mode rebuilds each bundle on its own; the shared-core split is for production builds.
    const all = [...present, extensionBuild([]), { ...agentCoreBuild([]), plugins: [tokenizerExternal, telemetryExternal] }, telemetryBuild];
    const contexts = await Promise.all(all.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all([...present.map((b) => esbuild.build(b)), buildEditorBundles()]);
  const cli = path.join(dist, 'cli.js');
  if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
}

main().catch((err) => {
  console.error(err.message ?? err);
  process.exit(1);
});
