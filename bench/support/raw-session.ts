import Database, { type Statement } from "better-sqlite3";
import mysql from "mysql2/promise";
import { Pool, type PoolClient } from "pg";
import * as sqlite3 from "sqlite3";
import type { BenchDatabase } from "./databases";

/** What one statement gave back: rows as objects, the rows it changed, and the first/last generated key. */
export interface RawResult {
  readonly rows: Record<string, unknown>[];
  readonly rowCount: number;
  readonly insertId?: number;
}

/** One connection held for a unit of work, as an application using the driver directly would hold it. */
export interface RawConnection {
  query(sql: string, params?: readonly unknown[]): Promise<RawResult>;
  release(): void;
}

/**
 * The raw driver side of a session benchmark: the SQL dialect details a
 * hand-written data layer needs (placeholders, quotes, the BEGIN it sends,
 * how it passes a Date or a boolean) and a connection per unit of work.
 * Statements with parameters are prepared the way Strata's drivers prepare
 * them: pg's extended protocol, mysql2's execute(), better-sqlite3
 * statements kept by their SQL text.
 */
export interface RawDriver {
  readonly name: string;
  readonly begin: string;
  placeholder(index: number): string;
  quote(identifier: string): string;
  /** A Date or boolean as this driver takes it as a parameter. */
  param(value: unknown): unknown;
  connect(): Promise<RawConnection>;
  close(): Promise<void>;
}

function sqliteDateTime(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "");
}

export function rawDriver(db: BenchDatabase): RawDriver {
  if (db.dialect === "sqlite") {
    const sqlite = new Database(db.file as string);
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("journal_mode = WAL");
    const statements = new Map<string, Statement>();
    const prepare = (sql: string) => {
      let stmt = statements.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        statements.set(sql, stmt);
      }
      return stmt;
    };
    const connection: RawConnection = {
      async query(sql, params = []) {
        const stmt = prepare(sql);
        if (stmt.reader) {
          const rows = stmt.all(...params) as Record<string, unknown>[];
          return { rows, rowCount: rows.length };
        }
        const info = stmt.run(...params);
        return { rows: [], rowCount: info.changes, insertId: Number(info.lastInsertRowid) };
      },
      release() {},
    };
    return {
      name: "raw better-sqlite3",
      begin: "BEGIN IMMEDIATE",
      placeholder: () => "?",
      quote: (n) => `"${n}"`,
      param: (v) => (v instanceof Date ? sqliteDateTime(v) : typeof v === "boolean" ? (v ? 1 : 0) : v),
      connect: async () => connection,
      close: async () => void sqlite.close(),
    };
  }
  if (db.dialect === "sqlite3") return sqlite3Driver(db.file as string);
  if (db.dialect === "postgres") {
    const pool = new Pool({ ...db.server, max: 10, options: `-c search_path=${db.name}` });
    return {
      name: "raw pg",
      begin: "BEGIN",
      placeholder: (i) => `$${i}`,
      quote: (n) => `"${n}"`,
      param: (v) => v,
      async connect() {
        const client: PoolClient = await pool.connect();
        return {
          async query(sql, params = []) {
            const result = params.length ? await client.query(sql, params as unknown[]) : await client.query(sql);
            return { rows: result.rows, rowCount: result.rowCount ?? 0 };
          },
          release: () => client.release(),
        };
      },
      close: () => pool.end(),
    };
  }
  const pool = mysql.createPool({ ...db.server, connectionLimit: 10, timezone: "Z" });
  return {
    name: "raw mysql2",
    begin: "START TRANSACTION",
    placeholder: () => "?",
    quote: (n) => `\`${n}\``,
    param: (v) => v,
    async connect() {
      const conn = await pool.getConnection();
      return {
        async query(sql, params = []) {
          const [rows] = params.length ? await conn.execute(sql, params as never) : await conn.query(sql);
          if (Array.isArray(rows)) return { rows: rows as Record<string, unknown>[], rowCount: rows.length };
          const header = rows as mysql.ResultSetHeader;
          return { rows: [], rowCount: header.affectedRows, insertId: header.insertId };
        },
        release: () => conn.release(),
      };
    },
    close: () => pool.end(),
  };
}

/**
 * sqlite3 used directly: one connection (as better-sqlite3's side), each
 * statement prepared once and kept by its SQL text, all() for statements
 * that give rows and run() (with its changes and lastID) for the others.
 */
function sqlite3Driver(file: string): RawDriver {
  const opening = new Promise<sqlite3.Database>((resolve, reject) => {
    const opened = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(opened)));
  });
  const statements = new Map<string, Promise<sqlite3.Statement>>();
  const prepare = async (sql: string) => {
    let stmt = statements.get(sql);
    if (!stmt) {
      const database = await opening;
      stmt = new Promise((resolve, reject) => {
        const prepared = database.prepare(sql, (error) => (error ? reject(error) : resolve(prepared)));
      });
      statements.set(sql, stmt);
    }
    return stmt;
  };
  const setUp = opening.then(async (database) => {
    for (const pragma of ["PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL"]) {
      await new Promise<void>((resolve, reject) => database.all(pragma, (error) => (error ? reject(error) : resolve())));
    }
  });
  const connection: RawConnection = {
    async query(sql, params = []) {
      await setUp;
      const stmt = await prepare(sql);
      if (/^\s*select\b/i.test(sql) || /\breturning\b/i.test(sql)) {
        const rows = await new Promise<Record<string, unknown>[]>((resolve, reject) =>
          stmt.all(params, (error, found: Record<string, unknown>[]) => (error ? reject(error) : resolve(found))),
        );
        return { rows, rowCount: rows.length };
      }
      return new Promise<RawResult>((resolve, reject) =>
        stmt.run(params, function (this: sqlite3.RunResult, error: Error | null) {
          if (error) reject(error);
          else resolve({ rows: [], rowCount: this.changes, insertId: this.lastID });
        }),
      );
    },
    release() {},
  };
  return {
    name: "raw sqlite3",
    begin: "BEGIN IMMEDIATE",
    placeholder: () => "?",
    quote: (n) => `"${n}"`,
    param: (v) => (v instanceof Date ? sqliteDateTime(v) : typeof v === "boolean" ? (v ? 1 : 0) : v),
    connect: async () => connection,
    close: async () => {
      const database = await opening;
      for (const stmt of statements.values()) (await stmt).finalize();
      await new Promise<void>((resolve) => database.close(() => resolve()));
    },
  };
}
