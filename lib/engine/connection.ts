import type { CompiledQuery, Dialect, DriverConnection, DriverQuery, DriverResult, IsolationLevel } from "../dialects";
import { keepLayoutOf } from "../dialects/base/layout-keeper";
import { ConnectionError, InvalidStatementError, UsageError } from "../errors";
import type { Executable } from "../sql";
import type { EchoEvent } from "./echo";
import { Result } from "./result";
import { decodeRows } from "./row-decoder";

/** A statement's result as the driver gave it, and whether integers were read exactly (as bigints where needed). */
export interface UndecodedResult {
  readonly result: DriverResult;
  readonly exactIntegers: boolean;
}

export interface TransactionOptions {
  /** Isolation level of a top-level transaction (SQLite is always serializable). */
  readonly isolation?: IsolationLevel;
}

/**
 * One connection from the engine's pool, for the duration of an
 * `engine.connect()` callback. Statements run in order; `transaction()`
 * begins a transaction, or a savepoint when one is already open.
 */
export class Connection {
  private depth = 0;
  private savepointCounter = 0;
  private busyTransaction = false;
  private closed = false;
  /** Set when the driver connection failed in a way that makes it unsafe to reuse. */
  broken = false;

  constructor(
    readonly dialect: Dialect,
    private readonly driverConnection: DriverConnection,
    private readonly echo: ((event: EchoEvent) => void) | undefined,
  ) {}

  /** Whether a transaction (or savepoint) is open on this connection. */
  get inTransaction(): boolean {
    return this.depth > 0;
  }

  /** Run a statement: a select/insert/update/delete builder or sql``. */
  async execute<TRow>(statement: Executable<TRow>): Promise<Result<TRow>> {
    if (typeof (statement as Partial<Executable<TRow>> | null)?.toStatementNode !== "function") {
      throw new UsageError("execute() takes a statement built by select(), insert(), update(), del() or sql``, never plain data.");
    }
    const compiled = this.dialect.compiler.compile(statement.toStatementNode());
    return this.run<TRow>(compiled);
  }

  /** Run compiled SQL (what execute() does after compiling). */
  async run<TRow>(query: CompiledQuery): Promise<Result<TRow>> {
    const { result, exactIntegers } = await this.runUndecoded(query);
    const rows = decodeRows(result, query, this.dialect.codec, exactIntegers) as TRow[];
    // A driver's insert id outlives its INSERT (SQLite's last_insert_rowid); only an INSERT (or raw SQL) reports one.
    const insertId = query.statement === undefined || query.statement === "insert" ? result.insertId : undefined;
    return new Result<TRow>(rows, result.rowCount, insertId);
  }

  /**
   * Run compiled SQL and hand back the driver's rows as they came (arrays),
   * for callers that decode rows themselves, such as entity hydrators.
   */
  async runUndecoded(query: CompiledQuery): Promise<UndecodedResult> {
    const driverQuery = this.driverQuery(query);
    return { result: await this.send(query, driverQuery), exactIntegers: driverQuery.exactIntegers === true };
  }

  /** Whether statements run synchronously (SQLite): rowsMatchedNow() then returns counts, never promises. */
  get synchronous(): boolean {
    return this.driverConnection.runSync !== undefined;
  }

  /**
   * Run a write and give the number of rows it matched; on a synchronous
   * driver (SQLite) the number itself rather than a promise of it, so that a
   * flush sending an UPDATE per row awaits only when it must. Errors are
   * thrown, or rejected, as mapped.
   */
  rowsMatchedNow(query: CompiledQuery): number | Promise<number> {
    const result = this.send(query, this.driverQuery(query));
    return result instanceof Promise ? result.then((r) => r.rowCount) : result.rowCount;
  }

  /** The statement as the driver takes it, after the checks every statement gets. */
  private driverQuery(query: CompiledQuery): DriverQuery {
    if (this.closed) throw new UsageError("This connection was released; use it only inside its engine.connect() callback.");
    const maxParameters = this.dialect.capabilities.maxParameters;
    if (query.params.length > maxParameters) {
      // Past the limit, drivers fail obscurely (pg's count wraps around and breaks the connection).
      throw new InvalidStatementError(
        `This statement binds ${query.params.length} parameters and ${this.dialect.name} takes at most ${maxParameters} in one statement. Split it: insert rows in smaller batches, or pass fewer values to in([...]).`,
      );
    }
    const exactIntegers = this.dialect.codec.needsExactIntegers(query.selection?.map((s) => s.type));
    return { sql: query.sql, params: query.params, exactIntegers };
  }

  /** Send a statement: synchronously where the driver can (no promise per statement), echoing what it did. */
  private send(query: CompiledQuery, driverQuery: DriverQuery): DriverResult | Promise<DriverResult> {
    const driver = this.driverConnection;
    if (!driver.runSync) return this.sendAsync(query, driverQuery);
    // The clock is read only for echo: a flush sends thousands of statements.
    const started = this.echo ? performance.now() : 0;
    let result: DriverResult;
    try {
      result = driver.runSync(driverQuery);
    } catch (error) {
      throw this.failed(error, query, started);
    }
    return this.succeeded(query, started, result);
  }

  private async sendAsync(query: CompiledQuery, driverQuery: DriverQuery): Promise<DriverResult> {
    const started = this.echo ? performance.now() : 0;
    let result: DriverResult;
    try {
      result = await this.driverConnection.run(driverQuery);
    } catch (error) {
      throw this.failed(error, query, started);
    }
    return this.succeeded(query, started, result);
  }

  /** A statement's result, echoed. */
  private succeeded(query: CompiledQuery, started: number, result: DriverResult): DriverResult {
    this.echo?.({ sql: query.sql, params: query.params, durationMs: performance.now() - started, rowCount: result.rowCount });
    return result;
  }

  /** A driver's error as the StrataError to throw (echoed); a connection error marks the connection broken. */
  private failed(error: unknown, query: CompiledQuery, started: number): Error {
    const mapped = this.dialect.mapError(error, query.sql);
    if (mapped instanceof ConnectionError) this.broken = true;
    this.echo?.({ sql: query.sql, params: query.params, durationMs: performance.now() - started, error: mapped });
    return mapped;
  }

  /** Run plain SQL text without parameters (transaction control, DDL). */
  async runSql(sql: string): Promise<Result<Record<string, unknown>>> {
    return this.run({ sql, params: [] });
  }

  /**
   * Run `fn` in a transaction: COMMIT when it resolves, ROLLBACK when it
   * throws (the error is rethrown). Inside a transaction this is a SAVEPOINT,
   * so an inner failure undoes only the inner work.
   */
  async transaction<T>(fn: (tx: Connection) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.busyTransaction) {
      throw new UsageError("A transaction on this connection is already starting or ending; await it before beginning another.");
    }
    return this.depth === 0 ? this.topLevel(fn, options) : this.savepoint(fn);
  }

  /** Called by the engine when the connect() callback ends. */
  markReleased(): void {
    this.closed = true;
  }

  private async topLevel<T>(fn: (tx: Connection) => Promise<T>, options: TransactionOptions): Promise<T> {
    const tx = this.dialect.transactions;
    this.busyTransaction = true;
    try {
      for (const sql of tx.begin(options.isolation)) await this.runSql(sql);
    } finally {
      this.busyTransaction = false;
    }
    this.depth = 1;
    let value: T;
    try {
      value = await fn(this);
    } catch (error) {
      this.depth = 0;
      await this.runSql(tx.rollback).catch(() => {
        this.broken = true;
      });
      throw error;
    }
    this.depth = 0;
    try {
      await this.runSql(tx.commit);
    } catch (error) {
      await this.runSql(tx.rollback).catch(() => {
        this.broken = true;
      });
      throw error;
    }
    return value;
  }

  private async savepoint<T>(fn: (tx: Connection) => Promise<T>): Promise<T> {
    const tx = this.dialect.transactions;
    const name = `strata_sp_${++this.savepointCounter}`;
    await this.runSql(tx.savepoint(name));
    this.depth++;
    try {
      const value = await fn(this);
      await this.runSql(tx.releaseSavepoint(name));
      return value;
    } catch (error) {
      await this.runSql(tx.rollbackToSavepoint(name));
      await this.runSql(tx.releaseSavepoint(name));
      throw error;
    } finally {
      this.depth--;
    }
  }
}

keepLayoutOf(new Connection(undefined as never, undefined as never, undefined));
