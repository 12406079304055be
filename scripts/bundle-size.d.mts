// Types for scripts/bundle-size.mjs (used by test/runtimes/bundle-size.test.ts).
export interface BundleCase {
  name: string;
  /** The module bundled, importing from "keystorekit" or "keystorekit/<subpath>". */
  code: string;
  /** gzip budget in bytes. */
  budget: number;
  /** Packages the bundle must not even load. */
  forbid?: readonly string[];
  /** Packages that must leave no bytes in the output (tree-shaken away). */
  forbidInOutput?: readonly string[];
}
export interface BundleResult {
  name: string;
  minified: number;
  gzip: number;
  budget: number;
  overBudget: boolean;
  /** Packages with bytes in the output. */
  packages: string[];
  /** Packages esbuild loaded (before tree-shaking). */
  loaded: string[];
  forbidden: string[];
  sourceFiles: number;
}
export const repoRoot: string;
export const PKIX_PACKAGES: readonly string[];
export const CASES: readonly BundleCase[];
export function measure(testCase: BundleCase): Promise<BundleResult>;
export function measureAll(cases?: readonly BundleCase[]): Promise<BundleResult[]>;
export function formatTable(results: readonly BundleResult[]): string;
/** esbuild plugin resolving "keystorekit[/sub]" to the src/*.ts behind package.json "exports". */
export function selfReference(): import("esbuild").Plugin;
