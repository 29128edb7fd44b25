import { resolve } from "node:path";
import type { ConnectionConfig, DriverName } from "../dialects";
import { ConfigError } from "../errors";

/** The dialect part of a URL scheme (before any `+driver`). */
const SCHEMES: Readonly<Record<string, ConnectionConfig["dialect"]>> = {
  sqlite: "sqlite",
  postgresql: "postgres",
  postgres: "postgres",
  mysql: "mysql",
  mariadb: "mysql",
};

/**
 * The driver packages of each dialect, named after `+` in a URL the way
 * SQLAlchemy names them (`sqlite+sqlite3://`, `postgresql+pg://`) or by the
 * createEngine option `driver`. A URL without one takes the first installed.
 */
export const DRIVERS: Readonly<Record<ConnectionConfig["dialect"], readonly DriverName[]>> = {
  sqlite: ["better-sqlite3", "sqlite3"],
  postgres: ["pg"],
  mysql: ["mysql2"],
};

/** The schemes a URL can start with: each dialect alone, and with each of its drivers. */
function knownSchemes(): string[] {
  return Object.entries(SCHEMES).flatMap(([scheme, dialect]) => [scheme, ...DRIVERS[dialect].map((d) => `${scheme}+${d}`)]);
}

/** The driver `name` of `dialect`, or a ConfigError naming the ones it has; `from` says where the name came from. */
export function checkDriver(dialect: ConnectionConfig["dialect"], name: unknown, from: string): DriverName {
  if (typeof name === "string" && (DRIVERS[dialect] as readonly string[]).includes(name)) return name as DriverName;
  const names = DRIVERS[dialect].map((d) => `"${d}"`).join(" or ");
  throw new ConfigError(
    `${from} names the driver ${JSON.stringify(name)}, which Strata cannot use for ${dialect}; its drivers are ${names}${dialect === "sqlite" ? " (e.g. sqlite+sqlite3:///app.db)" : ""}.`,
  );
}

const EXAMPLES =
  "sqlite:///file.db, sqlite://:memory:, postgresql://user:password@localhost:5432/dbname, mysql://user:password@localhost:3306/dbname";

/**
 * The URL with its password replaced by ***. The password runs from the
 * first ':' after the user name to the LAST '@' before the query string, so
 * an unencoded '@' (or ':' or '/') inside it is masked too: over-masking a
 * path is harmless, showing part of a password is not.
 */
export function maskPassword(url: string): string {
  const start = url.indexOf("//");
  if (start < 0) return url;
  const query = url.indexOf("?", start);
  const end = url.lastIndexOf("@", query < 0 ? url.length : query);
  if (end < start) return url;
  const userinfo = url.slice(start + 2, end);
  const colon = userinfo.indexOf(":");
  if (colon < 0) return url;
  return `${url.slice(0, start + 2)}${userinfo.slice(0, colon)}:***${url.slice(end)}`;
}

function sqliteConfig(url: string, rest: string): ConnectionConfig {
  const [pathPart, query = ""] = rest.split("?", 2);
  const params = Object.fromEntries(new URLSearchParams(query));
  let database: string;
  if (pathPart === "//:memory:" || pathPart === ":memory:" || pathPart === "///:memory:") database = ":memory:";
  else if (pathPart.startsWith("///")) database = resolve(decodeURIComponent(pathPart.slice(3)));
  else {
    throw new ConfigError(
      `Cannot read the SQLite URL "${url}": write sqlite:///relative/path.db, sqlite:////absolute/path.db or sqlite://:memory:.`,
    );
  }
  if (database !== ":memory:" && pathPart.length <= 3) {
    throw new ConfigError(`The SQLite URL "${url}" names no file: write sqlite:///tasks.db or sqlite://:memory:.`);
  }
  return { dialect: "sqlite", displayUrl: url, database, params };
}

/**
 * Parse a database URL into connection settings, or say precisely what is
 * wrong with it. Accepted: sqlite:///relative.db, sqlite:////abs.db,
 * sqlite://:memory:, postgresql://..., postgres://..., mysql://...,
 * mariadb://..., each also as dialect+driver (sqlite+sqlite3://,
 * sqlite+better-sqlite3://, postgresql+pg://, mysql+mysql2://).
 */
export function parseDatabaseUrl(url: string): ConnectionConfig {
  if (typeof url !== "string" || url.trim() === "") {
    throw new ConfigError(`No database URL was given (is DATABASE_URL set?). Examples: ${EXAMPLES}.`);
  }
  const match = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(url.trim());
  const scheme = match?.[1].toLowerCase();
  const plus = scheme?.indexOf("+") ?? -1;
  const dialect = scheme ? SCHEMES[plus < 0 ? scheme : scheme.slice(0, plus)] : undefined;
  if (!match || !dialect) {
    throw new ConfigError(
      `Unsupported database URL scheme "${scheme ?? url}" in "${maskPassword(url)}". Use one of: ${knownSchemes().join(", ")} (e.g. ${EXAMPLES}).`,
    );
  }
  const driver = plus < 0 ? undefined : checkDriver(dialect, (scheme as string).slice(plus + 1), `The URL "${maskPassword(url)}"`);
  const config = parseUrlOf(dialect, scheme as string, url, match[2]);
  return driver === undefined ? config : { ...config, driver };
}

function parseUrlOf(dialect: ConnectionConfig["dialect"], scheme: string, url: string, rest: string): ConnectionConfig {
  if (dialect === "sqlite") return sqliteConfig(url, rest);
  let parsed: URL;
  try {
    parsed = new URL(`http:${rest}`);
  } catch {
    throw new ConfigError(
      `Cannot parse the database URL "${maskPassword(url)}". Expected ${scheme}://user:password@host:port/dbname; percent-encode special characters in the user and password (/ as %2F, # as %23, ? as %3F, @ as %40).`,
    );
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (!database || database.includes("/")) {
    throw new ConfigError(
      `The database URL "${maskPassword(url)}" names no database: add it after the host, e.g. ${scheme}://localhost/mydb.`,
    );
  }
  const port = parsed.port ? Number(parsed.port) : undefined;
  const config: ConnectionConfig = {
    dialect,
    displayUrl: maskPassword(url),
    host: parsed.hostname || "localhost",
    ...(port !== undefined ? { port } : {}),
    ...(parsed.username ? { user: decodeURIComponent(parsed.username) } : {}),
    database,
    params: Object.fromEntries(parsed.searchParams),
  };
  // Not enumerable: console.log, util.inspect and JSON.stringify of the config never show it.
  if (parsed.password) Object.defineProperty(config, "password", { value: decodeURIComponent(parsed.password), enumerable: false });
  return config;
}
