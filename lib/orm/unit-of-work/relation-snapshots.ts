import type { RelationMetadata } from "../../metadata";
import { isRelationLoaded } from "../mapping/hydrated-prototype";
import type { EntityState } from "./entity-state";

/*
 * What a state records of its object's loaded relations (the related
 * objects as of the last load or flush), and how a change is told from it.
 */

type Row = Record<string, unknown>;

/** Record the related objects of every loaded relation, to see later which the application changed. */
export function snapshotRelations(object: object, state: EntityState): void {
  state.clearRelations();
  for (const rel of state.entity.relations) {
    if (!isRelationLoaded(object, rel.property)) continue;
    const value = (object as Row)[rel.property];
    state.setRelation(rel.property, Array.isArray(value) ? [...value] : value);
  }
}

/** Whether the relation's value differs from the one recorded at the last flush or load. */
export function relationChanged(object: object, state: EntityState, rel: RelationMetadata): boolean {
  if (!isRelationLoaded(object, rel.property)) return false;
  const current = (object as Row)[rel.property];
  if (!state.hasRelation(rel.property)) return current !== undefined;
  const before = state.relationBefore(rel.property);
  if (Array.isArray(current) && Array.isArray(before)) return current.length !== before.length || current.some((v, i) => v !== before[i]);
  return current !== before;
}
