// Memory of one load, measured in a fresh Node process (bench/lib/memory-child.mjs) so that
// nothing the timing runs left behind is counted.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./memory-child.mjs", import.meta.url));

/** { input, impl, fileBytes, rssBefore, rssPeak, rssAfter, heapBefore, heapAfter, loadMs }, or a skip row. */
export function nodeMemory(impl, input) {
  try {
    const output = execFileSync(process.execPath, ["--expose-gc", CHILD, impl, input.path, input.password], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    return { input: input.name, impl, ...JSON.parse(output) };
  } catch (error) {
    return { input: input.name, impl, skip: `failed: ${error.message.split("\n")[0]}` };
  }
}
