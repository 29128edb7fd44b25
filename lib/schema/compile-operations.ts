import type { Dialect } from "../dialects";
import { InvalidStatementError } from "../errors";
import type { SchemaOperation } from "../sql/nodes/schema-operations";

const KINDS: ReadonlySet<string> = new Set<SchemaOperation["kind"]>([
  "createTable",
  "dropTable",
  "addColumn",
  "dropColumn",
  "alterColumn",
  "addIndex",
  "dropIndex",
  "addUnique",
  "dropUnique",
  "addForeignKey",
  "dropForeignKey",
  "rebuildTable",
  "renameTable",
  "renameColumn",
  "setTableComment",
]);

/**
 * Operations also come from migration files, written by hand and loaded as
 * JavaScript: refuse what would compile to broken SQL (or to nothing), with
 * the operation named.
 */
function refuseMalformed(op: SchemaOperation, index: number): void {
  const at = `Schema operation ${index + 1}`;
  const kind = (op as { kind?: unknown } | null)?.kind;
  if (typeof kind !== "string" || !KINDS.has(kind)) {
    throw new InvalidStatementError(`${at} has unknown kind ${JSON.stringify(kind)}; the kinds are ${[...KINDS].join(", ")}.`);
  }
  if (op.kind === "alterColumn" && op.from.name !== op.to.name) {
    throw new InvalidStatementError(
      `${at} (alterColumn on ${op.table}) changes the name ${op.from.name} to ${op.to.name}: rename the column with a renameColumn operation first, then alter it under its new name.`,
    );
  }
  if (op.kind === "rebuildTable" && op.from.name !== op.to.name) {
    throw new InvalidStatementError(`${at} rebuilds table ${op.from.name} as ${op.to.name}: a rebuild keeps the table's name.`);
  }
  const table =
    op.kind === "createTable" || op.kind === "dropTable"
      ? op.table.name
      : op.kind === "rebuildTable"
        ? op.to.name
        : op.kind === "renameTable"
          ? op.from
          : op.table;
  if (typeof table !== "string" || table === "") throw new InvalidStatementError(`${at} (${op.kind}) names no table.`);
  if (op.kind === "renameTable" || op.kind === "renameColumn") {
    const what = op.kind === "renameTable" ? "table" : `column of ${op.table}`;
    if (typeof op.from !== "string" || op.from === "" || typeof op.to !== "string" || op.to === "") {
      throw new InvalidStatementError(
        `${at} (${op.kind}) needs the ${what}'s old and new names, got ${JSON.stringify(op.from)} and ${JSON.stringify(op.to)}.`,
      );
    }
  }
}

/**
 * The SQL of schema operations for one database, in the order given (a
 * migration's up() or down()). On SQLite, changes ALTER TABLE cannot make
 * must come as rebuildTable operations (what diffSchema produces there);
 * given otherwise they throw InvalidStatementError. Run the result through
 * runSchemaChange(), which sets up what a SQLite rebuild needs.
 *
 * ```ts
 * compileOperations(engine.dialect, [{ kind: "addColumn", table: "tasks", column: { name: "due", type: columnType("date"), nullable: true, autoIncrement: false } }]);
 * // ['ALTER TABLE "tasks" ADD COLUMN "due" date'] (PostgreSQL)
 * ```
 */
export function compileOperations(dialect: Dialect, operations: readonly SchemaOperation[]): string[] {
  operations.forEach(refuseMalformed);
  return operations.flatMap((op) => dialect.ddl.compileChange(op));
}
