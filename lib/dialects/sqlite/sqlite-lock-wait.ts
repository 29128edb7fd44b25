/**
 * Waits between attempts to take SQLite's lock, in ms: short at first (a
 * writer usually commits within a few ms), then at most 50 ms apart, as
 * SQLite's own busy handler does. The wait is a timer, so the event loop
 * runs on meanwhile; SQLite's busy_timeout would sleep inside the
 * synchronous driver call and freeze the whole process.
 */
const BACKOFF_MS = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50];

/** Whether a driver error says another connection holds the lock, so the same statement may simply be tried again. */
export function isLockBusy(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  // SQLITE_BUSY_SNAPSHOT is left out: the transaction's snapshot is stale, and retrying cannot help (see mapSqliteError).
  return code === "SQLITE_BUSY" || code === "SQLITE_BUSY_RECOVERY" || code === "SQLITE_BUSY_TIMEOUT";
}

/** The wait before attempt `attempt` (0-based) of a statement that found the database locked. */
export function lockBackoff(attempt: number): number {
  return BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
}

/** A wait that cancel() can cut short. */
export class CancellableSleep {
  private wake?: () => void;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }

  /** End the current wait now (none: nothing happens). */
  interrupt(): void {
    this.wake?.();
  }
}
