import type { Dialect } from "../dialects";
import type { SchemaOperation } from "../dialects/base/schema-change";

/**
 * The SQL of schema operations for one database, in the order given (a
 * migration's up() or down()). On SQLite, changes ALTER TABLE cannot make
 * must come as rebuildTable operations (what diffSchema produces there);
 * given otherwise they throw InvalidStatementError.
 *
 * ```ts
 * compileOperations(engine.dialect, [{ kind: "addColumn", table: "tasks", column: { name: "due", type: columnType("date"), nullable: true, autoIncrement: false } }]);
 * // ['ALTER TABLE "tasks" ADD COLUMN "due" date'] (PostgreSQL)
 * ```
 */
export function compileOperations(dialect: Dialect, operations: readonly SchemaOperation[]): string[] {
  return operations.flatMap((op) => dialect.ddl.compileChange(op));
}
