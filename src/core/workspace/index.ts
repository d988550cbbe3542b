// The workspace-scoped file layer: every file tool call goes through here and stays inside the root.
export { ScopeError, WorkspaceError, assertRealPathInside, isInside, quotePath, resolveInWorkspace, toRel } from './paths';
export type { ResolvedPath } from './paths';
export { DEFAULT_PROTECTED_PATHS, globToRegExp, isProtected, matchesGlob, normaliseForProtection } from './protected';
export { atomicWriteFile, fileSha256, looksBinary, readTextFile, removeFile, sliceLines } from './files';
export type { FileLimits, LineSlice } from './files';
export { listFiles } from './list';
export type { ListOptions, ListResult } from './list';
export { compilePattern, searchFiles } from './search';
export type { SearchMatch, SearchOptions, SearchResult } from './search';
export { DiskEditApplier } from './disk-applier';
