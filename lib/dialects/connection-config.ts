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
  /** Query-string parameters of the URL (e.g. `schema`, `ssl`). */
  readonly params: Readonly<Record<string, string>>;
}
