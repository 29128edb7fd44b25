import type { Dialect } from "../../dialects";
import { UsageError } from "../../errors";
import type { EntityMetadata, MetadataStore } from "../../metadata";
import { EntityMapping } from "./entity-mapping";

/** The key of the ORM's data in an engine's MetadataStore (see MetadataStore.derived). */
const MAPPINGS = Symbol("strata.orm.mappings");

/**
 * The compiled mappings of one engine's entities, and what the ORM learns of
 * its server once (the step between generated keys). Kept with the engine's
 * metadata, so it lives exactly as long as the engine: nothing per entity is
 * kept in a module of its own.
 */
export class Mappings {
  readonly #byEntity = new Map<EntityMetadata, EntityMapping>();
  /** The step between consecutive generated keys on this engine's server (see FlushContext.autoIncrementStep). */
  autoIncrementStep?: Promise<number | undefined>;

  constructor(
    readonly metadata: MetadataStore,
    readonly dialect: Dialect,
  ) {}

  /** The mapping of one of the engine's entities. */
  of(entity: EntityMetadata): EntityMapping {
    let mapping = this.#byEntity.get(entity);
    if (mapping === undefined) {
      mapping = new EntityMapping(entity, this.dialect);
      this.#byEntity.set(entity, mapping);
    }
    return mapping;
  }
}

/** The mappings of an engine's entities, made on first use. */
export function mappingsOf(engine: { readonly metadata: MetadataStore; readonly dialect: Dialect }): Mappings {
  const mappings = engine.metadata.derived(MAPPINGS, () => new Mappings(engine.metadata, engine.dialect));
  if (mappings.dialect !== engine.dialect) {
    throw new UsageError("One entity metadata store serves one engine: create the second engine with createEngine(url, { entities }).");
  }
  return mappings;
}
