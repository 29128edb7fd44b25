import type { EntityMetadata, MetadataStore } from "../../metadata";
import { orderTablesForCreate } from "../../sql";

const orders = new WeakMap<MetadataStore, readonly EntityMetadata[]>();

/** Entities in foreign-key order: referenced tables first. Derived once per engine's metadata. */
export function entitiesInInsertOrder(metadata: MetadataStore): readonly EntityMetadata[] {
  let order = orders.get(metadata);
  if (!order) {
    const byTable = new Map(metadata.entities.map((e) => [e.tableName, e]));
    order = orderTablesForCreate(metadata.entities.map((e) => e.schema)).tables.map((t) => byTable.get(t.name) as EntityMetadata);
    orders.set(metadata, order);
  }
  return order;
}
