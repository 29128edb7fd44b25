import type { EntityMetadata } from "../../metadata";

/**
 * What a session last knew of an object's row when the object left it
 * (session closed, object expunged): the key and column snapshot. Adding the
 * object to another session later makes it persistent again from that
 * snapshot, so only columns changed since are UPDATEd, the way SQLAlchemy
 * re-attaches a detached object. Kept on the object under a symbol that is
 * not enumerable: Object.keys, JSON and class-transformer never see it.
 */
export interface DetachedRecord {
  readonly entity: EntityMetadata;
  readonly key: string;
  readonly snapshot: readonly unknown[];
  readonly relations: ReadonlyMap<string, unknown>;
}

const DETACHED = Symbol("strata.detached");

export function rememberDetached(object: object, record: DetachedRecord): void {
  Object.defineProperty(object, DETACHED, { value: record, writable: true, configurable: true, enumerable: false });
}

export function forgetDetached(object: object): void {
  if (Object.hasOwn(object, DETACHED)) delete (object as Record<symbol, unknown>)[DETACHED];
}

/** The record of an object that was persistent in an earlier session, if it is of this entity. */
export function detachedRecord(object: object, entity: EntityMetadata): DetachedRecord | undefined {
  const record = (object as Record<symbol, DetachedRecord | undefined>)[DETACHED];
  if (!record) return undefined;
  // Another engine's metadata of the same class describes the same table.
  return record.entity === entity || (record.entity.target === entity.target && record.entity.tableName === entity.tableName)
    ? record
    : undefined;
}
