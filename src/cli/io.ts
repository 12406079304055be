/** A warning with a stable code, as --json outputs carry them in "warnings". */
export interface CliWarning {
  code: string;
  message: string;
}

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Asks for a secret on the terminal without echo; undefined when there is no terminal. */
  promptSecret?(prompt: string): Promise<string>;
  /** Asks a question on the terminal, the answer echoed (keytool's yes/no questions); undefined when there is no terminal. */
  promptLine?(prompt: string): Promise<string>;
  /** When set, every warning given through {@link warn} is also recorded here (for --json). */
  warnings?: CliWarning[];
  /** The permission bits of standard output when it is a regular file, else null. */
  stdoutFileMode?(): number | null;
}

/** Prints "Warning: MESSAGE" on stderr and records it where the command collects warnings. */
export function warn(io: CliIo, code: string, message: string): void {
  io.stderr(`Warning: ${message}\n`);
  io.warnings?.push({ code, message });
}
