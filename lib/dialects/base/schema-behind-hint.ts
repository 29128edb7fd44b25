/**
 * Said after "no such table" or "no such column": the likeliest cause is a
 * database that has not caught up with the entities (a migration not run, a
 * schema never synced), and the commands that show and fix that.
 */
export function schemaBehindHint(what: "table" | "column"): string {
  return `The database may be behind the entities (a ${what} they use is missing): run "strata schema:log" to see what differs from them, then "strata migration:run" to apply the pending migrations (or "strata schema:sync" on a development database).`;
}
