import type { DdlCompiler, IntrospectedTable } from "../dialects";

/** What the diff of one table needs besides the two schemas. */
export interface DiffContext {
  readonly ddl: DdlCompiler;
  /** Every live table by name (the diff looks up the columns new foreign keys reference). */
  readonly live: ReadonlyMap<string, IntrospectedTable>;
  /** Drop what is only in the database (tables, columns, indexes, constraints); otherwise keep it and warn. */
  readonly allowDrop: boolean;
  /** Where a unique index and a UNIQUE constraint are one thing (MySQL): compare them as one. */
  readonly uniqueIndexIsConstraint: boolean;
  /** Collects what was found and not changed. */
  readonly warnings: string[];
}

/** The sentence said about an object only in the database. */
export function liveOnlyNote(what: string, ctx: DiffContext): string {
  return ctx.allowDrop
    ? `${what} is in the database but not in the entities: dropped (allowDrop).`
    : `${what} is in the database but not in the entities: kept (to drop it: allowDrop: true, or --allow-drop on the strata command line).`;
}
