export { BaseEntity } from "./base-entity";
export { isRelationLoaded } from "./mapping/hydrated-prototype";
export * from "./query/filter-operators";
/** Hydration alone, for its tests and benchmark (not part of the public API: lib/index.ts does not list them). */
export { loadEntities, selectEntity } from "./query/load-entities";
export { Query, type QueryRunOptions } from "./query/query";
export type { ColumnKeys, FindOptions, LoadPath, LoadStrategyName, OrderBy, RelationKeys, ValueFilter, Where } from "./query/query-types";
export { createEngine, Engine, type EngineTransactionOptions } from "./session/engine";
export { Repository } from "./session/repository";
export { Session } from "./session/session";
export type { SessionOptions } from "./session/session-options";
export type { TransactionMode } from "./session/session-transaction";
