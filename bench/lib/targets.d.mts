// Types of targets.mjs, for test/bench/targets.test.ts.

export interface ResultRow {
  input: string;
  impl: string;
  op: string;
  medianMs?: number;
  skip?: string;
  [key: string]: unknown;
}
export interface StartupRow {
  name: string;
  wallMs?: number;
  cpuMs?: number;
  runs?: number;
  wallRatio?: number;
  cpuRatio?: number;
  skip?: string;
}
export interface PemResults {
  rows: { shape: string; op: string; bytes: number; medianMs?: number; cpuMs?: number; minCpuMs?: number; skip?: string }[];
  shapes: { shape: string; growth: number; sizeRatio: number; linearity: number }[];
}
export interface BenchResults {
  command?: string;
  date?: string;
  machine?: { cpu: string; cores: number; node: string };
  loadAverage?: { start: number[]; end?: number[] };
  rows?: ResultRow[];
  startup?: { rows: StartupRow[] };
  pem?: PemResults;
}
export interface Target {
  kind: "codec" | "startup" | "pem-time" | "pem-linear";
  group: string;
  label: string;
  limit: number;
  strict: boolean;
  input?: string;
  op?: string;
  vs?: string;
  case?: string;
  shape?: string;
}
export type TargetStatus = "met" | "missed" | "not measured";
export interface EvaluatedTarget extends Target {
  ratio?: number;
  status: TargetStatus;
  detail: string;
}
export declare const README_MARKERS: { start: string; end: string };
export declare const TARGETS: readonly Target[];
export declare function evaluateTargets(results: BenchResults): EvaluatedTarget[];
export declare function summarizeTargets(evaluated: readonly EvaluatedTarget[]): { met: number; missed: number; notMeasured: number };
export declare function targetsTable(evaluated: readonly EvaluatedTarget[]): string[];
export declare function loadLine(loadAverage: BenchResults["loadAverage"], cores?: number): string;
export declare function headlineTable(rows: readonly ResultRow[]): string[];
export declare function readmeBlock(results: BenchResults): string;
export declare function spliceReadme(readme: string, block: string): string;
