import { spawnSync } from "node:child_process";

/**
 * Runs an external tool (openssl, keytool, java) with stdout and stderr captured, so that nothing it
 * prints reaches the test log; a failure throws with what it printed on stderr.
 * (execFileSync inherits stderr by default: `openssl pkcs12` prints its bag listing and "MAC is absent" there.)
 */
export function runTool(command: string, args: string[], input?: string): string {
  const run = spawnSync(command, args, { encoding: "utf8", stdio: "pipe", input, maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${run.status ?? run.signal}: ${run.stderr}`);
  return run.stdout;
}
