#!/usr/bin/env node
import { useNodeCrypto } from "../node/native-digest.js";
import { promptSecret } from "./prompt.js";
import { run } from "./run.js";

useNodeCrypto();
// A closed pipe (keystorekit list | head) is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});
const exitCode = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  ...(process.stdin.isTTY ? { promptSecret } : {}),
});
process.exitCode = exitCode;
