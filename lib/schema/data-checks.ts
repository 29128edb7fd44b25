import type { SchemaOperation } from "../dialects/base/schema-change";
import type { Connection } from "../engine";
import type { ColumnSchema } from "../sql";
import { SchemaChangeRefusedError } from "./schema-errors";

interface ColumnChanges {
  readonly table: string;
  readonly added: ColumnSchema[];
  readonly madeNotNull: ColumnSchema[];
}

/** What each operation does to the columns of an existing table (a rebuild's changes are found by comparing its two definitions). */
function columnChanges(operations: readonly SchemaOperation[]): ColumnChanges[] {
  const byTable = new Map<string, ColumnChanges>();
  const of = (table: string) => {
    const found = byTable.get(table);
    if (found) return found;
    const c: ColumnChanges = { table, added: [], madeNotNull: [] };
    byTable.set(table, c);
    return c;
  };
  for (const op of operations) {
    if (op.kind === "addColumn") of(op.table).added.push(op.column);
    else if (op.kind === "alterColumn" && op.from.nullable && !op.to.nullable) of(op.table).madeNotNull.push(op.to);
    else if (op.kind === "rebuildTable") {
      for (const c of op.to.columns) {
        const was = op.from.columns.find((f) => f.name === c.name);
        if (!was) of(op.to.name).added.push(c);
        else if (was.nullable && !c.nullable) of(op.to.name).madeNotNull.push(c);
      }
    }
  }
  return [...byTable.values()];
}

/**
 * Refuse, before anything runs, changes the rows already in the database
 * cannot take: a NOT NULL column without a default added to a table with
 * rows (they would have no value), a column made NOT NULL while rows hold
 * NULL in it. Every problem is listed at once.
 */
export async function refuseChangesRowsCannotTake(conn: Connection, operations: readonly SchemaOperation[]): Promise<void> {
  const q = (name: string) => conn.dialect.compiler.quoteIdentifier(name);
  const problems: string[] = [];
  for (const change of columnChanges(operations)) {
    const table = q(change.table);
    const needsValue = change.added.filter((c) => !c.nullable && c.default === undefined && !c.autoIncrement);
    if (needsValue.length > 0 && (await conn.runSql(`SELECT 1 AS found FROM ${table} LIMIT 1`)).rows.length > 0) {
      for (const c of needsValue) {
        problems.push(
          `Cannot add NOT NULL column ${change.table}.${c.name} without a default: ${change.table} has rows, which would have no value for it. Give the column a default, or make it nullable (fill it, then make it NOT NULL in a later change).`,
        );
      }
    }
    for (const c of change.madeNotNull) {
      const rows = (await conn.runSql(`SELECT COUNT(*) AS nulls FROM ${table} WHERE ${q(c.name)} IS NULL`)).rows;
      const nulls = Number(Object.values(rows[0] ?? {})[0] ?? 0);
      if (nulls > 0) {
        problems.push(
          `Cannot make ${change.table}.${c.name} NOT NULL: ${nulls} row${nulls === 1 ? " holds" : "s hold"} NULL there. Give ${nulls === 1 ? "it" : "them"} a value first, or keep the column nullable.`,
        );
      }
    }
  }
  if (problems.length > 0) throw new SchemaChangeRefusedError(problems);
}
