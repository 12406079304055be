// The feature panels the shell shows in its toolbar, in toolbar order. Each lives in a file of its own.
import type { Panel } from "../context.js";

export const PANELS: Panel[] = [];
