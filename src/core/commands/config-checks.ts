// Commands that write the configuration other programs obey later: a package manager's registry or
// script shell, an auth token store, a cloud CLI's account. `git config` is judged in git-checks.ts;
// variables that redirect configuration (XDG_CONFIG_HOME=…, GIT_*, npm_config_*) in decide.ts.
import type { Concern } from './parts';

const risky = (reason: string): Concern => ({ level: 'risky', reason });

/** program → subcommand chains (space-separated words) that write configuration or credentials. */
const WRITERS: Record<string, string[]> = {
  npm: ['config set', 'config delete', 'config edit', 'config fix', 'set', 'c set', 'login', 'adduser', 'logout', 'token create', 'profile set'],
  yarn: ['config set', 'config unset', 'npm login', 'login'],
  pnpm: ['config set', 'config delete', 'set', 'login'],
  bun: ['pm trust'],
  pip: ['config set', 'config unset', 'config edit'],
  pip3: ['config set', 'config unset', 'config edit'],
  poetry: ['config', 'source add'],
  conda: ['config'],
  cargo: ['login'],
  rustup: ['default', 'override', 'set', 'toolchain link'],
  gh: ['config set', 'auth', 'alias set', 'extension install'],
  glab: ['config set', 'auth'],
  gcloud: ['config set', 'auth'],
  aws: ['configure'],
  az: ['configure', 'login'],
  kubectl: ['config'],
  helm: ['repo add'],
  docker: ['login', 'context'],
  go: ['env -w'],
  corepack: ['enable', 'prepare'],
  volta: ['install', 'pin'],
  nvm: ['alias'],
  dotnet: ['nuget add', 'nuget update'],
};

export function configConcerns(name: string, args: (string | null)[]): Concern[] {
  const chains = WRITERS[name];
  if (!chains) return [];
  const words = args.filter((a) => a === null || !a.startsWith('-') || a === '-w');
  if (words.some((w) => w === null)) return [];
  const line = words.join(' ');
  const hit = chains.find((c) => line === c || line.startsWith(c + ' '));
  return hit ? [risky(`${name} ${hit} changes configuration or credentials that later commands obey`)] : [];
}
