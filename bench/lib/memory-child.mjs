// One load in a fresh process, for its memory: `node --expose-gc bench/lib/memory-child.mjs <impl>
// <file> <password>` (impl: keystorekit or jks-js) prints one JSON object:
//   fileBytes                 the file's size
//   rssBefore / heapBefore    after reading the file and a full GC, before the load (heap =
//                             V8 heapUsed + external, which counts ArrayBuffers)
//   rssPeak                   the peak resident set during the load: VmHWM of /proc/self/status,
//                             reset just before the load (clear_refs). Not resourceUsage().maxRSS:
//                             Linux folds the RSS of the process image before exec into it, which
//                             for a child of the benchmark run is the parent's (hundreds of MB).
//   rssAfter / heapAfter      after the load and a full GC, while the loaded store is still held
//   loadMs                    the load's time (one cold run: not a benchmark figure)
// The file's bytes are in "before", so the differences are what the load itself needs.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const [impl, file, password] = process.argv.slice(2);
if (typeof gc !== "function") throw new Error("run with node --expose-gc");

const loaders = {
  keystorekit: async () => {
    await import("../../dist/node/index.js"); // native SHA, as the timing suite and a Node user have it
    const { decodeKeystore } = await import("../../dist/index.js");
    return (bytes) => decodeKeystore(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { password });
  },
  "jks-js": async () => {
    const jks = createRequire(import.meta.url)("jks-js");
    return (bytes) => jks.parseJks(bytes, password);
  },
};
const load = await loaders[impl]();
const bytes = readFileSync(file);

const snapshot = () => {
  gc();
  gc();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heap: usage.heapUsed + usage.external };
};
/** VmHWM in bytes, or null off Linux. */
function highWaterMark() {
  try {
    return Number(/VmHWM:\s*(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))[1]) * 1024;
  } catch {
    return null;
  }
}

const before = snapshot();
try {
  writeFileSync("/proc/self/clear_refs", "5"); // VmHWM := current RSS
} catch {
  // not Linux: the fallback below is all there is
}
const t0 = performance.now();
const store = load(bytes);
const loadMs = performance.now() - t0;
const rssPeak = highWaterMark() ?? process.resourceUsage().maxRSS * 1024;
const after = snapshot();
console.log(JSON.stringify({
  fileBytes: bytes.length,
  rssBefore: before.rss,
  heapBefore: before.heap,
  rssPeak,
  rssAfter: after.rss,
  heapAfter: after.heap,
  entries: store.size ?? Object.keys(store).length ?? store.length,
  loadMs,
}));
