import type { CompiledQuery } from "../../dialects";
import type { Connection } from "../../engine";
import { OptimisticLockError, StaleDataError, UsageError } from "../../errors";
import type { ColumnMetadata, EntityMetadata } from "../../metadata";
import { and, type Column, type ExecutableNode, type Expression, update } from "../../sql";
import { hasComparableForm, toComparable } from "../mapping/comparable-value";
import { type FlushShape, flushShapeOf } from "../mapping/flush-shape";
import { bindsAsParameter, ShapeCache, type ShapeStatement, statementFor } from "../mapping/statement-cache";
import { currentValues, PENDING_KEY } from "../unit-of-work/column-values";
import type { EntityState } from "../unit-of-work/entity-state";
import type { FlushContext } from "./flush-context";
import type { DeferredKey } from "./flush-inserts";

type Row = Record<string, unknown>;

function columnOf(entity: EntityMetadata, column: ColumnMetadata): Column<string, unknown> {
  return (entity.table.c as Record<string, Column<string, unknown>>)[column.property ?? column.name];
}

function keyCondition(entity: EntityMetadata, values: readonly unknown[]): Expression<boolean> {
  return and(...entity.primaryKeys.map((k) => columnOf(entity, k).eq(values[entity.columns.indexOf(k)])));
}

/** What an UPDATE of one entity needs per column, worked out once per entity. */
interface UpdateLayout {
  /** The table column of each metadata column, by index. */
  readonly columns: readonly Column<string, unknown>[];
  /** Columns whose values compare with `===` as they are (toComparable returns them unchanged). */
  readonly plain: readonly boolean[];
  readonly keyIndexes: readonly number[];
  /** Per key column (as keyIndexes): whether the UPDATE finds the row by the key as loaded (the snapshot) rather than the live value. */
  readonly keyAsLoaded: readonly boolean[];
  /** Columns holding an instant (datetime, timestamptz): a Date compares with its snapshot by its time. */
  readonly instant: readonly boolean[];
  readonly updatedAtIndex: number;
  readonly versionIndex: number;
  /**
   * Date columns (neither key nor foreign key): when unchanged, the snapshot
   * already holds their comparable form (the time as a number), which
   * toComparable keeps as it is. Nothing writes them back to the object.
   */
  readonly unchangedFromSnapshot: readonly number[];
}

const layouts = new WeakMap<EntityMetadata, UpdateLayout>();

function layoutOf(entity: EntityMetadata): UpdateLayout {
  let layout = layouts.get(entity);
  if (!layout) {
    layout = {
      columns: entity.columns.map((c) => columnOf(entity, c)),
      plain: entity.columns.map((c) => !hasComparableForm(c.type)),
      keyIndexes: entity.primaryKeys.map((k) => entity.columns.indexOf(k)),
      keyAsLoaded: entity.primaryKeys.map((k) => !hasComparableForm(k.type)),
      instant: entity.columns.map((c) => c.type.kind === "datetime" || c.type.kind === "timestamptz"),
      updatedAtIndex: entity.updatedAtColumn ? entity.columns.indexOf(entity.updatedAtColumn) : -1,
      versionIndex: entity.versionColumn ? entity.columns.indexOf(entity.versionColumn) : -1,
      unchangedFromSnapshot: entity.columns.flatMap((c, i) =>
        (c.type.kind === "datetime" || c.type.kind === "timestamptz") && !entity.primaryKeys.includes(c) && c.relationProperty === undefined
          ? [i]
          : [],
      ),
    };
    layouts.set(entity, layout);
  }
  return layout;
}

/** A managed object whose columns differ from its snapshot: its current values and which of them changed. */
interface RowChange {
  readonly object: object;
  readonly state: EntityState;
  readonly values: unknown[];
  readonly changed: readonly number[];
}

/**
 * The UPDATE of one entity's rows that changed the same columns: which
 * columns it sets (the changed ones, then updated-at unless the application
 * set it, then the version), and its statement. The values it binds are, in
 * order, the SET values, the key as loaded, and the version as loaded.
 */
interface UpdateShape {
  readonly entity: EntityMetadata;
  /** The entity's layout, carried so that each row's UPDATE does not look it up again. */
  readonly layout: UpdateLayout;
  readonly changed: readonly number[];
  readonly setIndexes: readonly number[];
  /** updated-at is set to the flush's time (the application did not set it). */
  readonly stamp: boolean;
  readonly statement: ShapeStatement;
  /** What markFlushed needs of the entity, carried for the same reason as the layout. */
  readonly flushed: FlushShape;
  build(params: readonly unknown[]): ExecutableNode;
}

const shapes = new ShapeCache<UpdateShape>();

/** The shape of UPDATEs of an entity's rows that changed these columns (kept: see ShapeCache). */
function updateShape(conn: Connection, entity: EntityMetadata, changed: readonly number[]): UpdateShape {
  return shapes.get(conn.dialect, entity, changed.join(","), () => newUpdateShape(conn, entity, [...changed]));
}

function newUpdateShape(conn: Connection, entity: EntityMetadata, changed: readonly number[]): UpdateShape {
  const layout = layoutOf(entity);
  const setIndexes = [...changed];
  const stamp = layout.updatedAtIndex >= 0 && !changed.includes(layout.updatedAtIndex);
  if (stamp) setIndexes.push(layout.updatedAtIndex);
  const version = layout.versionIndex;
  if (version >= 0 && !changed.includes(version)) setIndexes.push(version);
  const bound = [...setIndexes, ...layout.keyIndexes, ...(version >= 0 ? [version] : [])].map((i) => layout.columns[i]);
  const statement = statementFor(conn.dialect, entity, `update ${setIndexes.join(",")}`, () => bound);
  const keysAt = setIndexes.length;
  return {
    entity,
    layout,
    changed,
    setIndexes,
    stamp,
    statement,
    flushed: flushShapeOf(entity),
    build(params) {
      const set: Row = {};
      setIndexes.forEach((i, n) => {
        set[entity.columns[i].property ?? entity.columns[i].name] = params[n];
      });
      const keys = and(...layout.keyIndexes.map((i, k) => layout.columns[i].eq(params[keysAt + k])));
      const where = version >= 0 ? and(keys, layout.columns[version].eq(params[params.length - 1])) : keys;
      return (
        update(entity.table)
          // biome-ignore lint/suspicious/noExplicitAny: keys are the entity table's column keys.
          .set(set as any)
          .where(where)
          .toStatementNode()
      );
    },
  };
}

function sameChanges(shape: UpdateShape, entity: EntityMetadata, changed: readonly number[]): boolean {
  if (shape.entity !== entity || shape.changed.length !== changed.length) return false;
  for (let i = 0; i < changed.length; i++) if (shape.changed[i] !== changed[i]) return false;
  return true;
}

/**
 * UPDATE each managed object whose columns differ from its snapshot, naming
 * only the changed columns (plus updated-at and version where mapped). A
 * version column is checked in the WHERE and bumped; a row that is not
 * matched is an OptimisticLockError (versioned) or StaleDataError. The
 * changes are all computed first; a statement's text is compiled once per
 * shape (entity and changed columns) and only re-bound for each row.
 */
export async function updateChanged(ctx: FlushContext, managed: readonly EntityState[]): Promise<void> {
  const changes = changedRows(ctx, managed);
  if (changes.length === 0) return;
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
    shape = shapeFor(shape, conn, change);
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
  const shape = shapeFor(previous, conn, change);
  rowUpdated(ctx, shape, change, conn.rowsMatchedNow(rowStatement(ctx, conn, shape, change)) as number);
  return shape;
}

/** The statement shape of a change: the previous row's when it changed the same columns of the same entity. */
function shapeFor(previous: UpdateShape | undefined, conn: Connection, change: RowChange): UpdateShape {
  const entity = change.state.entity;
  return previous && sameChanges(previous, entity, change.changed) ? previous : updateShape(conn, entity, change.changed);
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
  ctx.uow.markFlushed(object, state, values, shape.flushed);
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

function changedRows(ctx: FlushContext, managed: readonly EntityState[]): RowChange[] {
  const changes: RowChange[] = [];
  const pending = PENDING_KEY;
  // The changed column indexes of the row at hand; consecutive rows that changed the same columns share one array.
  const scratch: number[] = [];
  let last: readonly number[] = [];
  // An unchanged row hands its values buffer on to the next row of the same entity: only changed rows keep theirs.
  let buffer: unknown[] | undefined;
  let bufferEntity: EntityMetadata | undefined;
  for (let m = 0; m < managed.length; m++) {
    const state = managed[m];
    if (!state.snapshot) continue;
    const object = state.object;
    const entity = state.entity;
    const layout = layoutOf(entity);
    const plain = layout.plain;
    const instant = layout.instant;
    const snapshot = state.snapshot;
    const values = currentValues(
      ctx.uow,
      object,
      state,
      buffer && bufferEntity === entity ? buffer : new Array<unknown>(entity.columns.length),
    );
    let count = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === pending)
        throw new UsageError(`${entity.name}: a foreign key points at an object that was not inserted; add it to the session.`);
      if (v === undefined) continue;
      const before = snapshot[i];
      // The snapshot holds comparable forms; a Date compares by its time, without a number made for it.
      if (
        plain[i]
          ? v !== before
          : instant[i] && v instanceof Date
            ? v.getTime() !== before
            : toComparable(v, entity.columns[i].type) !== before
      )
        scratch[count++] = i;
    }
    if (count === 0) {
      buffer = values;
      bufferEntity = entity;
      continue;
    }
    buffer = undefined;
    // values becomes the row's next snapshot: unchanged columns take their comparable form from the old one
    // (no Date turned into a new number again). Keys keep their live value: the UPDATE binds them.
    const keep = layout.unchangedFromSnapshot;
    for (let k = 0, c = 0; k < keep.length; k++) {
      const i = keep[k];
      while (c < count && scratch[c] < i) c++;
      if (c < count && scratch[c] === i) continue;
      if (values[i] !== undefined) values[i] = snapshot[i];
    }
    if (!sameIndexes(last, scratch, count)) last = scratch.slice(0, count);
    changes.push({ object, state, values, changed: last });
  }
  return changes;
}

function sameIndexes(a: readonly number[], b: readonly number[], count: number): boolean {
  if (a.length !== count) return false;
  for (let i = 0; i < count; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A key column's value as the database knows it (the snapshot), so a changed key still finds its row. */
function fromSnapshot(state: EntityState, index: number, values: readonly unknown[]): unknown {
  const snap = state.snapshot?.[index];
  return snap === undefined || hasComparableForm(state.entity.columns[index].type) ? values[index] : snap;
}

/** Write foreign keys that were NULL at INSERT because their target came later in the same flush. */
export async function writeDeferredKeys(ctx: FlushContext, deferred: readonly DeferredKey[]): Promise<void> {
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
