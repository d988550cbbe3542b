// Builds the environment a command sees: credentials and the harness's own secrets are dropped.

const SECRET_NAME = /(_TOKEN|_KEY|_SECRET|_PASSWORD|_PASS|_CREDENTIALS?|_PAT|_AUTH)$|PASSWD|SECRET|^(AWS|AZURE|OPENAI|ANTHROPIC|GOOGLE|GCP|HARNESS|VAULT|DOCKER|GH|GITHUB|GITLAB|HF|HUGGING_?FACE|TWILIO|STRIPE|SLACK|DATABASE|PG|MYSQL|REDIS)_|^(GITHUB_TOKEN|GH_TOKEN|NPM_TOKEN|HARNESS_API_KEY|SSH_AUTH_SOCK|SSH_AGENT_PID|GPG_AGENT_INFO|GOOGLE_APPLICATION_CREDENTIALS|KUBECONFIG|DATABASE_URL|NODE_AUTH_TOKEN|CI_JOB_TOKEN)$/i;
/**
 * Variables that make the shell or node run extra code at start-up, or make bash read the command line
 * differently from how the policy parsed it (`CDPATH` sends `cd src` elsewhere).
 */
const STARTUP_HOOKS = /^(BASH_ENV|ENV|PROMPT_COMMAND|NODE_OPTIONS|LD_PRELOAD|LD_AUDIT|BASH_FUNC_.*|CDPATH|GLOBIGNORE|SHELLOPTS|BASHOPTS|IFS|PS4)$/;

export function isSecretVariable(name: string): boolean {
  return SECRET_NAME.test(name) || STARTUP_HOOKS.test(name);
}

export interface ScrubResult {
  env: Record<string, string>;
  dropped: string[];
}

/**
 * Copies `source` without secret-looking variables (unless allow-listed) and without any variable
 * whose value is one of `secretValues` (the API key under whatever name it was set).
 */
export function scrubEnvironment(source: NodeJS.ProcessEnv, allowList: string[] = [], secretValues: string[] = []): ScrubResult {
  const allowed = new Set(allowList);
  const secrets = secretValues.filter((s) => s.length >= 4);
  const env: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const holdsSecret = secrets.some((s) => value.includes(s));
    if (holdsSecret || (isSecretVariable(name) && !allowed.has(name))) dropped.push(name);
    else env[name] = value;
  }
  return { env, dropped };
}

/** Replaces every occurrence of the secret values in text. */
export function redact(text: string, secretValues: string[]): string {
  let out = text;
  for (const s of secretValues) if (s.length >= 4) out = out.split(s).join('[REDACTED]');
  return out;
}
