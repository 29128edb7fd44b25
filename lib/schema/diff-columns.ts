import type { IntrospectedTable } from "../dialects";
import type { ColumnSchema, TableSchema } from "../sql";
import type { ColumnChange, SchemaOperation } from "../sql/nodes/schema-operations";
import { type DiffContext, liveOnlyNote } from "./diff-context";
import { withReferencedCollation } from "./foreign-key-collations";
import { plainColumn } from "./plain-schema";

/**
 * The wanted column as an ALTER writes it: where it names no collation, with
 * the live column's own, since restating a column without one (MySQL's
 * MODIFY COLUMN, PostgreSQL's ALTER COLUMN TYPE) would reset it.
 */
function keepingLiveCollation(live: ColumnSchema, wanted: ColumnSchema, ctx: DiffContext): ColumnSchema {
  if (ctx.ddl.collationOf(wanted) !== undefined || live.collation === undefined || !ctx.ddl.takesCollation(wanted.type)) return wanted;
  return { ...wanted, collation: live.collation };
}

/**
 * Column operations that bring a live table's columns to the wanted ones,
 * matched by name: added, altered (only the parts that differ, compared the
 * way this database stores them; a collation only where one is wanted), and
 * dropped only with allowDrop. A change to a generated key or a primary key
 * is reported, not made.
 */
export function diffColumns(live: IntrospectedTable, wanted: TableSchema, ctx: DiffContext): SchemaOperation[] {
  const ops: SchemaOperation[] = [];
  const table = wanted.name;
  for (const w of wanted.columns) {
    const l = live.columns.find((c) => c.name === w.name);
    if (!l) {
      ops.push({ kind: "addColumn", table, column: withReferencedCollation(w, wanted, ctx.live, ctx.ddl) });
      continue;
    }
    if (!ctx.ddl.sameKeyGeneration(l, w, live)) {
      ctx.warnings.push(
        `Column ${table}.${w.name} is ${l.autoIncrement ? "" : "not "}database-generated in the database but ${w.autoIncrement ? "is" : "is not"} in the entities: not changed (write a migration for it).`,
      );
      continue;
    }
    const changes: ColumnChange[] = [];
    if (!ctx.ddl.sameColumnType(l, w)) changes.push("type");
    if (l.nullable !== w.nullable) changes.push("nullable");
    if (!ctx.ddl.sameColumnDefault(l, w, wanted)) changes.push("default");
    if (!ctx.ddl.sameColumnCollation(l, w)) changes.push("collation");
    if (!ctx.ddl.sameColumnComment(l, w)) changes.push("comment");
    if (changes.length > 0) {
      const to = keepingLiveCollation(l, ctx.ddl.withUnstatedFromLive(l, w), ctx);
      ops.push({ kind: "alterColumn", table, from: plainColumn(l), to, changes });
    }
  }
  for (const l of live.columns) {
    if (wanted.columns.some((c) => c.name === l.name)) continue;
    ctx.warnings.push(liveOnlyNote(`Column ${table}.${l.name}`, ctx));
    if (ctx.allowDrop) ops.push({ kind: "dropColumn", table, column: plainColumn(l) });
  }
  const samePrimaryKey = live.primaryKey.length === wanted.primaryKey.length && live.primaryKey.every((c, i) => c === wanted.primaryKey[i]);
  if (!samePrimaryKey) {
    ctx.warnings.push(
      `The primary key of ${table} is (${live.primaryKey.join(", ")}) in the database and (${wanted.primaryKey.join(", ")}) in the entities: not changed (write a migration for it).`,
    );
  }
  return ops;
}
