import type { Table } from "./table";

/**
 * The key under which a mapped class hands Core its table, so that
 * `select(User)` works like `select(tableOf(User))`. The `@Table` decorator
 * defines it; Core only reads it (Core knows nothing of entities).
 */
export const TABLE_SOURCE: unique symbol = Symbol.for("strata.tableSource") as never;

/** A class mapped with @Table, usable where Core takes a table. */
export type EntitySource<I extends object = object> = abstract new (...args: never[]) => I;

type Scalar = string | number | bigint | boolean | symbol | Date | Buffer | Uint8Array | null | undefined;
type Element<V> = V extends readonly (infer E)[] ? E : V;

/** The data properties of an entity (no methods). */
export type DataKeys<T> = { [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? never : K }[keyof T] & string;

/** Properties holding other entities (or arrays of them): relations. */
export type RelationKeys<T> = {
  [K in DataKeys<T>]-?: NonNullable<Element<NonNullable<T[K]>>> extends Scalar
    ? never
    : NonNullable<T[K]> extends readonly Scalar[]
      ? never
      : K;
}[DataKeys<T>];

/** The entity a relation property holds (the element type of a collection). */
export type RelationTarget<V> = NonNullable<Element<NonNullable<V>>>;

/** Properties holding column values. */
export type ColumnKeys<T> = Exclude<DataKeys<T>, RelationKeys<T>>;

/** Type-only mark of the entity a row was selected from, so session.scalars() can return entities. */
export declare const ENTITY_OF_ROW: unique symbol;

/** A row of an entity's table as Core returns it: the column properties. */
export type EntityRow<I> = { [K in ColumnKeys<I>]: I[K] } & { readonly [ENTITY_OF_ROW]?: I };

/** What session.scalars() returns for rows of this type: the entity they came from. */
export type EntityOfRow<R> = R extends { readonly [ENTITY_OF_ROW]?: infer I } ? (unknown extends I ? R : I) : R;

/** The table a mapped class provides, or undefined for anything else. */
export function tableOfSource(item: unknown): Table | undefined {
  if (typeof item !== "function") return undefined;
  return (item as unknown as { [TABLE_SOURCE]?: Table })[TABLE_SOURCE];
}
