import { UsageError } from "../errors";
import { orderTablesForCreate, type TableSchema } from "../sql";
import type { EntityClass } from "./decorator-options";
import type { EntityMetadata } from "./entity-metadata";

/**
 * The validated metadata of an engine's entities, looked up by class.
 * Read-only; what the layers above derive from it once per engine (the
 * ORM's compiled mappings) is kept with it through derived().
 */
export class MetadataStore {
  private readonly byClass: ReadonlyMap<EntityClass, EntityMetadata>;
  private readonly derivedData = new Map<symbol, unknown>();
  /** The entities in foreign-key order: referenced tables first (the order rows are inserted in). */
  readonly insertOrder: readonly EntityMetadata[];

  constructor(
    readonly entities: readonly EntityMetadata[],
    /** Join tables of many-to-many relations. */
    readonly joinTables: readonly TableSchema[],
  ) {
    this.byClass = new Map(entities.map((e) => [e.target, e]));
    const byTable = new Map(entities.map((e) => [e.tableName, e]));
    this.insertOrder = orderTablesForCreate(entities.map((e) => e.schema)).tables.map((t) => byTable.get(t.name) as EntityMetadata);
  }

  /**
   * What a layer above derives from this metadata, made by `make` the first
   * time `key` asks and kept as long as the metadata (one engine's). The
   * layer owns its key, so nothing else reads or replaces its data.
   * @internal
   */
  derived<T>(key: symbol, make: () => T): T {
    let value = this.derivedData.get(key) as T | undefined;
    if (value === undefined) {
      value = make();
      this.derivedData.set(key, value);
    }
    return value;
  }

  /** The metadata of an entity class (or of the nearest mapped class it extends). */
  find(target: EntityClass): EntityMetadata | undefined {
    for (let c: unknown = target; typeof c === "function"; c = Object.getPrototypeOf(c)) {
      const found = this.byClass.get(c as EntityClass);
      if (found) return found;
    }
    return undefined;
  }

  get(target: EntityClass): EntityMetadata {
    const found = this.find(target);
    if (!found) {
      const name = (target as { name?: string })?.name ?? String(target);
      throw new UsageError(
        `${name} is not an entity of this engine; add it to createEngine(url, { entities: [...] }) and decorate it with @Table().`,
      );
    }
    return found;
  }

  /** Every table: entity tables and join tables. */
  get tableSchemas(): TableSchema[] {
    return [...this.entities.map((e) => e.schema), ...this.joinTables];
  }
}
