import { buildCliBundle } from "./helpers/cli-bin.js";

/** Once per run: the CLI as one fresh file, for tests that run it as a real process. */
export default async function setup(): Promise<void> {
  await buildCliBundle();
}
