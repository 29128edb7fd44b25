import type { PoolOptions } from "../driver";
import type { PoolSettings } from "./connection-pool";

const DEFAULT_TIMEOUT_MS = 30_000;

/** The pool settings of PoolOptions, with each database's default size and its advice for an exhausted pool. */
export function poolSettings(options: PoolOptions, defaultMax: number, exhaustedHint: string): PoolSettings {
  return {
    max: options.max ?? defaultMax,
    min: options.min ?? 0,
    idleTimeoutMillis: options.idleTimeoutMillis ?? DEFAULT_TIMEOUT_MS,
    acquireTimeoutMillis: options.acquireTimeoutMillis ?? DEFAULT_TIMEOUT_MS,
    exhaustedHint,
  };
}

/** What to do about an exhausted server pool: the same advice for PostgreSQL and MySQL. */
export const SERVER_POOL_HINT =
  "Close sessions and finish engine.connect() callbacks sooner (an open transaction holds its connection), or raise pool.max or pool.acquireTimeoutMillis in the createEngine options.";
