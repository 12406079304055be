import { run } from "../../src/cli/run.js";

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
  /** The prompts the command showed, in order (with `answers`). */
  prompts: string[];
}

/**
 * Runs the CLI in-process with captured output and the given environment. With `answers` it
 * behaves as if on a terminal: each prompt takes the next answer.
 */
export async function cli(
  argv: string[],
  env: Record<string, string | undefined> = {},
  terminal: { answers?: string[]; stdoutFileMode?: number } = {},
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const prompts: string[] = [];
  const answers = [...(terminal.answers ?? [])];
  const ask = async (prompt: string) => {
    prompts.push(prompt);
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`unexpected prompt: ${prompt}`);
    return answer;
  };
  const status = await run(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env,
    ...(terminal.answers
      ? {
          promptSecret: async (prompt: string) => ask(prompt),
          promptLine: async (prompt: string) => ask(prompt),
        }
      : {}),
    ...(terminal.stdoutFileMode !== undefined ? { stdoutFileMode: () => terminal.stdoutFileMode! } : {}),
  });
  return { status, stdout, stderr, prompts };
}
