import type { Connection } from "../engine";
import type { ColumnSchema } from "../sql";
import type { SchemaOperation } from "../sql/nodes/schema-operations";
import { type RenameCandidate, renameArgument } from "./renames";
import { SchemaChangeRefusedError } from "./schema-errors";

interface ColumnChanges {
  readonly table: string;
  readonly added: ColumnSchema[];
  readonly madeNotNull: ColumnSchema[];
  /** Text columns given a shorter length (or text made varchar): existing values may not fit. */
  readonly shortened: ColumnSchema[];
}

/** Whether values of `from` may not fit `to`: a varchar shorter than before, or text (unbounded) made varchar. */
function shortens(from: ColumnSchema, to: ColumnSchema): boolean {
  if (to.type.kind !== "varchar" || to.type.length === undefined) return false;
  if (from.type.kind === "text") return true;
  return from.type.kind === "varchar" && from.type.length !== undefined && to.type.length < from.type.length;
}

/** What each operation does to the columns of an existing table (a rebuild's changes are found by comparing its two definitions). */
function columnChanges(operations: readonly SchemaOperation[]): ColumnChanges[] {
  const byTable = new Map<string, ColumnChanges>();
  const of = (table: string) => {
    const found = byTable.get(table);
    if (found) return found;
    const c: ColumnChanges = { table, added: [], madeNotNull: [], shortened: [] };
    byTable.set(table, c);
    return c;
  };
  for (const op of operations) {
    if (op.kind === "addColumn") of(op.table).added.push(op.column);
    else if (op.kind === "alterColumn") {
      if (op.from.nullable && !op.to.nullable) of(op.table).madeNotNull.push(op.to);
      if (shortens(op.from, op.to)) of(op.table).shortened.push(op.to);
    } else if (op.kind === "rebuildTable") {
      for (const c of op.to.columns) {
        const was = op.from.columns.find((f) => f.name === c.name);
        if (!was) of(op.to.name).added.push(c);
        else {
          if (was.nullable && !c.nullable) of(op.to.name).madeNotNull.push(c);
          if (shortens(was, c)) of(op.to.name).shortened.push(c);
        }
      }
    }
  }
  return [...byTable.values()];
}

/**
 * Refuse, before anything runs, changes the rows already in the database
 * cannot take: a NOT NULL column without a default added to a table with
 * rows (they would have no value), a column made NOT NULL while rows hold
 * NULL in it, a varchar made shorter than values it holds (SQLite would
 * keep them too long; the others would fail midway). Every problem is
 * listed at once. A new column that may be a renamed one (`candidates`)
 * says so.
 */
export async function refuseChangesRowsCannotTake(
  conn: Connection,
  operations: readonly SchemaOperation[],
  candidates: readonly RenameCandidate[] = [],
): Promise<void> {
  const quote = (name: string) => conn.dialect.compiler.quoteIdentifier(name);
  // The checks run before any change: tables and columns go by the names they have now, before the renames.
  const oldTable = (name: string) => {
    for (const op of operations) if (op.kind === "renameTable" && op.to === name) return op.from;
    return name;
  };
  const problems: string[] = [];
  for (const change of columnChanges(operations)) {
    const table = quote(oldTable(change.table));
    const q = (column: string) => {
      for (const op of operations) if (op.kind === "renameColumn" && op.table === change.table && op.to === column) return quote(op.from);
      return quote(column);
    };
    const needsValue = change.added.filter((c) => !c.nullable && c.default === undefined && !c.autoIncrement);
    if (needsValue.length > 0 && (await conn.runSql(`SELECT 1 AS found FROM ${table} LIMIT 1`)).rows.length > 0) {
      for (const c of needsValue) {
        const renamed = candidates.filter((r) => r.kind === "column" && r.table === change.table && r.to === c.name);
        const hint =
          renamed.length > 0
            ? ` If it is ${renamed.map((r) => `${change.table}.${r.from}`).join(" or ")} renamed, say so and its values are kept: renames: [{ kind: "column", table: "${change.table}", from: "${renamed[0].from}", to: "${c.name}" }] (on the command line --rename ${renameArgument(renamed[0])}), or keep the old name with @Column({ name: "${renamed[0].from}" }).`
            : "";
        problems.push(
          `Cannot add NOT NULL column ${change.table}.${c.name} without a default: ${change.table} has rows, which would have no value for it. Give the column a default, or make it nullable (fill it, then make it NOT NULL in a later change).${hint}`,
        );
      }
    }
    for (const c of change.shortened) {
      const length = conn.dialect.ddl.textLengthSql(q(c.name));
      const rows = (await conn.runSql(`SELECT COUNT(*) AS too_long FROM ${table} WHERE ${length} > ${Number(c.type.length)}`)).rows;
      const count = Number(Object.values(rows[0] ?? {})[0] ?? 0);
      if (count > 0) {
        problems.push(
          `Cannot shorten ${change.table}.${c.name} to varchar(${c.type.length}): ${count} row${count === 1 ? " holds a value" : "s hold values"} longer than that. Shorten ${count === 1 ? "it" : "them"} first, or keep the length.`,
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
