// Stand-in panels for the shell's own tests (test/app/shell.test.ts): they exercise
// AppContext.edit, undo/redo and the unsaved-changes marker without the real feature panels.
import type { Panel } from "../../app/src/context.js";

export const PANELS: Panel[] = [
  {
    id: "test-delete-first",
    label: "Delete first",
    shortcut: "d",
    needsStore: true,
    async open(ctx) {
      const first = ctx.current()!.store.aliases()[0]!;
      await ctx.edit(`delete ${first}`, (draft) => {
        draft.store.delete(first);
      });
    },
  },
  {
    id: "test-failing-edit",
    label: "Failing edit",
    needsStore: true,
    async open(ctx) {
      await ctx.edit("failing edit", (draft) => {
        draft.store.delete(draft.store.aliases()[0]!);
        throw new Error("this edit fails on purpose");
      });
    },
  },
];
