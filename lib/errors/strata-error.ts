/**
 * The root of every error Strata raises on purpose. `code` is stable across
 * releases so callers can branch on it; `message` says what went wrong and how
 * to fix it; `cause` keeps the driver's original error where there is one.
 */
export class StrataError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A configuration problem: bad URL, missing driver, bad option. */
export class ConfigError extends StrataError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("CONFIG_ERROR", message, options);
  }
}

/** A value that the target column cannot hold, rejected before the database sees it. */
export class InvalidValueError extends StrataError {
  constructor(message: string) {
    super("INVALID_VALUE", message);
  }
}

/** A statement that cannot be built or compiled as asked (e.g. RETURNING on a database without it). */
export class InvalidStatementError extends StrataError {
  constructor(message: string) {
    super("INVALID_STATEMENT", message);
  }
}

/** `result.one()` found no row, or `getOrFail` found no entity. */
export class NotFoundError extends StrataError {
  constructor(message: string) {
    super("NOT_FOUND", message);
  }
}

/** `result.one()` found more than one row. */
export class MultipleRowsError extends StrataError {
  constructor(message: string) {
    super("MULTIPLE_ROWS", message);
  }
}

/** Decorators or entity metadata that cannot work; lists every problem found at once. */
export class MappingError extends StrataError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      "MAPPING_ERROR",
      `Invalid entity mapping (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.problems = problems;
  }
}

/** An object handed to an engine or session in a way that breaks its contract (e.g. use after dispose). */
export class UsageError extends StrataError {
  constructor(message: string) {
    super("USAGE_ERROR", message);
  }
}
