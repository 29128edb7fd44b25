import { randomUUID } from "node:crypto";
import type { Connection } from "../../engine";
import { UsageError } from "../../errors";
import type { EntityMetadata } from "../../metadata";
import { type Column, insert } from "../../sql";
import { currentValues, PENDING_KEY } from "./column-values";
import type { EntityState } from "./entity-state";
import type { FlushContext } from "./flush-context";
import { identityKey, primaryKeyValues } from "./identity";

type Row = Record<string, unknown>;

/** A foreign key set to NULL at INSERT because its target was inserted later (a cycle); written by a later UPDATE. */
export interface DeferredKey {
  readonly object: object;
  readonly state: EntityState;
  readonly columnIndex: number;
}

/** Fill what Strata generates for a new row before it is inserted: uuid keys, timestamps, version, value defaults. */
function prepareNew(entity: EntityMetadata, object: object, state: EntityState, now: Date): void {
  const row = object as Row;
  const before = new Map<string, unknown>();
  const set = (property: string, value: unknown) => {
    if (!before.has(property)) before.set(property, row[property]);
    row[property] = value;
  };
  for (const c of entity.columns) {
    if (c.property === undefined) continue;
    const value = row[c.property];
    if (c.generated === "uuid" && value == null) set(c.property, randomUUID());
    else if (c.role === "createdAt" && value == null) set(c.property, now);
    else if (c.role === "updatedAt") set(c.property, now);
    else if (c.role === "version" && value == null) set(c.property, 1);
    else if (value === undefined && c.default?.kind === "value") set(c.property, c.default.value);
  }
  for (const c of entity.primaryKeys)
    if (c.generated === "identity" && !before.has(c.property as string)) before.set(c.property as string, row[c.property as string]);
  for (const c of entity.columns) if (c.relationProperty && c.property && !before.has(c.property)) before.set(c.property, row[c.property]);
  state.preInsert ??= before;
}

/** Objects of one entity in an order where each self-referencing parent comes before its children. */
function inWaves(entity: EntityMetadata, objects: object[]): object[][] {
  const selfRelations = entity.relations.filter((r) => r.owner && !r.many && r.target === entity);
  if (selfRelations.length === 0) return [objects];
  const waves: object[][] = [];
  const pending = new Set(objects);
  while (pending.size > 0) {
    const wave = [...pending].filter((o) =>
      selfRelations.every((r) => {
        const parent = (o as Row)[r.property];
        return !parent || typeof parent !== "object" || !pending.has(parent as object) || parent === o;
      }),
    );
    const next = wave.length > 0 ? wave : [...pending];
    for (const o of next) pending.delete(o);
    waves.push(next);
  }
  return waves;
}

/**
 * INSERT every new object, entity by entity in foreign-key order, rows of one
 * shape in one multi-row statement (chunked under the parameter limit), and
 * write the generated keys back. Returns foreign keys deferred by cycles.
 */
export async function insertNew(ctx: FlushContext, conn: Connection): Promise<DeferredKey[]> {
  const deferred: DeferredKey[] = [];
  const byEntity = new Map<EntityMetadata, object[]>();
  for (const [object, state] of ctx.uow.entries()) {
    if (state.status !== "new") continue;
    const list = byEntity.get(state.entity) ?? [];
    list.push(object);
    byEntity.set(state.entity, list);
  }
  for (const [entity, objects] of byEntity) assertDistinctKeys(ctx, entity, objects);
  for (const entity of ctx.order) {
    const objects = byEntity.get(entity);
    if (!objects) continue;
    for (const object of objects) prepareNew(entity, object, ctx.uow.stateOf(object) as EntityState, ctx.now);
    for (const wave of inWaves(entity, objects)) await insertWave(ctx, conn, entity, wave, deferred);
  }
  return deferred;
}

/**
 * Refuse, before any statement runs, new objects whose primary key another
 * new object or a row already in the session has: the INSERT could only fail
 * halfway, or (for a loaded row) two objects would stand for one row.
 */
function assertDistinctKeys(ctx: FlushContext, entity: EntityMetadata, objects: readonly object[]): void {
  const seen = new Map<string, object>();
  for (const object of objects) {
    const key = identityKey(primaryKeyValues(entity, object));
    if (key === undefined) continue;
    const other = seen.get(key) ?? ctx.uow.lookup(entity, key);
    if (other && other !== object) {
      const shown = entity.primaryKeys.map((k) => `${k.property} = ${String((object as Row)[k.property as string])}`).join(", ");
      throw new UsageError(
        `Two ${entity.name} objects in this session have the primary key ${shown}; change the existing object instead of adding a second one, or give the new one another key.`,
      );
    }
    seen.set(key, object);
  }
}

async function insertWave(
  ctx: FlushContext,
  conn: Connection,
  entity: EntityMetadata,
  objects: object[],
  deferred: DeferredKey[],
): Promise<void> {
  const identity = entity.primaryKeys.find((c) => c.generated === "identity");
  const shapes = new Map<string, { objects: object[]; values: unknown[][]; columns: number[] }>();
  for (const object of objects) {
    const state = ctx.uow.stateOf(object) as EntityState;
    const values = currentValues(ctx.uow, object, state);
    values.forEach((v, i) => {
      if (v === PENDING_KEY) {
        values[i] = null;
        deferred.push({ object, state, columnIndex: i });
      }
    });
    const columns = values.map((_, i) => i).filter((i) => values[i] !== undefined);
    const shape = columns.join(",");
    const group = shapes.get(shape) ?? { objects: [], values: [], columns };
    group.objects.push(object);
    group.values.push(values);
    shapes.set(shape, group);
  }
  for (const group of shapes.values()) {
    const generates = identity !== undefined && !group.columns.includes(entity.columns.indexOf(identity));
    const perStatement = generates ? await ctx.rowsPerGeneratedInsert(group.columns.length) : ctx.rowsPerStatement(group.columns.length);
    for (let start = 0; start < group.objects.length; start += perStatement) {
      const chunk = group.objects.slice(start, start + perStatement);
      const chunkValues = group.values.slice(start, start + perStatement);
      const rows = chunkValues.map((values) => {
        const row: Row = {};
        for (const i of group.columns) row[entity.columns[i].property ?? entity.columns[i].name] = values[i];
        return row;
      });
      const ids = await runInsert(ctx, conn, entity, rows, generates ? identity?.property : undefined);
      chunk.forEach((object, k) => {
        const values = chunkValues[k];
        if (generates && identity) {
          (object as Row)[identity.property as string] = ids[k];
          values[entity.columns.indexOf(identity)] = ids[k];
        }
        ctx.uow.markFlushed(
          object,
          ctx.uow.stateOf(object) as EntityState,
          values.map((v) => (v === undefined ? null : v)),
        );
      });
    }
  }
}

/** Run one INSERT; with a generated key, return the keys of its rows in order. */
async function runInsert(
  ctx: FlushContext,
  conn: Connection,
  entity: EntityMetadata,
  rows: Row[],
  keyProperty: string | undefined,
): Promise<unknown[]> {
  // biome-ignore lint/suspicious/noExplicitAny: rows are keyed by the entity table's column keys.
  const statement = insert(entity.table).values(rows as any);
  if (keyProperty === undefined) {
    await conn.execute(statement);
    return [];
  }
  const mode = conn.dialect.capabilities.generatedKeys;
  if (mode === "returning") {
    const keyColumn = (entity.table.c as Record<string, Column<string, unknown>>)[keyProperty];
    const result = await conn.execute(statement.returning(keyColumn));
    return result.rows.map((r) => (r as Row)[keyProperty]);
  }
  const result = await conn.execute(statement);
  const step = (await ctx.autoIncrementStep()) ?? 1;
  const reported = Number(result.insertId);
  const first = mode === "first-insert-id" ? reported : reported - (rows.length - 1) * step;
  const keyType = entity.columns.find((c) => c.property === keyProperty)?.type.kind;
  return rows.map((_, k) => (keyType === "bigint" ? BigInt(first + k * step) : first + k * step));
}
