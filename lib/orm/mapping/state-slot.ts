/**
 * What a slot holds: the unit of work's EntityState. Opaque here, so the
 * mapping (which reserves the slot in the instances it makes) needs nothing
 * of the unit of work; the unit of work reads and writes its own states.
 */
type SlotValue = object;

/** A constructor that returns the object it is given, so a subclass can put a private field on any object. */
const ReturnGiven = function (this: unknown, object: object) {
  return object;
} as unknown as new (
  object: object,
) => object;

/**
 * The states of objects without a slot: those the application made with
 * `new`. Giving one of them a slot would add a property to an object whose
 * class already settled its layout: a layout V8 drops at a full collection
 * once no object has it, throwing away the code of the whole flush with it
 * (see keepLayoutOf), and Strata cannot keep an instance of the user's class
 * alive without running its constructor. A WeakMap leaves the object as it is.
 */
const unslotted = new WeakMap<object, SlotValue>();

/**
 * An object's latest state: what the session tracking it knows, or,
 * once it has left that session, what the session last knew of its row (a
 * detached record). Objects Strata makes (loaded rows) keep it in a private
 * field their constructor reserves, so it is part of their layout from the
 * start: reading it hashes nothing and costs the garbage collector nothing
 * extra, which matters for sessions of 10k objects. Others keep it in
 * `unslotted`. Either way it is invisible to Object.keys, JSON, spreads,
 * Jest equality and class-transformer.
 */
class StateSlot extends ReturnGiven {
  #state?: SlotValue;

  static write(object: object, state: SlotValue | undefined): void {
    if (#state in object) (object as StateSlot).#state = state;
    else if (state === undefined) unslotted.delete(object);
    else unslotted.set(object, state);
  }

  /** Give an object Strata is constructing its (empty) slot; first thing, so every instance has the same layout. */
  static reserve(object: object): void {
    new StateSlot(object);
  }

  static read(object: object): SlotValue | undefined {
    // Callers may hold anything an application passed (session.delete(42)): only objects have a state.
    if (typeof object !== "object" || object === null) return undefined;
    return #state in object ? (object as StateSlot).#state : unslotted.get(object);
  }
}

export const readStateSlot: <S extends SlotValue>(object: object) => S | undefined = StateSlot.read as never;
export const writeStateSlot: (object: object, state: SlotValue | undefined) => void = StateSlot.write;
export const reserveStateSlot: (object: object) => void = StateSlot.reserve;
