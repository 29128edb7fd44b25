import type { EntityMetadata } from "../../metadata";
import { hasComparableForm } from "./comparable-value";
import { plainKeyIndex } from "./identity";

/**
 * Per entity, which columns a flushed row's bookkeeping touches: worked out
 * once, not per row. A flush looks it up once per batch of rows and hands
 * it to markFlushed.
 */
export interface FlushShape {
  readonly foreignKeyProperties: readonly number[];
  readonly comparable: readonly number[];
  readonly singleKeyProperty?: string;
  /** See plainKeyIndex: where a row's values hold its identity key as it is, else -1. */
  readonly keyIndex: number;
}

const flushShapes = new WeakMap<EntityMetadata, FlushShape>();

export function flushShapeOf(entity: EntityMetadata): FlushShape {
  let shape = flushShapes.get(entity);
  if (!shape) {
    shape = {
      foreignKeyProperties: entity.columns.flatMap((c, i) => (c.relationProperty !== undefined && c.property !== undefined ? [i] : [])),
      comparable: entity.columns.flatMap((c, i) => (hasComparableForm(c.type) ? [i] : [])),
      singleKeyProperty: entity.primaryKeys.length === 1 ? entity.primaryKeys[0].property : undefined,
      keyIndex: plainKeyIndex(entity),
    };
    flushShapes.set(entity, shape);
  }
  return shape;
}
