import type { EntityState } from "./entity-state";

/** A constructor that returns the object it is given, so a subclass can put a private field on any object. */
const ReturnGiven = function (this: unknown, object: object) {
  return object;
} as unknown as new (
  object: object,
) => object;

/**
 * An object's latest EntityState, kept in a private field of the object
 * itself: what the session tracking it knows, or, once it has left that
 * session, what the session last knew of its row (a detached record).
 * Invisible to Object.keys, JSON, spreads, Jest equality and
 * class-transformer. Unlike a Map or WeakMap keyed by the object, looking it
 * up hashes nothing and costs the garbage collector nothing extra, which
 * matters for sessions of 10k objects.
 */
class StateSlot extends ReturnGiven {
  #state?: EntityState;

  static write(object: object, state: EntityState | undefined): void {
    if (!(#state in object)) {
      if (state === undefined) return;
      new StateSlot(object);
    }
    (object as StateSlot).#state = state;
  }

  static read(object: object): EntityState | undefined {
    // Callers may hold anything an application passed (session.delete(42)): only objects have the slot.
    if (typeof object !== "object" || object === null) return undefined;
    return #state in object ? (object as StateSlot).#state : undefined;
  }
}

export const readStateSlot: (object: object) => EntityState | undefined = StateSlot.read;
export const writeStateSlot: (object: object, state: EntityState | undefined) => void = StateSlot.write;
