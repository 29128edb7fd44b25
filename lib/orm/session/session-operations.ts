import { SessionStateError, UsageError } from "../../errors";

/**
 * What a session knows of the operations run on it: whether it may take new
 * ones (closed, or failed until rollback()), which writing operation runs
 * (a session is not for concurrent use), and every operation in flight, so
 * close() can wait for them rather than pull the connection from under one.
 */
export class SessionOperations {
  closed = false;
  /** The error of a flush or commit that rolled the whole transaction back; set until rollback(). */
  failed?: Error;
  /** The writing operation (flush, commit) that runs, and its promise. */
  private busy?: string;
  private running?: Promise<unknown>;
  private readonly inflight = new Set<Promise<unknown>>();

  /** Throw unless a new operation may start: the session is open and not waiting for rollback(). */
  assertUsable(operation: string): void {
    if (this.closed) throw new UsageError(`This session is closed; ${operation}() needs a new Session.`);
    if (this.failed) {
      throw new SessionStateError(
        `This session's transaction was rolled back after an error (${this.failed.message}); call rollback() before ${operation}().`,
      );
    }
  }

  /** Throw if a writing operation runs: `operation` (a rollback) must not run under it. */
  assertIdle(operation: string): void {
    if (this.busy) throw new UsageError(`This session is running ${this.busy}(); await it before calling ${operation}().`);
  }

  /** Run a writing operation, refusing it while another one runs. */
  async exclusive<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    if (this.busy) {
      throw new UsageError(
        `This session is already running ${this.busy}(); a session is not safe for concurrent use — await it, or use one session per task.`,
      );
    }
    this.busy = operation;
    const running = fn();
    this.running = running;
    try {
      return await running;
    } finally {
      this.busy = undefined;
      this.running = undefined;
    }
  }

  /** The writing operation running now, if any (a query started during a flush waits for it, to see what it writes). */
  get writing(): Promise<unknown> | undefined {
    return this.running;
  }

  /** Remember an operation until it settles. */
  track<T>(operation: Promise<T>): Promise<T> {
    this.inflight.add(operation);
    const forget = () => this.inflight.delete(operation);
    operation.then(forget, forget);
    return operation;
  }

  /** Resolves once every operation in flight has settled. */
  async settled(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }
}
