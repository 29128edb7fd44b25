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
import { schemaBehindHint } from "../base/schema-behind-hint";

/**
 * sqlite3 reports only SQLite's primary result code (SQLITE_CONSTRAINT) and
 * puts it before the message ("SQLITE_CONSTRAINT: UNIQUE constraint
 * failed: users.email"); better-sqlite3 reports the extended code
 * (SQLITE_CONSTRAINT_UNIQUE). The extended code, read from the message
 * where only the primary one was given, and the message without the prefix.
 */
function codeAndMessage(error: unknown): { code: string; message: string } {
  const code = String((error as { code?: string })?.code ?? "");
  let message = (error as Error)?.message ?? String(error);
  if (code !== "" && message.startsWith(`${code}: `)) message = message.slice(code.length + 2);
  if (code !== "SQLITE_CONSTRAINT") return { code, message };
  const kind = /^(UNIQUE|FOREIGN KEY|NOT NULL|CHECK) constraint failed/.exec(message)?.[1];
  const extended = {
    UNIQUE: "SQLITE_CONSTRAINT_UNIQUE",
    "FOREIGN KEY": "SQLITE_CONSTRAINT_FOREIGNKEY",
    "NOT NULL": "SQLITE_CONSTRAINT_NOTNULL",
    CHECK: "SQLITE_CONSTRAINT_CHECK",
  };
  return { code: kind ? extended[kind as keyof typeof extended] : code, message };
}

/** Map a driver error by SQLite's extended result code, e.g. SQLITE_CONSTRAINT_UNIQUE (see codeAndMessage for sqlite3's). */
export function mapSqliteError(error: unknown, sql?: string): StrataError {
  if (error instanceof StrataError) return error;
  const { code, message } = codeAndMessage(error);
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
  const missing = /^(?:no such (table|column)|table \S+ has no (column) named)/.exec(message);
  if (missing)
    return new QueryError(
      `SQLite error${code ? ` (${code})` : ""}: ${message}. ${schemaBehindHint((missing[1] ?? missing[2]) as "table" | "column")}`,
      options,
    );
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
