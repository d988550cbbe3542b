// `npm run demo`: the same real VS Code the e2e tests use, in your browser, with the packaged
// extension and a copy of the demo workspace. With OPENAI_API_KEY or HARNESS_BASE_URL set it
// talks to that endpoint; otherwise to a clearly labelled scripted demo endpoint.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMockLlm, type MockLlm, type ScriptedTurn } from '../support/mock-llm-server';
import { REPO_ROOT } from './support/browser';
import { startCodeServer } from './support/code-server';
import { harnessVsix, makeWorkspace } from './support/session';

const DEMO_DIR = join(REPO_ROOT, 'test', 'e2e', 'demo');
/** Turns the scripted endpoint plays for the demo task (proposal, approval, verification). */
const DEMO_SCRIPT = join(DEMO_DIR, 'demo-script.json');
/** Passed through to the extension host when set, so the demo can use a real endpoint. */
/** What the scripted endpoint answers once its walkthrough is played. */
export const DEMO_OVER = '[scripted demo] The scripted demo is over. Set OPENAI_API_KEY or HARNESS_BASE_URL to use a real model.';
const MODEL_ENV = ['OPENAI_API_KEY', 'HARNESS_BASE_URL', 'HARNESS_MODEL', 'HARNESS_API_KEY'];

function fail(message: string): never {
  console.error(`demo: ERROR: ${message}`);
  process.exit(1);
}

function loadDemoScript(): ScriptedTurn[] {
  if (!existsSync(DEMO_SCRIPT)) {
    fail(`no scripted demo endpoint script at ${DEMO_SCRIPT}; set OPENAI_API_KEY or HARNESS_BASE_URL to use a real endpoint`);
  }
  const turns: unknown = JSON.parse(readFileSync(DEMO_SCRIPT, 'utf8'));
  if (!Array.isArray(turns)) fail(`${DEMO_SCRIPT} must be a JSON array of scripted turns`);
  return turns as ScriptedTurn[];
}

async function main(): Promise<void> {
  const port = Number(process.env.HARNESS_DEMO_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`HARNESS_DEMO_PORT must be a port number, got ${process.env.HARNESS_DEMO_PORT}`);

  const env: Record<string, string> = {};
  for (const key of MODEL_ENV) if (process.env[key]) env[key] = process.env[key]!;
  const real = Boolean(env.OPENAI_API_KEY || env.HARNESS_BASE_URL);

  let mock: MockLlm | undefined;
  if (!real) {
    mock = await startMockLlm(loadDemoScript(), { defaultTurn: { content: DEMO_OVER } });
    env.HARNESS_BASE_URL = mock.url;
    env.OPENAI_API_KEY = 'demo-scripted-endpoint-no-key';
  }

  const workspace = makeWorkspace({}, join(DEMO_DIR, 'workspace'));
  const server = await startCodeServer({ vsix: harnessVsix(), workspace, trusted: true, port, env });

  const line = '='.repeat(72);
  console.log(`\n${line}`);
  console.log(`  Harness demo: open ${server.workspaceUrl}`);
  console.log(`  Workspace (a scratch copy): ${workspace}`);
  if (mock) {
    console.log('  Model: SCRIPTED DEMO ENDPOINT (not a real model; it plays a fixed walkthrough)');
    console.log(`         ${mock.url}`);
  } else {
    console.log(`  Model: ${env.HARNESS_BASE_URL ?? 'OpenAI (OPENAI_API_KEY)'}`);
  }
  console.log('  Then: trust the folder, F1 -> "Harness: Run harnessed task", and type the task from README.md.');
  console.log(`  Stop: Ctrl+C`);
  console.log(`${line}\n`);

  const shutdown = async () => {
    await server.stop();
    await mock?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err) => fail((err as Error).message));
