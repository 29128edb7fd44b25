import { deepStrictEqual, strictEqual } from "node:assert";
import Database from "better-sqlite3";
import mysql from "mysql2/promise";
import { Pool } from "pg";
import {
  boolean,
  createEngine,
  datetime,
  defineTable,
  type Engine,
  float,
  type InsertRowOf,
  insert,
  integer,
  select,
  varchar,
} from "../lib";
import type { BenchContext, Benchmark, BenchResult, DatabaseResult } from "./support/benchmark";
import { type BenchDatabase, createBenchDatabase } from "./support/databases";
import { measureInterleaved, type Side } from "./support/measure";

const ROWS = 10_000;
const INSERT_BATCH = 1_000;

const items = defineTable("bench_items", {
  id: integer().primaryKey(),
  name: varchar(100).notNull(),
  quantity: integer().notNull(),
  price: float().notNull(),
  active: boolean().notNull(),
  createdAt: datetime().notNull().named("created_at"),
});

const START = Date.UTC(2024, 0, 1);

function itemRow(i: number) {
  return {
    id: i,
    name: `item number ${i}`,
    quantity: (i * 7) % 1000,
    price: Math.round(i * 13.37) / 100,
    active: i % 3 !== 0,
    createdAt: new Date(START + i * 60_017),
  };
}

async function seed(engine: Engine): Promise<void> {
  await engine.createAll([items]);
  await engine.begin(async (conn) => {
    for (let start = 1; start <= ROWS; start += INSERT_BATCH) {
      const batch: InsertRowOf<typeof items>[] = [];
      for (let i = start; i < start + INSERT_BATCH && i <= ROWS; i++) batch.push(itemRow(i));
      await conn.execute(insert(items).values(batch));
    }
  });
}

/**
 * The raw driver running the very SQL text Strata sends, the way an
 * application using the driver directly would: a pooled connection borrowed
 * and released per query (pg, mysql2's text protocol, which Strata uses for
 * statements without parameters), or better-sqlite3's prepare().all(). Each
 * driver keeps its default value parsing: pg and mysql2 build their own row
 * objects and Dates; better-sqlite3 returns datetime as text and booleans as 0/1.
 */
async function rawSide(db: BenchDatabase, sql: string): Promise<{ side: Side; close(): Promise<void> }> {
  if (db.dialect === "sqlite") {
    const sqlite = new Database(db.file!);
    return { side: { name: "raw better-sqlite3", run: async () => sqlite.prepare(sql).all() }, close: async () => void sqlite.close() };
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

async function onDatabase(db: BenchDatabase, context: BenchContext): Promise<DatabaseResult> {
  const engine = createEngine(db.url);
  let raw: Awaited<ReturnType<typeof rawSide>> | undefined;
  try {
    await seed(engine);
    const sql = engine.dialect.compiler.compile(select(items).toStatementNode()).sql;
    raw = await rawSide(db, sql);
    const strata: Side = {
      name: "strata",
      run: () => engine.connect(async (conn) => (await conn.execute(select(items))).all()),
    };

    // Both sides read every row, and Strata's rows are what users are promised.
    const strataRows = (await strata.run()) as ReturnType<typeof itemRow>[];
    strictEqual(strataRows.length, ROWS);
    strictEqual(((await raw.side.run()) as unknown[]).length, ROWS);
    const byId = new Map(strataRows.map((r) => [r.id, r]));
    for (const i of [1, 2, 3, ROWS / 2, ROWS]) deepStrictEqual(byId.get(i), itemRow(i));

    return { dialect: db.dialect, sides: await measureInterleaved([raw.side, strata], context.options) };
  } finally {
    await raw?.close();
    await engine.dispose();
  }
}

export const coreSelect: Benchmark = {
  name: "core-select",
  description: `SELECT ${ROWS.toLocaleString("en-US")} rows of 6 columns (integer key, varchar, integer, float, boolean, datetime), fully decoded`,
  async run(context: BenchContext): Promise<BenchResult> {
    const databases: DatabaseResult[] = [];
    for (const dialect of context.dialects) {
      const db = await createBenchDatabase(dialect, "core_select");
      try {
        databases.push(await onDatabase(db, context));
      } finally {
        await db.drop();
      }
    }
    return { databases };
  },
};
