import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { Column, CreatedAt, createEngine, type Engine, insert, PrimaryKey, Table } from "../lib";
import { loadEntities, selectEntity } from "../lib/orm";
import type { BenchContext, Benchmark, BenchResult, DatabaseResult } from "./support/benchmark";
import { type BenchDatabase, onEachDatabase } from "./support/databases";
import { measureInterleaved, type Side } from "./support/measure";
import { rawDriverSide } from "./support/raw-driver";

const ROWS = 10_000;
const INSERT_BATCH = 1_000;

/** A seed-like entity: the Task of the guide with a nullable text, a number, a flag, a float and an instant. */
@Table("bench_tasks")
class BenchTask {
  @PrimaryKey() id!: number;
  @Column({ length: 100 }) title!: string;
  @Column({ length: 20, default: "pending" }) status!: string;
  @Column({ type: "text", nullable: true }) notes!: string | null;
  @Column() priority!: number;
  @Column() done!: boolean;
  @Column({ type: "float" }) estimate!: number;
  @CreatedAt() createdAt!: Date;
}

const START = Date.UTC(2024, 0, 1);

function taskValues(i: number) {
  return {
    id: i,
    title: `task number ${i}`,
    status: i % 4 === 0 ? "done" : "pending",
    // Every other row has no notes, so the nullable path is measured too.
    notes: i % 2 === 0 ? null : `notes for task ${i}, long enough to be a real sentence`,
    priority: i % 5,
    done: i % 4 === 0,
    estimate: Math.round(i * 13.37) / 100,
    createdAt: new Date(START + i * 60_017),
  };
}

async function seed(engine: Engine): Promise<void> {
  await engine.createAll();
  const table = engine.tableOf(BenchTask);
  await engine.begin(async (conn) => {
    for (let start = 1; start <= ROWS; start += INSERT_BATCH) {
      const batch = [];
      for (let i = start; i < start + INSERT_BATCH && i <= ROWS; i++) batch.push(taskValues(i));
      await conn.execute(insert(table).values(batch));
    }
  });
}

async function onDatabase(db: BenchDatabase, context: BenchContext): Promise<DatabaseResult> {
  const engine = createEngine(db.url, { entities: [BenchTask] });
  let raw: Awaited<ReturnType<typeof rawDriverSide>> | undefined;
  try {
    await seed(engine);
    const meta = engine.metadata.get(BenchTask);
    // The raw side runs exactly the SELECT entity loading sends.
    const sql = engine.dialect.compiler.compile(selectEntity(meta).toStatementNode()).sql;
    raw = await rawDriverSide(db, sql);
    const strata: Side = {
      name: "strata entities",
      run: () => engine.connect((conn) => loadEntities<BenchTask>(engine, conn, meta)),
    };

    // Both sides read every row; Strata's are real BenchTask instances holding the values inserted.
    const tasks = (await strata.run()) as BenchTask[];
    strictEqual(tasks.length, ROWS);
    strictEqual(((await raw.side.run()) as unknown[]).length, ROWS);
    const byId = new Map(tasks.map((t) => [t.id, t]));
    for (const i of [1, 2, 3, ROWS / 2, ROWS]) {
      const task = byId.get(i);
      ok(task instanceof BenchTask);
      deepStrictEqual({ ...task }, taskValues(i));
    }

    return { dialect: db.dialect, sides: await measureInterleaved([raw.side, strata], context.options) };
  } finally {
    await raw?.close();
    await engine.dispose();
  }
}

export const hydration: Benchmark = {
  name: "hydration",
  description: `load ${ROWS.toLocaleString("en-US")} rows as entity instances (8 columns: key, 2 varchar, nullable text, integer, boolean, float, Date) vs the raw driver's plain rows of the same SELECT`,
  async run(context: BenchContext): Promise<BenchResult> {
    return { databases: await onEachDatabase(context.dialects, "hydration", (db) => onDatabase(db, context)) };
  },
};
