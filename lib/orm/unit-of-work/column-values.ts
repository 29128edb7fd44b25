import type { ColumnMetadata, EntityMetadata } from "../../metadata";
import { fromComparable } from "../mapping/comparable-value";
import type { EntityState } from "./entity-state";
import { relationChanged } from "./relation-snapshots";
import type { UnitOfWork } from "./unit-of-work";

type Row = Record<string, unknown>;

/** Marks a foreign key whose target is not inserted yet (the flush fills it in once it is). */
export const PENDING_KEY = Symbol("pending key");

/** The primary key value of a related object, or PENDING_KEY while it awaits its INSERT. */
function referencedKey(uow: UnitOfWork, target: object, column: string, entity: EntityMetadata): unknown {
  const key = entity.columns.find((c) => c.name === column) as ColumnMetadata;
  const value = (target as Row)[key.property as string];
  if (value === undefined || value === null) return uow.stateOf(target)?.status === "new" ? PENDING_KEY : null;
  return value;
}

/**
 * The value each column should have now, read from the object: property
 * columns from their property; foreign keys from the related object when the
 * relation was set or changed, else from their own property or the snapshot.
 * Written into `into` when given (a buffer reused from object to object).
 */
export function currentValues(
  uow: UnitOfWork,
  object: object,
  state: EntityState,
  into: unknown[] = new Array<unknown>(state.entity.columns.length),
): unknown[] {
  const entity = state.entity;
  const row = object as Row;
  const columns = entity.columns;
  const values = into;
  const layout = state.mapping.valueLayout;
  layout.readProperties(object, values);
  const others = layout.others;
  for (let k = 0; k < others.length; k++) {
    const i = others[k];
    const column = columns[i];
    if (column.relationProperty !== undefined) {
      const rel = entity.relationsByProperty.get(column.relationProperty);
      if (rel && relationChanged(object, state, rel)) {
        const target = row[rel.property];
        if (target === null || target === undefined) values[i] = target === null ? null : fallback(column, row, state, i);
        else values[i] = referencedKey(uow, target as object, rel.joinColumns[0].referencedColumn, rel.target);
        continue;
      }
    }
    values[i] = column.property !== undefined ? row[column.property] : fallback(column, row, state, i);
  }
  return values;
}

function fallback(column: ColumnMetadata, row: Row, state: EntityState, index: number): unknown {
  if (column.property !== undefined) return row[column.property];
  return state.snapshot ? fromComparable(state.snapshot[index], column.type) : undefined;
}
