/**
 * Task tracker on Strata Core: tables, inserts, a join, a group-by, and
 * transactions that commit or roll back.
 *
 *   npm run sample                     # embedded SQLite in .data/task-tracker.db
 *   npm run sample -- --echo           # also print every SQL statement
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npm run sample
 *   DATABASE_URL=mysql://root@127.0.0.1:3306/test npm run sample
 *
 * It drops and recreates its two tables on every run. In an application,
 * import from "strata-orm" instead of "../../lib".
 */
import { mkdirSync } from "node:fs";
import { type Connection, count, createEngine, defineTable, del, insert, integer, select, sql, update, varchar } from "../../lib";

const users = defineTable("users", {
  id: integer().primaryKey(),
  name: varchar(100).notNull(),
  email: varchar(200).notNull().unique(),
});

const tasks = defineTable("tasks", {
  id: integer().primaryKey(),
  title: varchar(200).notNull(),
  status: varchar(20).notNull().default("pending"),
  ownerId: integer()
    .notNull()
    .named("owner_id")
    .references(() => users.c.id, { onDelete: "cascade" }),
});

const DEFAULT_URL = "sqlite:///.data/task-tracker.db";

function heading(text: string): void {
  console.log(`\n== ${text}`);
}

function table(rows: readonly Record<string, unknown>[]): void {
  if (rows.length === 0) {
    console.log("  (no rows)");
    return;
  }
  const keys = Object.keys(rows[0]);
  const width = (k: string) => Math.max(k.length, ...rows.map((r) => String(r[k]).length));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(width(keys[i]))).join("  ")}`.trimEnd();
  console.log(line(keys));
  console.log(line(keys.map((k) => "-".repeat(width(k)))));
  for (const row of rows) console.log(line(keys.map((k) => String(row[k]))));
}

async function statusCounts(conn: Connection) {
  const byStatus = select(tasks.c.status, count().as("tasks")).groupBy(tasks.c.status).orderBy(tasks.c.status);
  return (await conn.execute(byStatus)).all();
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? DEFAULT_URL;
  if (url === DEFAULT_URL) mkdirSync(".data", { recursive: true });
  const engine = createEngine(url, { echo: process.argv.includes("--echo") });
  console.log(`Task tracker on ${engine.url} (${engine.dialect.name})`);

  try {
    // Start from empty tables on every run: drop (dependents first), then create in foreign-key order.
    await engine.dropAll([tasks, users]);
    await engine.createAll([users, tasks]);

    await engine.connect(async (conn) => {
      await conn.execute(
        insert(users).values([
          { name: "Safi", email: "safi@example.com" },
          { name: "Rukhya", email: "rukhya@example.com" },
          { name: "Ayaan", email: "ayaan@example.com" },
        ]),
      );
      // Generated keys, read back by a unique column (works on every database, with or without RETURNING).
      const ids = new Map((await conn.execute(select(users.c.email, users.c.id))).all().map((u) => [u.email, u.id]));
      const safi = ids.get("safi@example.com")!;
      const rukhya = ids.get("rukhya@example.com")!;

      const inserted = await conn.execute(
        insert(tasks).values([
          { title: "Write the schema", ownerId: safi, status: "done" },
          { title: "Seed the database", ownerId: safi },
          { title: "Review the pull request", ownerId: rukhya },
          { title: "Plan the release", ownerId: rukhya },
          { title: "Fix the flaky test", ownerId: safi },
        ]),
      );
      heading(`Inserted 3 users and ${inserted.rowCount} tasks`);

      heading("Pending tasks with their owner (join + where)");
      const pending = select(tasks.c.id, tasks.c.title, users.c.name.as("owner"))
        .join(users, tasks.c.ownerId.eq(users.c.id))
        .where(tasks.c.status.eq("pending"))
        .orderBy(users.c.name, tasks.c.title);
      table((await conn.execute(pending)).all());

      heading("Tasks per owner (left join + group by), owners with none included");
      const perOwner = select(users.c.name, count(tasks.c.id).as("tasks"))
        .leftJoin(tasks, tasks.c.ownerId.eq(users.c.id))
        .groupBy(users.c.id, users.c.name)
        .orderBy(users.c.name);
      table((await conn.execute(perOwner)).all());

      heading("Tasks per status (group by)");
      table(await statusCounts(conn));

      heading("Transaction: Safi finishes all pending tasks (committed)");
      const finished = await conn.transaction(async (tx) => {
        const result = await tx.execute(
          update(tasks).set({ status: "done" }).where(tasks.c.ownerId.eq(safi)).where(tasks.c.status.eq("pending")),
        );
        return result.rowCount;
      });
      console.log(`  ${finished} task(s) marked done`);
      table(await statusCounts(conn));

      heading("Transaction that fails halfway: every task deleted, then an error (rolled back)");
      try {
        await conn.transaction(async (tx) => {
          const deleted = await tx.execute(del(tasks));
          const left = (await tx.execute(sql<{ n: number }>`select count(*) as n from ${tasks}`)).scalar();
          console.log(`  inside the transaction: ${deleted.rowCount} deleted, ${left} left`);
          throw new Error("simulated failure before commit");
        });
      } catch (error) {
        console.log(`  caught: ${(error as Error).message}`);
      }
      console.log("  after the rollback, the data is unchanged:");
      table(await statusCounts(conn));
    });
  } finally {
    await engine.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
