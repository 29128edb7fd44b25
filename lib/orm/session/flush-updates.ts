import type { Connection } from "../../engine";
import { OptimisticLockError, StaleDataError, UsageError } from "../../errors";
import type { ColumnMetadata, EntityMetadata } from "../../metadata";
import { and, type Column, type Expression, update } from "../../sql";
import { currentValues, PENDING_KEY } from "./column-values";
import { toComparable } from "./comparable-value";
import type { EntityState } from "./entity-state";
import type { FlushContext } from "./flush-context";
import type { DeferredKey } from "./flush-inserts";

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
 * matched is an OptimisticLockError (versioned) or StaleDataError.
 */
export async function updateChanged(ctx: FlushContext, conn: Connection): Promise<void> {
  for (const [object, state] of [...ctx.uow.entries()]) {
    if (state.status !== "managed" || !state.snapshot) continue;
    const entity = state.entity;
    const values = currentValues(ctx.uow, object, state);
    const changed: number[] = [];
    values.forEach((v, i) => {
      if (v === PENDING_KEY)
        throw new UsageError(`${entity.name}: a foreign key points at an object that was not inserted; add it to the session.`);
      if (v === undefined) return;
      if (toComparable(v, entity.columns[i].type) !== (state.snapshot as unknown[])[i]) changed.push(i);
    });
    if (changed.length === 0) continue;
    await writeUpdate(ctx, conn, object, state, values, changed);
  }
}

async function writeUpdate(
  ctx: FlushContext,
  conn: Connection,
  object: object,
  state: EntityState,
  values: unknown[],
  changed: number[],
): Promise<void> {
  const entity = state.entity;
  const row = object as Row;
  const set: Row = {};
  for (const i of changed) set[entity.columns[i].property ?? entity.columns[i].name] = values[i];
  const updatedAt = entity.updatedAtColumn;
  if (updatedAt && !changed.includes(entity.columns.indexOf(updatedAt))) {
    set[updatedAt.property as string] = ctx.now;
    values[entity.columns.indexOf(updatedAt)] = ctx.now;
  }
  const version = entity.versionColumn;
  const keyValues = state.entity.columns.map((c, i) => (c.primary ? fromSnapshot(state, i, values) : undefined));
  let where = keyCondition(entity, keyValues);
  let nextVersion: number | bigint | undefined;
  if (version) {
    const index = entity.columns.indexOf(version);
    const current = (state.snapshot as unknown[])[index] as number | bigint;
    nextVersion = typeof current === "bigint" ? current + 1n : current + 1;
    set[version.property as string] = nextVersion;
    values[index] = nextVersion;
    where = and(where, columnOf(entity, version).eq(current));
  }
  const result = await conn.execute(
    update(entity.table)
      // biome-ignore lint/suspicious/noExplicitAny: keys are the entity table's column keys.
      .set(set as any)
      .where(where),
  );
  if (result.rowCount !== 1) {
    const key = entity.primaryKeys.map((k) => `${k.property}=${String(keyValues[entity.columns.indexOf(k)])}`).join(", ");
    if (version) {
      throw new OptimisticLockError(
        `${entity.name} (${key}) was changed by someone else since it was loaded (version ${String((state.snapshot as unknown[])[entity.columns.indexOf(version)])}); reload it and apply your change again.`,
      );
    }
    throw new StaleDataError(
      `Updating ${entity.name} (${key}) matched ${result.rowCount} rows instead of 1: the row was deleted or its key changed.`,
    );
  }
  if (updatedAt) row[updatedAt.property as string] = ctx.now;
  if (version) row[version.property as string] = nextVersion;
  ctx.uow.markFlushed(object, state, values);
}

/** A key column's value as the database knows it (the snapshot), so a changed key still finds its row. */
function fromSnapshot(state: EntityState, index: number, values: readonly unknown[]): unknown {
  const snap = state.snapshot?.[index];
  const type = state.entity.columns[index].type.kind;
  return snap === undefined || type === "datetime" || type === "timestamptz" || type === "json" || type === "blob" ? values[index] : snap;
}

/** Write foreign keys that were NULL at INSERT because their target came later in the same flush. */
export async function writeDeferredKeys(ctx: FlushContext, conn: Connection, deferred: readonly DeferredKey[]): Promise<void> {
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
