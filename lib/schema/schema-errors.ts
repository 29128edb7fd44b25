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
