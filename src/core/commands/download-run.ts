// `curl -o i.sh URL && sh i.sh` is `curl URL | sh` with a file in between: a file fetched by one part
// and run by a later part of the same command line is judged as critical as the pipe.
import * as path from 'node:path';
import type { Concern, Part } from './parts';
import { baseName, DOWNLOADERS, INTERPRETERS } from './parts';
import { resolveAll } from './paths';
import { flagWriteTargets } from './write-targets';
import type { Word } from './words';

const WRITES = new Set(['>', '>>', '>|', '&>', '&>>']);

function resolved(w: Word | undefined | null, part: Part): string[] {
  if (!w || w.value === null) return [];
  return resolveAll(w.value, part.cwds) ?? [];
}

/** Where a downloader part saves what it fetches. */
function savedFiles(part: Part): string[] {
  const out = [...flagWriteTargets(part.words), ...part.redirects.filter((r) => WRITES.has(r.op)).map((r) => r.target)].flatMap((w) => resolved(w, part));
  const name = baseName(part.words[0]?.value ?? '');
  const args = part.words.slice(1).map((w) => w.value);
  // wget without -O, and curl -O, name the file after the URL.
  const remoteName = name === 'wget' ? !args.some((x) => x === '-O' || (x ?? '').startsWith('--output-document')) : args.some((x) => x !== null && (/^-[A-Za-z]*O$/.test(x) || x === '--remote-name'));
  if (remoteName) {
    for (const url of args) {
      const m = url !== null ? /^[a-z]+:\/\/[^/]+\/(?:[^?#]*\/)?([^/?#]+)/i.exec(url) : null;
      if (m) out.push(...(resolveAll(m[1], part.cwds) ?? []));
    }
  }
  return out;
}

/** Files a runner reads as its instructions without naming them: `make` runs the Makefile. */
const RUNNER_FILES: Record<string, string[]> = {
  make: ['Makefile', 'makefile', 'GNUmakefile'], npm: ['package.json', '.npmrc'], yarn: ['package.json', '.yarnrc.yml'], pnpm: ['package.json'], bun: ['package.json', 'bunfig.toml'],
  npx: ['package.json'], cargo: ['Cargo.toml', 'build.rs', '.cargo/config.toml'], go: ['go.mod'], pip: ['setup.py', 'pyproject.toml'], pip3: ['setup.py', 'pyproject.toml'],
  pytest: ['conftest.py', 'pytest.ini', 'pyproject.toml', 'setup.cfg', 'tox.ini'], tox: ['tox.ini'], gradle: ['build.gradle', 'build.gradle.kts'], mvn: ['pom.xml'], cmake: ['CMakeLists.txt'],
  rake: ['Rakefile'], jest: ['jest.config.js', 'package.json'], vitest: ['vite.config.ts', 'vitest.config.ts'], composer: ['composer.json'], bundle: ['Gemfile'],
};

/** Critical concerns for the parts that run a file an earlier part downloaded. */
export function downloadRunConcerns(parts: Part[]): Map<Part, Concern> {
  const downloaded = new Set<string>();
  const out = new Map<Part, Concern>();
  for (const part of parts) {
    const nameValue = part.words[0]?.value;
    if (!nameValue) continue;
    const name = baseName(nameValue);
    if (DOWNLOADERS.has(name)) {
      savedFiles(part).forEach((f) => downloaded.add(path.resolve(f)));
      continue;
    }
    if (!downloaded.size) continue;
    const runsFile = nameValue.includes('/') ? resolved(part.words[0], part) : [];
    const scripts = INTERPRETERS.has(name) || name === 'source' || name === '.' ? part.words.slice(1).flatMap((w) => resolved(w, part)) : [];
    const words = part.words.map((w) => w.value);
    // `python3 -m x` runs x.py (or x/__main__.py) from the working directory.
    const mod = INTERPRETERS.has(name) ? words[words.indexOf('-m') + 1] : undefined;
    const modules = words.includes('-m') && mod ? [`${mod.replace(/\./g, '/')}.py`, `${mod.replace(/\./g, '/')}/__main__.py`] : [];
    const implicit = [...(RUNNER_FILES[name] ?? []), ...modules].flatMap((f) => (part.cwds ?? []).map((c) => path.join(c, f)));
    const hit = [...runsFile, ...scripts, ...implicit].find((f) => downloaded.has(path.resolve(f)));
    if (hit) out.set(part, { level: 'critical', reason: `runs ${hit}, downloaded earlier in this command (like curl … | sh)` });
  }
  return out;
}
