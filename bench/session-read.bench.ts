import { deepStrictEqual, ok, strictEqual } from "node:assert";
import {
  Column,
  CreatedAt,
  createEngine,
  type EchoEvent,
  type Engine,
  insert,
  ManyToOne,
  OneToMany,
  PrimaryKey,
  type Relation,
  Session,
  Table,
} from "../lib";
import type { BenchContext, Benchmark, BenchResult, DatabaseResult } from "./support/benchmark";
import { type BenchDatabase, onEachDatabase } from "./support/databases";
import { measureInterleaved, type Side } from "./support/measure";
import { type RawDriver, rawDriver } from "./support/raw-session";

const USERS = 1_000;
const TASKS_PER_USER = 10;

@Table("bench_owners")
class BenchOwner {
  @PrimaryKey() id!: number;
  @Column({ length: 100 }) name!: string;
  @Column({ type: "varchar", length: 200, nullable: true }) email!: string | null;
  @CreatedAt() createdAt!: Date;
  @OneToMany(
    () => BenchTodo,
    (t) => t.owner,
  )
  tasks!: Relation<BenchTodo>[];
}

@Table("bench_todos")
class BenchTodo {
  @PrimaryKey() id!: number;
  @Column({ length: 100 }) title!: string;
  @Column({ length: 20, default: "pending" }) status!: string;
  @Column({ type: "text", nullable: true }) notes!: string | null;
  @Column() priority!: number;
  @Column() done!: boolean;
  @ManyToOne(
    () => BenchOwner,
    (o) => o.tasks,
  )
  owner!: Relation<BenchOwner>;
  @CreatedAt() createdAt!: Date;
}

const START = Date.UTC(2024, 0, 1);

async function seed(engine: Engine): Promise<void> {
  await engine.createAll();
  await engine.begin(async (conn) => {
    const owners = [];
    for (let u = 1; u <= USERS; u++)
      owners.push({ id: u, name: `user ${u}`, email: u % 2 ? `user${u}@example.com` : null, createdAt: new Date(START + u * 1000) });
    await conn.execute(insert(engine.tableOf(BenchOwner)).values(owners));
    for (let u = 1; u <= USERS; u += 100) {
      const todos = [];
      for (let v = u; v < u + 100; v++) {
        for (let t = 0; t < TASKS_PER_USER; t++) {
          const id = (v - 1) * TASKS_PER_USER + t + 1;
          todos.push({
            id,
            title: `task ${id}`,
            status: t % 3 ? "pending" : "done",
            notes: t % 2 ? null : `notes of task ${id}`,
            priority: t % 5,
            done: t % 3 === 0,
            owner_id: v,
            createdAt: new Date(START + id * 60_000),
          });
        }
      }
      // biome-ignore lint/suspicious/noExplicitAny: the owner_id column is keyed by its relation's column name.
      await conn.execute(insert(engine.tableOf(BenchTodo)).values(todos as any));
    }
  });
}

type Row = Record<string, unknown>;

/**
 * The raw side: the statements Strata sent, by hand, on one connection: the
 * users, then their tasks by the list of user keys, grouped under each
 * user; in a transaction only when the session began one (a session reads
 * in autocommit until it has something to write).
 */
function rawSide(driver: RawDriver, sent: readonly EchoEvent[]): Side {
  const data = sent.filter((e) => /^SELECT/.test(e.sql));
  const inTransaction = /^BEGIN/i.test(sent[0]?.sql ?? "");
  const end = inTransaction ? (sent.at(-1)?.sql as string) : undefined;
  const [users, ...taskQueries] = data;
  const ownerAlias = /owner_id["`] AS ["`](\w+)["`]/.exec(taskQueries[0].sql)?.[1] as string;
  const idAlias = /["`]id["`] AS ["`](\w+)["`]/.exec(users.sql)?.[1] as string;
  return {
    name: driver.name,
    async run() {
      const conn = await driver.connect();
      try {
        if (inTransaction) await conn.query(driver.begin);
        const owners = (await conn.query(users.sql)).rows.map((r): Row & { tasks: Row[] } => ({ ...r, tasks: [] }));
        const byId = new Map(owners.map((o) => [o[idAlias], o]));
        const ids = owners.map((o) => o[idAlias]);
        let at = 0;
        for (const q of taskQueries) {
          const chunk = ids.slice(at, at + q.params.length);
          at += chunk.length;
          for (const task of (await conn.query(q.sql, chunk)).rows) byId.get(task[ownerAlias])?.tasks.push(task);
        }
        if (end !== undefined) await conn.query(end);
        return owners;
      } finally {
        conn.release();
      }
    },
  };
}

async function onDatabase(db: BenchDatabase, context: BenchContext): Promise<DatabaseResult> {
  const sent: EchoEvent[] = [];
  // Timed runs use an engine without echo, as an application runs it; one untimed run on a recording engine gives the SQL the raw side sends.
  const engine = createEngine(db.url, { entities: [BenchOwner, BenchTodo] });
  const recorder = createEngine(db.url, { entities: [BenchOwner, BenchTodo], echo: (e) => sent.push(e) });
  const driver = rawDriver(db);
  try {
    await seed(engine);
    const strataOn = (engine: Engine): Side => ({
      name: "strata session",
      async run() {
        // try/finally rather than `await using`: dependency-cruiser's parser does not read using declarations yet.
        const session = new Session(engine);
        try {
          return await session.query(BenchOwner).load("tasks").all();
        } finally {
          await session.close();
        }
      },
    });

    // What Strata sends, once: the raw side sends the same.
    const owners = (await strataOn(recorder).run()) as BenchOwner[];
    await recorder.dispose();
    strictEqual(owners.length, USERS);
    ok(owners.every((o) => o.tasks.length === TASKS_PER_USER));
    deepStrictEqual(
      owners[9].tasks.map((t) => t.title),
      Array.from({ length: TASKS_PER_USER }, (_, t) => `task ${90 + t + 1}`),
    );
    const raw = rawSide(driver, sent);
    const rawOwners = (await raw.run()) as { tasks: Row[] }[];
    strictEqual(rawOwners.length, USERS);
    ok(rawOwners.every((o) => o.tasks.length === TASKS_PER_USER));

    return { dialect: db.dialect, sides: await measureInterleaved([raw, strataOn(engine)], context.options) };
  } finally {
    await driver.close();
    await recorder.dispose();
    await engine.dispose();
  }
}

export const sessionRead: Benchmark = {
  name: "session-read",
  description: `session.query(User).load("tasks").all() for ${USERS.toLocaleString("en-US")} users with ${TASKS_PER_USER} tasks each (select-in: 2 SELECTs, in autocommit as a session reads) vs the raw driver sending the same statements and grouping tasks under users`,
  async run(context: BenchContext): Promise<BenchResult> {
    return { databases: await onEachDatabase(context.dialects, "session_read", (db) => onDatabase(db, context)) };
  },
};
