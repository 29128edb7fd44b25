import type { Column, Table } from "../sql";
import { buildMetadata } from "./build-metadata";
import type { EntityClass } from "./decorator-options";
import type { MetadataStore } from "./metadata-store";

type ColumnProperties<T> = { [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? never : K }[keyof T] & string;

/** An entity's table for Core statements: `tableOf(Task).c.title` is a typed column. */
// biome-ignore lint/suspicious/noExplicitAny: the column builders of an entity table are not tracked by type.
export type EntityTable<T> = Omit<Table<string, any>, "c"> & {
  readonly c: { readonly [K in ColumnProperties<T>]: Column<K, T[K]> };
};

/** Metadata built with the default naming strategy, per entity class: derived, read-only data. */
const defaultStores = new WeakMap<EntityClass, MetadataStore>();

/**
 * The Core table of an entity, named by the default naming strategy (an
 * engine with its own strategy: `engine.tableOf(Entity)`).
 *
 * ```ts
 * const t = tableOf(Task);
 * await conn.execute(select(t.c.id, t.c.title).where(t.c.status.eq("pending")));
 * ```
 */
export function tableOf<T>(entity: EntityClass<T>): EntityTable<T> {
  let store = defaultStores.get(entity);
  if (!store) {
    store = buildMetadata([entity]);
    defaultStores.set(entity, store);
  }
  return store.get(entity).table as unknown as EntityTable<T>;
}
