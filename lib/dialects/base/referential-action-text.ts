import type { ForeignKeySchema, ReferentialAction } from "../../sql/nodes";

const ACTIONS: ReadonlySet<string> = new Set<ReferentialAction>(["cascade", "set null", "set default", "restrict", "no action"]);

/** A referential action as a catalog spells it (`CASCADE`, `SET NULL`, `NO ACTION`), or undefined if unknown. */
export function referentialActionFromText(text: unknown): ReferentialAction | undefined {
  if (typeof text !== "string") return undefined;
  const action = text.trim().toLowerCase().replace(/\s+/g, " ");
  return ACTIONS.has(action) ? (action as ReferentialAction) : undefined;
}

/** The onDelete/onUpdate properties of a foreign key, leaving out the database's default action. */
export function foreignKeyActions(
  onDelete: ReferentialAction | undefined,
  onUpdate: ReferentialAction | undefined,
  defaultAction: ReferentialAction,
): Pick<ForeignKeySchema, "onDelete" | "onUpdate"> {
  return {
    ...(onDelete && onDelete !== defaultAction ? { onDelete } : {}),
    ...(onUpdate && onUpdate !== defaultAction ? { onUpdate } : {}),
  };
}
