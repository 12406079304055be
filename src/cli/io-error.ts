/**
 * Node's file errors read "ENOENT: no such file or directory, open '/x.jks'"; users want
 * "cannot open /x.jks: no such file or directory". Anything that does not look like a Node
 * system error keeps its own message.
 */
export function isNodeSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && "code" in error && typeof error.code === "string";
}

export function ioErrorMessage(error: NodeJS.ErrnoException): string {
  const description = /^[A-Z0-9_]+: ([^,]+)/.exec(error.message)?.[1] ?? error.message;
  if (error.path === undefined) return description;
  const verb = error.syscall === "open" || error.syscall === undefined ? "open" : error.syscall;
  return `cannot ${verb} ${error.path}: ${description}`;
}
