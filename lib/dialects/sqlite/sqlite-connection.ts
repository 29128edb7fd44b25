import { LockTimeoutError } from "../../errors";
import { type ConnectionHome, PooledConnection } from "../base/pooled-connection";
import { CancellableSleep, isLockBusy, lockBackoff } from "./sqlite-lock-wait";

/** What a statement without rows gives back: shared, as a flush runs thousands of them. */
export const NO_ROWS = Object.freeze([]) as unknown as unknown[][];
export const NO_COLUMNS = Object.freeze([]) as unknown as readonly { name: string }[];

/** Prepared statements kept per connection; preparing is the costly part of a small query. */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * One SQLite connection of the pool, whichever the client (better-sqlite3,
 * sqlite3): what they share is the wait for the database lock. busy_timeout
 * is 0 on every connection, so a statement that finds the database locked
 * by another connection fails at once with SQLITE_BUSY, and is tried again
 * here on timers until lockTimeoutMillis (LockTimeoutError) or cancel().
 */
export abstract class SqliteConnection extends PooledConnection {
  private readonly lockWait = new CancellableSleep();
  private waitingForLock = false;
  private cancelRequested = false;

  constructor(
    home: ConnectionHome<SqliteConnection>,
    protected readonly file: string,
    private readonly lockTimeoutMillis: number,
  ) {
    super(home as never);
  }

  /** Ends a lock wait (a running statement: see the client's cancel()). */
  cancel(): Promise<void> {
    this.cancelLockWait();
    return Promise.resolve();
  }

  protected cancelLockWait(): boolean {
    if (!this.waitingForLock) return false;
    this.cancelRequested = true;
    this.lockWait.interrupt();
    return true;
  }

  destroy(): void {
    this.broken = true;
    this.cancel();
    this.close();
  }

  /**
   * Try `attempt` again on timers while the database is locked by another
   * connection, until lockTimeoutMillis have passed (LockTimeoutError) or
   * cancel() is called.
   */
  async untilUnlocked<T>(sql: string, attempt: () => T | Promise<T>): Promise<T> {
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
          return await attempt();
        } catch (error) {
          if (!isLockBusy(error)) throw error;
        }
      }
    } finally {
      this.waitingForLock = false;
      this.cancelRequested = false;
    }
  }
}

/** The SQLite driver packages, in the order a plain sqlite:// URL tries them. */
export type SqliteDriverName = "better-sqlite3" | "sqlite3";

/**
 * One SQLite driver package, as the pool uses it: it opens a connection set
 * up the same way whatever the package (foreign keys on, case-sensitive
 * LIKE, WAL for a file, busy_timeout 0 so lock waits happen on timers).
 */
export interface SqliteClient {
  readonly name: SqliteDriverName;
  open(home: ConnectionHome<SqliteConnection>, file: string, lockTimeoutMillis: number, wal: boolean): Promise<SqliteConnection>;
}
