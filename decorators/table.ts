import { type EntityClass, recordTable, type TableOptions, tableOf } from "../lib/metadata";
import { type ColumnBuilders, type Table as CoreTable, TABLE_SOURCE } from "../lib/sql";

/** As a type, `Table` is a Core table (what defineTable returns); as a value, the entity decorator. */
export type Table<TName extends string = string, TCols extends ColumnBuilders = ColumnBuilders> = CoreTable<TName, TCols>;

/**
 * Map a class to a table. The name defaults to the naming strategy's
 * (snake_case of the class name).
 *
 * ```ts
 * @Table("tasks")
 * class Task { ... }
 * ```
 */
export function Table(nameOrOptions?: string | TableOptions, options: TableOptions = {}): ClassDecorator {
  const resolved = typeof nameOrOptions === "string" ? { ...options, name: nameOrOptions } : (nameOrOptions ?? options);
  return (target) => {
    recordTable(target as unknown as EntityClass, resolved);
    // Lets Core take the class for its table: select(User). Resolved on first use, when related classes exist.
    Object.defineProperty(target, TABLE_SOURCE, {
      get: () => tableOf(target as unknown as EntityClass),
      configurable: true,
      enumerable: false,
    });
  };
}
