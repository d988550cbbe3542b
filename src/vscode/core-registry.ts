// Every src/core module that dist/extension.js holds, by path under src/core. esbuild.js fills this
// in at build time (see sharedCorePlugin there): dist/agent-core.js takes those modules from here
// instead of carrying copies, so each core module, and its module-level state, exists once in the
// editor. Empty when run from source (tests), where there is only one copy anyway.
export const CORE_MODULES: Record<string, unknown> = {};
