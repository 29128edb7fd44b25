import type { PoolStats } from "./base/connection-pool";

/**
 * The thin contract every database driver wrapper fills. Drivers hold no SQL
 * logic: they run text with parameters and hand back rows as arrays.
 */
export interface DriverQuery {
  readonly sql: string;
  readonly params: readonly unknown[];
  /** Integers must come back exactly (64-bit), e.g. because a bigint column is selected. */
  readonly exactIntegers?: boolean;
  /**
   * The result's columns in order, where a compiler wrote the statement
   * (their keys are unique): a driver that gives rows as objects keyed by
   * column name (sqlite3) reads the values in this order.
   */
  readonly selection?: readonly { readonly key: string }[];
}

/** What a driver knows of one result column. `typeId` is the driver's own type code, used to pick a decoder. */
export interface DriverColumn {
  readonly name: string;
  readonly typeId?: number | string;
}

export interface DriverResult {
  readonly rows: readonly unknown[][];
  readonly columns: readonly DriverColumn[];
  /** Rows affected (writes: matched rows for UPDATE) or returned. */
  readonly rowCount: number;
  /** The first generated key of an INSERT where the database reports it (MySQL, SQLite). */
  readonly insertId?: number | bigint;
}

/**
 * One pooled connection handed to the engine. Implementations are classes
 * with an instance kept by keepLayoutOf, rather than object literals of
 * closures made per acquire: code optimized for a statement loop is tied to
 * the functions and layouts it saw, and V8 throws it away once those are
 * garbage, as closures of an earlier connection are after a collection.
 */
export interface DriverConnection {
  run(query: DriverQuery): Promise<DriverResult>;
  /**
   * The same, for drivers that run statements synchronously (SQLite): no
   * promise per statement, which a flush of 10k UPDATEs would otherwise make
   * and await 10k times. Throws what run() would reject with. A statement
   * that has to wait (for SQLite's write lock) gives a promise instead, so
   * the wait never blocks the event loop.
   */
  runSync?(query: DriverQuery): DriverResult | Promise<DriverResult>;
  /**
   * Stop the statement running now, if any: its run() then rejects soon
   * after (PostgreSQL's cancel request, MySQL's KILL QUERY, the end of a
   * SQLite lock wait). Resolves once the request was sent; rejects when it
   * could not be (the server is unreachable).
   */
  cancel(): Promise<void>;
  /** Close the connection at once (its socket), failing whatever runs on it; when released, the pool discards it. */
  destroy(): void;
  /** Whether the connection is known to be unusable (its server closed it, or it failed mid-statement). */
  readonly broken: boolean;
  /** Give the connection back to the pool. `broken` discards it instead. */
  release(broken?: boolean): void;
}

export interface Driver {
  acquire(): Promise<DriverConnection>;
  /** The pool's counts now. */
  stats(): PoolStats;
  /** Close every pooled connection. */
  destroy(): Promise<void>;
}

/** The connection pool of an engine (`createEngine(url, { pool: { max: 10 } })`). */
export interface PoolOptions {
  /** Most connections open at once: 10 by default; 5 for a SQLite file; an in-memory SQLite database has exactly one. */
  readonly max?: number;
  /** Connections kept open however long they are idle (default 0). */
  readonly min?: number;
  /** Close a connection idle this long (ms; default 30,000). */
  readonly idleTimeoutMillis?: number;
  /**
   * Give up waiting for a connection after this long (ms; default 30,000),
   * with a ConnectionError: every connection is in use, or the server does
   * not answer. Opening a connection is bounded by the same time.
   */
  readonly acquireTimeoutMillis?: number;
}

/** What a driver needs besides the URL: the pool, and the per-connection settings of the engine. */
export interface DriverOptions {
  readonly pool: PoolOptions;
  /**
   * How long a statement waits for a lock before failing with
   * LockTimeoutError (ms). SQLite waits for the database write lock without
   * blocking the event loop; PostgreSQL sets lock_timeout; MySQL/MariaDB set
   * innodb_lock_wait_timeout (whole seconds). Default: 5,000 on SQLite, the
   * server's own setting on the others.
   */
  readonly lockTimeoutMillis?: number;
}
