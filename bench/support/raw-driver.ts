import Database from "better-sqlite3";
import mysql from "mysql2/promise";
import { Pool } from "pg";
import * as sqlite3 from "sqlite3";
import type { BenchDatabase } from "./databases";
import type { Side } from "./measure";

/**
 * The raw driver running the very SQL text Strata sends, the way an
 * application using the driver directly would: a pooled connection borrowed
 * and released per query (pg, mysql2's text protocol, which Strata uses for
 * statements without parameters), or better-sqlite3's prepare().all() (sqlite3's
 * prepared statement's all(), which builds row objects too). Each
 * driver keeps its default value parsing: pg and mysql2 build their own row
 * objects and Dates; better-sqlite3 returns datetime as text and booleans as 0/1.
 */
export async function rawDriverSide(db: BenchDatabase, sql: string): Promise<{ side: Side; close(): Promise<void> }> {
  if (db.dialect === "sqlite") {
    const sqlite = new Database(db.file!);
    return { side: { name: "raw better-sqlite3", run: async () => sqlite.prepare(sql).all() }, close: async () => void sqlite.close() };
  }
  if (db.dialect === "sqlite3") {
    const database = await new Promise<sqlite3.Database>((resolve, reject) => {
      const opened = new sqlite3.Database(db.file!, (error) => (error ? reject(error) : resolve(opened)));
    });
    const stmt = await new Promise<sqlite3.Statement>((resolve, reject) => {
      const prepared = database.prepare(sql, (error) => (error ? reject(error) : resolve(prepared)));
    });
    const run = () => new Promise<unknown[]>((resolve, reject) => stmt.all([], (error, rows) => (error ? reject(error) : resolve(rows))));
    const close = () => new Promise<void>((resolve) => stmt.finalize(() => database.close(() => resolve())));
    return { side: { name: "raw sqlite3", run }, close };
  }
  if (db.dialect === "postgres") {
    const server = db.server!;
    const pool = new Pool({ ...server, max: 10, options: `-c search_path=${db.name}` });
    const run = async () => {
      const client = await pool.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        client.release();
      }
    };
    return { side: { name: "raw pg", run }, close: () => pool.end() };
  }
  const pool = mysql.createPool({ ...db.server!, connectionLimit: 10, timezone: "Z" });
  const run = async () => {
    const conn = await pool.getConnection();
    try {
      return (await conn.query(sql))[0];
    } finally {
      conn.release();
    }
  };
  return { side: { name: "raw mysql2", run }, close: () => pool.end() };
}
