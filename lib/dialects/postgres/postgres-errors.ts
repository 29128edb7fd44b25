import {
  CheckViolationError,
  ConnectionError,
  DeadlockError,
  ForeignKeyViolationError,
  NotNullViolationError,
  QueryError,
  SerializationError,
  StrataError,
  TimeoutError,
  UniqueViolationError,
} from "../../errors";

interface PgError {
  code?: string;
  message?: string;
  detail?: string;
  constraint?: string;
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "EPIPE"]);

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
    case "55P03":
      return new TimeoutError(`PostgreSQL timed out: ${message}`, options);
    case "3D000":
      return new ConnectionError(`${message}. Create it (createdb <name>) or fix the database name in the URL.`, options);
    case "28P01":
    case "28000":
      return new ConnectionError(`PostgreSQL refused the login: ${message}. Check the user and password in the URL.`, options);
    case "42704":
      if (/^collation /.test(message)) {
        return new QueryError(
          `PostgreSQL error 42704: ${message}. A collation option names a collation the database does not have (names are case-sensitive); SELECT collname FROM pg_collation lists them, and CREATE COLLATION makes one.`,
          options,
        );
      }
      break;
  }
  if (
    code.startsWith("08") ||
    code === "57P01" ||
    NETWORK_CODES.has(code) ||
    /Connection terminated|timeout exceeded when trying to connect/i.test(message)
  ) {
    return new ConnectionError(
      `Cannot reach PostgreSQL: ${message}. Check that the server is running and that the URL's host and port are right.`,
      options,
    );
  }
  return new QueryError(`PostgreSQL error${code ? ` ${code}` : ""}: ${message}`, options);
}
