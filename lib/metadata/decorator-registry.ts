import "reflect-metadata";
import type {
  ColumnOptions,
  EntityClass,
  IndexOptions,
  ManyToManyOptions,
  ManyToOneOptions,
  OneToManyOptions,
  OneToOneOptions,
  PrimaryKeyOptions,
  TableOptions,
} from "./decorator-options";

/**
 * What decorators record, as they wrote it: no defaults applied, nothing
 * resolved. Metadata is built from these records per engine (see
 * build-metadata.ts); decorators themselves do no other work.
 */
export type ColumnRole = "column" | "primary" | "createdAt" | "updatedAt" | "version";

export interface ColumnRecord {
  readonly property: string;
  readonly role: ColumnRole;
  readonly options: ColumnOptions & PrimaryKeyOptions;
  /** The `design:type` TypeScript emitted for the property, if any. */
  readonly designType?: unknown;
}

/** The four kinds of relation. */
export type RelationKind = "many-to-one" | "one-to-many" | "one-to-one" | "many-to-many";

/** The other side, named by a property accessor `(u) => u.tasks` or a property name. */
export type InverseSide<T> = string | ((target: T) => unknown);

export interface RelationRecord {
  readonly property: string;
  readonly kind: RelationKind;
  readonly target: () => EntityClass;
  readonly inverse?: InverseSide<unknown>;
  readonly options: ManyToOneOptions & OneToManyOptions & OneToOneOptions & ManyToManyOptions;
}

export interface IndexRecord {
  readonly properties: readonly string[];
  readonly options: IndexOptions;
}

const TABLE = Symbol.for("strata:table");
const COLUMNS = Symbol.for("strata:columns");
const RELATIONS = Symbol.for("strata:relations");
const INDEXES = Symbol.for("strata:indexes");

function ownList<T>(key: symbol, target: object): T[] {
  let list = Reflect.getOwnMetadata(key, target) as T[] | undefined;
  if (!list) {
    list = [];
    Reflect.defineMetadata(key, list, target);
  }
  return list;
}

export function recordTable(target: EntityClass, options: TableOptions): void {
  Reflect.defineMetadata(TABLE, options, target);
}

export function recordColumn(target: object, record: ColumnRecord): void {
  ownList<ColumnRecord>(COLUMNS, target.constructor).push(record);
}

export function recordRelation(target: object, record: RelationRecord): void {
  ownList<RelationRecord>(RELATIONS, target.constructor).push(record);
}

export function recordIndex(target: EntityClass, record: IndexRecord): void {
  ownList<IndexRecord>(INDEXES, target).push(record);
}

/** The @Table options of a class itself (not inherited), or undefined when it is not an entity. */
export function tableRecordOf(target: EntityClass): TableOptions | undefined {
  return Reflect.getOwnMetadata(TABLE, target) as TableOptions | undefined;
}

/** Classes from the base class down to `target`: properties declared on a base class belong to its subclasses too. */
function classChain(target: EntityClass): EntityClass[] {
  const chain: EntityClass[] = [];
  for (let c: unknown = target; typeof c === "function" && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    chain.unshift(c as EntityClass);
  }
  return chain;
}

function inherited<T>(key: symbol, target: EntityClass): T[] {
  return classChain(target).flatMap((c) => (Reflect.getOwnMetadata(key, c) as T[] | undefined) ?? []);
}

export function columnRecordsOf(target: EntityClass): ColumnRecord[] {
  return inherited<ColumnRecord>(COLUMNS, target);
}

export function relationRecordsOf(target: EntityClass): RelationRecord[] {
  return inherited<RelationRecord>(RELATIONS, target);
}

export function indexRecordsOf(target: EntityClass): IndexRecord[] {
  return inherited<IndexRecord>(INDEXES, target);
}
