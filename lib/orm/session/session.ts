import { validateValue } from "../../dialects/base/value-validation";
import { checkStatementOptions, type Engine, type Result, type StatementOptions, type TransactionOptions } from "../../engine";
import { NotFoundError, SessionStateError, UsageError } from "../../errors";
import { type EntityClass, type EntityMetadata, MetadataStore } from "../../metadata";
import { and, type Column, type EntityOfRow, type Executable, type SelectBuilder } from "../../sql";
import { FirstUseLayout } from "../../util/layout-keeper";
import { flushUnitOfWork } from "../flush/flush";
import { identityKey, keyValuesFromArgument } from "../mapping/identity";
import { mappingsOf } from "../mapping/mappings";
import { type LoadContext, loadTracked } from "../query/entity-query";
import { applyFindOptions, statementOptionsOf } from "../query/find-options";
import { selectEntity } from "../query/load-entities";
import { buildLoadPlan } from "../query/load-plan";
import { Query } from "../query/query";
import type { FindOptions, LoadPath } from "../query/query-types";
import { loadSelectIn } from "../query/select-in-loader";
import type { EntityState } from "../unit-of-work/entity-state";
import { UnitOfWork } from "../unit-of-work/unit-of-work";
import { Repository } from "./repository";
import { runInSavepoint, SessionSavepoints } from "./session-savepoint";
import { SessionTransaction, type TransactionMode } from "./session-transaction";

export interface SessionOptions extends StatementOptions {
  /** Flush pending changes before running a query, so the query sees them (default true). */
  readonly autoflush?: boolean;
  /** Isolation level of the transactions this session begins; with one, reads run in the transaction too. */
  readonly isolation?: TransactionOptions["isolation"];
  /**
   * When the transaction begins: "lazy" (default) at the first flush,
   * begin(), savepoint or forUpdate(), reads before it in autocommit;
   * "eager" at the first statement, so all reads see one snapshot.
   */
  readonly transaction?: TransactionMode;
}

/** How a session operation runs: inside the transaction (beginning it), or as a read, and with which statement limits. */
export interface RunOptions {
  readonly transactional?: boolean;
  readonly statement?: StatementOptions;
}

/** An object added again after delete() (and before the flush) stays: its row is kept, not deleted. */
function readded(state: EntityState): void {
  if (state.status === "deleted") state.status = "managed";
}

/**
 * One unit of work, bound to one transaction at a time (what TypeORM and
 * MikroORM call an EntityManager). Objects added or loaded through it are
 * tracked in an identity map; flush() writes their changes in foreign-key
 * order; commit() flushes and commits; rollback() undoes the transaction in
 * the database and in memory.
 *
 * ```ts
 * await using session = new Session(engine);
 * session.add(user);
 * await session.commit();
 * ```
 */
export class Session {
  /** @internal */
  readonly uow: UnitOfWork;
  private readonly tx: SessionTransaction;
  private nested?: SessionSavepoints;
  private busy?: string;
  private running?: Promise<unknown>;
  private readonly inflight = new Set<Promise<unknown>>();
  private failed?: Error;
  private closed = false;
  private readonly options: Required<Pick<SessionOptions, "autoflush">> & SessionOptions;

  constructor(
    readonly engine: Engine,
    options: SessionOptions = {},
  ) {
    this.uow = new UnitOfWork(mappingsOf(engine));
    this.options = { autoflush: true, ...options };
    const { statementTimeoutMillis, signal } = checkStatementOptions(options);
    const mode = options.transaction ?? "lazy";
    if (mode !== "lazy" && mode !== "eager") {
      throw new UsageError(
        `transaction is "lazy" (begin at the first flush) or "eager" (begin at the first statement), got ${JSON.stringify(mode)}.`,
      );
    }
    this.tx = new SessionTransaction(engine, {
      mode,
      isolation: options.isolation,
      statement: { statementTimeoutMillis, signal },
    });
    sessionLayout.keep();
  }

  /** Whether a transaction is open. */
  get inTransaction(): boolean {
    return this.tx.open;
  }

  /** Begin the transaction now (it otherwise begins at the first flush): the reads that follow run in it. */
  async begin(): Promise<void> {
    this.assertUsable("begin");
    await this.track(this.tx.connection());
  }

  /** Track a new object (and, through cascade, the new objects it refers to); it is inserted at the next flush. */
  add<T extends object>(object: T): T {
    this.assertUsable("add");
    readded(this.uow.trackNew(object));
    return object;
  }

  /** add() for each object. */
  addAll<T extends object>(objects: Iterable<T>): T[] {
    this.assertUsable("addAll");
    const list = Array.isArray(objects) ? (objects as T[]) : [...objects];
    this.uow.trackAllNew(list, readded);
    return list === objects ? list.slice() : list;
  }

  /** Mark an object for deletion at the next flush (a new object is just forgotten). */
  delete(object: object): void {
    this.assertUsable("delete");
    const state = this.uow.stateOf(object);
    if (!state || state.status === "detached") {
      throw new UsageError(`This ${this.uow.entityOf(object).name} is not in the session; load it through the session before deleting it.`);
    }
    if (state.status === "new") this.uow.forget(object);
    else state.status = "deleted";
  }

  /** Stop tracking an object: its pending changes are not written. */
  expunge(object: object): void {
    this.uow.forget(object);
  }

  /** The entity with this primary key: from the identity map when loaded already, else one SELECT. */
  get<T>(entity: EntityClass<T>, id: unknown): Promise<T | undefined> {
    return this.track(this.getNow(entity, id));
  }

  private async getNow<T>(entity: EntityClass<T>, id: unknown): Promise<T | undefined> {
    const meta = this.engine.metadata.get(entity);
    const values = keyValuesFromArgument(meta, id).map((v, i) =>
      validateValue(v, meta.primaryKeys[i].type, `${meta.name}.${meta.primaryKeys[i].property}`),
    );
    const key = identityKey(values);
    const known = key === undefined ? undefined : this.uow.lookup(meta, key);
    if (known) {
      const state = this.uow.stateOf(known);
      return state?.status === "deleted" ? undefined : (known as T);
    }
    const where = and(...meta.primaryKeys.map((k, i) => columnOf(meta, k.property as string).eq(values[i])));
    const [found] = await this.loadWith<T>(meta, selectEntity(meta).where(where));
    return found;
  }

  /** Like get(), but a missing row is a NotFoundError. */
  async getOrFail<T>(entity: EntityClass<T>, id: unknown): Promise<T> {
    const found = await this.get(entity, id);
    if (found === undefined) {
      const name = this.engine.metadata.get(entity).name;
      throw new NotFoundError(`No ${name} with primary key ${JSON.stringify(id, (_k, v) => (typeof v === "bigint" ? `${v}` : v))}.`);
    }
    return found;
  }

  /** Read the object's row again, replacing its values (unflushed changes are lost). */
  refresh(object: object): Promise<void> {
    return this.track(this.refreshNow(object));
  }

  private async refreshNow(object: object): Promise<void> {
    const state = this.uow.stateOf(object);
    if (state?.status !== "managed") throw new UsageError("refresh() needs an object this session loaded or flushed.");
    const meta = state.entity;
    const keys = meta.primaryKeys.map((k) => (object as Record<string, unknown>)[k.property as string]);
    const where = and(...meta.primaryKeys.map((k, i) => columnOf(meta, k.property as string).eq(keys[i])));
    this.assertUsable("refresh");
    const inTransaction = this.tx.open;
    const { result, exactIntegers } = await this.tx.read((conn) =>
      conn.runUndecoded(conn.dialect.compiler.compile(selectEntity(meta).where(where).toStatementNode())),
    );
    if (result.rows.length === 0) throw new NotFoundError(`${meta.name} ${keys.join(", ")} no longer exists.`);
    const snapshot: unknown[] = [];
    const fresh = state.mapping.hydrator(meta.columns, result.columns, exactIntegers)(result.rows[0], snapshot);
    for (const c of meta.columns)
      if (c.property !== undefined) (object as Record<string, unknown>)[c.property] = (fresh as Record<string, unknown>)[c.property];
    this.uow.markRefreshed(state, snapshot, inTransaction);
  }

  /** Write pending changes (in this session's transaction, begun if needed). Nothing is committed. */
  async flush(): Promise<void> {
    await this.track(this.exclusive("flush", () => this.flushNow()));
  }

  /** Flush, then COMMIT. Objects stay tracked with their committed values. */
  async commit(): Promise<void> {
    await this.track(this.commitNow());
  }

  private async commitNow(): Promise<void> {
    await this.exclusive("commit", async () => {
      await this.flushNow();
      try {
        if (!(await this.tx.commit())) return;
      } catch (error) {
        await this.abort(error as Error);
        throw error;
      }
      this.nested?.endAll(false, "with the session's commit()");
      this.uow.committed();
    });
  }

  /** ROLLBACK: the database and the tracked objects return to the last commit. */
  async rollback(): Promise<void> {
    this.assertIdle("rollback");
    await this.endTransaction("by the session's rollback()");
    this.failed = undefined;
    this.uow.restore();
  }

  /** Roll back what was not committed and stop tracking everything. The session cannot be used afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    // Work still running (a query returned un-awaited from an `await using` block) finishes first.
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
    if (this.closed) return;
    await this.endTransaction("as the session closed");
    this.uow.clear();
    this.closed = true;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * Run `fn` in a savepoint (a flush, then SAVEPOINT; BEGIN first if no
   * transaction is open), then flush and RELEASE it. If `fn` throws, or a
   * flush inside it fails (the innermost savepoint then), the database runs
   * ROLLBACK TO SAVEPOINT and RELEASE, and the objects are put back as the
   * savepoint began: changed and deleted ones get their values, status and
   * relations back (a relation first loaded inside is unloaded), objects
   * added or inserted inside are forgotten, objects loaded inside get their
   * values as loaded. The error is rethrown; the work before the savepoint
   * stays and the session goes on. If the connection is lost, or ROLLBACK TO
   * fails, the whole transaction rolls back and rollback() is needed.
   */
  async transaction<T>(fn: (session: Session) => Promise<T>): Promise<T> {
    return runInSavepoint(await this.beginNested(), () => fn(this));
  }

  /**
   * Open a savepoint, as transaction() does: commit() flushes and releases
   * it, rollback() rolls back to it and puts the objects back. Once it is
   * rolled back (by rollback(), a failed flush inside it, an enclosing
   * savepoint or the transaction), commit() throws SessionStateError; once
   * it has ended, rollback() does nothing, nor does commit() after a commit.
   */
  async beginNested(): Promise<{ commit(): Promise<void>; rollback(): Promise<void> }> {
    await this.flush();
    this.assertUsable("beginNested");
    const conn = await this.tx.connection();
    this.nested ??= new SessionSavepoints(this.engine.dialect.transactions, this);
    return this.nested.begin(conn);
  }

  /** A query for entities of one class: `session.query(Task).where({ status: "pending" }).load("owner").all()`. */
  query<T>(entity: EntityClass<T>): Query<T> {
    return new Query<T>(this, this.engine.metadata.get(entity));
  }

  /** The entities matching find options: `session.find(User, { where: { name: like("A%") }, load: ["tasks"] })`. */
  async find<T>(entity: EntityClass<T>, options?: FindOptions<T>): Promise<T[]> {
    return applyFindOptions(this.query(entity), options).all(statementOptionsOf(options));
  }

  /** The first entity matching find options, or undefined. */
  async findOne<T>(entity: EntityClass<T>, options?: FindOptions<T>): Promise<T | undefined> {
    return applyFindOptions(this.query(entity), options).first(statementOptionsOf(options));
  }

  /**
   * Load relations of objects in hand, one query per relation level for all
   * of them: `await session.load(user, "tasks", "profile")`.
   */
  async load<T extends object>(objects: T | readonly T[], ...paths: LoadPath<T>[]): Promise<void> {
    const list = (Array.isArray(objects) ? objects : [objects]) as T[];
    if (list.length === 0 || paths.length === 0) return;
    const meta = this.uow.entityOf(list[0]);
    for (const o of list) {
      const state = this.uow.stateOf(o);
      if (this.uow.entityOf(o) !== meta)
        throw new UsageError(`load() takes objects of one class; got ${meta.name} and ${this.uow.entityOf(o).name}.`);
      if (!state || state.status === "detached") {
        throw new UsageError(
          `This ${meta.name} is not in the session; add it or load it through the session before loading its relations.`,
        );
      }
    }
    const plan = buildLoadPlan(
      meta,
      paths.map((path) => ({ path })),
    );
    await this.run("load", async (ctx) => {
      for (const node of plan) await loadSelectIn(ctx, list, node);
    });
  }

  /**
   * Run a Core select of an entity's table and get tracked entities back:
   * `session.scalars(select(tableOf(User)).where(tableOf(User).c.name.like("A%")))`.
   */
  async scalars<R>(statement: SelectBuilder<R> | Executable<R>): Promise<EntityOfRow<R>[]> {
    const node = statement.toStatementNode();
    const meta =
      node.kind === "select" && node.from ? this.engine.metadata.entities.find((e) => e.tableName === node.from?.name) : undefined;
    const names = node.kind === "select" ? node.selection.map((s) => (s.expr.kind === "column" ? s.expr.name : undefined)) : [];
    if (!meta || names.length !== meta.columns.length || meta.columns.some((c, i) => c.name !== names[i])) {
      throw new UsageError(
        "scalars() takes a select of a whole entity table, e.g. select(tableOf(User)).where(...); to select some columns use execute().",
      );
    }
    return this.loadWith<EntityOfRow<R>>(meta, statement);
  }

  /** A repository of one entity class bound to this session (find, findOne, count, save, remove). */
  repository<T extends object>(entity: EntityClass<T>): Repository<T> {
    return new Repository<T>(this, entity);
  }

  /**
   * Run a Core statement in this session: a select as a read (in the
   * transaction if one is open, else in autocommit), anything else (a write,
   * raw SQL) in the session's transaction, which it begins if needed.
   */
  execute<TRow>(statement: Executable<TRow>, options?: StatementOptions): Promise<Result<TRow>> {
    const transactional = statement.toStatementNode().kind !== "select";
    return this.run("execute", (ctx) => ctx.conn.execute(statement, ctx.statement), { transactional, statement: options });
  }

  /**
   * @internal Run `fn` after an autoflush, on the transaction's connection
   * (`transactional`, or when one is open) or on one borrowed for it;
   * close() waits for it.
   */
  run<T>(operation: string, fn: (ctx: LoadContext) => Promise<T>, options: RunOptions = {}): Promise<T> {
    return this.track(this.runNow(operation, fn, options));
  }

  private async runNow<T>(operation: string, fn: (ctx: LoadContext) => Promise<T>, options: RunOptions): Promise<T> {
    this.assertUsable(operation);
    await this.autoflush();
    this.assertUsable(operation);
    const statement = options.statement === undefined ? undefined : checkStatementOptions(options.statement);
    if (options.transactional) return fn({ uow: this.uow, conn: await this.tx.connection(), statement });
    return this.tx.read((conn) => fn({ uow: this.uow, conn, statement }));
  }

  /** Remember an operation until it settles, so close() can wait for it instead of pulling the connection from under it. */
  private track<T>(operation: Promise<T>): Promise<T> {
    this.inflight.add(operation);
    const forget = () => this.inflight.delete(operation);
    operation.then(forget, forget);
    return operation;
  }

  /** @internal Run a select of the entity's columns and return tracked objects (identity map first). */
  loadWith<T>(meta: EntityMetadata, statement: SelectBuilder<unknown> | Executable<unknown>): Promise<T[]> {
    return this.run("query", (ctx) => loadTracked<T>(ctx, meta, statement.toStatementNode()));
  }

  /** @internal */
  assertUsable(operation: string): void {
    if (this.closed) throw new UsageError(`This session is closed; ${operation}() needs a new Session.`);
    if (this.failed) {
      throw new SessionStateError(
        `This session's transaction was rolled back after an error (${this.failed.message}); call rollback() before ${operation}().`,
      );
    }
  }

  private async autoflush(): Promise<void> {
    if (!this.options.autoflush) return;
    // A query started while a flush runs waits for it, so it sees what that flush writes.
    while (this.running) await this.running.catch(() => undefined);
    await this.flush();
  }

  private async flushNow(): Promise<void> {
    this.assertUsable("flush");
    let pending = false;
    for (const state of this.uow.states()) {
      if (state.status !== "detached") {
        pending = true;
        break;
      }
    }
    if (!pending) return;
    try {
      await flushUnitOfWork(this.uow, () => this.tx.connection());
    } catch (error) {
      // Inside savepoints the error undoes the innermost one only.
      if (!(await this.nested?.recover(error as Error))) await this.abort(error as Error);
      throw error;
    }
  }

  /** @internal A flush or commit failed: roll the database back now, so nothing of it stays, and wait for rollback(). */
  async abort(error: Error): Promise<void> {
    this.failed = error;
    await this.endTransaction(`with the whole transaction after an error (${error.message})`);
  }

  /** ROLLBACK; open savepoints end with it, `why` tells their commit(). */
  private async endTransaction(why: string): Promise<void> {
    if (await this.tx.rollback()) this.nested?.endAll(true, why);
  }

  /** @internal */
  assertIdle(operation: string): void {
    if (this.busy) throw new UsageError(`This session is running ${this.busy}(); await it before calling ${operation}().`);
  }

  private async exclusive<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    if (this.busy) {
      throw new UsageError(
        `This session is already running ${this.busy}(); a session is not safe for concurrent use — await it, or use one session per task.`,
      );
    }
    this.busy = operation;
    const running = fn();
    this.running = running;
    try {
      return await running;
    } finally {
      this.busy = undefined;
      this.running = undefined;
    }
  }
}

/** A session of an engine with no entities, no connections and no options: only its layout is used (see FirstUseLayout). */
const sessionLayout = new FirstUseLayout(
  () => new Session({ metadata: new MetadataStore([], []), dialect: undefined, statementDefaults: {} } as unknown as Engine),
);

function columnOf(meta: EntityMetadata, property: string): Column<string, unknown> {
  return (meta.table.c as Record<string, Column<string, unknown>>)[property];
}
