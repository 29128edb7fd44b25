/**
 * The thin contract every database driver wrapper fills. Drivers hold no SQL
 * logic: they run text with parameters and hand back rows as arrays.
 */
export interface DriverQuery {
  readonly sql: string;
  readonly params: readonly unknown[];
  /** Integers must come back exactly (64-bit), e.g. because a bigint column is selected. */
  readonly exactIntegers?: boolean;
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
   * and await 10k times. Throws what run() would reject with.
   */
  runSync?(query: DriverQuery): DriverResult;
  /** Give the connection back to the pool. `broken` discards it instead. */
  release(broken?: boolean): void;
}

export interface Driver {
  acquire(): Promise<DriverConnection>;
  /** Close every pooled connection. */
  destroy(): Promise<void>;
}

export interface PoolOptions {
  /** Most connections open at once (ignored by SQLite, which uses exactly one). */
  readonly max?: number;
  readonly min?: number;
  /** Close a connection idle this long (ms). */
  readonly idleTimeoutMillis?: number;
  /** Give up acquiring a connection after this long (ms). */
  readonly acquireTimeoutMillis?: number;
}
