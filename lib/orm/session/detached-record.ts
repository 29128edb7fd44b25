import type { EntityMetadata } from "../../metadata";
import type { IdentityKey } from "./identity";

/**
 * What a session last knew of an object's row when the object left it
 * (session closed, object expunged): the key and column snapshot. Adding the
 * object to another session later makes it persistent again from that
 * snapshot, so only columns changed since are UPDATEd, the way SQLAlchemy
 * re-attaches a detached object.
 */
export interface DetachedRecord {
  readonly entity: EntityMetadata;
  readonly key?: IdentityKey;
  readonly snapshot?: readonly unknown[];
  readonly relations: ReadonlyMap<string, unknown>;
}

/** A constructor that returns the object it is given, so a subclass can put a private field on any object. */
const ReturnGiven = function (this: unknown, object: object) {
  return object;
} as unknown as new (
  object: object,
) => object;

/**
 * Records kept in a private field of the object itself. Invisible to
 * Object.keys, JSON, spreads, Jest equality and class-transformer; unlike a
 * WeakMap entry, it costs the garbage collector nothing extra, which matters
 * when a session with 10k objects closes. Each object's record is written by
 * the session it leaves and read by the one it joins.
 */
class RecordSlot extends ReturnGiven {
  #record?: DetachedRecord;

  static write(object: object, record: DetachedRecord | undefined): void {
    if (!(#record in object)) {
      if (record === undefined) return;
      new RecordSlot(object);
    }
    (object as RecordSlot).#record = record;
  }

  static read(object: object): DetachedRecord | undefined {
    return #record in object ? (object as RecordSlot).#record : undefined;
  }
}

export function rememberDetached(object: object, record: DetachedRecord): void {
  RecordSlot.write(object, record);
}

export function forgetDetached(object: object): void {
  RecordSlot.write(object, undefined);
}

/** The record of an object that was persistent in an earlier session, if it is of this entity. */
export function detachedRecord(object: object, entity: EntityMetadata): DetachedRecord | undefined {
  const record = RecordSlot.read(object);
  if (!record) return undefined;
  // Another engine's metadata of the same class describes the same table.
  return record.entity === entity || (record.entity.target === entity.target && record.entity.tableName === entity.tableName)
    ? record
    : undefined;
}
