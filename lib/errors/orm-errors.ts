import { StrataError } from "./strata-error";

/**
 * A relation of a loaded entity was read but never loaded. Strata never
 * answers with a silent `undefined` or `[]`, and never runs a hidden query.
 */
export class RelationNotLoadedError extends StrataError {
  constructor(
    readonly entity: string,
    readonly relation: string,
  ) {
    const variable = entity.charAt(0).toLowerCase() + entity.slice(1);
    super(
      "RELATION_NOT_LOADED",
      `${entity}.${relation} is not loaded. Load it with session.load(${variable}, "${relation}") or session.query(${entity}).load("${relation}"), or set it before reading it.`,
    );
  }
}

/** An UPDATE or DELETE of a versioned entity found another version: someone changed the row since it was loaded. */
export class OptimisticLockError extends StrataError {
  constructor(message: string) {
    super("OPTIMISTIC_LOCK", message);
  }
}

/** An UPDATE or DELETE matched a different number of rows than expected (the row is gone, or its key changed). */
export class StaleDataError extends StrataError {
  constructor(message: string) {
    super("STALE_DATA", message);
  }
}

/** The session cannot go on until rollback(): a flush failed and its transaction was rolled back. */
export class SessionStateError extends StrataError {
  constructor(message: string) {
    super("SESSION_STATE", message);
  }
}
