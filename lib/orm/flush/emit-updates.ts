import type { CompiledQuery } from "../../dialects";
import type { Connection } from "../../engine";
import { OptimisticLockError, StaleDataError, UsageError } from "../../errors";
import type { ColumnMetadata, EntityMetadata } from "../../metadata";
import { and, type Column, type Expression, update } from "../../sql";
import { hasComparableForm, toComparable } from "../mapping/comparable-value";
import { bindsAsParameter } from "../mapping/statement-cache";
import { sameChanges, type UpdateShape } from "../mapping/update-plan";
import { currentValues, PENDING_KEY } from "../unit-of-work/column-values";
import type { EntityState } from "../unit-of-work/entity-state";
import type { RowChange } from "./change-set";
import type { DeferredKey, FlushContext } from "./flush-context";

type Row = Record<string, unknown>;

function columnOf(entity: EntityMetadata, column: ColumnMetadata): Column<string, unknown> {
  return (entity.table.c as Record<string, Column<string, unknown>>)[column.property ?? column.name];
}

function keyCondition(entity: EntityMetadata, values: readonly unknown[]): Expression<boolean> {
  return and(...entity.primaryKeys.map((k) => columnOf(entity, k).eq(values[entity.columns.indexOf(k)])));
}

/**
 * UPDATE each managed object whose columns differ from its snapshot, naming
 * only the changed columns (plus updated-at and version where mapped). A
 * version column is checked in the WHERE and bumped; a row that is not
 * matched is an OptimisticLockError (versioned) or StaleDataError. The
 * changes are all computed first; a statement's text is compiled once per
 * shape (entity and changed columns) and only re-bound for each row.
 */
export async function emitUpdates(ctx: FlushContext, changes: readonly RowChange[]): Promise<void> {
  for (let c = 0; c < changes.length; c++) if (changes[c].pending) resolvePendingKeys(ctx, changes[c]);
  const conn = await ctx.connection();
  if (conn.synchronous) {
    updateAllNow(ctx, conn, changes);
    return;
  }
  // The loop only sends: each row's statement is made, and its result recorded, by synchronous functions
  // the engine optimizes whole (a loop body inside an async function runs unoptimized).
  let shape: UpdateShape | undefined;
  for (let c = 0; c < changes.length; c++) {
    const change = changes[c];
    shape = shapeFor(shape, change);
    // Only the count of matched rows is read: there are no rows to decode.
    const rowCount = await conn.rowsMatchedNow(rowStatement(ctx, conn, shape, change));
    rowUpdated(ctx, shape, change, rowCount);
  }
}

/** updateChanged on a synchronous driver (SQLite): every UPDATE in one synchronous loop, without a promise per row. */
function updateAllNow(ctx: FlushContext, conn: Connection, changes: readonly RowChange[]): void {
  let shape: UpdateShape | undefined;
  for (let c = 0; c < changes.length; c++) shape = updateRowNow(ctx, conn, shape, changes[c]);
}

/**
 * One row's UPDATE on a synchronous driver; returns the shape it used (the
 * next row's, if it changed the same columns). A function of its own rather
 * than the loop's body: called for every row, the engine optimizes it as a
 * whole and keeps that code from one flush to the next, where a loop body is
 * only optimized mid-loop, and again in every flush.
 */
function updateRowNow(ctx: FlushContext, conn: Connection, previous: UpdateShape | undefined, change: RowChange): UpdateShape {
  const shape = shapeFor(previous, change);
  rowUpdated(ctx, shape, change, conn.rowsMatchedNow(rowStatement(ctx, conn, shape, change)) as number);
  return shape;
}

/** The statement shape of a change: the previous row's when it changed the same columns of the same entity. */
function shapeFor(previous: UpdateShape | undefined, change: RowChange): UpdateShape {
  const state = change.state;
  return previous && sameChanges(previous, state.entity, change.changed) ? previous : state.mapping.updateShape(change.changed);
}

/** The UPDATE of one changed row: updated-at stamped, version bumped, and the statement bound to its values. */
function rowStatement(ctx: FlushContext, conn: Connection, shape: UpdateShape, change: RowChange): CompiledQuery {
  const { state, values } = change;
  const layout = shape.layout;
  const snapshot = state.snapshot as unknown[];
  // A Date of its own per object: one shared instance changed in place would change every row stamped with it.
  if (shape.stamp) values[layout.updatedAtIndex] = new Date(ctx.now.getTime());
  const versionIndex = layout.versionIndex;
  let current: number | bigint | undefined;
  if (versionIndex >= 0) {
    current = snapshot[versionIndex] as number | bigint;
    values[versionIndex] = typeof current === "bigint" ? current + 1n : current + 1;
  }
  const setIndexes = shape.setIndexes;
  const keyIndexes = layout.keyIndexes;
  const params = new Array<unknown>(setIndexes.length + keyIndexes.length + (versionIndex >= 0 ? 1 : 0));
  let bindable = true;
  let n = 0;
  for (let k = 0; k < setIndexes.length; k++) {
    const value = values[setIndexes[k]];
    if (value !== null && !bindsAsParameter(value)) bindable = false;
    params[n++] = value;
  }
  const keyAsLoaded = layout.keyAsLoaded;
  for (let k = 0; k < keyIndexes.length; k++) {
    const i = keyIndexes[k];
    const loaded = snapshot[i];
    const value = keyAsLoaded[k] && loaded !== undefined ? loaded : values[i];
    if (!bindsAsParameter(value)) bindable = false;
    params[n++] = value;
  }
  if (versionIndex >= 0) {
    if (!bindsAsParameter(current)) bindable = false;
    params[n] = current;
  }
  // bind() encodes params in place: the key values for an error are read again from the snapshot.
  return bindable ? shape.statement.bind(params, shape.build) : conn.dialect.compiler.compile(shape.build(params));
}

/** After one row's UPDATE: a row not matched is an error; else the object and its snapshot take what was written. */
function rowUpdated(ctx: FlushContext, shape: UpdateShape, change: RowChange, rowCount: number): void {
  const { object, state, values } = change;
  const entity = state.entity;
  const layout = shape.layout;
  if (rowCount !== 1) {
    const keyValues = layout.keyIndexes.map((i) => fromSnapshot(state, i, values));
    // The snapshot is still the row as loaded: it holds the version the UPDATE expected.
    const version = layout.versionIndex >= 0 ? (state.snapshot as unknown[])[layout.versionIndex] : undefined;
    throw notMatched(entity, keyValues, version, rowCount);
  }
  const row = object as Row;
  if (shape.stamp) row[entity.columns[layout.updatedAtIndex].property as string] = values[layout.updatedAtIndex];
  if (layout.versionIndex >= 0) row[entity.columns[layout.versionIndex].property as string] = values[layout.versionIndex];
  // values was made for this row by changedRows: it becomes the snapshot as it is.
  ctx.uow.markFlushed(state, values);
}

function notMatched(entity: EntityMetadata, keyValues: readonly unknown[], version: unknown, rowCount: number): Error {
  const key = entity.primaryKeys.map((k, n) => `${k.property}=${String(keyValues[n])}`).join(", ");
  if (entity.versionColumn) {
    return new OptimisticLockError(
      `${entity.name} (${key}) was changed by someone else since it was loaded (version ${String(version)}); reload it and apply your change again.`,
    );
  }
  return new StaleDataError(
    `Updating ${entity.name} (${key}) matched ${rowCount} rows instead of 1: the row was deleted or its key changed.`,
  );
}

/**
 * A changed row with a foreign key to an object the flush inserted: its
 * values read again, now that the object has its key, and its changed
 * columns compared again from them. A key that is still pending points at
 * an object that is not in the session.
 */
function resolvePendingKeys(ctx: FlushContext, change: RowChange): void {
  const state = change.state;
  const values = currentValues(ctx.uow, change.object, state, change.values);
  const changed: number[] = [];
  const snapshot = state.snapshot as unknown[];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === PENDING_KEY) {
      throw new UsageError(`${state.entity.name}: a foreign key points at an object that was not inserted; add it to the session.`);
    }
    if (value !== undefined && toComparable(value, state.entity.columns[i].type) !== snapshot[i]) changed.push(i);
  }
  change.changed = changed;
  change.pending = false;
}

/** A key column's value as the database knows it (the snapshot), so a changed key still finds its row. */
function fromSnapshot(state: EntityState, index: number, values: readonly unknown[]): unknown {
  const snap = state.snapshot?.[index];
  return snap === undefined || hasComparableForm(state.entity.columns[index].type) ? values[index] : snap;
}

/** Write foreign keys that were NULL at INSERT because their target came later in the same flush. */
export async function emitDeferredKeys(ctx: FlushContext): Promise<void> {
  const deferred: readonly DeferredKey[] = ctx.deferred;
  if (deferred.length === 0) return;
  const conn = await ctx.connection();
  for (const d of deferred) {
    const entity = d.state.entity;
    const values = currentValues(ctx.uow, d.object, d.state);
    const column = entity.columns[d.columnIndex];
    const set: Row = { [column.property ?? column.name]: values[d.columnIndex] };
    await conn.execute(
      update(entity.table)
        // biome-ignore lint/suspicious/noExplicitAny: keys are the entity table's column keys.
        .set(set as any)
        .where(keyCondition(entity, values)),
    );
    const snapshot = [...(d.state.snapshot as unknown[])];
    snapshot[d.columnIndex] = toComparable(values[d.columnIndex], column.type);
    d.state.snapshot = snapshot;
  }
}
