import { StrataError } from "./strata-error";

/**
 * Errors that come from the database server or driver, mapped by each dialect
 * to one of these classes. The driver's own error is kept as `cause`.
 */
export class DatabaseError extends StrataError {
  /** The SQL that failed, when there was one. */
  readonly sql?: string;

  constructor(code: string, message: string, options: { cause?: unknown; sql?: string } = {}) {
    super(code, message, { cause: options.cause });
    this.sql = options.sql;
  }
}

export class ConnectionError extends DatabaseError {
  constructor(message: string, options: { cause?: unknown; sql?: string } = {}) {
    super("CONNECTION_ERROR", message, options);
  }
}

/** A constraint error that names the constraint the database reported, when it did. */
export class ConstraintViolationError extends DatabaseError {
  readonly constraint?: string;

  constructor(code: string, message: string, options: { cause?: unknown; sql?: string; constraint?: string } = {}) {
    super(code, message, options);
    this.constraint = options.constraint;
  }
}

export class UniqueViolationError extends ConstraintViolationError {
  constructor(message: string, options: { cause?: unknown; sql?: string; constraint?: string } = {}) {
    super("UNIQUE_VIOLATION", message, options);
  }
}

export class ForeignKeyViolationError extends ConstraintViolationError {
  constructor(message: string, options: { cause?: unknown; sql?: string; constraint?: string } = {}) {
    super("FOREIGN_KEY_VIOLATION", message, options);
  }
}

export class NotNullViolationError extends ConstraintViolationError {
  constructor(message: string, options: { cause?: unknown; sql?: string; constraint?: string } = {}) {
    super("NOT_NULL_VIOLATION", message, options);
  }
}

export class CheckViolationError extends ConstraintViolationError {
  constructor(message: string, options: { cause?: unknown; sql?: string; constraint?: string } = {}) {
    super("CHECK_VIOLATION", message, options);
  }
}

/** A transaction the database aborted to keep isolation; safe to retry. */
export class SerializationError extends DatabaseError {
  constructor(message: string, options: { cause?: unknown; sql?: string } = {}) {
    super("SERIALIZATION_FAILURE", message, options);
  }
}

/** A transaction chosen as a deadlock victim; safe to retry. */
export class DeadlockError extends DatabaseError {
  constructor(message: string, options: { cause?: unknown; sql?: string } = {}) {
    super("DEADLOCK", message, options);
  }
}

/** The database waited too long for a lock or a statement. */
export class TimeoutError extends DatabaseError {
  constructor(message: string, options: { cause?: unknown; sql?: string; code?: string } = {}) {
    super(options.code ?? "TIMEOUT", message, options);
  }
}

/**
 * A statement ran longer than its statementTimeoutMillis (engine, session or
 * query option) and was cancelled. The connection stays usable; inside a
 * transaction, PostgreSQL needs a rollback (or the savepoint's) before the next statement.
 */
export class StatementTimeoutError extends TimeoutError {
  constructor(message: string, options: { cause?: unknown; sql?: string } = {}) {
    super(message, { ...options, code: "STATEMENT_TIMEOUT" });
  }
}

/** A statement waited longer than lockTimeoutMillis for a lock another transaction holds. Safe to retry once that transaction ends. */
export class LockTimeoutError extends TimeoutError {
  constructor(message: string, options: { cause?: unknown; sql?: string } = {}) {
    super(message, { ...options, code: "LOCK_TIMEOUT" });
  }
}

/** A statement stopped by its AbortSignal (the signal's reason is the `cause`), or cancelled on the server by someone else. */
export class StatementCancelledError extends DatabaseError {
  constructor(message: string, options: { cause?: unknown; sql?: string } = {}) {
    super("STATEMENT_CANCELLED", message, options);
  }
}

/** Any other error the database reported (syntax, missing table, ...). */
export class QueryError extends DatabaseError {
  constructor(message: string, options: { cause?: unknown; sql?: string } = {}) {
    super("QUERY_ERROR", message, options);
  }
}
