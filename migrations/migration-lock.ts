import type { Connection } from "../lib/engine";
import { MigrationLockError } from "../lib/errors";
import { LEDGER_TABLE } from "./migration-ledger";

const POLL_MS = 200;

function taken(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || value === "1" || value === "t";
}

/**
 * Take the dialect's session lock on the runner's connection, polling until
 * `timeoutMs` (a non-blocking try in a loop, so the wait can be bounded and
 * reported the same way everywhere). Returns the release function. Where
 * the dialect's lock is its write transactions (SQLite), there is nothing to
 * hold here: the runner re-reads the ledger inside each transaction.
 */
export async function acquireMigrationLock(conn: Connection, timeoutMs: number, onWait?: () => void): Promise<() => Promise<void>> {
  const lock = conn.dialect.migrationLock;
  if (lock === undefined || lock.kind === "transaction") return async () => {};
  const deadline = Date.now() + timeoutMs;
  let waited = false;
  for (;;) {
    const row = (await conn.runSql(lock.tryAcquire(LEDGER_TABLE))).first();
    if (row && taken(Object.values(row)[0])) break;
    if (Date.now() >= deadline) {
      throw new MigrationLockError(
        `Another migration runner has held the ${conn.dialect.name} database's migration lock for more than ${Math.round(timeoutMs / 1000)} s. Wait for it to finish, or pass a longer --lock-timeout.`,
      );
    }
    if (!waited) onWait?.();
    waited = true;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return async () => {
    await conn.runSql(lock.release(LEDGER_TABLE));
  };
}
