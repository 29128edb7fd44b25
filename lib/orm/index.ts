export { entityHydrator, type Hydrator } from "./hydration/entity-hydrator";
export { hydratedPrototypeOf, isRelationLoaded } from "./hydration/hydrated-prototype";
export { loadEntities, selectEntity } from "./hydration/load-entities";
export { Session, type SessionOptions } from "./session/session";
