import { rmSync } from "node:fs";

/**
 * Files to remove if the process is interrupted: temporary files of a save in progress and the
 * edit lock. A save itself is synchronous, so Node runs a signal handler only between saves;
 * what the handler finds here is a lock held while a command waits (for a prompt, a lock) or a
 * temporary file of an interrupted await. SIGKILL cannot be caught: the next save sweeps what it
 * leaves (see safe-write.ts).
 */
const pending = new Set<string>();

export function removeOnInterrupt(path: string): void {
  pending.add(path);
}

export function forgetOnInterrupt(path: string): void {
  pending.delete(path);
}

/** Removes every registered file now (best effort). */
export function removePendingFiles(): void {
  for (const path of pending) rmSync(path, { force: true });
  pending.clear();
}

const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

let installed = false;

/**
 * On SIGINT, SIGTERM and SIGHUP: remove the registered files and exit 128 + the signal number
 * (130 for Ctrl-C), as shells report a command ended by a signal.
 */
export function installInterruptCleanup(exit: (status: number) => never = (status) => process.exit(status)): void {
  if (installed) return;
  installed = true;
  for (const [signal, status] of Object.entries(SIGNAL_EXIT)) {
    process.on(signal, () => {
      removePendingFiles();
      exit(status);
    });
  }
}
