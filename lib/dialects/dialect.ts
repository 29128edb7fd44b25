import type { StrataError } from "../errors";
import type { DdlCompiler } from "./base/ddl-compiler";
import type { SqlCompiler } from "./base/sql-compiler";
import type { TypeCodec } from "./base/type-codec";
import type { ConnectionConfig, DriverName } from "./connection-config";
import type { DialectCapabilities } from "./dialect-capabilities";
import type { Driver, DriverOptions } from "./driver";
import type { Introspector } from "./introspector";

export type { DialectCapabilities };

/** The databases Strata speaks: SQLite, PostgreSQL, and MySQL/MariaDB ("mysql"). */
export type DialectName = "sqlite" | "postgres" | "mysql";

/** A transaction isolation level, as SQL names it. */
export type IsolationLevel = "read uncommitted" | "read committed" | "repeatable read" | "serializable";

/** The SQL that starts, ends and nests transactions. */
export interface TransactionSql {
  begin(isolation?: IsolationLevel): readonly string[];
  readonly commit: string;
  readonly rollback: string;
  savepoint(name: string): string;
  releaseSavepoint(name: string): string;
  rollbackToSavepoint(name: string): string;
}

/**
 * How concurrent migration runners take turns, so each migration is applied
 * exactly once. "session": an advisory lock taken on the runner's connection
 * and held across its transactions (PostgreSQL, MySQL). "transaction": every
 * transaction takes the database's write lock at BEGIN (SQLite's BEGIN
 * IMMEDIATE), so the runner re-reads its ledger inside each transaction.
 */
export type MigrationLockSql =
  | {
      readonly kind: "session";
      /** Try to take the named lock without waiting; one row whose one value is true/1 when taken. */
      tryAcquire(name: string): string;
      release(name: string): string;
    }
  | { readonly kind: "transaction" };

/**
 * One database: driver + compiler + types + introspection + error mapping. Adding a database
 * means one new folder that fills this contract.
 */
export interface Dialect {
  readonly name: DialectName;
  /** The driver package its connections use (the URL's or the option's, else the first installed). */
  readonly driver: DriverName;
  readonly capabilities: DialectCapabilities;
  readonly codec: TypeCodec;
  readonly compiler: SqlCompiler;
  readonly ddl: DdlCompiler;
  readonly transactions: TransactionSql;
  /** Reads the live schema back from the database's catalog. */
  readonly introspector: Introspector;
  /** Open a connection pool. Throws ConfigError when the driver package is missing. */
  createDriver(config: ConnectionConfig, options: DriverOptions): Driver;
  /**
   * Where generated keys come from the driver's insert id: the step between
   * the keys of one multi-row INSERT, or undefined when the server does not
   * promise consecutive keys (then rows are inserted one at a time).
   */
  autoIncrementStep?(query: (sql: string) => Promise<Record<string, unknown>[]>): Promise<number | undefined>;
  /** How migration runners serialize; see MigrationLockSql. */
  readonly migrationLock?: MigrationLockSql;
  /** Map a driver error to the StrataError subclass that says what happened; the original becomes `cause`. */
  mapError(error: unknown, sql?: string): StrataError;
}
