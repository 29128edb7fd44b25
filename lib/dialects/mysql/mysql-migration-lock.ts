import type { MigrationLockSql } from "../dialect";

/**
 * GET_LOCK names are server-wide: the database name goes into the key so
 * runners on different databases do not wait for each other, hashed because
 * MySQL caps lock names at 64 characters.
 */
function key(name: string): string {
  return `CONCAT('strata:', MD5(CONCAT(DATABASE(), '.', '${name.replace(/'/g, "''")}')))`;
}

export const mysqlMigrationLock: MigrationLockSql = {
  kind: "session",
  tryAcquire: (name) => `SELECT GET_LOCK(${key(name)}, 0) AS locked`,
  release: (name) => `SELECT RELEASE_LOCK(${key(name)}) AS released`,
};
