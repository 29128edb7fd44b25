import type { IntrospectedTable } from "../dialects";
import type { ForeignKeySchema, IndexSchema, ReferentialAction, TableSchema, UniqueSchema } from "../sql";
import type { SchemaOperation } from "../sql/nodes/schema-operations";
import { type DiffContext, liveOnlyNote } from "./diff-context";
import { matchObjects, sameList } from "./match-objects";

/**
 * Two foreign keys are the same when they link the same columns with the
 * same actions; an action left out is the database's default (what the
 * catalog reports for it).
 */
function sameForeignKey(a: ForeignKeySchema, b: ForeignKeySchema, defaultAction: ReferentialAction): boolean {
  return (
    sameList(a.columns, b.columns) &&
    a.referencedTable === b.referencedTable &&
    sameList(a.referencedColumns, b.referencedColumns) &&
    (a.onDelete ?? defaultAction) === (b.onDelete ?? defaultAction) &&
    (a.onUpdate ?? defaultAction) === (b.onUpdate ?? defaultAction)
  );
}

export function diffForeignKeys(live: IntrospectedTable, wanted: TableSchema, ctx: DiffContext): SchemaOperation[] {
  const table = wanted.name;
  const m = matchObjects(
    wanted.foreignKeys,
    live.foreignKeys,
    (w, l) => sameForeignKey(w, l, live.defaultReferentialAction),
    (w, l) => sameList(w.columns, l.columns),
  );
  const ops: SchemaOperation[] = [];
  for (const { wanted: w, live: l } of m.changed) {
    // The replacement keeps the name the database knows it by (MySQL names the index it made for the key after it).
    const foreignKey = l.name === "" ? w : { ...w, name: l.name };
    ops.push({ kind: "dropForeignKey", table, foreignKey: { ...l } }, { kind: "addForeignKey", table, foreignKey });
  }
  for (const w of m.added) ops.push({ kind: "addForeignKey", table, foreignKey: w });
  for (const l of m.liveOnly) {
    ctx.warnings.push(liveOnlyNote(`Foreign key ${l.name || `(${l.columns.join(", ")})`} of ${table}`, ctx));
    if (ctx.allowDrop) ops.push({ kind: "dropForeignKey", table, foreignKey: { ...l } });
  }
  return ops;
}

/** A wanted UNIQUE: a constraint, or a unique index where the database keeps no difference (MySQL). */
type WantedUnique = { readonly name: string; readonly columns: readonly string[]; readonly index?: IndexSchema };

export function diffUniques(live: IntrospectedTable, wanted: TableSchema, ctx: DiffContext): SchemaOperation[] {
  const table = wanted.name;
  const asIndexes = ctx.uniqueIndexIsConstraint ? wanted.indexes.filter((i) => i.unique) : [];
  const wantedUniques: WantedUnique[] = [
    ...wanted.uniques,
    ...asIndexes.map((index) => ({ name: index.name, columns: index.columns, index })),
  ];
  const add = (w: WantedUnique): SchemaOperation =>
    w.index ? { kind: "addIndex", table, index: w.index } : { kind: "addUnique", table, unique: { name: w.name, columns: w.columns } };
  const drop = (l: UniqueSchema): SchemaOperation => ({ kind: "dropUnique", table, unique: { ...l } });
  const m = matchObjects(wantedUniques, live.uniques, (w, l) => sameList(w.columns, l.columns));
  const ops: SchemaOperation[] = [];
  for (const { wanted: w, live: l } of m.changed) ops.push(drop(l), add(w));
  for (const w of m.added) ops.push(add(w));
  for (const l of m.liveOnly) {
    ctx.warnings.push(liveOnlyNote(`Unique constraint ${l.name} of ${table}`, ctx));
    if (ctx.allowDrop) ops.push(drop(l));
  }
  return ops;
}

export function diffIndexes(live: IntrospectedTable, wanted: TableSchema, ctx: DiffContext): SchemaOperation[] {
  const table = wanted.name;
  const wantedIndexes = ctx.uniqueIndexIsConstraint ? wanted.indexes.filter((i) => !i.unique) : wanted.indexes;
  const m = matchObjects(
    wantedIndexes,
    live.indexes,
    (w, l) => w.unique === l.unique && sameList(w.columns, l.columns),
    (w, l) => sameList(w.columns, l.columns),
  );
  const ops: SchemaOperation[] = [];
  for (const { wanted: w, live: l } of m.changed)
    ops.push({ kind: "dropIndex", table, index: { ...l } }, { kind: "addIndex", table, index: w });
  for (const w of m.added) ops.push({ kind: "addIndex", table, index: w });
  for (const l of m.liveOnly) {
    ctx.warnings.push(liveOnlyNote(`Index ${l.name} of ${table}`, ctx));
    if (ctx.allowDrop) ops.push({ kind: "dropIndex", table, index: { ...l } });
  }
  return ops;
}
