import { type DialectName, type DriverName, dialectFor, type PoolOptions } from "../dialects";
import { ConfigError } from "../errors";
import { buildMetadata, type EntityClass, type NamingStrategy } from "../metadata";
import { type EchoOption, echoHandler } from "./echo";
import { Engine, type EngineParts } from "./engine";
import { checkDriver, parseDatabaseUrl } from "./url";

/** The options of createEngine: logging, the pool, entities, time limits, the driver. */
export interface EngineOptions {
  /**
   * The driver package, as a URL's `dialect+driver` scheme names it:
   * `"better-sqlite3"` or `"sqlite3"` for SQLite, `"pg"`, `"mysql2"`.
   * Default: the URL's, else the first one installed (SQLite: better-sqlite3,
   * then sqlite3). A URL naming another driver is a ConfigError.
   */
  readonly driver?: DriverName;
  /** Log every statement with parameters and duration (true), hand each event to a function, or say what to log (`{ parameters: false }`). */
  readonly echo?: EchoOption;
  /** Pool settings: size, idle time, and how long a caller waits for a connection. */
  readonly pool?: PoolOptions;
  /** Entity classes of this engine (entities their relations reach are added). Their mapping is validated here, at once. */
  readonly entities?: readonly EntityClass[];
  /** How class and property names become table and column names; snake_case by default. */
  readonly namingStrategy?: NamingStrategy;
  /**
   * Cancel any statement still running after this long (ms), with
   * StatementTimeoutError. Sessions and queries can set their own. Default:
   * no limit.
   */
  readonly statementTimeoutMillis?: number;
  /**
   * How long a statement waits for a lock held by another transaction (ms)
   * before LockTimeoutError. Default 5,000 on SQLite (waited for without
   * blocking the event loop); the server's own setting on PostgreSQL
   * (lock_timeout) and MySQL/MariaDB (innodb_lock_wait_timeout, whole seconds).
   */
  readonly lockTimeoutMillis?: number;
  /**
   * The collation of every text column (varchar, text) the engine creates or
   * syncs that names none itself or through its table, e.g.
   * `"utf8mb4_unicode_ci"` for case-insensitive text on MySQL/MariaDB. By
   * default text compares exactly (binary, trailing spaces included).
   */
  readonly collation?: string;
  /**
   * Compare the database with the entities when the engine is first used
   * (work on the schema itself, such as createAll() or migrations, comes
   * first and is not checked), the same check as `strata schema:check`.
   * "warn": the differences are reported through process.emitWarning (code
   * STRATA_SCHEMA_DRIFT) and the engine works on. "error": that first use,
   * and every later one, fails with SchemaDriftError listing them. Default:
   * no check. Run by the createEngine "strata-orm" exports.
   */
  readonly schemaCheck?: "warn" | "error";
}

const POOL_OPTIONS: readonly (keyof PoolOptions)[] = ["max", "min", "idleTimeoutMillis", "acquireTimeoutMillis"];

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function checkPool(pool: PoolOptions | undefined): PoolOptions {
  if (pool === undefined) return {};
  if (typeof pool !== "object" || pool === null) throw new ConfigError("pool must be an object such as { max: 10 }.");
  for (const [key, value] of Object.entries(pool)) {
    if (!POOL_OPTIONS.includes(key as keyof PoolOptions)) {
      throw new ConfigError(`pool has no option "${key}"; the options are: ${POOL_OPTIONS.join(", ")}.`);
    }
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new ConfigError(`pool.${key} must be a non-negative integer, got ${describe(value)}.`);
    }
  }
  if (pool.max !== undefined && pool.max < 1) throw new ConfigError("pool.max must be at least 1.");
  if (pool.acquireTimeoutMillis !== undefined && pool.acquireTimeoutMillis < 1) {
    throw new ConfigError("pool.acquireTimeoutMillis must be at least 1: every wait for a connection ends.");
  }
  if (pool.min !== undefined && pool.max !== undefined && pool.min > pool.max) {
    throw new ConfigError(`pool.min (${pool.min}) cannot be more than pool.max (${pool.max}).`);
  }
  return pool;
}

/** A time limit in ms: a positive integer, or undefined for none. */
export function checkMillis(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new ConfigError(`${name} must be a whole number of milliseconds, 1 or more; got ${describe(value)}. Leave it out for no limit.`);
  }
  return value as number;
}

/** The driver the URL and the options name (they must agree), or undefined for the dialect's first installed one. */
function driverOf(dialect: DialectName, fromUrl: DriverName | undefined, fromOption: unknown, displayUrl: string): DriverName | undefined {
  if (fromOption === undefined) return fromUrl;
  const driver = checkDriver(dialect, fromOption, "The createEngine option driver");
  if (fromUrl !== undefined && fromUrl !== driver) {
    throw new ConfigError(
      `The URL "${displayUrl}" names the driver "${fromUrl}" and the option driver names "${driver}"; name it in one place (or make them agree).`,
    );
  }
  return driver;
}

/**
 * Create an engine for a database URL. Nothing connects until the first
 * statement; a bad URL, a missing driver package or a bad entity mapping
 * (MappingError) fails here, at once.
 *
 * ```ts
 * const engine = createEngine("sqlite:///tasks.db", { echo: true });
 * const pg = createEngine("postgresql://user:password@localhost:5432/app", { pool: { max: 10 }, statementTimeoutMillis: 5000 });
 * const viaSqlite3 = createEngine("sqlite+sqlite3:///tasks.db"); // or createEngine("sqlite:///tasks.db", { driver: "sqlite3" })
 * ```
 */
export function createEngine(url: string, options: EngineOptions = {}): Engine {
  if (options.schemaCheck !== undefined) {
    throw new ConfigError(
      `schemaCheck is run by the schema layer's check: create the engine with createEngine from "strata-orm", not from lib/engine.`,
    );
  }
  return new Engine(engineParts(url, options));
}

/** What an engine for this URL and these options is made of, each part checked (createEngine's work before `new`). */
export function engineParts(url: string, options: EngineOptions = {}): EngineParts {
  if (options.schemaCheck !== undefined && options.schemaCheck !== "warn" && options.schemaCheck !== "error") {
    throw new ConfigError(`schemaCheck must be "warn" or "error", got ${describe(options.schemaCheck)}.`);
  }
  const config = parseDatabaseUrl(url);
  if (options.collation !== undefined && (typeof options.collation !== "string" || options.collation.trim() === "")) {
    throw new ConfigError(
      `collation must be the name of one of the database's collations, such as "utf8mb4_unicode_ci"; got ${JSON.stringify(options.collation)}.`,
    );
  }
  const driverName = driverOf(config.dialect, config.driver, options.driver, config.displayUrl);
  const dialect = dialectFor(config.dialect, {
    ...(options.collation !== undefined ? { collation: options.collation } : {}),
    ...(driverName !== undefined ? { driver: driverName } : {}),
  });
  const metadata = buildMetadata(options.entities ?? [], options.namingStrategy);
  const statementTimeoutMillis = checkMillis(options.statementTimeoutMillis, "statementTimeoutMillis");
  const lockTimeoutMillis = checkMillis(options.lockTimeoutMillis, "lockTimeoutMillis");
  const echo = echoHandler(options.echo);
  const driver = dialect.createDriver(config, { pool: checkPool(options.pool), lockTimeoutMillis });
  return { dialect, config, driver, echo, metadata, statementDefaults: { statementTimeoutMillis } };
}
