import { InvalidValueError } from "../../errors";
import type { ColumnMetadata, EntityMetadata } from "../../metadata";
import type { ColumnType } from "../../sql";
import { fromComparable, hasComparableForm } from "./comparable-value";

/**
 * A row's key in the identity map. A single-column key is the value itself
 * where the Map can compare it (numbers, strings, bigints): no string is built
 * per row, and 1, "1" and 1n stay three keys. Dates, buffers and composite keys
 * become a string.
 */
export type IdentityKey = string | number | bigint | boolean;

function part(v: unknown): string {
  return typeof v === "bigint" ? `${v}n` : v instanceof Date ? `${v.getTime()}d` : Buffer.isBuffer(v) ? `${v.toString("hex")}x` : String(v);
}

/** The identity-map key of a row from its primary key values (undefined while one is missing). */
export function identityKey(values: readonly unknown[]): IdentityKey | undefined {
  if (values.length === 1) return identityKeyOfValue(values[0]);
  let key = "";
  for (const v of values) {
    if (v === undefined || v === null) return undefined;
    key += `${typeof v}:${part(v)}\u0000`;
  }
  return key;
}

/** The identity-map key of a single-column primary key value. */
export function identityKeyOfValue(v: unknown): IdentityKey | undefined {
  if (v === undefined || v === null) return undefined;
  const type = typeof v;
  if (type === "number" || type === "string" || type === "bigint" || type === "boolean") return v as IdentityKey;
  return part(v);
}

/** Where an entity's key columns sit in a snapshot, and whether their snapshot form is the value itself (EntityMapping.snapshotKey). */
export interface SnapshotKey {
  readonly indexes: readonly number[];
  readonly types: readonly ColumnType[];
  /**
   * The single key column's index when its snapshot value is its key (the
   * usual integer or string key), else -1 and identityKeyOfSnapshot works
   * the key out. Lets a loop over many rows look this up once.
   */
  readonly plainIndex: number;
}

export function buildSnapshotKey(entity: EntityMetadata): SnapshotKey {
  const indexes = entity.primaryKeys.map((k) => entity.columns.indexOf(k));
  const single = indexes.length === 1 && !hasComparableForm(entity.primaryKeys[0].type);
  return { indexes, types: entity.primaryKeys.map((k) => k.type), plainIndex: single ? indexes[0] : -1 };
}

/** The identity-map key of a row given as its snapshot (column values in metadata order, comparable form). */
export function identityKeyOfSnapshot(key: SnapshotKey, snapshot: readonly unknown[]): IdentityKey | undefined {
  const { indexes, types, plainIndex } = key;
  if (plainIndex >= 0) return identityKeyOfValue(snapshot[plainIndex]);
  // Keys are made from live values (dates, buffers), as for objects the application holds.
  return identityKey(indexes.map((at, i) => fromComparable(snapshot[at], types[i])));
}

export function primaryKeyValues(entity: EntityMetadata, object: object): unknown[] {
  return entity.primaryKeys.map((c) => (object as Record<string, unknown>)[c.property as string]);
}

/**
 * The key values given to get()/getOrFail(): a scalar for a single key, an
 * object keyed by property for a composite key.
 */
export function keyValuesFromArgument(entity: EntityMetadata, id: unknown): unknown[] {
  const keys = entity.primaryKeys;
  if (keys.length === 1) {
    if (id !== null && typeof id === "object" && !(id instanceof Date) && !Buffer.isBuffer(id)) {
      const named = (id as Record<string, unknown>)[keys[0].property as string];
      if (named === undefined)
        throw new InvalidValueError(`${entity.name} has the primary key ${keys[0].property}; pass its value, e.g. get(${entity.name}, 1).`);
      return [named];
    }
    return [id];
  }
  if (id === null || typeof id !== "object") {
    throw new InvalidValueError(
      `${entity.name} has a composite primary key; pass an object with ${keys.map((k: ColumnMetadata) => k.property).join(", ")}.`,
    );
  }
  return keys.map((k) => {
    const v = (id as Record<string, unknown>)[k.property as string];
    if (v === undefined) throw new InvalidValueError(`The key of ${entity.name} needs ${k.property}.`);
    return v;
  });
}
