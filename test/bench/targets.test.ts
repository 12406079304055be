import { describe, expect, it } from "vitest";
import { README_MARKERS, TARGETS, evaluateTargets, readmeBlock, spliceReadme, summarizeTargets, targetsTable, type BenchResults, type EvaluatedTarget } from "../../bench/lib/targets.mjs";

// The target table of `npm run bench` (bench/lib/targets.mjs) on synthetic results: which figure
// each target takes, its ratio, met / missed / not measured, and the README splice. No timings.

const row = (input: string, impl: string, op: string, medianMs: number) => ({ input, impl, op, medianMs });

const results: BenchResults = {
  command: "npm run bench",
  date: "2030-01-02T03:04:05.000Z",
  machine: { cpu: "Test CPU", cores: 2, node: "v20.0.0" },
  loadAverage: { start: [0.5, 0.4, 0.3], end: [1.25, 0.5, 0.25] },
  rows: [
    // cacerts PKCS#12 load: the async API is the faster one and must be the one used.
    row("cacerts-p12", "keystorekit", "load", 8),
    row("cacerts-p12", "keystorekit", "load-async", 4),
    row("cacerts-p12", "java-17", "load", 5),
    row("cacerts-p12", "java-25", "load", 2),
    row("cacerts-p12", "lower-bound", "p12-native", 10 / 3),
    // save-java exactly level with Java 17: "faster than" is not met by a tie.
    row("cacerts-p12", "keystorekit", "save-java", 3),
    row("cacerts-p12", "java-17", "save-java", 3),
    // JKS 10k: load at exactly 2× the SHA-1 floor meets "at most 2×", save does not.
    row("synthetic-10k", "keystorekit", "load", 20),
    row("synthetic-10k", "keystorekit", "save", 30),
    row("synthetic-10k", "lower-bound", "sha1-native", 10),
    // Verification: node-forge cannot read the EC chain.
    row("cacerts", "keystorekit", "verify-chain", 2),
    { input: "cacerts", impl: "node-forge", op: "verify-chain", skip: "fails: Cannot read public key. OID is not RSA." },
    row("cacerts", "java-17", "verify-chain", 1.6),
    row("cacerts", "keystorekit", "verify-chain-rsa", 0.1),
    row("cacerts", "java-17", "verify-chain-rsa", 0.11),
  ],
  startup: {
    rows: [
      { name: "node -e 0", wallMs: 50, cpuMs: 40, runs: 15 },
      { name: 'import "keystorekit"', wallMs: 70, cpuMs: 48, runs: 15, cpuRatio: 1.2, wallRatio: 1.4 },
      { name: "keystorekit --version", wallMs: 55, cpuMs: 44, runs: 15, cpuRatio: 1.1, wallRatio: 1.1 },
    ],
  },
  pem: {
    rows: [
      { shape: "bundle", op: "decodePem", bytes: 2_500_000, medianMs: 200 },
      { shape: "bundle", op: "decodePem", bytes: 10_000_000, medianMs: 900, cpuMs: 950 },
    ],
    shapes: [
      { shape: "bundle", growth: 4.4, sizeRatio: 4, linearity: 1.1 },
      { shape: "dashes", growth: 16, sizeRatio: 4, linearity: 4 },
    ],
  },
};

const byLabel = (evaluated: EvaluatedTarget[], label: string): EvaluatedTarget => {
  const found = evaluated.find((t) => t.label === label);
  if (!found) throw new Error(`no target "${label}"`);
  return found;
};

describe("bench target table", () => {
  const evaluated = evaluateTargets(results);

  it("covers every target of issue #16", () => {
    const groups = Object.fromEntries(["start-up", "verify", "pkcs12", "jks", "pem"].map((group) => [group, TARGETS.filter((t) => t.group === group).length]));
    // 3 start-up; RSA and EC chains × Java 17 and node-forge; 3 PKCS#12 inputs × load/save × Java 17/25 + the p12-native floor;
    // JKS 1k/10k/50k × load/save; PEM 10 MB time + 4 shapes.
    expect(groups).toEqual({ "start-up": 3, verify: 4, pkcs12: 13, jks: 6, pem: 5 });
    expect(evaluated).toHaveLength(TARGETS.length);
  });

  it("takes keystorekit's faster API and divides by the peer", () => {
    const target = byLabel(evaluated, "PKCS#12 cacerts load ÷ Java 17 in-process");
    expect(target.ratio).toBeCloseTo(0.8, 10);
    expect(target.status).toBe("met");
    expect(target.detail).toContain("load-async");
    const java25 = byLabel(evaluated, "PKCS#12 cacerts load ÷ Temurin 25 in-process");
    expect(java25.ratio).toBeCloseTo(2, 10);
    expect(java25.status).toBe("missed");
  });

  it("treats 'faster than' as strict and 'at most' as inclusive", () => {
    expect(byLabel(evaluated, "PKCS#12 cacerts save ÷ Java 17 in-process")).toMatchObject({ ratio: 1, status: "missed" });
    expect(byLabel(evaluated, "JKS 10k load ÷ native SHA-1 pass")).toMatchObject({ ratio: 2, status: "met" });
    expect(byLabel(evaluated, "JKS 10k save ÷ native SHA-1 pass")).toMatchObject({ ratio: 3, status: "missed" });
    const floor = byLabel(evaluated, "PKCS#12 cacerts load ÷ p12-native floor");
    expect(floor.ratio).toBeCloseTo(1.2, 10);
    expect(floor.status).toBe("met");
  });

  it("says why a target was not measured", () => {
    const forge = byLabel(evaluated, "verifyChain, EC/RSA chain ÷ node-forge");
    expect(forge.status).toBe("not measured");
    expect(forge.ratio).toBeUndefined();
    expect(forge.detail).toContain("OID is not RSA");
    expect(byLabel(evaluated, "PKCS#12 cacerts save ÷ Temurin 25 in-process").status).toBe("not measured");
    expect(byLabel(evaluated, "`keystorekit list cacerts` ÷ `node -e 0`").status).toBe("not measured");
    expect(byLabel(evaluated, "JKS 50k load ÷ native SHA-1 pass").detail).toContain("no keystorekit load on synthetic-50k");
  });

  it("judges start-up by the worse of CPU and wall time", () => {
    expect(byLabel(evaluated, '`import "keystorekit"` ÷ `import "keystorekit/jks"`')).toMatchObject({ ratio: 1.4, status: "missed" });
    expect(byLabel(evaluated, "`keystorekit --version` ÷ `node -e 0`")).toMatchObject({ ratio: 1.1, status: "met" });
  });

  it("judges the PEM time (the worse of wall and CPU) against 1 s and linearity against the size ratio", () => {
    expect(byLabel(evaluated, "PEM 10 MB bundle decodePem ÷ 1 s")).toMatchObject({ ratio: 0.95, status: "met" });
    expect(byLabel(evaluated, "PEM bundle: growth ÷ size ratio (linear = 1)")).toMatchObject({ ratio: 1.1, status: "met" });
    expect(byLabel(evaluated, "PEM dashes: growth ÷ size ratio (linear = 1)")).toMatchObject({ ratio: 4, status: "missed" });
    expect(byLabel(evaluated, "PEM unterminated: growth ÷ size ratio (linear = 1)").status).toBe("not measured");
  });

  it("counts and renders the statuses", () => {
    const summary = summarizeTargets(evaluated);
    expect(summary.met + summary.missed + summary.notMeasured).toBe(TARGETS.length);
    expect(summary).toMatchObject({ met: 7, missed: 6 });
    const table = targetsTable(evaluated).join("\n");
    expect(table).toContain(`${summary.met} met, ${summary.missed} missed, ${summary.notMeasured} not measured.`);
    expect(table).toContain("| PKCS#12 cacerts load ÷ Temurin 25 in-process | 2.00× | < 1× | **missed** |");
  });
});

describe("README splice", () => {
  const readme = `# Title\n\nBefore.\n\n${README_MARKERS.start}\nold table\n${README_MARKERS.end}\n\nAfter.\n`;

  it("replaces only the text between the markers, and is idempotent", () => {
    const block = readmeBlock(results);
    const once = spliceReadme(readme, block);
    expect(once.startsWith(`# Title\n\nBefore.\n\n${README_MARKERS.start}\n`)).toBe(true);
    expect(once.endsWith(`${README_MARKERS.end}\n\nAfter.\n`)).toBe(true);
    expect(once).not.toContain("old table");
    expect(once).toContain(block);
    expect(spliceReadme(once, block)).toBe(once);
  });

  it("puts the run, its load average, the headline figures and the targets in the block", () => {
    const block = readmeBlock(results);
    expect(block).toContain("Load average (1 / 5 / 15 min) at start 0.50 / 0.40 / 0.30, at end 1.25 / 0.50 / 0.25.");
    expect(block).not.toContain("busy");
    const busy = readmeBlock({ ...results, loadAverage: { start: [0.5, 0.4, 0.3], end: [3, 1, 1] } });
    expect(busy).toContain("The machine was busy (1-minute load above its 2 cores)");
    expect(block).toContain("2030-01-02");
    expect(block).toContain("| PKCS#12 cacerts load (Java profile) | 4.00 ms (async) | java-25 2.00 ms | 3.33 ms |");
    expect(block).toContain("| `import \"keystorekit\"` ÷ `import \"keystorekit/jks\"` | 1.40× | ≤ 1.3× | **missed** |");
  });

  it("refuses a README without exactly one marker pair", () => {
    expect(() => spliceReadme("# no markers\n", "x")).toThrow(/bench:start/);
    expect(() => spliceReadme(`${README_MARKERS.end}\n${README_MARKERS.start}\n`, "x")).toThrow(/bench:start/);
    expect(() => spliceReadme(`${readme}${readme}`, "x")).toThrow(/exactly one/);
  });
});
