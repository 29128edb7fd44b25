import { StrataError } from "../errors";

/**
 * A schema change refused before anything ran, because it would fail on or
 * lose the rows already there (a NOT NULL column without a default added to a
 * table with rows, a column made NOT NULL while rows hold NULL there).
 * Lists every problem found at once.
 */
export class SchemaChangeRefusedError extends StrataError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      "SCHEMA_CHANGE_REFUSED",
      problems.length === 1
        ? `Schema change refused, nothing was changed: ${problems[0]}`
        : `Schema change refused (${problems.length} problems), nothing was changed:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.problems = problems;
  }
}

/**
 * A statement of a schema change failed on a database that cannot roll DDL
 * back (MySQL/MariaDB): the statements before it stay applied. The
 * database's own error is the `cause`.
 */
export class SchemaChangeFailedError extends StrataError {
  constructor(
    message: string,
    /** How many statements took effect before the failing one. */
    readonly appliedStatements: number,
    /** The statement that failed. */
    readonly failedStatement: string,
    options: { cause?: unknown },
  ) {
    super("SCHEMA_CHANGE_FAILED", message, options);
  }
}

/** Renames asked for (`renames`, `--rename`, `--rename-table`) that do not fit the database and the entities; lists every problem. */
export class SchemaRenameError extends StrataError {
  /** Each rename that does not fit, and why. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      "SCHEMA_RENAME_INVALID",
      `${problems.length === 1 ? "A rename" : `${problems.length} renames`} cannot be made, nothing was changed:${problems.length === 1 ? " " : "\n  - "}${problems.join("\n  - ")} A rename names the table or column as the database has it and as the entities map it now.`,
    );
    this.problems = problems;
  }
}

/**
 * A change that looks like a rename (a column or table gone, a compatible
 * one new) was neither confirmed nor ruled out, where nobody could be asked
 * (no terminal). Says how to answer on the command line, or in the entities.
 */
export class AmbiguousRenameError extends StrataError {
  constructor(message: string) {
    super("SCHEMA_RENAME_AMBIGUOUS", message);
  }
}

/**
 * The database and the entities differ (strata schema:check, or an engine
 * created with schemaCheck: "error"). `differences` lists each one.
 */
export class SchemaDriftError extends StrataError {
  constructor(
    message: string,
    /** Each difference, one sentence: `column tasks.due (date NULL) is missing from the database`. */
    readonly differences: readonly string[],
  ) {
    super("SCHEMA_DRIFT", message);
  }
}
