import type { Connection } from "../../engine";
import { OptimisticLockError, StaleDataError } from "../../errors";
import type { EntityMetadata } from "../../metadata";
import { and, type Column, del, or } from "../../sql";
import { fromComparable } from "./comparable-value";
import type { EntityState } from "./entity-state";
import type { FlushContext } from "./flush-context";

function column(entity: EntityMetadata, property: string): Column<string, unknown> {
  return (entity.table.c as Record<string, Column<string, unknown>>)[property];
}

/** The key (and version) a row had when loaded: what the DELETE must match. */
function storedValue(state: EntityState, property: string): unknown {
  const index = state.entity.columns.findIndex((c) => c.property === property);
  return fromComparable(state.snapshot?.[index], state.entity.columns[index].type);
}

/**
 * DELETE the objects marked for deletion, dependents first, by lists of keys
 * (one statement per chunk); versioned rows one by one with their version
 * checked. Fewer rows deleted than expected is a StaleDataError.
 */
export async function deleteMarked(ctx: FlushContext, conn: Connection): Promise<void> {
  const byEntity = new Map<EntityMetadata, [object, EntityState][]>();
  for (const [object, state] of ctx.uow.entries()) {
    if (state.status !== "deleted" || state.deletedInTransaction || !state.snapshot) continue;
    const list = byEntity.get(state.entity) ?? [];
    list.push([object, state]);
    byEntity.set(state.entity, list);
  }
  for (const entity of [...ctx.order].reverse()) {
    const list = byEntity.get(entity);
    if (!list) continue;
    const keys = entity.primaryKeys.map((k) => k.property as string);
    const version = entity.versionColumn?.property;
    const chunkSize = version ? 1 : ctx.rowsPerStatement(keys.length);
    for (let start = 0; start < list.length; start += chunkSize) {
      const chunk = list.slice(start, start + chunkSize);
      const match = (state: EntityState) => {
        const parts = keys.map((k) => column(entity, k).eq(storedValue(state, k)));
        if (version) parts.push(column(entity, version).eq(storedValue(state, version)));
        return and(...parts);
      };
      const where =
        keys.length === 1 && !version
          ? column(entity, keys[0]).in(chunk.map(([, s]) => storedValue(s, keys[0])))
          : or(...chunk.map(([, s]) => match(s)));
      const result = await conn.execute(del(entity.table).where(where));
      if (result.rowCount !== chunk.length) {
        const message = `Deleting ${chunk.length} ${entity.name} row${chunk.length === 1 ? "" : "s"} removed ${result.rowCount}`;
        if (version)
          throw new OptimisticLockError(`${message}: the row was changed by someone else since it was loaded; reload it and try again.`);
        throw new StaleDataError(`${message}: some were already deleted.`);
      }
      for (const [, state] of chunk) ctx.uow.markDeletedFlushed(state);
    }
  }
}
