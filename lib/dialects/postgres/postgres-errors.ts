import {
  CheckViolationError,
  ConnectionError,
  DeadlockError,
  ForeignKeyViolationError,
  LockTimeoutError,
  NotNullViolationError,
  QueryError,
  SerializationError,
  StatementCancelledError,
  StatementTimeoutError,
  StrataError,
  UniqueViolationError,
} from "../../errors";
import { schemaBehindHint } from "../base/schema-behind-hint";

interface PgError {
  code?: string;
  message?: string;
  detail?: string;
  constraint?: string;
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "EPIPE"]);

/**
 * SQLSTATEs after which the server has closed the connection: an
 * administrator or pg_terminate_backend ended it (57P01), a crash or an
 * immediate shutdown (57P02), a server still starting (57P03), an idle
 * session timeout (57P05), idle_in_transaction_session_timeout (25P03).
 */
const CONNECTION_ENDED_CODES = new Set(["57P01", "57P02", "57P03", "57P05", "25P03"]);

/** What pg says when the socket is gone: mid-statement, or on a client whose connection already failed. */
const CONNECTION_LOST_MESSAGE =
  /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|Connection terminated due to connection timeout|^timeout expired$/i;

/** Map pg's errors by SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
export function mapPostgresError(error: unknown, sql?: string): StrataError {
  if (error instanceof StrataError) return error;
  const e = (error ?? {}) as PgError;
  const code = e.code ?? "";
  const message = `${e.message ?? String(error)}${e.detail ? ` (${e.detail})` : ""}`;
  const options = { cause: error, sql, ...(e.constraint ? { constraint: e.constraint } : {}) };
  switch (code) {
    case "23505":
      return new UniqueViolationError(`Unique constraint violated: ${message}`, options);
    case "23503":
      return new ForeignKeyViolationError(`Foreign key constraint violated: ${message}`, options);
    case "23502":
      return new NotNullViolationError(`NOT NULL constraint violated: ${message}`, options);
    case "23514":
      return new CheckViolationError(`CHECK constraint violated: ${message}`, options);
    case "40001":
      return new SerializationError(`Transaction aborted by a serialization conflict; retry it: ${message}`, options);
    case "40P01":
      return new DeadlockError(`Deadlock detected; retry the transaction: ${message}`, options);
    case "57014":
      // query_canceled: statement_timeout, or a cancel request (pg_cancel_backend, another client's cancel).
      return /statement timeout/i.test(message)
        ? new StatementTimeoutError(`The statement ran longer than PostgreSQL's statement_timeout and was cancelled: ${message}`, options)
        : new StatementCancelledError(`PostgreSQL cancelled the statement: ${message}`, options);
    case "55P03":
      return new LockTimeoutError(
        `PostgreSQL gave up waiting for a lock (lock_timeout): ${message}. Another transaction holds it; retry once it ends, or raise lockTimeoutMillis.`,
        options,
      );
    case "3D000":
      return new ConnectionError(`${message}. Create it (createdb <name>) or fix the database name in the URL.`, options);
    case "28P01":
    case "28000":
      return new ConnectionError(`PostgreSQL refused the login: ${message}. Check the user and password in the URL.`, options);
    case "42P01":
      return new QueryError(`PostgreSQL error 42P01: ${message}. ${schemaBehindHint("table")}`, options);
    case "42703":
      return new QueryError(`PostgreSQL error 42703: ${message}. ${schemaBehindHint("column")}`, options);
    case "42704":
      if (/^collation /.test(message)) {
        return new QueryError(
          `PostgreSQL error 42704: ${message}. A collation option names a collation the database does not have (names are case-sensitive); SELECT collname FROM pg_collation lists them, and CREATE COLLATION makes one.`,
          options,
        );
      }
      break;
  }
  if (code.startsWith("08") || CONNECTION_ENDED_CODES.has(code) || NETWORK_CODES.has(code) || CONNECTION_LOST_MESSAGE.test(message)) {
    return new ConnectionError(
      `Cannot reach PostgreSQL: ${message}. Check that the server is running and that the URL's host and port are right.`,
      options,
    );
  }
  return new QueryError(`PostgreSQL error${code ? ` ${code}` : ""}: ${message}`, options);
}
