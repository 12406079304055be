/**
 * Reads a secret from the terminal without echoing it (raw mode). Ctrl-C arrives as a character
 * in raw mode, so it is turned back into SIGINT: the interrupt handler cleans up and exits 130.
 */
export function promptSecret(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    // Echo goes off before the prompt shows: an answer typed as soon as it appears is not echoed.
    stdin.setRawMode(true);
    process.stderr.write(prompt);
    stdin.resume();
    stdin.setEncoding("utf8");
    let secret = "";
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener("data", onData);
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(secret);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n" || char === "\u0004") return finish();
        if (char === "\u0003") {
          finish(new Error("cancelled"));
          process.kill(process.pid, "SIGINT");
          return;
        }
        if (char === "\u007f" || char === "\b") secret = secret.slice(0, -1);
        else secret += char;
      }
    };
    stdin.on("data", onData);
  });
}

/** Reads one visible line from the terminal (a yes/no question), the prompt on stderr. */
export async function promptLine(prompt: string): Promise<string> {
  const { createInterface } = await import("node:readline/promises");
  const lines = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return await lines.question(prompt);
  } finally {
    lines.close();
  }
}
