import { checkStatementOptions, type Engine, type Result, type StatementOptions } from "../../engine";
import { type EntityClass, MetadataStore } from "../../metadata";
import type { EntityOfRow, Executable, SelectBuilder } from "../../sql";
import { FirstUseLayout } from "../../util/layout-keeper";
import { flushUnitOfWork } from "../flush/flush";
import { mappingsOf } from "../mapping/mappings";
import type { LoadContext } from "../query/entity-query";
import { applyFindOptions, statementOptionsOf } from "../query/find-options";
import { getByKey, getByKeyOrFail, refreshObject } from "../query/key-lookup";
import { Query } from "../query/query";
import type { QueryRunner, RunOptions } from "../query/query-runner";
import type { FindOptions, LoadPath } from "../query/query-types";
import { loadRelations, loadScalars } from "../query/relation-loads";
import { UnitOfWork } from "../unit-of-work/unit-of-work";
import { Repository } from "./repository";
import { SessionOperations } from "./session-operations";
import type { SessionOptions } from "./session-options";
import { runInSavepoint, SessionSavepoints } from "./session-savepoint";
import { SessionTransaction } from "./session-transaction";

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
export class Session implements QueryRunner {
  /** @internal */
  readonly uow: UnitOfWork;
  private readonly tx: SessionTransaction;
  private nested?: SessionSavepoints;
  private readonly ops = new SessionOperations();
  private readonly options: Required<Pick<SessionOptions, "autoflush">> & SessionOptions;

  constructor(
    readonly engine: Engine,
    options: SessionOptions = {},
  ) {
    this.uow = new UnitOfWork(mappingsOf(engine));
    this.options = { autoflush: true, ...options };
    this.tx = SessionTransaction.of(engine, options);
    sessionLayout.keep();
  }

  /** Whether a transaction is open. */
  get inTransaction(): boolean {
    return this.tx.open;
  }

  /** Begin the transaction now (it otherwise begins at the first flush): the reads that follow run in it. */
  async begin(): Promise<void> {
    this.assertUsable("begin");
    await this.ops.track(this.tx.connection());
  }

  /** Track a new object (and, through cascade, the new objects it refers to); it is inserted at the next flush. */
  add<T extends object>(object: T): T {
    this.assertUsable("add");
    this.uow.trackNew(object);
    return object;
  }

  /** add() for each object. */
  addAll<T extends object>(objects: Iterable<T>): T[] {
    this.assertUsable("addAll");
    const list = Array.isArray(objects) ? (objects as T[]) : [...objects];
    this.uow.trackAllNew(list);
    return list === objects ? list.slice() : list;
  }

  /** Mark an object for deletion at the next flush (a new object is just forgotten). */
  delete(object: object): void {
    this.assertUsable("delete");
    this.uow.markForDeletion(object);
  }

  /** Stop tracking an object: its pending changes are not written. */
  expunge(object: object): void {
    this.uow.forget(object);
  }

  /** The entity with this primary key: from the identity map when loaded already, else one SELECT. */
  get<T>(entity: EntityClass<T>, id: unknown): Promise<T | undefined> {
    return this.ops.track(getByKey(this, entity, id));
  }

  /** Like get(), but a missing row is a NotFoundError. */
  getOrFail<T>(entity: EntityClass<T>, id: unknown): Promise<T> {
    return this.ops.track(getByKeyOrFail(this, entity, id));
  }

  /** Read the object's row again, replacing its values (unflushed changes are lost). */
  refresh(object: object): Promise<void> {
    return this.ops.track(refreshObject(this, object, this.tx.open));
  }

  /** Write pending changes (in this session's transaction, begun if needed). Nothing is committed. */
  async flush(): Promise<void> {
    await this.ops.track(this.ops.exclusive("flush", () => this.flushNow()));
  }

  /** Flush, then COMMIT. Objects stay tracked with their committed values. */
  async commit(): Promise<void> {
    await this.ops.track(this.commitNow());
  }

  private async commitNow(): Promise<void> {
    this.assertUsable("commit");
    await this.ops.exclusive("commit", async () => {
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
    this.ops.assertIdle("rollback");
    await this.endTransaction("by the session's rollback()");
    this.ops.failed = undefined;
    this.uow.restore();
  }

  /** Roll back what was not committed and stop tracking everything. The session cannot be used afterwards. */
  async close(): Promise<void> {
    if (this.ops.closed) return;
    // Work still running (a query returned un-awaited from an `await using` block) finishes first.
    await this.ops.settled();
    if (this.ops.closed) return;
    await this.endTransaction("as the session closed");
    this.uow.clear();
    this.ops.closed = true;
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
    this.assertUsable("transaction");
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
    this.assertUsable("beginNested");
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
    this.assertUsable("find");
    return applyFindOptions(this.query(entity), options).all(statementOptionsOf(options));
  }

  /** The first entity matching find options, or undefined. */
  async findOne<T>(entity: EntityClass<T>, options?: FindOptions<T>): Promise<T | undefined> {
    this.assertUsable("findOne");
    return applyFindOptions(this.query(entity), options).first(statementOptionsOf(options));
  }

  /**
   * Load relations of objects in hand, one query per relation level for all
   * of them: `await session.load(user, "tasks", "profile")`.
   */
  async load<T extends object>(objects: T | readonly T[], ...paths: LoadPath<T>[]): Promise<void> {
    await loadRelations(this, objects, paths);
  }

  /**
   * Run a Core select of an entity's table and get tracked entities back:
   * `session.scalars(select(tableOf(User)).where(tableOf(User).c.name.like("A%")))`.
   */
  scalars<R>(statement: SelectBuilder<R> | Executable<R>): Promise<EntityOfRow<R>[]> {
    return loadScalars(this, statement);
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
    return this.ops.track(this.runNow(operation, fn, options));
  }

  private async runNow<T>(operation: string, fn: (ctx: LoadContext) => Promise<T>, options: RunOptions): Promise<T> {
    this.assertUsable(operation);
    if (options.autoflush !== false) {
      await this.autoflush();
      this.assertUsable(operation);
    }
    const statement = options.statement === undefined ? undefined : checkStatementOptions(options.statement);
    if (options.transactional) return fn({ uow: this.uow, conn: await this.tx.connection(), statement });
    return this.tx.read((conn) => fn({ uow: this.uow, conn, statement }));
  }

  /** @internal */
  assertUsable(operation: string): void {
    this.ops.assertUsable(operation);
  }

  private async autoflush(): Promise<void> {
    if (!this.options.autoflush) return;
    // A query started while a flush runs waits for it, so it sees what that flush writes. No await when none runs:
    // queries started together must find the first one's flush running, not each start one after an await.
    for (let writing = this.ops.writing; writing !== undefined; writing = this.ops.writing) await writing.catch(() => undefined);
    await this.flush();
  }

  private async flushNow(): Promise<void> {
    this.assertUsable("flush");
    if (this.uow.states().length === 0) return;
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
    this.ops.failed = error;
    await this.endTransaction(`with the whole transaction after an error (${error.message})`);
  }

  /** ROLLBACK; open savepoints end with it, `why` tells their commit(). */
  private async endTransaction(why: string): Promise<void> {
    if (await this.tx.rollback()) this.nested?.endAll(true, why);
  }

  /** @internal */
  assertIdle(operation: string): void {
    this.ops.assertIdle(operation);
  }
}

/** A session of an engine with no entities, no connections and no options: only its layout is used (see FirstUseLayout). */
const sessionLayout = new FirstUseLayout(
  () => new Session({ metadata: new MetadataStore([], []), dialect: undefined, statementDefaults: {} } as unknown as Engine),
);
