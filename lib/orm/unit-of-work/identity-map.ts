import type { EntityMetadata } from "../../metadata";
import type { IdentityKey } from "../mapping/identity";
import { IdentityIndex } from "./identity-index";

/**
 * One session's identity map: per entity, which object stands for the row
 * of each key. It knows objects, not their states; the unit of work decides
 * which entries still count (an object that left, or whose row a flush
 * deleted, keeps its entry until the commit drops them all at once).
 */
export class IdentityMap {
  private readonly byEntity = new Map<EntityMetadata, IdentityIndex>();

  /** The entity's index, made on first use (a loop over many rows looks it up once). */
  indexOf(entity: EntityMetadata): IdentityIndex {
    let index = this.byEntity.get(entity);
    if (!index) {
      index = new IdentityIndex();
      this.byEntity.set(entity, index);
    }
    return index;
  }

  /** The object mapped to a key, whatever its state; undefined when none is. */
  get(entity: EntityMetadata, key: IdentityKey): object | undefined {
    return this.byEntity.get(entity)?.get(key);
  }

  set(entity: EntityMetadata, key: IdentityKey, object: object): void {
    this.indexOf(entity).set(key, object);
  }

  /** Drop the entry of `key` if it maps to `object`. */
  unmap(entity: EntityMetadata, key: IdentityKey | undefined, object: object): void {
    const index = key === undefined ? undefined : this.byEntity.get(entity);
    if (index?.get(key as IdentityKey) === object) index.delete(key as IdentityKey);
  }

  /**
   * Drop the entries of these objects (with their keys). When they are most
   * of an entity's index, the index is rebuilt from the entries that stay
   * (`stays` tells which): deleting thousands of entries one by one rehashes
   * the map each time it shrinks.
   */
  unmapAll(
    gone: readonly { readonly entity: EntityMetadata; readonly key?: IdentityKey; readonly object: object }[],
    stays: (object: object) => boolean,
  ): void {
    if (gone.length === 0) return;
    const perEntity = new Map<EntityMetadata, number>();
    // Counted run by run: the objects of one entity mostly come together.
    for (let i = 0; i < gone.length; ) {
      const entity = gone[i].entity;
      let end = i + 1;
      while (end < gone.length && gone[end].entity === entity) end++;
      perEntity.set(entity, (perEntity.get(entity) ?? 0) + end - i);
      i = end;
    }
    for (const [entity, count] of perEntity) {
      const index = this.byEntity.get(entity);
      if (!index || count * 2 < index.size) continue;
      const kept = new IdentityIndex();
      index.forEach((object, key) => {
        if (stays(object)) kept.set(key, object);
      });
      this.byEntity.set(entity, kept);
      perEntity.set(entity, 0);
    }
    // Entities whose index was not rebuilt lose their entries one by one.
    if ([...perEntity.values()].every((left) => left === 0)) return;
    for (let i = 0; i < gone.length; i++) {
      const { entity, key, object } = gone[i];
      if (perEntity.get(entity) !== 0) this.unmap(entity, key, object);
    }
  }

  clear(): void {
    this.byEntity.clear();
  }
}
