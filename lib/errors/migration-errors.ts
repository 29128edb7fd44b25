import { StrataError } from "./strata-error";

/**
 * A migration's statement failed. `appliedStatements` says how many of its
 * statements took effect before the failure: 0 where the migration ran in a
 * transaction that was rolled back, more on a database that cannot roll DDL
 * back (MySQL/MariaDB), where the database is left between two versions.
 */
export class MigrationError extends StrataError {
  constructor(
    readonly migration: string,
    message: string,
    readonly appliedStatements: number,
    options?: { cause?: unknown },
  ) {
    super("MIGRATION_FAILED", message, options);
  }
}

/**
 * A migration is marked as failed or still running in the ledger: the
 * database may be half-migrated, so nothing runs until someone looks and
 * resolves it (`strata migration:resolve <name> --applied | --rolled-back`).
 */
export class MigrationBlockedError extends StrataError {
  constructor(
    readonly migration: string,
    message: string,
  ) {
    super("MIGRATION_BLOCKED", message);
  }
}

/** Another migration runner held the migration lock for longer than we were willing to wait. */
export class MigrationLockError extends StrataError {
  constructor(message: string) {
    super("MIGRATION_LOCK_TIMEOUT", message);
  }
}

/** A migration file that cannot be used: it fails to load, lacks up()/down(), or is missing for an applied migration. */
export class MigrationFileError extends StrataError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("MIGRATION_FILE", message, options);
  }
}
