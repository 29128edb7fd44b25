import { dialectFor, type PoolOptions } from "../dialects";
import { ConfigError } from "../errors";
import { type EchoOption, echoHandler } from "./echo";
import { Engine } from "./engine";
import { parseDatabaseUrl } from "./url";

export interface EngineOptions {
  /** Log every statement with parameters and duration (true), or hand each event to a function. */
  readonly echo?: EchoOption;
  /** Pool settings for PostgreSQL and MySQL; SQLite always uses one connection. */
  readonly pool?: PoolOptions;
}

function checkPool(pool: PoolOptions | undefined): PoolOptions {
  if (pool === undefined) return {};
  for (const [key, value] of Object.entries(pool)) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new ConfigError(`pool.${key} must be a non-negative integer, got ${String(value)}.`);
    }
  }
  if (pool.max !== undefined && pool.max < 1) throw new ConfigError("pool.max must be at least 1.");
  return pool;
}

/**
 * Create an engine for a database URL. Nothing connects until the first
 * statement; a bad URL or a missing driver package fails here, at once.
 *
 * ```ts
 * const engine = createEngine("sqlite:///tasks.db", { echo: true });
 * const pg = createEngine("postgresql://user:password@localhost:5432/app", { pool: { max: 10 } });
 * ```
 */
export function createEngine(url: string, options: EngineOptions = {}): Engine {
  const config = parseDatabaseUrl(url);
  const dialect = dialectFor(config.dialect);
  const driver = dialect.createDriver(config, checkPool(options.pool));
  return new Engine(dialect, config, driver, echoHandler(options.echo));
}
