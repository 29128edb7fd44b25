import type { EntityMetadata } from "../../metadata";
import { hasComparableForm } from "./comparable-value";
import type { SnapshotKey } from "./identity";

/** Per entity, which columns a flushed row's bookkeeping touches (EntityMapping.flushShape): worked out once, not per row. */
export interface FlushShape {
  readonly foreignKeyProperties: readonly number[];
  readonly comparable: readonly number[];
  readonly singleKeyProperty?: string;
  /** See SnapshotKey.plainIndex: where a row's values hold its identity key as it is, else -1. */
  readonly keyIndex: number;
}

export function buildFlushShape(entity: EntityMetadata, key: SnapshotKey): FlushShape {
  return {
    foreignKeyProperties: entity.columns.flatMap((c, i) => (c.relationProperty !== undefined && c.property !== undefined ? [i] : [])),
    comparable: entity.columns.flatMap((c, i) => (hasComparableForm(c.type) ? [i] : [])),
    singleKeyProperty: entity.primaryKeys.length === 1 ? entity.primaryKeys[0].property : undefined,
    keyIndex: key.plainIndex,
  };
}
