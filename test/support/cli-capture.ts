// Runs the CLI's main() in-process and captures what it prints: the tests' one way to call `harness`.
import { main } from '../../src/cli';

export interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(argv: string[]): Promise<CliOutput> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}
