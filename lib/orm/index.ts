import "./engine-transaction";

export { BaseEntity } from "./base-entity";
export type { EngineTransactionOptions } from "./engine-transaction";
export { entityHydrator, type Hydrator } from "./hydration/entity-hydrator";
export { hydratedPrototypeOf, isRelationLoaded } from "./hydration/hydrated-prototype";
export { loadEntities, selectEntity } from "./hydration/load-entities";
export * from "./query/filter-operators";
export { Query } from "./query/query";
export type { ColumnKeys, FindOptions, LoadPath, LoadStrategyName, OrderBy, RelationKeys, ValueFilter, Where } from "./query/query-types";
export { Repository } from "./repository";
export { Session, type SessionOptions } from "./session/session";
