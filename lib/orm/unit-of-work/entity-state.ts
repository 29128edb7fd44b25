import { UsageError } from "../../errors";
import type { EntityMetadata } from "../../metadata";
import { FirstUseLayout } from "../../util/layout-keeper";
import type { EntityMapping } from "../mapping/entity-mapping";
import type { IdentityKey } from "../mapping/identity";

/**
 * Where an object stands in a session:
 * - new: added, not yet inserted;
 * - managed: its row exists (loaded, or inserted by a flush);
 * - deleted: marked for deletion (or deleted by a flush not yet committed);
 * - detached: no longer tracked (expunged, closed, or rolled back while new).
 */
export type EntityStatus = "new" | "managed" | "deleted" | "detached";

/** A relation with no value recorded in a state's relation snapshot. */
const UNRECORDED = Symbol("unrecorded");

/** What one session knows about one of its objects. */
export class EntityState {
  status: EntityStatus = "new";
  /** The identity-map key, once the primary key is known. */
  key?: IdentityKey;
  /** Column values (comparable form, in metadata column order) as last read from or written to the database. */
  snapshot?: unknown[];
  /**
   * The related object of each loaded to-one relation, and a copy of each
   * loaded collection, as of the snapshot, by the relation's position in
   * entity.relations: the first one in a field (loading 10k children records
   * the parent on each, and needs no array for it), the others in an array
   * made on first use, as most loaded rows never have one loaded.
   */
  private firstRelation: unknown = UNRECORDED;
  private otherRelations?: unknown[];
  /**
   * Values (comparable form) as of the start of the transaction, taken when a
   * flush first changes the row in this transaction: rollback restores them.
   */
  baseline?: unknown[];
  /** The row was inserted in the current transaction. */
  insertedInTransaction = false;
  /** Property values before the first flush of a new object touched them (keys, foreign keys, timestamps). */
  preInsert?: Map<string, unknown>;
  /** Was deleted in the current transaction (flushed or not): rollback brings it back. */
  deletedInTransaction = false;

  /** The entity's metadata (the mapping's, kept at hand: most passes read it). */
  readonly entity: EntityMetadata;

  constructor(
    /** The entity's compiled mapping on the session's engine: layouts, plans, hydrators. */
    readonly mapping: EntityMapping,
    /** The tracked object: passes over a session's states need no [object, state] pair per row. */
    readonly object: object,
    /** The unit of work tracking the object (it stays set once the object has left, as the record of its row). */
    readonly owner: object,
  ) {
    this.entity = mapping.entity;
    entityStateLayout.keep();
  }

  /** Record a relation's value as of the snapshot. */
  setRelation(property: string, value: unknown): void {
    this.setRelationAt(relationIndex(this.entity, property), value);
  }

  /** setRelation by the relation's position in entity.relations (see relationIndex), for loops over many states. */
  setRelationAt(at: number, value: unknown): void {
    if (at === 0) {
      this.firstRelation = value;
      return;
    }
    let others = this.otherRelations;
    if (others === undefined) {
      others = new Array<unknown>(this.entity.relations.length - 1);
      for (let i = 0; i < others.length; i++) others[i] = UNRECORDED;
      this.otherRelations = others;
    }
    others[at - 1] = value;
  }

  /** Whether a value of the relation was recorded (a loaded or flushed relation, null included). */
  hasRelation(property: string): boolean {
    return this.relationAt(relationIndex(this.entity, property)) !== UNRECORDED;
  }

  /** The relation's value as of the snapshot; undefined when none was recorded. */
  relationBefore(property: string): unknown {
    const value = this.relationAt(relationIndex(this.entity, property));
    return value === UNRECORDED ? undefined : value;
  }

  /** Each recorded relation's property and value. */
  forEachRelation(visit: (property: string, value: unknown) => void): void {
    const relations = this.entity.relations;
    for (let i = 0; i < relations.length; i++) {
      const value = this.relationAt(i);
      if (value !== UNRECORDED) visit(relations[i].property, value);
    }
  }

  clearRelations(): void {
    this.firstRelation = UNRECORDED;
    this.otherRelations?.fill(UNRECORDED);
  }

  /** A copy of the recorded relation values, for restoreRelations() to put back (undefined when none is recorded). */
  savedRelations(): readonly unknown[] | undefined {
    const others = this.otherRelations;
    if (this.firstRelation === UNRECORDED && (others === undefined || others.every((v) => v === UNRECORDED))) return undefined;
    return others === undefined ? [this.firstRelation] : [this.firstRelation, ...others];
  }

  /** Record exactly the relation values savedRelations() gave: relations recorded since then are unrecorded again. */
  restoreRelations(saved: readonly unknown[] | undefined): void {
    this.clearRelations();
    if (saved === undefined) return;
    for (let i = 0; i < saved.length; i++) if (saved[i] !== UNRECORDED) this.setRelationAt(i, saved[i]);
  }

  private relationAt(at: number): unknown {
    if (at === 0) return this.firstRelation;
    const others = this.otherRelations;
    return others === undefined ? UNRECORDED : others[at - 1];
  }
}

const entityStateLayout = new FirstUseLayout(() => new EntityState({} as EntityMapping, {}, {}));

/** A relation's position in entity.relations, where states record its value. */
export function relationIndex(entity: EntityMetadata, property: string): number {
  const relations = entity.relations;
  for (let i = 0; i < relations.length; i++) if (relations[i].property === property) return i;
  throw new UsageError(`${entity.name} has no relation ${property}; name one of its decorated relations.`);
}
