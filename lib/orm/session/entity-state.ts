import type { EntityMetadata } from "../../metadata";
import type { IdentityKey } from "./identity";

/**
 * Where an object stands in a session:
 * - new: added, not yet inserted;
 * - managed: its row exists (loaded, or inserted by a flush);
 * - deleted: marked for deletion (or deleted by a flush not yet committed);
 * - detached: no longer tracked (expunged, closed, or rolled back while new).
 */
export type EntityStatus = "new" | "managed" | "deleted" | "detached";

const NO_RELATIONS: ReadonlyMap<string, unknown> = new Map();

/** What one session knows about one of its objects. */
export class EntityState {
  status: EntityStatus = "new";
  /** The identity-map key, once the primary key is known. */
  key?: IdentityKey;
  /** Column values (comparable form, in metadata column order) as last read from or written to the database. */
  snapshot?: unknown[];
  /** The related objects of each loaded to-one relation, and a copy of each loaded collection, as of the snapshot. */
  get relations(): ReadonlyMap<string, unknown> {
    return this.ownRelations ?? NO_RELATIONS;
  }
  /** Made on first use: most loaded rows never have a relation loaded, and a Map per row is garbage. */
  private ownRelations?: Map<string, unknown>;
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

  constructor(
    readonly entity: EntityMetadata,
    /** The tracked object: passes over a session's states need no [object, state] pair per row. */
    readonly object: object,
    /** The unit of work tracking the object (it stays set once the object has left, as the record of its row). */
    readonly owner: object,
  ) {}

  setRelation(property: string, value: unknown): void {
    if (this.ownRelations === undefined) this.ownRelations = new Map();
    this.ownRelations.set(property, value);
  }

  clearRelations(): void {
    this.ownRelations?.clear();
  }
}
