import type { DriverName } from "./connection-config";

/** What an engine chooses about the SQL its dialect writes; each engine gets a dialect of its own made with these. */
export interface DialectOptions {
  /**
   * The collation of text columns (varchar, text) that name none, neither
   * themselves nor through their table. Undefined: exact, binary comparison
   * (the database's default on SQLite and PostgreSQL; on MySQL/MariaDB the
   * binary NO PAD collation Strata names for every table it creates).
   */
  readonly collation?: string;
  /** The driver package the engine was told to use (URL or option); undefined: the first one installed. */
  readonly driver?: DriverName;
}
