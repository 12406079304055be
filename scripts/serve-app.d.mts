import type { Server } from "node:http";
export const MIME_TYPES: Record<string, string>;
export function appServer(root?: string): Server;
