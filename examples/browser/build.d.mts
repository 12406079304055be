export const outdir: string;
export function buildExample(): Promise<{ outdir: string; bytes: number }>;
