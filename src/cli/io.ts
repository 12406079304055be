/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Asks for a secret on the terminal without echo; undefined when there is no terminal. */
  promptSecret?(prompt: string): Promise<string>;
  /** The permission bits of standard output when it is a regular file, else null. */
  stdoutFileMode?(): number | null;
}
