import {
  CheckViolationError,
  ConnectionError,
  DeadlockError,
  ForeignKeyViolationError,
  LockTimeoutError,
  NotNullViolationError,
  QueryError,
  StatementCancelledError,
  StatementTimeoutError,
  StrataError,
  UniqueViolationError,
} from "../../errors";
import { schemaBehindHint } from "../base/schema-behind-hint";

interface MysqlError {
  code?: string;
  errno?: number;
  message?: string;
  sqlMessage?: string;
  fatal?: boolean;
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EPIPE",
  "PROTOCOL_CONNECTION_LOST",
]);

/**
 * Server errors after which the connection is gone: the server is shutting
 * down (1053), the connection was killed (1927, MariaDB), too many
 * connections (1040), the server went away or the connection was lost
 * during a query (2006, 2013: client codes some servers relay).
 */
const CONNECTION_ENDED_ERRNOS = new Set([1040, 1053, 1927, 2006, 2013]);

/** The constraint name MySQL puts in quotes in its message, when there is one. */
function constraintIn(message: string): string | undefined {
  return /(?:key|CONSTRAINT) [`']([^`']+)[`']/i.exec(message)?.[1];
}

/** Map mysql2's errors by server error number (MySQL and MariaDB share these). */
export function mapMysqlError(error: unknown, sql?: string): StrataError {
  if (error instanceof StrataError) return error;
  const e = (error ?? {}) as MysqlError;
  const message = e.sqlMessage ?? e.message ?? String(error);
  const constraint = constraintIn(message);
  const options = { cause: error, sql, ...(constraint ? { constraint } : {}) };
  switch (e.errno) {
    case 1062:
    case 1586:
      return new UniqueViolationError(`Unique constraint violated: ${message}`, options);
    case 1216:
    case 1217:
    case 1451:
    case 1452:
      return new ForeignKeyViolationError(`Foreign key constraint violated: ${message}`, options);
    case 1048:
    case 1364:
      return new NotNullViolationError(`NOT NULL constraint violated: ${message}`, options);
    case 3819:
    case 4025:
      return new CheckViolationError(`CHECK constraint violated: ${message}`, options);
    case 1265:
      // In strict mode, a value an ENUM column does not list (or one its type cannot take whole) is refused as "truncated".
      return new CheckViolationError(`Value not allowed in the column (for an ENUM: not one of its values): ${message}`, options);
    case 1213:
      return new DeadlockError(`Deadlock detected; retry the transaction: ${message}`, options);
    case 1205:
      return new LockTimeoutError(
        `MySQL gave up waiting for a row lock (innodb_lock_wait_timeout): ${message}. Another transaction holds it; retry once it ends, or raise lockTimeoutMillis.`,
        options,
      );
    case 1969:
    case 3024:
      // MariaDB's max_statement_time, MySQL's max_execution_time.
      return new StatementTimeoutError(`The statement ran longer than the server's time limit and was stopped: ${message}`, options);
    case 1317:
      return new StatementCancelledError(`MySQL interrupted the statement (KILL QUERY): ${message}`, options);
    case 1049:
      return new ConnectionError(`${message}. Create it (CREATE DATABASE <name>) or fix the database name in the URL.`, options);
    case 1045:
      return new ConnectionError(`MySQL refused the login: ${message}. Check the user and password in the URL.`, options);
    case 1146:
      return new QueryError(`MySQL error 1146: ${message}. ${schemaBehindHint("table")}`, options);
    case 1054:
      return new QueryError(`MySQL error 1054: ${message}. ${schemaBehindHint("column")}`, options);
    case 1273:
    case 1253:
      return new QueryError(
        `MySQL error ${e.errno}: ${message}. A collation option names a collation this server does not have for utf8mb4; SHOW COLLATION LIKE 'utf8mb4%' lists the ones it has.`,
        options,
      );
    case 1005:
      if (/errno: 150/.test(message)) {
        return new QueryError(
          `MySQL error 1005: ${message}. A foreign key column must have the type and collation of the column it references: tables created by Strata before it used NO PAD collations have utf8mb4_bin (see the README on moving a table to the new collation).`,
          options,
        );
      }
      break;
  }
  if (NETWORK_CODES.has(e.code ?? "") || e.fatal || CONNECTION_ENDED_ERRNOS.has(e.errno ?? 0)) {
    return new ConnectionError(
      `Cannot reach MySQL: ${message}. Check that the server is running and that the URL's host and port are right.`,
      options,
    );
  }
  return new QueryError(`MySQL error${e.errno ? ` ${e.errno}` : ""}: ${message}`, options);
}
