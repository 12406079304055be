#!/usr/bin/env node
// The CLI's entry: `--version` is answered before anything else is loaded, every other command
// loads the CLI (start.ts), which loads only the module of the command it runs (issue 16).
import { VERSION } from "./version.js";

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-version")) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { start } = await import("./start.js");
  process.exitCode = await start(argv);
}
