import type { CompiledQuery, Dialect, DriverConnection, DriverQuery, DriverResult, IsolationLevel } from "../dialects";
import { ConnectionError, InvalidStatementError, StatementCancelledError, StatementTimeoutError, UsageError } from "../errors";
import type { Executable } from "../sql";
import { FirstUseLayout } from "../util/layout-keeper";
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

/** Limits on one statement, or on every statement of a connection, session or engine. */
export interface StatementOptions {
  /**
   * Cancel a statement still running after this long (ms), with
   * StatementTimeoutError; the connection stays usable. On PostgreSQL a
   * cancel request stops it, on MySQL/MariaDB a KILL QUERY; on SQLite, whose
   * driver runs a statement synchronously to its end, the limit applies to
   * waiting for the database lock.
   */
  readonly statementTimeoutMillis?: number;
  /** Cancel the running statement when this signal aborts (StatementCancelledError, its reason as `cause`). */
  readonly signal?: AbortSignal;
}

/** How long a cancelled statement may take to end before its connection is closed under it (a server that no longer answers). */
const CANCEL_GRACE_MS = 2_000;

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
  /** Set when the driver connection failed in a way that makes it unsafe to reuse. @internal */
  broken = false;
  /** The limits of every statement that gives none of its own (the engine's, or the session's that holds the connection). @internal */
  defaults: StatementOptions;

  /** @internal The dialect that compiles this connection's statements. */
  readonly dialect: Dialect;
  private readonly driverConnection: DriverConnection;
  private readonly echo: ((event: EchoEvent) => void) | undefined;

  /** @internal Connections are lent by engine.connect(). */
  constructor(
    dialect: Dialect,
    driverConnection: DriverConnection,
    echo: ((event: EchoEvent) => void) | undefined,
    defaults: StatementOptions = {},
  ) {
    this.dialect = dialect;
    this.driverConnection = driverConnection;
    this.echo = echo;
    this.defaults = defaults;
    connectionLayout.keep();
  }

  /** Whether a transaction (or savepoint) is open on this connection. */
  get inTransaction(): boolean {
    return this.depth > 0;
  }

  /** Run a statement: a select/insert/update/delete builder or sql``. */
  async execute<TRow>(statement: Executable<TRow>, options?: StatementOptions): Promise<Result<TRow>> {
    if (typeof (statement as Partial<Executable<TRow>> | null)?.toStatementNode !== "function") {
      throw new UsageError("execute() takes a statement built by select(), insert(), update(), del() or sql``, never plain data.");
    }
    const compiled = this.dialect.compiler.compile(statement.toStatementNode());
    return this.run<TRow>(compiled, options);
  }

  /** Run compiled SQL (what execute() does after compiling). @internal */
  async run<TRow>(query: CompiledQuery, options?: StatementOptions): Promise<Result<TRow>> {
    const { result, exactIntegers } = await this.runUndecoded(query, options);
    const rows = decodeRows(result, query, this.dialect.codec, exactIntegers) as TRow[];
    // A driver's insert id outlives its INSERT (SQLite's last_insert_rowid); only an INSERT (or raw SQL) reports one.
    const insertId = query.statement === undefined || query.statement === "insert" ? result.insertId : undefined;
    return new Result<TRow>(rows, result.rowCount, insertId);
  }

  /**
   * Run compiled SQL and hand back the driver's rows as they came (arrays),
   * for callers that decode rows themselves, such as entity hydrators.
   * @internal
   */
  async runUndecoded(query: CompiledQuery, options?: StatementOptions): Promise<UndecodedResult> {
    const driverQuery = this.driverQuery(query);
    const limits = options === undefined ? this.defaults : { ...this.defaults, ...checkStatementOptions(options) };
    return { result: await this.send(query, driverQuery, limits), exactIntegers: driverQuery.exactIntegers === true };
  }

  /** Whether statements run synchronously (SQLite): rowsMatchedNow() then returns counts, never promises. @internal */
  get synchronous(): boolean {
    return this.driverConnection.runSync !== undefined;
  }

  /**
   * Run a write and give the number of rows it matched; on a synchronous
   * driver (SQLite) the number itself rather than a promise of it, so that a
   * flush sending an UPDATE per row awaits only when it must. Errors are
   * thrown, or rejected, as mapped.
   * @internal
   */
  rowsMatchedNow(query: CompiledQuery): number | Promise<number> {
    const result = this.send(query, this.driverQuery(query), this.defaults);
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

  /**
   * Send a statement: synchronously where the driver can (no promise per
   * statement), echoing what it did. Statements with a time limit or a
   * signal are watched (see watched()); a synchronous statement only once
   * it has to wait, as nothing can stop it before.
   */
  private send(query: CompiledQuery, driverQuery: DriverQuery, options: StatementOptions): DriverResult | Promise<DriverResult> {
    const driver = this.driverConnection;
    // The clock is read only for echo: a flush sends thousands of statements.
    const started = this.echo ? performance.now() : 0;
    if (options.signal?.aborted) throw this.failed(cancelledError(options, "abort", query.sql), query, started);
    if (!driver.runSync) return this.sendAsync(query, driver.run(driverQuery), options, started);
    let result: DriverResult | Promise<DriverResult>;
    try {
      result = driver.runSync(driverQuery);
    } catch (error) {
      throw this.failed(error, query, started);
    }
    if (result instanceof Promise) return this.sendAsync(query, result, options, started);
    return this.succeeded(query, started, result);
  }

  private async sendAsync(query: CompiledQuery, running: Promise<DriverResult>, options: StatementOptions, started: number) {
    let result: DriverResult;
    try {
      result = await (options.statementTimeoutMillis || options.signal ? this.watched(running, options, query.sql) : running);
    } catch (error) {
      throw this.failed(error, query, started);
    }
    return this.succeeded(query, started, result);
  }

  /**
   * A running statement that is cancelled when its time limit passes or its
   * signal aborts: the driver asks the server to stop it, and the statement
   * fails with StatementTimeoutError or StatementCancelledError while the
   * connection stays usable. If it has not ended CANCEL_GRACE_MS after the
   * request (the server no longer answers), the connection is closed under
   * it and discarded, so the wait ends either way.
   */
  private watched(running: Promise<DriverResult>, options: StatementOptions, sql: string): Promise<DriverResult> {
    const { statementTimeoutMillis: limit, signal } = options;
    return new Promise<DriverResult>((resolve, reject) => {
      let why: "timeout" | "abort" | undefined;
      let settled = false;
      let grace: ReturnType<typeof setTimeout> | undefined;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(grace);
        signal?.removeEventListener("abort", onAbort);
        outcome();
      };
      // The server no longer answers: drop the connection and end the wait here, as a driver may never settle a statement on a dead socket.
      const abandon = (error?: unknown) => {
        this.broken = true;
        this.driverConnection.destroy();
        settle(() => reject(cancelledError(options, why ?? "timeout", sql, error)));
      };
      const stop = (reason: "timeout" | "abort") => {
        if (why) return;
        why = reason;
        this.driverConnection.cancel().catch(abandon);
        grace = setTimeout(abandon, CANCEL_GRACE_MS);
      };
      const timer = limit ? setTimeout(() => stop("timeout"), limit) : undefined;
      const onAbort = () => stop("abort");
      signal?.addEventListener("abort", onAbort, { once: true });
      running.then(
        (result) => settle(() => resolve(result)),
        (error) => settle(() => reject(why ? cancelledError(options, why, sql, error) : error)),
      );
    });
  }

  /** A statement's result, echoed. */
  private succeeded(query: CompiledQuery, started: number, result: DriverResult): DriverResult {
    this.echo?.({ sql: query.sql, params: query.params, durationMs: performance.now() - started, rowCount: result.rowCount });
    return result;
  }

  /** A driver's error as the StrataError to throw (echoed); a connection error marks the connection broken. */
  private failed(error: unknown, query: CompiledQuery, started: number): Error {
    const mapped = this.dialect.mapError(error, query.sql);
    if (mapped instanceof ConnectionError || this.driverConnection.broken) this.broken = true;
    this.echo?.({ sql: query.sql, params: query.params, durationMs: performance.now() - started, error: mapped });
    return mapped;
  }

  /** Run plain SQL text without parameters (transaction control, DDL). @internal */
  async runSql(sql: string, options?: StatementOptions): Promise<Result<Record<string, unknown>>> {
    return this.run({ sql, params: [] }, options);
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

  /** Called by the engine when the connect() callback ends. @internal */
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

/** Statement options as given by a caller, checked: a bad limit or signal fails before the statement runs. */
export function checkStatementOptions(options: StatementOptions): StatementOptions {
  if (typeof options !== "object" || options === null) {
    throw new UsageError("Statement options are an object: { statementTimeoutMillis?: number, signal?: AbortSignal }.");
  }
  const { statementTimeoutMillis: limit, signal } = options;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) {
    throw new UsageError(`statementTimeoutMillis must be a whole number of milliseconds, 1 or more; got ${String(limit)}.`);
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new UsageError("signal must be an AbortSignal, such as new AbortController().signal or AbortSignal.timeout(ms).");
  }
  return options;
}

/** The error of a statement this connection cancelled: its time limit passed, or its signal aborted. */
function cancelledError(options: StatementOptions, why: "timeout" | "abort", sql: string, driverError?: unknown): Error {
  if (why === "timeout") {
    return new StatementTimeoutError(
      `The statement ran longer than statementTimeoutMillis (${options.statementTimeoutMillis} ms) and was cancelled. Make it cheaper (an index, a smaller page), or raise statementTimeoutMillis for this query, session or engine.`,
      { sql, cause: driverError },
    );
  }
  const reason = options.signal?.reason;
  return new StatementCancelledError(
    `The statement was cancelled by its AbortSignal${reason instanceof Error ? ` (${reason.message})` : ""}.`,
    { sql, cause: reason ?? driverError },
  );
}

const connectionLayout = new FirstUseLayout(() => new Connection(undefined as never, undefined as never, undefined));
