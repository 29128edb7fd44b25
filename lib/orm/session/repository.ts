import type { EntityClass } from "../../metadata";
import { createEntity } from "../mapping/create-entity";
import type { Query } from "../query/query";
import type { FindOptions, Where } from "../query/query-types";

/** The session operations a repository is made of (a Session provides them). */
export interface RepositorySession {
  query<T>(entity: EntityClass<T>): Query<T>;
  find<T>(entity: EntityClass<T>, options?: FindOptions<T>): Promise<T[]>;
  findOne<T>(entity: EntityClass<T>, options?: FindOptions<T>): Promise<T | undefined>;
  get<T>(entity: EntityClass<T>, id: unknown): Promise<T | undefined>;
  getOrFail<T>(entity: EntityClass<T>, id: unknown): Promise<T>;
  add<T extends object>(object: T): T;
  delete(object: object): void;
  flush(): Promise<void>;
}

/**
 * One entity class's operations on one session, for code that works with a
 * single kind of object (and for NestJS injection). save() and remove()
 * flush, so the rows are written (not committed) when they return.
 */
export class Repository<T extends object> {
  /** @internal The session whose operations this repository runs. */
  readonly session: RepositorySession;
  /** The entity class this repository works with. */
  readonly entity: EntityClass<T>;

  /** @internal Repositories are made by session.repository(Entity). */
  constructor(session: RepositorySession, entity: EntityClass<T>) {
    this.session = session;
    this.entity = entity;
  }

  query(): Query<T> {
    return this.session.query(this.entity);
  }

  find(options?: FindOptions<T>): Promise<T[]> {
    return this.session.find(this.entity, options);
  }

  findOne(options?: FindOptions<T>): Promise<T | undefined> {
    return this.session.findOne(this.entity, options);
  }

  get(id: unknown): Promise<T | undefined> {
    return this.session.get(this.entity, id);
  }

  getOrFail(id: unknown): Promise<T> {
    return this.session.getOrFail(this.entity, id);
  }

  /** How many entities match the filter (all of them without one). A bad filter rejects the promise, as find() does. */
  async count(where?: Where<T>): Promise<number> {
    const query = this.session.query(this.entity);
    return (where === undefined ? query : query.where(where)).count();
  }

  async exists(where?: Where<T>): Promise<boolean> {
    const query = this.session.query(this.entity);
    return (where === undefined ? query : query.where(where)).exists();
  }

  /**
   * A new, untracked instance with these property values (no constructor
   * arguments; the class's field initialisers run). Only mapped properties
   * are copied: other keys, `__proto__` among them, are ignored.
   */
  create(values: Partial<T> = {}): T {
    return createEntity(this.entity, values, `repository(${this.entity.name}).create()`);
  }

  /** Add the objects (inserted or updated as needed) and flush. */
  async save<O extends T | readonly T[]>(objects: O): Promise<O> {
    for (const o of (Array.isArray(objects) ? objects : [objects]) as T[]) this.session.add(o);
    await this.session.flush();
    return objects;
  }

  /** Delete the objects and flush. */
  async remove(objects: T | readonly T[]): Promise<void> {
    for (const o of (Array.isArray(objects) ? objects : [objects]) as T[]) this.session.delete(o);
    await this.session.flush();
  }
}
