import type BetterSqlite3 from "better-sqlite3";
import { ConfigError, LockTimeoutError } from "../../errors";
import { FirstUseLayout, keepLayoutOf } from "../../util/layout-keeper";
import { ConnectionPool, type PoolStats } from "../base/connection-pool";
import { loadDriver } from "../base/load-driver";
import { poolSettings } from "../base/pool-settings";
import { type ConnectionHome, PooledConnection, pooledConnectionHooks } from "../base/pooled-connection";
import type { ConnectionConfig } from "../connection-config";
import type { Driver, DriverConnection, DriverOptions, DriverQuery, DriverResult } from "../driver";
import { CancellableSleep, isLockBusy, lockBackoff } from "./sqlite-lock-wait";

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[]>;

/** Prepared statements kept per connection; preparing is the costly part of a small query. */
const STATEMENT_CACHE_SIZE = 256;
/** Connections of a file database: readers run beside one writer (WAL). */
const FILE_POOL_SIZE = 5;
const DEFAULT_LOCK_TIMEOUT_MS = 5_000;

let runResultKept = false;

/**
 * Keep one of better-sqlite3's run() results alive (see keepLayoutOf): the
 * driver makes each by adding its two fields to an empty object, and the code
 * reading them in a 10k-row UPDATE loop would be thrown away with that layout.
 */
function keepRunResultLayout(result: object): void {
  if (runResultKept) return;
  keepLayoutOf(result);
  runResultKept = true;
}

/** What a statement without rows gives back: shared, as a flush runs thousands of them. */
const NO_ROWS = Object.freeze([]) as unknown as unknown[][];
const NO_COLUMNS = Object.freeze([]) as unknown as DriverResult["columns"];

/**
 * SQLite through better-sqlite3, connected as SQLAlchemy connects to a file:
 * a small pool (5 connections by default) in WAL mode, so sessions read
 * while another writes, and transactions that take the write lock when they
 * begin (BEGIN IMMEDIATE, see the dialect). A statement that finds the
 * database locked by another connection waits for it on timers, never inside
 * the synchronous driver (busy_timeout is 0), so the event loop keeps
 * running; after lockTimeoutMillis it fails with LockTimeoutError. An
 * in-memory database lives in exactly one connection, lent to one caller at
 * a time.
 */
export class SqliteDriver implements Driver {
  private readonly pool: ConnectionPool<SqliteConnection>;

  constructor(config: ConnectionConfig, options: DriverOptions) {
    const file = config.database;
    const memory = file === ":memory:";
    const lockTimeoutMillis = options.lockTimeoutMillis ?? DEFAULT_LOCK_TIMEOUT_MS;
    const settings = poolSettings(
      memory ? { ...options.pool, max: 1, min: 0, idleTimeoutMillis: 0 } : options.pool,
      FILE_POOL_SIZE,
      memory
        ? "An in-memory SQLite database lives in one connection, which an open transaction (a session that flushed, a connect() callback) keeps until it ends: commit or close that session before using another one, or use a file database, whose sessions read while another writes."
        : "Close sessions and finish engine.connect() callbacks sooner (an open transaction holds its connection), or raise pool.max or pool.acquireTimeoutMillis in the createEngine options.",
    );
    const open = async () => {
      const Sqlite = loadDriver<typeof BetterSqlite3>("better-sqlite3", "SQLite");
      // timeout 0: a locked database is waited for by SqliteConnection, asynchronously.
      const db = new Sqlite(file, { timeout: 0 });
      const connection = new SqliteConnection(this.pool, db, file, lockTimeoutMillis);
      try {
        keepRunResultLayout(db.prepare("PRAGMA foreign_keys = ON").run());
        // LIKE is case-sensitive on PostgreSQL and on MySQL's binary collation; SQLite's folds ASCII case unless told not to.
        db.pragma("case_sensitive_like = ON");
        if (!memory && file !== "") await connection.untilUnlocked("PRAGMA journal_mode = WAL", () => db.pragma("journal_mode = WAL"));
      } catch (error) {
        db.close();
        throw error;
      }
      return connection;
    };
    this.pool = new ConnectionPool(pooledConnectionHooks(open), settings);
  }

  async acquire(): Promise<DriverConnection> {
    return (await this.pool.acquire()).lend();
  }

  stats(): PoolStats {
    return this.pool.stats();
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}

/** One database connection of the pool, with its own prepared statements. */
class SqliteConnection extends PooledConnection {
  private readonly statements = new Map<string, Statement>();
  /** The statement used last: a flush sends one text many times in a row, and then the cache's order need not change. */
  private lastSql?: string;
  private lastStatement?: Statement;
  private readonly lockWait = new CancellableSleep();
  private waitingForLock = false;
  private cancelRequested = false;

  constructor(
    home: ConnectionHome<SqliteConnection>,
    private readonly db: Database,
    private readonly file: string,
    private readonly lockTimeoutMillis: number,
  ) {
    super(home as never);
    sqliteConnectionLayout.keep();
  }

  async run(query: DriverQuery): Promise<DriverResult> {
    return this.runSync(query);
  }

  /** The result at once; a promise only when another connection holds the lock the statement needs. */
  runSync(query: DriverQuery): DriverResult | Promise<DriverResult> {
    try {
      return this.execute(query);
    } catch (error) {
      if (isLockBusy(error)) return this.untilUnlocked(query.sql, () => this.execute(query));
      throw error;
    }
  }

  /** Ends a lock wait; a statement that runs cannot be stopped (the driver runs it synchronously, to its end). */
  cancel(): Promise<void> {
    if (this.waitingForLock) {
      this.cancelRequested = true;
      this.lockWait.interrupt();
    }
    return Promise.resolve();
  }

  destroy(): void {
    this.broken = true;
    this.cancel();
    this.close();
  }

  close(): void {
    if (this.db.open) this.db.close();
    this.statements.clear();
    this.lastSql = undefined;
    this.lastStatement = undefined;
  }

  /**
   * Try `attempt` again on timers while the database is locked by another
   * connection, until lockTimeoutMillis have passed (LockTimeoutError) or
   * cancel() is called.
   */
  async untilUnlocked<T>(sql: string, attempt: () => T): Promise<T> {
    const deadline = Date.now() + this.lockTimeoutMillis;
    this.waitingForLock = true;
    this.cancelRequested = false;
    try {
      for (let tries = 0; ; tries++) {
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new LockTimeoutError(
            `The SQLite database ${this.file} stayed locked for ${this.lockTimeoutMillis} ms (lockTimeoutMillis): another connection (a session, engine or process) holds a write transaction open. Commit or close that transaction sooner, or raise lockTimeoutMillis in the createEngine options.`,
            { sql },
          );
        }
        await this.lockWait.sleep(Math.min(lockBackoff(tries), left));
        if (this.cancelRequested) throw new Error("The wait for the SQLite lock was cancelled.");
        try {
          return attempt();
        } catch (error) {
          if (!isLockBusy(error)) throw error;
        }
      }
    } finally {
      this.waitingForLock = false;
      this.cancelRequested = false;
    }
  }

  /**
   * Run one statement. The parameters are spread into the call:
   * better-sqlite3 binds arguments faster than the elements of one array
   * argument (a fifth of a 10k-row UPDATE's time went to reading them from
   * the array). Statements bind at most maxParameters (32,766), which a call
   * takes as arguments.
   */
  private execute(query: DriverQuery): DriverResult {
    if (!this.db.open) throw new ConfigError("The SQLite engine was disposed.");
    const stmt = this.prepare(query.sql);
    const params = query.params as unknown[];
    if (stmt.reader) {
      stmt.raw(true);
      stmt.safeIntegers(query.exactIntegers === true);
      const rows = stmt.all(...params) as unknown[][];
      const columns = stmt.columns().map((c) => ({ name: c.name, typeId: c.type ?? undefined }));
      return { rows, columns, rowCount: rows.length };
    }
    const info = stmt.run(...params);
    return { rows: NO_ROWS, columns: NO_COLUMNS, rowCount: info.changes, insertId: info.lastInsertRowid };
  }

  private prepare(sql: string): Statement {
    if (sql === this.lastSql) return this.lastStatement as Statement;
    let stmt = this.statements.get(sql);
    if (stmt) {
      // Move to the back: the map's order is the recency order.
      this.statements.delete(sql);
    } else {
      stmt = this.db.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.statements.keys().next().value as string;
        this.statements.delete(oldest);
      }
    }
    this.statements.set(sql, stmt);
    this.lastSql = sql;
    this.lastStatement = stmt;
    return stmt;
  }
}

const sqliteConnectionLayout = new FirstUseLayout(() => new SqliteConnection({ release() {} }, undefined as never, "", 0));
