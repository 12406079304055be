// A loop of one op on one bench input, for `node --cpu-prof`:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile/loop.mjs cacerts-p12 load [seconds=5] [dist]
// then summarise with `node bench/profile/top.mjs /tmp/prof/<file>.cpuprofile`.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { prepareInputs } from "../inputs.mjs";

const [inputName = "cacerts-p12", op = "load", seconds = "5", dist = "dist"] = process.argv.slice(2);
const dir = resolve(dist);
(await import(pathToFileURL(`${dir}/node/index.js`).href)).useNodeCrypto();
const lib = await import(pathToFileURL(`${dir}/index.js`).href);
const input = (await prepareInputs()).find((candidate) => candidate.name === inputName);
const data = new Uint8Array(readFileSync(input.path));
const { password } = input;
const load = () => lib.decodeKeystore(data, { password });
const profile = input.format === "PKCS12" ? { profile: input.profile } : {};
const store = load();
const ops = {
  load,
  save: () => lib.encodeKeystore(store, { format: input.format, password, ...profile }),
  "load-async": () => lib.decodeKeystoreAsync(data, { password }),
};
const end = performance.now() + Number(seconds) * 1000;
let runs = 0;
while (performance.now() < end) {
  await ops[op]();
  runs++;
}
console.log(`${runs} runs of ${op} on ${inputName}`);
