import { defineTable, integer, varchar } from "../../lib";

/**
 * A plain Core table, no class behind it: the tracker's activity log. Core
 * is the layer for rows like these, written and read as SQL in TypeScript.
 */
export const activityLog = defineTable("activity_log", {
  id: integer().primaryKey(),
  actor: varchar(100).notNull(),
  action: varchar(200).notNull(),
});
