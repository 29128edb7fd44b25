import type { MigrationLockSql } from "../dialect";

/**
 * SQLite has no advisory locks, but every transaction Strata begins is BEGIN
 * IMMEDIATE, which takes the database's write lock (waiting up to the busy
 * timeout): a runner that re-reads its ledger inside that transaction sees
 * what any other runner committed.
 */
export const sqliteMigrationLock: MigrationLockSql = { kind: "transaction" };
