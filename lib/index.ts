/**
 * strata-orm: everything user-facing, from one import.
 */
import "reflect-metadata";

export {
  Column,
  CreatedAt,
  Index,
  ManyToMany,
  ManyToOne,
  OneToMany,
  OneToOne,
  PrimaryKey,
  type Relation,
  Table,
  UpdatedAt,
  Version,
} from "../decorators";
export type {
  DialectCapabilities,
  DialectName,
  IntrospectedColumn,
  IntrospectedTable,
  IsolationLevel,
  PoolOptions,
} from "./dialects";
export * from "./engine";
export * from "./errors";
export {
  type ColumnOptions,
  type EntityClass,
  type EntityMetadata,
  type EntityTable,
  type IndexOptions,
  type JoinTableOptions,
  type LoadStrategy,
  type ManyToManyOptions,
  type ManyToOneOptions,
  MetadataStore,
  type NamingStrategy,
  type OneToManyOptions,
  type OneToOneOptions,
  type PrimaryKeyOptions,
  type RelationMetadata,
  SnakeCaseNamingStrategy,
  snakeCase,
  tableOf,
} from "./metadata";
export {
  BaseEntity,
  between,
  type ColumnKeys,
  type EngineTransactionOptions,
  eq,
  FilterOperator,
  type FindOptions,
  gt,
  gte,
  ilike,
  inArray,
  isNotNull,
  isNull,
  isRelationLoaded,
  type LoadPath,
  type LoadStrategyName,
  like,
  lt,
  lte,
  ne,
  notInArray,
  notLike,
  type OrderBy,
  Query,
  type RelationKeys,
  Repository,
  Session,
  type SessionOptions,
  type ValueFilter,
  type Where,
} from "./orm";
export {
  AmbiguousRenameError,
  applySync,
  checkSchema,
  /** createEngine with createEngine's `schemaCheck` option (lib/engine's cannot run the schema layer's check). */
  createEngine,
  type PlanSyncOptions,
  planSync,
  type RenameCandidate,
  SchemaChangeFailedError,
  SchemaChangeRefusedError,
  SchemaDriftError,
  type SchemaOperation,
  type SchemaRename,
  SchemaRenameError,
  type SyncPlan,
} from "./schema";
export * from "./sql";
/** The Core table and column classes, for instanceof checks (as types they are `Table` and `Column`). */
export { Column as SqlColumn, Table as SqlTable } from "./sql";
