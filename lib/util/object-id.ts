/**
 * A small number for each object, the same for as long as it lives: the
 * part of a cache key that stands for a function (a value decoder, say),
 * where the key is a string made per shape, not per row.
 */
const ids = new WeakMap<object, number>();
let next = 1;

/** The object's number; 0 for none. */
export function objectId(value: object | undefined): number {
  if (value === undefined) return 0;
  let id = ids.get(value);
  if (id === undefined) {
    id = next++;
    ids.set(value, id);
  }
  return id;
}
