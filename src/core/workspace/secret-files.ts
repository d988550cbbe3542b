// The one definition of "a file whose content is a secret", shared by the file tools (reading one asks,
// a search skips it), the command checks (naming one is critical) and the sandbox (hides it).
//
// Judged on names, so it holds for paths that do not exist yet and needs no reading: environment files
// (`.env`, `.env.local`, `.envrc`; not the committed samples such as `.env.example`), private keys
// (`id_rsa`, `id_ecdsa`, `*.pem`, `*.key`; not `*.pub`), credential stores (`.netrc`, `.npmrc`,
// `.git-credentials`, `credentials`), and anything inside a folder that only holds secrets (`.ssh`,
// `.aws`, `.gnupg`). Case-insensitive, like the file systems of macOS and Windows.

/** Folders whose every file is a secret, wherever they are. */
export const SECRET_DIRS: readonly string[] = ['.ssh', '.aws', '.gnupg', '.password-store'];

const ENV_FILE = /^\.env($|\.)|^\.envrc$/i;
const ENV_SAMPLE = /^\.env\.(example|sample|template|dist|defaults?)$/i;
const KEY_NAME = /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/i;
const KEY_EXTENSION = /\.(pem|key|p12|pfx|jks|keystore|ppk)$/i;
const CREDENTIAL_NAMES = new Set(['.netrc', '_netrc', '.npmrc', '.pypirc', '.git-credentials', '.pgpass', '.dockercfg', '.vault-token', 'credentials', 'credentials.json']);

/** Why one file or folder name (no `/`) marks a secret, or undefined; for walks that checked the parents already. */
export function secretNameReason(base: string): string | undefined {
  const lower = base.toLowerCase();
  if (SECRET_DIRS.includes(lower)) return `${base} is a folder of secrets`;
  if (ENV_FILE.test(lower) && !ENV_SAMPLE.test(lower)) return 'an environment file (secrets)';
  if (KEY_NAME.test(lower) || (KEY_EXTENSION.test(lower) && !lower.endsWith('.pub'))) return 'a private key';
  if (CREDENTIAL_NAMES.has(lower)) return 'a credentials file';
  return undefined;
}

/**
 * Why the file at `p` (workspace-relative or absolute, `/` or `\` separated) holds secrets, or undefined.
 * A name ending in `.pub` or a sample such as `.env.example` is not a secret.
 */
export function secretFileReason(p: string): string | undefined {
  const segments = p.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
  if (!segments.length) return undefined;
  const dir = segments.slice(0, -1).find((s) => SECRET_DIRS.includes(s.toLowerCase()));
  if (dir) return `inside ${dir}, a folder of secrets`;
  return secretNameReason(segments[segments.length - 1]);
}

/** True for a file whose content is credentials: reading it needs a human, a search skips it, the sandbox hides it. */
export function isSecretFile(p: string): boolean {
  return secretFileReason(p) !== undefined;
}
