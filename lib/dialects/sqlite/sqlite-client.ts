import type BetterSqlite3 from "better-sqlite3";
import type * as Sqlite3 from "sqlite3";
import { ConfigError } from "../../errors";
import { isInstalled, loadDriver } from "../base/load-driver";
import type { DriverName } from "../connection-config";
import { betterSqlite3Client } from "./better-sqlite3-client";
import type { SqliteClient, SqliteDriverName } from "./sqlite-connection";
import { sqlite3Client } from "./sqlite3-client";

/**
 * The driver an engine uses: the one it names, else the first installed of
 * better-sqlite3 and sqlite3 (better-sqlite3 when neither is, so that the
 * error says what to install).
 */
export function sqliteDriverName(named: DriverName | undefined): SqliteDriverName {
  if (named !== undefined) return named as SqliteDriverName;
  if (isInstalled("better-sqlite3") || !isInstalled("sqlite3")) return "better-sqlite3";
  return "sqlite3";
}

/** Load the driver package; a ConfigError says what to install when it is missing. */
export function loadSqliteClient(name: SqliteDriverName, named: boolean): SqliteClient {
  if (name === "sqlite3") return sqlite3Client(loadDriver<typeof Sqlite3>("sqlite3", "SQLite"));
  if (!named && !isInstalled("better-sqlite3")) {
    throw new ConfigError(
      'No SQLite driver is installed. Run: npm install better-sqlite3 (or npm install sqlite3; a sqlite:// URL uses whichever is installed, better-sqlite3 first, and sqlite+sqlite3:// or the option driver: "sqlite3" names one).',
    );
  }
  return betterSqlite3Client(loadDriver<typeof BetterSqlite3>("better-sqlite3", "SQLite"));
}
