import { poolSettings } from "../base/pool-settings";
import { PooledDriver } from "../base/pooled-driver";
import type { ConnectionConfig } from "../connection-config";
import type { DriverOptions } from "../driver";
import type { SqliteClient, SqliteConnection } from "./sqlite-connection";

/** Connections of a file database: readers run beside one writer (WAL). */
const FILE_POOL_SIZE = 5;
const DEFAULT_LOCK_TIMEOUT_MS = 5_000;

/**
 * SQLite through better-sqlite3 or sqlite3 (the SqliteClient), connected as
 * SQLAlchemy connects to a file: a small pool (5 connections by default) in
 * WAL mode, so sessions read while another writes, and transactions that
 * take the write lock when they begin (BEGIN IMMEDIATE, see the dialect). A
 * statement that finds the database locked by another connection waits for
 * it on timers, never inside the driver (busy_timeout is 0), so the event
 * loop keeps running; after lockTimeoutMillis it fails with
 * LockTimeoutError. An in-memory database lives in exactly one connection,
 * lent to one caller at a time.
 */
export class SqliteDriver extends PooledDriver<SqliteConnection> {
  constructor(config: ConnectionConfig, options: DriverOptions, client: SqliteClient) {
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
    super(settings, (home) => client.open(home, file, lockTimeoutMillis, !memory && file !== ""));
  }
}
