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
