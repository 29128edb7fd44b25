import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mysql from "mysql2/promise";
import { Client } from "pg";

/** Where a benchmark runs: a database, and for SQLite which driver ("sqlite": better-sqlite3, "sqlite3": the sqlite3 package). */
export type BenchDialect = "sqlite" | "sqlite3" | "postgres" | "mysql";

export const ALL_BENCH_DIALECTS: readonly BenchDialect[] = ["sqlite", "sqlite3", "postgres", "mysql"];

/** Whether the target is SQLite, through either driver (same SQL, same file). */
export function isSqlite(db: { readonly dialect: BenchDialect }): boolean {
  return db.dialect === "sqlite" || db.dialect === "sqlite3";
}

/** Server URLs: a database the benchmarks may create their own schema/database from. Overridable by env. */
export const BENCH_SERVER_URLS = {
  postgres: process.env.STRATA_BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
  mysql: process.env.STRATA_BENCH_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test",
} as const;

/**
 * A dedicated, empty place for one benchmark's tables on one database: a temp
 * file for SQLite, a schema for PostgreSQL, a database for MySQL/MariaDB.
 * `drop()` removes it with everything in it.
 */
export interface BenchDatabase {
  readonly dialect: BenchDialect;
  /** The Strata URL (createEngine). */
  readonly url: string;
  /** SQLite: the file. */
  readonly file?: string;
  /** PostgreSQL: the schema (raw clients set their search_path to it). MySQL: the database. */
  readonly name?: string;
  /** Connection settings for raw drivers. */
  readonly server?: {
    readonly host: string;
    readonly port: number;
    readonly user: string;
    readonly password?: string;
    readonly database: string;
  };
  drop(): Promise<void>;
}

function serverOf(url: string, database?: string): NonNullable<BenchDatabase["server"]> {
  const u = new URL(url.replace(/^[a-z0-9+]+:/i, "http:"));
  const defaultPort = url.startsWith("postgres") ? 5432 : 3306;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : defaultPort,
    user: decodeURIComponent(u.username),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    database: database ?? decodeURIComponent(u.pathname.slice(1)),
  };
}

function withDatabase(url: string, database: string): string {
  return url.replace(/^([^/]*\/\/[^/]*\/)[^?]*/, `$1${database}`);
}

/** Create the benchmark's own schema/database (dropping a leftover of the same name first). */
export async function createBenchDatabase(dialect: BenchDialect, label: string): Promise<BenchDatabase> {
  const name = `strata_bench_${label.replace(/[^a-z0-9]/gi, "_")}_${process.pid}`;
  if (dialect === "sqlite" || dialect === "sqlite3") {
    const dir = mkdtempSync(join(tmpdir(), "strata-bench-"));
    const file = join(dir, `${name}.db`);
    const scheme = dialect === "sqlite3" ? "sqlite+sqlite3" : "sqlite+better-sqlite3";
    return { dialect, url: `${scheme}:///${file}`, file, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (dialect === "postgres") {
    const admin = BENCH_SERVER_URLS.postgres;
    const run = async (sql: string) => {
      const client = new Client({ connectionString: admin, connectionTimeoutMillis: 3000 });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    await run(`DROP SCHEMA IF EXISTS "${name}" CASCADE; CREATE SCHEMA "${name}"`);
    return {
      dialect,
      url: `${admin}${admin.includes("?") ? "&" : "?"}schema=${name}`,
      name,
      server: serverOf(admin),
      drop: () => run(`DROP SCHEMA IF EXISTS "${name}" CASCADE`),
    };
  }
  const admin = BENCH_SERVER_URLS.mysql;
  const run = async (sql: string) => {
    const conn = await mysql.createConnection({ uri: admin, connectTimeout: 3000 });
    try {
      await conn.query(sql);
    } finally {
      await conn.end();
    }
  };
  await run(`DROP DATABASE IF EXISTS \`${name}\``);
  await run(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  return {
    dialect,
    url: withDatabase(admin, name),
    name,
    server: serverOf(admin, name),
    drop: () => run(`DROP DATABASE IF EXISTS \`${name}\``),
  };
}

/**
 * Run `onDatabase` on a fresh BenchDatabase of each dialect in turn, dropping
 * it afterwards whatever happens; the results in dialect order.
 */
export async function onEachDatabase<R>(
  dialects: readonly BenchDialect[],
  label: string,
  onDatabase: (db: BenchDatabase) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (const dialect of dialects) {
    const db = await createBenchDatabase(dialect, label);
    try {
      results.push(await onDatabase(db));
    } finally {
      await db.drop();
    }
  }
  return results;
}
