import "./session/engine-transaction";

export { BaseEntity } from "./base-entity";
export { entityHydrator, type Hydrator } from "./mapping/entity-hydrator";
export { hydratedPrototypeOf, isRelationLoaded } from "./mapping/hydrated-prototype";
export * from "./query/filter-operators";
export { loadEntities, selectEntity } from "./query/load-entities";
export { Query } from "./query/query";
export type { ColumnKeys, FindOptions, LoadPath, LoadStrategyName, OrderBy, RelationKeys, ValueFilter, Where } from "./query/query-types";
export type { EngineTransactionOptions } from "./session/engine-transaction";
export { Repository } from "./session/repository";
export { Session, type SessionOptions } from "./session/session";
