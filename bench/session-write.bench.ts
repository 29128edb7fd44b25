import { deepStrictEqual, strictEqual } from "node:assert";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Column, CreatedAt, createEngine, type EchoEvent, type Engine, insert, PrimaryKey, Session, sql, Table, UpdatedAt } from "../lib";
import type { BenchContext, Benchmark, BenchResult, DatabaseResult } from "./support/benchmark";
import { type BenchDatabase, isSqlite, onEachDatabase } from "./support/databases";
import { type MeasureOptions, type SideStats, summarize } from "./support/measure";
import { type RawDriver, rawDriver } from "./support/raw-session";

const ROWS = 10_000;
/**
 * Each round writes 10,000 rows per side, which takes from milliseconds
 * (SQLite) to seconds (an UPDATE per row on a server). The rounds are as
 * many as fit in ROUND_BUDGET_MS, timed from the warm-ups: fast databases get
 * enough for a steady median (their runs are short, so a pause of the machine
 * moves one run by a large part), slow ones at least MIN_ROUNDS. Never more
 * than --iterations.
 */
const ROUND_BUDGET_MS = 30_000;
const MIN_ROUNDS = 15;
const MAX_WARMUP = 2;

/** The seed's Task without relations: a key, 2 varchar, a nullable text, an integer, a boolean, two timestamps. */
@Table("bench_items")
class BenchItem {
  @PrimaryKey() id!: number;
  @Column({ length: 100 }) title!: string;
  @Column({ length: 20, default: "pending" }) status!: string;
  @Column({ type: "text", nullable: true }) notes!: string | null;
  @Column() priority!: number;
  @Column() done!: boolean;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}

/** The columns Strata inserts, in the order it names them (the key is generated). */
const INSERT_COLUMNS = ["title", "status", "notes", "priority", "done", "created_at", "updated_at"] as const;

function itemValues(i: number) {
  return {
    title: `task number ${i}`,
    status: i % 4 === 0 ? "done" : "pending",
    notes: i % 2 === 0 ? null : `notes for task ${i}, long enough to be a real sentence`,
    priority: i % 5,
    done: i % 4 === 0,
  };
}

const collectGarbage: () => void = (() => {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
})();

/** A side whose every timed run needs fresh state first (an empty table, loaded objects): prepared outside the clock. */
interface WriteSide {
  readonly name: string;
  prepare(): Promise<void>;
  run(): Promise<void>;
}

/**
 * Like measureInterleaved, with each side's prepare() run untimed before each
 * of its runs, and as many rounds as fit in ROUND_BUDGET_MS (see there).
 */
async function measureWrites(sides: readonly WriteSide[], options: MeasureOptions): Promise<SideStats[]> {
  const warmupStarted = performance.now();
  for (let i = 0; i < options.warmup; i++) {
    for (const side of sides) {
      await side.prepare();
      await side.run();
    }
  }
  const perRound = options.warmup > 0 ? (performance.now() - warmupStarted) / options.warmup : Number.POSITIVE_INFINITY;
  const rounds = Math.min(options.iterations, Math.max(MIN_ROUNDS, Math.floor(ROUND_BUDGET_MS / perRound)));
  const samples = sides.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < sides.length; k++) {
      const index = (round + k) % sides.length;
      await sides[index].prepare();
      collectGarbage();
      const started = performance.now();
      await sides[index].run();
      samples[index].push(performance.now() - started);
    }
  }
  return sides.map((side, i) => summarize(side.name, samples[i]));
}

interface Fixture {
  readonly db: BenchDatabase;
  /** The engine the timed runs use: no echo, as an application runs it. */
  readonly engine: Engine;
  /** An engine on the same database that records every statement: the one untimed run whose SQL the raw side copies. */
  readonly recorder: Engine;
  readonly driver: RawDriver;
  readonly sent: EchoEvent[];
}

function table(f: Fixture): string {
  return f.driver.quote("bench_items");
}

async function empty(f: Fixture): Promise<void> {
  await f.engine.execute(sql.unsafe(`DELETE FROM ${table(f)}`));
  await settle(f);
}

/**
 * SQLite: move the write-ahead log into the database file before a timed
 * run. SQLite does it on its own at whichever commit pushes the log past
 * 1,000 pages, which would land on one side's timed run or the other's by
 * chance; this way neither side's run pays for what the preparation wrote.
 */
async function settle(f: Fixture): Promise<void> {
  if (isSqlite(f.db)) await f.engine.execute(sql.unsafe("PRAGMA wal_checkpoint(TRUNCATE)"));
}

/** Fill the table with ROWS rows through Core (not measured). */
async function fill(f: Fixture): Promise<void> {
  await empty(f);
  const now = new Date();
  await f.engine.begin(async (conn) => {
    for (let start = 0; start < ROWS; start += 1000) {
      const rows = [];
      for (let i = start; i < start + 1000; i++) rows.push({ ...itemValues(i), createdAt: now, updatedAt: now });
      await conn.execute(insert(f.engine.tableOf(BenchItem)).values(rows));
    }
  });
  await settle(f);
}

async function ids(f: Fixture): Promise<number[]> {
  const result = await f.engine.execute(sql.unsafe<{ id: number }>(`SELECT id FROM ${table(f)} ORDER BY id`));
  return result.all().map((r) => Number(r.id));
}

async function inTransaction(
  driver: RawDriver,
  fn: (query: (text: string, params?: unknown[]) => ReturnType<Awaited<ReturnType<RawDriver["connect"]>>["query"]>) => Promise<void>,
): Promise<void> {
  const conn = await driver.connect();
  try {
    await conn.query(driver.begin);
    await fn((text, params) => conn.query(text, params));
    await conn.query("COMMIT");
  } finally {
    conn.release();
  }
}

/**
 * One untimed run of a Strata side on the recording engine: the statements
 * its run() sent (not those of its preparation), which the raw side copies.
 */
async function recordedRun(f: Fixture, strataOn: (engine: Engine) => WriteSide): Promise<EchoEvent[]> {
  const recorded = strataOn(f.recorder);
  await recorded.prepare();
  f.sent.length = 0;
  await recorded.run();
  return f.sent.splice(0);
}

/**
 * A Strata side that loads every item in a session of its own (untimed), then
 * changes them with `change` and commits (timed). `refill` fills the table
 * again before each load (the run deletes the rows).
 */
function loadedItemsSide(f: Fixture, engine: Engine, refill: boolean, change: (session: Session, items: BenchItem[]) => void): WriteSide {
  let session: Session | undefined;
  let items: BenchItem[] = [];
  return {
    name: "strata session",
    async prepare() {
      if (refill) await fill(f);
      session = new Session(engine);
      items = await session.find(BenchItem, {});
      await session.commit();
      await settle(f);
    },
    async run() {
      const s = session as Session;
      try {
        change(s, items);
        await s.commit();
      } finally {
        await s.close();
      }
    },
  };
}

/** Rows per multi-row statement in what Strata sent: the raw side sends the same chunks. */
function rowsPerStatement(sent: readonly EchoEvent[], pattern: RegExp, paramsPerRow: number): number {
  const matching = sent.filter((e) => pattern.test(e.sql));
  return Math.max(...matching.map((e) => e.params.length / paramsPerRow));
}

function valuesList(driver: RawDriver, rows: number, columns: number): string {
  const out: string[] = [];
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < columns; c++) row.push(driver.placeholder(++n));
    out.push(`(${row.join(", ")})`);
  }
  return out.join(", ");
}

/** INSERT 10,000 new entities in one flush vs multi-row INSERTs of the same chunks by hand, keys read back either way. */
async function insertSides(f: Fixture): Promise<WriteSide[]> {
  let items: BenchItem[] = [];
  const strataOn = (engine: Engine): WriteSide => ({
    name: "strata session",
    async prepare() {
      await empty(f);
      items = [];
      for (let i = 0; i < ROWS; i++) items.push(Object.assign(new BenchItem(), itemValues(i)));
    },
    async run() {
      // try/finally rather than `await using`: dependency-cruiser's parser does not read using declarations yet.
      const session = new Session(engine);
      try {
        session.addAll(items);
        await session.commit();
      } finally {
        await session.close();
      }
    },
  });
  // One run of Strata, recorded: the raw side inserts the same chunks.
  const sent = await recordedRun(f, strataOn);
  strictEqual(items.filter((i) => typeof i.id === "number").length, ROWS);
  const chunk = rowsPerStatement(sent, /^INSERT INTO/, INSERT_COLUMNS.length);

  const d = f.driver;
  const returning = f.engine.dialect.capabilities.generatedKeys === "returning" ? ` RETURNING ${d.quote("id")}` : "";
  const head = `INSERT INTO ${table(f)} (${INSERT_COLUMNS.map((c) => d.quote(c)).join(", ")}) VALUES `;
  const texts = new Map<number, string>();
  const textFor = (rows: number) =>
    texts.get(rows) ?? (texts.set(rows, head + valuesList(d, rows, INSERT_COLUMNS.length) + returning).get(rows) as string);
  let rows: (ReturnType<typeof itemValues> & { id?: number })[] = [];
  const raw: WriteSide = {
    name: d.name,
    async prepare() {
      await empty(f);
      rows = [];
      for (let i = 0; i < ROWS; i++) rows.push(itemValues(i));
    },
    async run() {
      const now = d.param(new Date());
      await inTransaction(d, async (query) => {
        for (let start = 0; start < rows.length; start += chunk) {
          const part = rows.slice(start, start + chunk);
          const params: unknown[] = [];
          for (const r of part) params.push(r.title, r.status, r.notes, r.priority, d.param(r.done), now, now);
          const result = await query(textFor(part.length), params);
          if (returning) for (const [k, r] of part.entries()) r.id = result.rows[k].id as number;
          else {
            // SQLite reports the last key of the statement, MySQL the first.
            const first = isSqlite(f.db) ? (result.insertId as number) - part.length + 1 : (result.insertId as number);
            for (const [k, r] of part.entries()) r.id = first + k;
          }
        }
      });
    },
  };
  await raw.prepare();
  await raw.run();
  strictEqual(rows.filter((r) => typeof r.id === "number").length, ROWS);
  deepStrictEqual(
    (await ids(f)).slice(0, 3),
    rows.slice(0, 3).map((r) => r.id),
  );
  return [raw, strataOn(f.engine)];
}

/** Change one column of each of 10,000 loaded entities and commit vs the same UPDATEs by hand in one transaction. */
async function updateSides(f: Fixture): Promise<WriteSide[]> {
  await fill(f);
  const strataOn = (engine: Engine) =>
    loadedItemsSide(f, engine, false, (_session, items) => {
      for (const item of items) item.priority += 1;
    });
  const updates = (await recordedRun(f, strataOn)).filter((e) => /^UPDATE/.test(e.sql));
  strictEqual(updates.length, ROWS);
  const text = updates[0].sql;

  const d = f.driver;
  let keys: number[] = [];
  let priority = 100_000;
  const raw: WriteSide = {
    name: d.name,
    async prepare() {
      keys = await ids(f);
      await settle(f);
    },
    async run() {
      const now = d.param(new Date());
      priority++;
      // The statement Strata sends: SET priority, updated_at WHERE id.
      await inTransaction(d, async (query) => {
        for (const id of keys) await query(text, [priority, now, id]);
      });
    },
  };
  await raw.prepare();
  await raw.run();
  const rows = (
    await f.engine.execute(sql.unsafe<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table(f)} WHERE priority = ${priority}`))
  ).all();
  strictEqual(Number(rows[0].n), ROWS);
  return [raw, strataOn(f.engine)];
}

/** Delete 10,000 loaded entities and commit vs DELETE ... WHERE id IN (...) of the same chunks by hand. */
async function deleteSides(f: Fixture): Promise<WriteSide[]> {
  const strataOn = (engine: Engine) =>
    loadedItemsSide(f, engine, true, (session, items) => {
      for (const item of items) session.delete(item);
    });
  const deletes = (await recordedRun(f, strataOn)).filter((e) => /^DELETE/.test(e.sql));
  const chunk = rowsPerStatement(deletes, /^DELETE/, 1);
  strictEqual((await ids(f)).length, 0);

  const d = f.driver;
  let keys: number[] = [];
  const texts = new Map<number, string>();
  const textFor = (n: number) =>
    texts.get(n) ??
    (texts
      .set(
        n,
        `DELETE FROM ${table(f)} WHERE ${table(f)}.${d.quote("id")} IN (${Array.from({ length: n }, (_, i) => d.placeholder(i + 1)).join(", ")})`,
      )
      .get(n) as string);
  const raw: WriteSide = {
    name: d.name,
    async prepare() {
      await fill(f);
      keys = await ids(f);
    },
    async run() {
      await inTransaction(d, async (query) => {
        for (let start = 0; start < keys.length; start += chunk) {
          const part = keys.slice(start, start + chunk);
          const result = await query(textFor(part.length), part);
          strictEqual(result.rowCount, part.length);
        }
      });
    },
  };
  await raw.prepare();
  await raw.run();
  strictEqual((await ids(f)).length, 0);
  return [raw, strataOn(f.engine)];
}

function writeBenchmark(name: string, description: string, sidesOf: (f: Fixture) => Promise<WriteSide[]>): Benchmark {
  return {
    name,
    description: `${description}; ${MAX_WARMUP} warm-ups, then as many rounds as fit in ${ROUND_BUDGET_MS / 1000} s (at least ${MIN_ROUNDS}), each side's state prepared outside the clock`,
    async run(context: BenchContext): Promise<BenchResult> {
      const options = { iterations: context.options.iterations, warmup: Math.min(context.options.warmup, MAX_WARMUP) };
      const databases = await onEachDatabase(context.dialects, name, async (db): Promise<DatabaseResult> => {
        const sent: EchoEvent[] = [];
        const fixture: Fixture = {
          db,
          engine: createEngine(db.url, { entities: [BenchItem] }),
          recorder: createEngine(db.url, { entities: [BenchItem], echo: (e) => sent.push(e) }),
          driver: rawDriver(db),
          sent,
        };
        try {
          await fixture.engine.createAll();
          const sides = await sidesOf(fixture);
          // Only the recorder's run is recorded: it is done with before anything is timed.
          await fixture.recorder.dispose();
          return { dialect: db.dialect, sides: await measureWrites(sides, options) };
        } finally {
          await fixture.driver.close();
          await fixture.recorder.dispose();
          await fixture.engine.dispose();
        }
      });
      return { databases };
    },
  };
}

export const sessionInsert = writeBenchmark(
  "session-insert",
  `insert ${ROWS.toLocaleString("en-US")} new entities in one flush (keys written back) vs the raw driver's multi-row INSERTs of the same chunks`,
  insertSides,
);

export const sessionUpdate = writeBenchmark(
  "session-update",
  `change one column of each of ${ROWS.toLocaleString("en-US")} loaded entities and commit vs the raw driver's same per-row UPDATEs in one transaction`,
  updateSides,
);

export const sessionDelete = writeBenchmark(
  "session-delete",
  `delete ${ROWS.toLocaleString("en-US")} loaded entities in one flush vs the raw driver's DELETE ... IN (keys) of the same chunks`,
  deleteSides,
);
