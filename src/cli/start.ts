import { fstatSync } from "node:fs";
import { installInterruptCleanup } from "../node/cleanup.js";
import { useNodeCrypto } from "../node/native-digest.js";
import { promptLine, promptSecret } from "./prompt.js";
import { run } from "./run.js";

/** Runs the CLI in this process (see main.ts); resolves to the exit status. */
export async function start(argv: readonly string[]): Promise<number> {
  useNodeCrypto();
  // Ctrl-C, SIGTERM, SIGHUP: remove the edit lock and temporary files, exit 130/143/129.
  installInterruptCleanup();
  // A closed pipe (keystorekit list | head) is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  return run(argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    ...(process.stdin.isTTY ? { promptSecret, promptLine } : {}),
    stdoutFileMode: () => {
      try {
        const stats = fstatSync(1);
        return stats.isFile() ? stats.mode & 0o7777 : null;
      } catch {
        return null;
      }
    },
  });
}
