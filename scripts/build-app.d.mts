import type { Metafile } from "esbuild";
export const appDir: string;
export const defaultOutdir: string;
export function buildApp(options?: { outdir?: string; externalLibrary?: boolean; minify?: boolean }): Promise<{ outdir: string; metafile: Metafile; mainFile: string; styleFile: string }>;
