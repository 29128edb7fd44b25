/**
 * Records what would crash a real process: an uncaught exception (an
 * 'error' event nobody listens to is thrown as one) or an unhandled
 * rejection. A fault test asserts this stays empty.
 */
export class CrashWatch {
  readonly crashes: unknown[] = [];
  private readonly onError = (error: unknown) => this.crashes.push(error);

  start(): this {
    process.on("uncaughtException", this.onError);
    process.on("unhandledRejection", this.onError);
    return this;
  }

  stop(): void {
    process.off("uncaughtException", this.onError);
    process.off("unhandledRejection", this.onError);
  }
}

/** Wait `ms` on a timer (lets socket events arrive). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Settles with the promise, or rejects after `ms`: a promise that never settles fails the test instead of hanging it. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms (a hung promise)`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Try `fn` until it resolves, every 50 ms for at most `ms`; resolves to the time it took. */
export async function timeToRecover(fn: () => Promise<unknown>, ms: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    try {
      await fn();
      return performance.now() - started;
    } catch (error) {
      if (performance.now() - started > ms) throw error;
      await sleep(50);
    }
  }
}
