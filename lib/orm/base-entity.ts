import type { Engine } from "../engine";
import { UsageError } from "../errors";
import { createEntity } from "./mapping/create-entity";
import type { FindOptions, Where } from "./query/query-types";
import { Session } from "./session/session";
import { currentSession } from "./session/session-context";

const ENGINE = Symbol("strata.activeRecordEngine");

type ActiveRecordClass<T> = (new () => T) & { [ENGINE]?: Engine };

function engineOf(entity: ActiveRecordClass<unknown>): Engine {
  const engine = entity[ENGINE];
  if (!engine) {
    throw new UsageError(
      `${entity.name} has no engine for Active Record calls; call BaseEntity.useEngine(engine) (or ${entity.name}.useEngine(engine)) first.`,
    );
  }
  return engine;
}

/**
 * Run `fn` in the session of the enclosing engine.transaction() when there
 * is one (joining its transaction, committed with it); otherwise in a
 * session of its own, committed when `fn` resolves.
 */
async function inSession<R>(entity: ActiveRecordClass<unknown>, fn: (session: Session) => Promise<R>): Promise<R> {
  const engine = engineOf(entity);
  const joined = currentSession(engine);
  if (joined) return fn(joined);
  // try/finally rather than `await using`: dependency-cruiser's parser cannot read using declarations.
  const session = new Session(engine);
  try {
    const value = await fn(session);
    await session.commit();
    return value;
  } finally {
    await session.close();
  }
}

/**
 * Active Record: entities that load and save themselves. Extend it, point
 * it at an engine once, then use static finders and instance methods:
 *
 * ```ts
 * BaseEntity.useEngine(engine);
 * const note = Note.create({ text: "hi" });
 * await note.save();
 * ```
 *
 * Each call outside a transaction commits on its own; inside
 * `engine.transaction(...)` calls join that transaction. Objects keep their
 * last committed state between calls, so save() UPDATEs only what changed.
 */
export abstract class BaseEntity {
  /** The engine Active Record calls of this class (and its subclasses, unless they set their own) use. */
  static useEngine(engine: Engine): void {
    Object.defineProperty(this, ENGINE, { value: engine, writable: true, configurable: true, enumerable: false });
  }

  /**
   * A new, unsaved instance with these values (field initialisers run; no
   * constructor arguments). Only mapped properties (columns and relations)
   * are copied; other keys, `__proto__` and `constructor` among them, are
   * ignored, so values from a request cannot change what the object is.
   */
  static create<T extends BaseEntity>(this: new () => T, values: Partial<Omit<T, keyof BaseEntity>> = {}): T {
    return createEntity(this, values, `${this.name}.create()`);
  }

  static find<T extends BaseEntity>(this: new () => T, options?: FindOptions<T>): Promise<T[]> {
    return inSession(this, (s) => s.find(this, options));
  }

  static findOne<T extends BaseEntity>(this: new () => T, options?: FindOptions<T>): Promise<T | undefined> {
    return inSession(this, (s) => s.findOne(this, options));
  }

  /** The entity with this primary key, or undefined. */
  static get<T extends BaseEntity>(this: new () => T, id: unknown): Promise<T | undefined> {
    return inSession(this, (s) => s.get(this, id));
  }

  static getOrFail<T extends BaseEntity>(this: new () => T, id: unknown): Promise<T> {
    return inSession(this, (s) => s.getOrFail(this, id));
  }

  static count<T extends BaseEntity>(this: new () => T, where?: Where<T>): Promise<number> {
    return inSession(this, (s) => s.repository(this).count(where));
  }

  /** Insert this object, or UPDATE the columns changed since it was loaded or last saved. */
  async save(): Promise<this> {
    await inSession(this.constructor as ActiveRecordClass<this>, async (s) => {
      s.add(this);
      await s.flush();
    });
    return this;
  }

  /** Delete this object's row. */
  async remove(): Promise<void> {
    await inSession(this.constructor as ActiveRecordClass<this>, async (s) => {
      s.add(this);
      if (s.uow.stateOf(this)?.status === "new") {
        throw new UsageError(
          `This ${this.constructor.name} was never saved, so there is no row to remove; call save() first, or just drop the object.`,
        );
      }
      s.delete(this);
      await s.flush();
    });
  }

  /** Read this object's row again (unsaved changes are lost). */
  async reload(): Promise<this> {
    await inSession(this.constructor as ActiveRecordClass<this>, async (s) => {
      s.add(this);
      await s.refresh(this);
    });
    return this;
  }
}
