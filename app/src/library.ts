// The library loads as a chunk of its own on first use (the empty page needs none of it).
type Library = typeof import("keystorekit");

let pending: Promise<Library> | undefined;
let ready: Library | undefined;

/** Loads keystorekit (once). */
export async function library(): Promise<Library> {
  pending ??= import("keystorekit").then((module) => (ready = module));
  return pending;
}

/** The library once {@link library} has resolved (every view that shows a store runs after an open). */
export function loaded(): Library {
  if (!ready) throw new Error("keystorekit is not loaded yet");
  return ready;
}
