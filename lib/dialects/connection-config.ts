/** The driver packages Strata can use: better-sqlite3 and sqlite3 (SQLite), pg (PostgreSQL), mysql2 (MySQL/MariaDB). */
export type DriverName = "better-sqlite3" | "sqlite3" | "pg" | "mysql2";

/** A parsed database URL, ready for a dialect to open connections with. */
export interface ConnectionConfig {
  readonly dialect: "sqlite" | "postgres" | "mysql";
  /** The URL as given, with any password masked, for messages. */
  readonly displayUrl: string;
  readonly host?: string;
  readonly port?: number;
  readonly user?: string;
  readonly password?: string;
  /** Database name (server dialects) or file path / ":memory:" (SQLite). */
  readonly database: string;
  /** The driver package the URL names (`sqlite+sqlite3://`); undefined: the dialect picks the first one installed. */
  readonly driver?: DriverName;
  /** Query-string parameters of the URL (e.g. `schema`, `ssl`). */
  readonly params: Readonly<Record<string, string>>;
}
