import type { MigrationLockSql } from "../dialect";

/**
 * A session-level advisory lock, keyed by the current schema and the lock
 * name, so runners on different schemas of one database do not wait for
 * each other. It survives COMMIT and is released when the connection closes.
 */
function key(name: string): string {
  return `hashtext(current_schema() || '.' || '${name.replace(/'/g, "''")}')`;
}

export const postgresMigrationLock: MigrationLockSql = {
  kind: "session",
  tryAcquire: (name) => `SELECT pg_try_advisory_lock(${key(name)}) AS locked`,
  release: (name) => `SELECT pg_advisory_unlock(${key(name)}) AS released`,
};
