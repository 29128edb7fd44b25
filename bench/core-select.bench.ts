import { deepStrictEqual, strictEqual } from "node:assert";
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
import { type BenchDatabase, onEachDatabase } from "./support/databases";
import { measureInterleaved, type Side } from "./support/measure";
import { rawDriverSide } from "./support/raw-driver";

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

async function onDatabase(db: BenchDatabase, context: BenchContext): Promise<DatabaseResult> {
  const engine = createEngine(db.url);
  let raw: Awaited<ReturnType<typeof rawDriverSide>> | undefined;
  try {
    await seed(engine);
    const sql = engine.dialect.compiler.compile(select(items).toStatementNode()).sql;
    raw = await rawDriverSide(db, sql);
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
    return { databases: await onEachDatabase(context.dialects, "core_select", (db) => onDatabase(db, context)) };
  },
};
