// The machine and package versions a result was measured with.
import { readFileSync } from "node:fs";
import { cpus, platform, release, totalmem, arch } from "node:os";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(`${root}package.json`);

/** The version of an installed package (or of this package), or null when it is not installed. */
export function packageVersion(name) {
  try {
    const path = name === "keystorekit" ? `${root}package.json` : require.resolve(`${name}/package.json`);
    return JSON.parse(readFileSync(path, "utf8")).version;
  } catch {
    return null;
  }
}

export function machineInfo() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? "unknown",
    cores: cpu.length,
    os: `${platform()} ${release()} ${arch()}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    packages: {
      keystorekit: packageVersion("keystorekit"),
      "jks-js": packageVersion("jks-js"),
      "node-forge": packageVersion("node-forge"),
      pkijs: packageVersion("pkijs"),
      asn1js: packageVersion("asn1js"),
    },
  };
}
