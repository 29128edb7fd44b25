import {
  CheckViolationError,
  ConnectionError,
  ForeignKeyViolationError,
  LockTimeoutError,
  NotNullViolationError,
  QueryError,
  SerializationError,
  StatementCancelledError,
  StrataError,
  UniqueViolationError,
} from "../../errors";

/** better-sqlite3 errors carry SQLite's extended result code, e.g. SQLITE_CONSTRAINT_UNIQUE. */
export function mapSqliteError(error: unknown, sql?: string): StrataError {
  if (error instanceof StrataError) return error;
  const code = String((error as { code?: string }).code ?? "");
  const message = (error as Error)?.message ?? String(error);
  const options = { cause: error, sql };
  switch (code) {
    case "SQLITE_CONSTRAINT_UNIQUE":
    case "SQLITE_CONSTRAINT_PRIMARYKEY":
      return new UniqueViolationError(`Unique constraint violated: ${message}`, options);
    case "SQLITE_CONSTRAINT_FOREIGNKEY":
      return new ForeignKeyViolationError(`Foreign key constraint violated: ${message}`, options);
    case "SQLITE_CONSTRAINT_TRIGGER":
      // ON DELETE/UPDATE RESTRICT is enforced like a trigger, and reported with this code.
      if (/FOREIGN KEY constraint failed/i.test(message)) {
        return new ForeignKeyViolationError(`Foreign key constraint violated: ${message}`, options);
      }
      break;
    case "SQLITE_CONSTRAINT_NOTNULL":
      return new NotNullViolationError(`NOT NULL constraint violated: ${message}`, options);
    case "SQLITE_CONSTRAINT_CHECK":
      return new CheckViolationError(`CHECK constraint violated: ${message}`, options);
    case "SQLITE_BUSY_SNAPSHOT":
      // A transaction that read, then wanted to write after another connection wrote: its snapshot is stale.
      return new SerializationError(
        `Another connection wrote to the SQLite database since this transaction read it; retry the transaction: ${message}`,
        options,
      );
    case "SQLITE_BUSY":
    case "SQLITE_LOCKED":
      return new LockTimeoutError(`The SQLite database is locked by another connection: ${message}`, options);
    case "SQLITE_INTERRUPT":
      return new StatementCancelledError(`The SQLite statement was interrupted: ${message}`, options);
    case "SQLITE_CANTOPEN":
    case "SQLITE_NOTADB":
    case "SQLITE_PERM":
    case "SQLITE_READONLY":
      return new ConnectionError(`Cannot open the SQLite database: ${message}`, options);
  }
  if (/no such collation sequence/.test(message)) {
    return new QueryError(
      `SQLite error: ${message}. A collation option names a collation SQLite does not have; it has BINARY, NOCASE and RTRIM, and the ones an application registers itself.`,
      options,
    );
  }
  if (/Cannot open database because the directory does not exist/.test(message)) {
    return new ConnectionError(`Cannot open the SQLite database: ${message}. Create the directory, or fix the path in the URL.`, options);
  }
  return new QueryError(`SQLite error${code ? ` (${code})` : ""}: ${message}`, options);
}
