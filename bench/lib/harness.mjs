// A dependency-free timing harness: warm up, then sample until the time budget or the run cap is
// reached, and report the median and p90 in milliseconds.

// Sampling lasts 0.5 s per case (was 1 s): ops of a few ms still get 100+ samples, ops above
// ~150 ms get the 3-run minimum either way, and the whole default run (~250 cases, two JVMs) stays
// near 6 minutes on a 2-core machine. bench/java/JksBench.java and bench/python/jks_bench.py
// follow the same numbers.

/** Results are written here so the engine cannot drop the measured work as dead code. */
export let sink;

/**
 * Times `fn`. Warmup: `warmupRuns` runs or `warmupMs`, whichever ends first (at least one run).
 * Sampling: until `minTimeMs` have elapsed (and at least `minRuns` runs), or `maxRuns` runs, or the
 * hard cap `maxTimeMs`. `setup` (untimed) runs before every sample and its value is passed to `fn`.
 */
export function measure(fn, { setup, warmupRuns = 50, warmupMs = 300, minTimeMs = 500, minRuns = 3, maxRuns = 1000, maxTimeMs = 10_000 } = {}) {
  const warmStart = performance.now();
  for (let i = 0; i < warmupRuns; i++) {
    sink = fn(setup?.());
    if (performance.now() - warmStart > warmupMs) break;
  }
  const samples = [];
  const start = performance.now();
  for (;;) {
    const input = setup?.();
    const t0 = performance.now();
    sink = fn(input);
    samples.push(performance.now() - t0);
    const elapsed = performance.now() - start;
    if (samples.length >= maxRuns || elapsed >= maxTimeMs) break;
    if (elapsed >= minTimeMs && samples.length >= minRuns) break;
  }
  return summarize(samples);
}

/** {@link measure} for an async `fn` (awaited inside the timed region); same rules. */
export async function measureAsync(fn, { setup, warmupRuns = 50, warmupMs = 300, minTimeMs = 500, minRuns = 3, maxRuns = 1000, maxTimeMs = 10_000 } = {}) {
  const warmStart = performance.now();
  for (let i = 0; i < warmupRuns; i++) {
    sink = await fn(await setup?.());
    if (performance.now() - warmStart > warmupMs) break;
  }
  const samples = [];
  const start = performance.now();
  for (;;) {
    const input = await setup?.();
    const t0 = performance.now();
    sink = await fn(input);
    samples.push(performance.now() - t0);
    const elapsed = performance.now() - start;
    if (samples.length >= maxRuns || elapsed >= maxTimeMs) break;
    if (elapsed >= minTimeMs && samples.length >= minRuns) break;
  }
  return summarize(samples);
}

/** Median, p90 (nearest rank), min and run count of a list of samples in ms. */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const p90 = sorted[Math.min(n - 1, Math.ceil(0.9 * n) - 1)];
  return { medianMs: median, p90Ms: p90, minMs: sorted[0], runs: n };
}
