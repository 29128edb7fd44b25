import { StrataError } from "../errors";

/** A destructive command was run where nobody could confirm it (no terminal) and without --force. */
export class ConfirmationRequiredError extends StrataError {
  constructor(message: string) {
    super("CONFIRMATION_REQUIRED", message);
  }
}

/** `migration:status --check`: migrations are pending, blocked, edited or missing, so the database is not where the code expects it. */
export class MigrationsNotCurrentError extends StrataError {
  constructor(message: string) {
    super("MIGRATIONS_NOT_CURRENT", message);
  }
}
