import type { TableSchema } from "../../sql/nodes";
import type { RebuildTableOperation } from "../../sql/nodes/schema-operations";

/** Where the new definition is built before it takes the table's name. */
export function rebuildTableName(table: string): string {
  return `_strata_rebuild_${table}`;
}

/** Asks whether foreign key enforcement is on; the rebuild refuses to run if it is (see checkSchemaChangeResult). */
export const FOREIGN_KEYS_QUERY = "PRAGMA foreign_keys";

export interface RebuildParts {
  q(name: string): string;
  /** CREATE TABLE for a table, without its indexes. */
  createTable(table: TableSchema): string[];
  /** CREATE INDEX for each of the table's indexes. */
  createIndexes(table: TableSchema): string[];
}

/**
 * SQLite's procedure for changes ALTER TABLE cannot make
 * (https://www.sqlite.org/lang_altertable.html#otheralter): create the new
 * definition under another name, copy the rows, drop the old table, rename
 * the new one, recreate the indexes, then check the foreign keys.
 *
 * It must run with foreign key enforcement off (set outside the
 * transaction: the pragma does nothing inside one). Were it on, dropping the
 * old table would delete its rows first, firing ON DELETE CASCADE / SET NULL
 * in the tables that reference it. The first statement checks that it is
 * off. The last lists foreign keys of the table that the copied rows break;
 * any row there fails the change (checkSchemaChangeResult).
 *
 * Columns of both definitions are copied by name; columns only in the new
 * one take their defaults. An AUTOINCREMENT counter carries over, so ids of
 * deleted rows do not come back.
 */
export function rebuildTableStatements(op: RebuildTableOperation, parts: RebuildParts): string[] {
  const { from, to } = op;
  const q = parts.q;
  const temp = rebuildTableName(to.name);
  const kept = to.columns.filter((c) => from.columns.some((f) => f.name === c.name)).map((c) => q(c.name));
  const statements = [FOREIGN_KEYS_QUERY, ...parts.createTable({ ...to, name: temp, indexes: [] })];
  if (kept.length > 0) statements.push(`INSERT INTO ${q(temp)} (${kept.join(", ")}) SELECT ${kept.join(", ")} FROM ${q(from.name)}`);
  if (to.columns.some((c) => c.autoIncrement) && from.columns.some((c) => c.autoIncrement)) {
    statements.push(
      `DELETE FROM sqlite_sequence WHERE name = '${temp.replace(/'/g, "''")}'`,
      `INSERT INTO sqlite_sequence (name, seq) SELECT '${temp.replace(/'/g, "''")}', seq FROM sqlite_sequence WHERE name = '${from.name.replace(/'/g, "''")}'`,
    );
  }
  statements.push(`DROP TABLE ${q(from.name)}`, `ALTER TABLE ${q(temp)} RENAME TO ${q(to.name)}`, ...parts.createIndexes(to));
  statements.push(`PRAGMA foreign_key_check(${q(to.name)})`);
  return statements;
}
