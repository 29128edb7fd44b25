import type { DriverName } from "../../dialects";
import type { EntityClass } from "../../metadata";

/**
 * What `strata.config.ts` (or `.js`, `.json`) exports, as its default
 * export or as the module itself:
 *
 * ```ts
 * import type { StrataConfig } from "strata-orm/cli";
 * import { Task } from "./src/task";
 *
 * export default {
 *   url: "sqlite:///dev.db",          // DATABASE_URL overrides it
 *   driver: "sqlite3",                // optional: which driver package (default: the first installed)
 *   entities: [Task, "src/entities"], // classes, or files/folders whose exported entity classes are loaded
 *   migrations: "migrations",         // folder of migration files
 * } satisfies StrataConfig;
 * ```
 *
 * Paths are relative to the config file. A function (sync or async)
 * returning this object is accepted too.
 */
export interface StrataConfig {
  /** The database URL; the DATABASE_URL environment variable takes precedence. */
  readonly url?: string;
  /** The driver package, as createEngine's `driver` option: "better-sqlite3" or "sqlite3" for SQLite (default: the first installed), "pg", "mysql2". */
  readonly driver?: DriverName;
  /** Entity classes, or paths of files or folders (relative to the config file) whose exported entity classes are used. */
  readonly entities?: readonly (EntityClass | string)[];
  /** The folder of migration files, relative to the config file (default "migrations"). */
  readonly migrations?: string;
  /** The engine's default collation of text columns (createEngine's `collation` option), so sync and migrations create what the application's engine would. */
  readonly collation?: string;
}

/** A config file, loaded and checked: paths absolute, entity files loaded. */
export interface ResolvedConfig {
  /** The config file it came from. */
  readonly file: string;
  /** undefined when neither the config nor DATABASE_URL gives one (commands that need a database then say so). */
  readonly url?: string;
  /** Where the URL came from, for messages. */
  readonly urlSource: "DATABASE_URL" | "config";
  /** The url the config file gives, when DATABASE_URL overrides it (commands say so). */
  readonly configUrl?: string;
  readonly entities: readonly EntityClass[];
  /** The paths among `entities`, absolute (db:pull writes into the first). */
  readonly entityPaths?: readonly string[];
  readonly migrationsFolder: string;
  readonly collation?: string;
  readonly driver?: DriverName;
}
