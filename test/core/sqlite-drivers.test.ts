/**
 * SQLite's two drivers, better-sqlite3 and sqlite3: how a URL or the
 * `driver` option picks one, which one a plain sqlite:// takes, and what
 * each does that the other does not. These tests are SQLite's alone (the
 * other databases have one driver each); the suites under test/core,
 * test/mapping and test/session run on sqlite3 too in CI's second run
 * (STRATA_TEST_SQLITE_DRIVER=sqlite3).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  bigint,
  blob,
  ConfigError,
  createEngine,
  defineTable,
  type Engine,
  insert,
  integer,
  LockTimeoutError,
  QueryError,
  StatementCancelledError,
  StatementTimeoutError,
  select,
  sql,
  varchar,
} from "../../lib";
import { parseDatabaseUrl } from "../../lib/engine";
import { expectStrataError } from "../support/assertions";

const ROOT = resolve(__dirname, "../..");
const numbers = defineTable("numbers", {
  id: integer().primaryKey(),
  big: bigint(),
  bytes: blob(),
  label: varchar(40),
});

/** A statement that runs for seconds: counting to 200 million in a recursive CTE. */
const LONG_STATEMENT = sql`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 200000000) SELECT count(*) AS n FROM c`;

let dir: string;
const engines: Engine[] = [];

function open(url: string, options: Parameters<typeof createEngine>[1] = {}): Engine {
  const engine = createEngine(url, options);
  engines.push(engine);
  return engine;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "strata-sqlite-drivers-"));
});

afterAll(async () => {
  await Promise.all(engines.splice(0).map((e) => e.dispose()));
  rmSync(dir, { recursive: true, force: true });
});

describe("choosing the SQLite driver", () => {
  it.each([
    ["sqlite+sqlite3:///x.db", "sqlite", "sqlite3"],
    ["sqlite+better-sqlite3:///x.db", "sqlite", "better-sqlite3"],
    ["postgresql+pg://h/db", "postgres", "pg"],
    ["postgres+pg://h/db", "postgres", "pg"],
    ["mysql+mysql2://h/db", "mysql", "mysql2"],
    ["mariadb+mysql2://h/db", "mysql", "mysql2"],
    ["sqlite:///x.db", "sqlite", undefined],
  ])("reads %s as dialect %s, driver %s", (url, dialect, driver) => {
    const config = parseDatabaseUrl(url);
    expect(config.dialect).toBe(dialect);
    expect(config.driver).toBe(driver);
  });

  it("refuses a driver the dialect does not have, naming the ones it has", async () => {
    await expectStrataError(
      () => parseDatabaseUrl("sqlite+sqlite4:///x.db"),
      ConfigError,
      "CONFIG_ERROR",
      'names the driver "sqlite4"',
      '"better-sqlite3" or "sqlite3"',
      "sqlite+sqlite3:///app.db",
    );
    await expectStrataError(() => parseDatabaseUrl("postgresql+psycopg2://h/db"), ConfigError, "CONFIG_ERROR", '"pg"');
    await expectStrataError(
      () => createEngine("sqlite:///x.db", { driver: "pg" }),
      ConfigError,
      "CONFIG_ERROR",
      "option driver",
      '"sqlite3"',
    );
  });

  it("takes the driver from the createEngine option, which must agree with the URL's", async () => {
    expect(open("sqlite://:memory:", { driver: "sqlite3" }).dialect.driver).toBe("sqlite3");
    expect(open("sqlite+sqlite3://:memory:").dialect.driver).toBe("sqlite3");
    expect(open("sqlite+sqlite3://:memory:", { driver: "sqlite3" }).dialect.driver).toBe("sqlite3");
    expect(open("sqlite://:memory:").dialect.driver).toBe("better-sqlite3");
    await expectStrataError(
      () => createEngine("sqlite+better-sqlite3://:memory:", { driver: "sqlite3" }),
      ConfigError,
      "CONFIG_ERROR",
      'names the driver "better-sqlite3" and the option driver names "sqlite3"',
    );
  });

  /**
   * Runs a script in a fresh Node whose require() cannot find the packages
   * named in HIDE (a --require hook, as if they were not installed).
   */
  function withoutPackages(hide: string[], script: string) {
    const hook = join(dir, "hide-packages.cjs");
    writeFileSync(
      hook,
      `const Module = require("node:module");
const hidden = new Set(process.env.HIDE.split(","));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (hidden.has(request)) {
    const error = new Error("Cannot find module '" + request + "'");
    error.code = "MODULE_NOT_FOUND";
    throw error;
  }
  return resolve.call(this, request, ...rest);
};
`,
    );
    const run = spawnSync(process.execPath, ["-r", hook, "-r", join(ROOT, "lib/cli/register-typescript.cjs"), "-e", script], {
      cwd: ROOT,
      env: { ...process.env, HIDE: hide.join(","), STRATA_LIB: join(ROOT, "lib") },
      encoding: "utf8",
      timeout: 60_000,
    });
    return { status: run.status, out: `${run.stdout}${run.stderr}` };
  }

  it("takes sqlite3 for a plain sqlite:// URL when better-sqlite3 is not installed", () => {
    const run = withoutPackages(
      ["better-sqlite3"],
      `const { createEngine, sql } = require(process.env.STRATA_LIB);
(async () => {
  const engine = createEngine("sqlite:///${join(dir, "only-sqlite3.db")}");
  const one = (await engine.execute(sql\`SELECT 40 + 2 AS answer\`)).scalar();
  console.log(engine.dialect.driver, one);
  await engine.dispose();
})().catch((e) => { console.error(e.message); process.exit(1); });`,
    );
    expect(run.out.trim()).toBe("sqlite3 42");
    expect(run.status).toBe(0);
  });

  it("says to install a driver when neither is installed, and which one a URL names", () => {
    const run = withoutPackages(
      ["better-sqlite3", "sqlite3"],
      `const { createEngine } = require(process.env.STRATA_LIB);
for (const url of ["sqlite://:memory:", "sqlite+sqlite3://:memory:"]) {
  try { createEngine(url); console.log("created"); } catch (e) { console.log(e.code + ": " + e.message); }
}`,
    );
    const [plain, named] = run.out.trim().split("\n");
    expect(plain).toMatch(/^CONFIG_ERROR: No SQLite driver is installed\. Run: npm install better-sqlite3 \(or npm install sqlite3/);
    expect(named).toBe('CONFIG_ERROR: The SQLite driver "sqlite3" is not installed. Run: npm install sqlite3');
  });
});

describe.each(["better-sqlite3", "sqlite3"] as const)("the %s driver", (driver) => {
  let engine: Engine;

  beforeAll(async () => {
    mkdirSync(join(dir, driver), { recursive: true });
    engine = open(`sqlite+${driver}:///${join(dir, driver, "values.db")}`);
    await engine.createAll([numbers]);
  });

  it("keeps bigint columns exact to 64 bits, in parameters, results and comparisons", async () => {
    const extremes = [2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n + 1n, 0n];
    await engine.execute(insert(numbers).values(extremes.map((big, i) => ({ big, label: `n${i}` }))));
    const rows = (await engine.execute(select(numbers.c.big).from(numbers).orderBy(numbers.c.label))).all();
    expect(rows.map((r) => r.big)).toEqual(extremes);
    const found = await engine.execute(
      select(numbers.c.label)
        .from(numbers)
        .where(numbers.c.big.eq(2n ** 53n + 1n)),
    );
    expect(found.all()).toEqual([{ label: "n2" }]);
    const returned = await engine.execute(
      insert(numbers)
        .values({ big: 2n ** 62n + 3n, label: "r" })
        .returning(numbers.c.big),
    );
    expect(returned.all()).toEqual([{ big: 2n ** 62n + 3n }]);
  });

  it("round-trips blobs byte for byte, Buffer or Uint8Array in", async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await engine.execute(insert(numbers).values({ bytes, label: "buffer" }));
    // A plain Uint8Array, not a Buffer: sqlite3 binds only Buffers, so the driver wraps it.
    await engine.execute(insert(numbers).values({ bytes: new Uint8Array([0, 1, 254, 255]) as unknown as Buffer, label: "uint8" }));
    const rows = (await engine.execute(select(numbers.c.label, numbers.c.bytes).from(numbers).where(numbers.c.bytes.isNotNull()))).all();
    const byLabel = Object.fromEntries(rows.map((r) => [r.label, r.bytes]));
    expect(Buffer.isBuffer(byLabel.buffer) && (byLabel.buffer as Buffer).equals(bytes)).toBe(true);
    expect(Buffer.from(byLabel.uint8 as Uint8Array)).toEqual(Buffer.from([0, 1, 254, 255]));
  });

  it("runs more distinct statements than its statement cache holds (256 per connection), each still right", async () => {
    await engine.connect(async (conn) => {
      for (let i = 0; i < 300; i++) {
        expect((await conn.execute(sql`SELECT ${i} + ${sql.unsafe(String(i))} AS n`)).scalar()).toBe(2 * i);
      }
      // The first ones again, prepared anew after leaving the cache.
      expect((await conn.execute(sql`SELECT ${7} + ${sql.unsafe("7")} AS n`)).scalar()).toBe(14);
    });
  });

  it("refuses SQL text with a second statement (sqlite3 alone would run the first and drop the rest)", async () => {
    await expectStrataError(
      engine.execute(sql.unsafe("INSERT INTO numbers (label) VALUES ('one'); INSERT INTO numbers (label) VALUES ('two')")),
      QueryError,
      "QUERY_ERROR",
      "The supplied SQL string contains more than one statement",
    );
    expect((await engine.execute(sql`SELECT count(*) AS n FROM numbers WHERE label IN ('one', 'two')`)).scalar()).toBe(0);
    for (const text of [
      "SELECT 1 AS n;",
      "SELECT ';' AS n",
      "SELECT 1 AS n; -- done",
      "SELECT 1 AS n /* ; */",
      `SELECT 'it''s;' AS n;  `,
    ]) {
      expect((await engine.execute(sql.unsafe(text))).all()).toHaveLength(1);
    }
  });

  it("waits for a lock on timers (other work goes on), then fails with LockTimeoutError", async () => {
    const file = join(dir, driver, "locked.db");
    const holder = open(`sqlite+${driver}:///${file}`);
    const waiter = open(`sqlite+${driver}:///${file}`, { lockTimeoutMillis: 300 });
    await holder.createAll([numbers]);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    try {
      await holder.connect(async (conn) => {
        await conn.transaction(async () => {
          await conn.execute(insert(numbers).values({ label: "held" }));
          await expectStrataError(
            waiter.execute(insert(numbers).values({ label: "waits" })),
            LockTimeoutError,
            "LOCK_TIMEOUT",
            "stayed locked for 300 ms",
          );
        });
      });
    } finally {
      clearInterval(ticker);
    }
    expect(ticks).toBeGreaterThan(10);
    await waiter.execute(insert(numbers).values({ label: "after" }));
  });
});

describe("what differs between the drivers", () => {
  let file: string;

  beforeAll(() => {
    file = join(dir, "differences.db");
  });

  it("sqlite3 interrupts a statement past its time limit (StatementTimeoutError); the connection stays usable", async () => {
    const engine = open(`sqlite+sqlite3:///${file}`, { pool: { max: 1 } });
    const started = Date.now();
    const error = await expectStrataError(
      engine.execute(LONG_STATEMENT, { statementTimeoutMillis: 100 }),
      StatementTimeoutError,
      "STATEMENT_TIMEOUT",
      "statementTimeoutMillis (100 ms)",
    );
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error.cause).toMatchObject({ code: "SQLITE_INTERRUPT" });
    expect((await engine.execute(sql`SELECT 1 AS one`)).scalar()).toBe(1);
    expect(engine.pool.stats().total).toBe(1);
  });

  it("sqlite3 stops a running statement when its AbortSignal aborts (StatementCancelledError)", async () => {
    const engine = open(`sqlite+sqlite3:///${file}`);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("the user left")), 100);
    await expectStrataError(
      engine.execute(LONG_STATEMENT, { signal: controller.signal }),
      StatementCancelledError,
      "STATEMENT_CANCELLED",
      "the user left",
    );
  });

  it("better-sqlite3 runs a statement to its end (synchronously, no promise per statement); its time limit covers lock waits", async () => {
    const engine = open(`sqlite+better-sqlite3:///${file}`);
    const short = sql`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 300000) SELECT count(*) AS n FROM c`;
    await engine.connect(async (conn) => {
      expect(conn.synchronous).toBe(true);
      expect((await conn.execute(short, { statementTimeoutMillis: 1 })).scalar()).toBe(300000);
    });
    const other = open(`sqlite+sqlite3:///${file}`);
    await other.connect(async (conn) => expect(conn.synchronous).toBe(false));
  });

  it("raw SQL with two result columns of one name: better-sqlite3 keeps both, sqlite3 (rows as objects) keeps the last", async () => {
    const query = sql`SELECT 1 AS n, 2 AS n`;
    await open(`sqlite+better-sqlite3:///${file}`).connect(async (conn) => {
      const { result } = await conn.runUndecoded({ sql: "SELECT 1 AS n, 2 AS n", params: [] });
      expect(result.rows).toEqual([[1n, 2n]]);
    });
    await open(`sqlite+sqlite3:///${file}`).connect(async (conn) => {
      const { result } = await conn.runUndecoded({ sql: "SELECT 1 AS n, 2 AS n", params: [] });
      expect(result.rows).toEqual([[2]]);
    });
    // Through execute() both give one object, whose n is the last column.
    expect((await open(`sqlite+sqlite3:///${file}`).execute(query)).all()).toEqual([{ n: 2 }]);
  });

  it("sqlite3 selects a bigint column as text (CAST), which better-sqlite3 reads as a bigint itself", () => {
    const statement = select(numbers.c.big).from(numbers);
    const viaSqlite3 = open(`sqlite+sqlite3:///${file}`).dialect.compiler.compile(statement.toStatementNode()).sql;
    const viaBetter = open(`sqlite+better-sqlite3:///${file}`).dialect.compiler.compile(statement.toStatementNode()).sql;
    expect(viaSqlite3).toBe('SELECT CAST("numbers"."big" AS TEXT) AS "big" FROM "numbers"');
    expect(viaBetter).toBe('SELECT "numbers"."big" FROM "numbers"');
  });
});
