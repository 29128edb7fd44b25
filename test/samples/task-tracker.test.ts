import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selectedDialects } from "../support/servers";
import { describeEachDialect } from "../support/test-database";
import { isSqlLine, REPO_ROOT, runSample } from "./run-sample";

/**
 * The sample's walk-through, as it must print on every database: its output
 * without the first line (which names the database URL) and without echo's
 * SQL lines. Regenerate it from a run only after reading the difference.
 */
const EXPECTED = readFileSync(join(__dirname, "task-tracker.expected.txt"), "utf8");

/**
 * What echo prints in its section on each dialect: the same two statements, each spelled in that dialect's SQL.
 * A session that only reads runs in autocommit: no BEGIN, no ROLLBACK.
 */
const ECHO_SQL: Record<string, RegExp[]> = {
  sqlite: [/^SELECT count\(\*\) AS "count" FROM "users"/, /FROM "users" WHERE "users"\."name" = \? LIMIT \? \['Rukhya', 2\]/],
  postgres: [/^SELECT count\(\*\) AS "count" FROM "users"/, /FROM "users" WHERE "users"\."name" = \$1 LIMIT \$2 \['Rukhya', 2\]/],
  mysql: [/^SELECT count\(\*\) AS `count` FROM `users`/, /FROM `users` WHERE `users`\.`name` = \? LIMIT \? \['Rukhya', 2\]/],
};

describeEachDialect("task tracker sample", (db) => {
  it("prints the whole walk-through, the same as on every other database", async () => {
    const run = await runSample({ DATABASE_URL: db.url });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const [first, ...rest] = run.stdout.split("\n");
    expect(first).toBe(`Task tracker on ${db.url}`);
    expect(rest.filter((line) => !isSqlLine(line)).join("\n")).toBe(EXPECTED);
  }, 90_000);

  it("prints the statements of the echo section in this database's SQL, with row counts and timings", async () => {
    const run = await runSample({ DATABASE_URL: db.url });
    const sql = run.stdout.split("\n").filter(isSqlLine);
    // echo is on for one section only: exactly its two statements.
    expect(sql).toHaveLength(2);
    for (const line of sql) expect(line).toMatch(/^\[strata\] .+ -- \d+ rows? in \d+\.\d ms$/);
    sql.forEach((line, i) => {
      expect(line.replace(/^\[strata\] /, "")).toMatch(ECHO_SQL[db.dialect][i]);
    });
  }, 90_000);

  it("runs again on the tables a previous run left, with the same output", async () => {
    const first = await runSample({ DATABASE_URL: db.url });
    const second = await runSample({ DATABASE_URL: db.url });
    expect(second.code).toBe(0);
    const results = (out: string) => out.split("\n").filter((line) => !isSqlLine(line));
    expect(results(second.stdout)).toEqual(results(first.stdout));
  }, 120_000);
});

// `npm run sample` without DATABASE_URL: the embedded SQLite file in the sample's git-ignored data folder.
if (selectedDialects().includes("sqlite")) {
  describe("task tracker sample with no DATABASE_URL", () => {
    it("uses an SQLite file in samples/task-tracker/.data and prints the same walk-through", async () => {
      const run = await runSample({ DATABASE_URL: undefined });
      expect(run.code).toBe(0);
      const file = join(REPO_ROOT, "samples", "task-tracker", ".data", "task-tracker.db");
      const [first, ...rest] = run.stdout.split("\n");
      expect(first).toBe(`Task tracker on sqlite:///${file}`);
      expect(existsSync(file)).toBe(true);
      expect(rest.filter((line) => !isSqlLine(line)).join("\n")).toBe(EXPECTED);
    }, 90_000);
  });
}

// The same walk-through on SQLite's other driver, named in the URL.
if (selectedDialects().includes("sqlite")) {
  describe("task tracker sample on sqlite3", () => {
    it("prints the same walk-through on sqlite+sqlite3://", async () => {
      const dir = mkdtempSync(join(tmpdir(), "strata-sample-sqlite3-"));
      try {
        const url = `sqlite+sqlite3:///${join(dir, "tracker.db")}`;
        const run = await runSample({ DATABASE_URL: url });
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
        const [first, ...rest] = run.stdout.split("\n");
        expect(first).toBe(`Task tracker on ${url}`);
        expect(rest.filter((line) => !isSqlLine(line)).join("\n")).toBe(EXPECTED);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 90_000);
  });
}
