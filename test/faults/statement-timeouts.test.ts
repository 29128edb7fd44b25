import {
  type Engine,
  LockTimeoutError,
  type SqlFragment,
  StatementCancelledError,
  StatementTimeoutError,
  sql,
  UsageError,
} from "../../lib";
import { expectStrataError } from "../support/assertions";
import type { TestDialect } from "../support/servers";
import { describeEachDialect } from "../support/test-database";
import { within } from "./support/crash-watch";

/**
 * A statement that runs too long is cancelled on the server and fails with
 * StatementTimeoutError; an AbortSignal cancels it with
 * StatementCancelledError. The connection stays usable afterwards. SQLite's
 * driver runs a statement synchronously to its end, so there the limit and
 * the signal apply to waiting for the database lock.
 */

/** A statement that runs for seconds and fails (rather than returning early) when the server stops it. */
const SLOW: Record<Exclude<TestDialect, "sqlite">, SqlFragment> = {
  postgres: sql`SELECT pg_sleep(5)`,
  mysql: sql`SELECT count(*) FROM seq_1_to_100000 a, seq_1_to_100000 b WHERE a.seq + b.seq = 3`,
};

describeEachDialect("statement time limits and cancellation [fault]", (db) => {
  let engine: Engine;
  /** A second engine on the same database that holds SQLite's write lock while a test needs it held. */
  let other: Engine;

  beforeAll(async () => {
    engine = db.engine({ pool: { max: 2 } });
    other = db.engine();
    await engine.execute(sql`CREATE TABLE t (id integer PRIMARY KEY)`);
  });

  /** A statement that takes seconds: a slow query on a server, a write waiting for the lock another engine holds on SQLite. */
  async function slowStatement(run: (statement: SqlFragment) => Promise<unknown>): Promise<void> {
    if (db.dialect !== "sqlite") {
      await run(SLOW[db.dialect]);
      return;
    }
    const rollBack = new Error("roll the holder's transaction back");
    await other.connect(async (holder) => {
      await expect(
        holder.transaction(async () => {
          await holder.execute(sql`INSERT INTO t (id) VALUES (1)`);
          await run(sql`INSERT INTO t (id) VALUES (2)`);
          throw rollBack;
        }),
      ).rejects.toBe(rollBack);
    });
  }

  it("a statement past statementTimeoutMillis fails with StatementTimeoutError, and the connection runs the next one", async () => {
    await engine.connect(async (conn) => {
      const started = performance.now();
      await slowStatement(async (statement) => {
        await expectStrataError(
          within(conn.execute(statement, { statementTimeoutMillis: 200 }), 5_000, "the timed-out statement"),
          StatementTimeoutError,
          "STATEMENT_TIMEOUT",
          "statementTimeoutMillis (200 ms)",
          "raise statementTimeoutMillis",
        );
      });
      expect(performance.now() - started).toBeLessThan(4_000);
      expect((await conn.execute(sql`SELECT 1 AS one`)).rows).toEqual([{ one: 1 }]);
    });
    expect(engine.pool.stats()).toMatchObject({ held: 0 });
  });

  it("the engine's statementTimeoutMillis applies to every statement that sets none", async () => {
    const limited = db.engine({ statementTimeoutMillis: 200 });
    await slowStatement(async (statement) => {
      await expectStrataError(within(limited.execute(statement), 5_000, "the statement"), StatementTimeoutError, "STATEMENT_TIMEOUT");
    });
    expect((await limited.execute(sql`SELECT 2 AS two`)).rows).toEqual([{ two: 2 }]);
  });

  it("an AbortSignal cancels the running statement with StatementCancelledError carrying the reason", async () => {
    const controller = new AbortController();
    await slowStatement(async (statement) => {
      const running = engine.execute(statement, { signal: controller.signal });
      setTimeout(() => controller.abort(new Error("the client went away")), 150);
      const error = await expectStrataError(
        within(running, 5_000, "the cancelled statement"),
        StatementCancelledError,
        "STATEMENT_CANCELLED",
        "cancelled by its AbortSignal",
        "the client went away",
      );
      expect((error.cause as Error).message).toBe("the client went away");
    });
    expect((await engine.execute(sql`SELECT 3 AS three`)).rows).toEqual([{ three: 3 }]);
  });

  it("a signal aborted before the statement starts stops it from running at all", async () => {
    await expectStrataError(
      engine.execute(sql`INSERT INTO t (id) VALUES (42)`, { signal: AbortSignal.abort() }),
      StatementCancelledError,
      "STATEMENT_CANCELLED",
    );
    expect((await engine.execute(sql`SELECT count(*) AS n FROM t WHERE id = 42`)).rows.map((r) => Number(r.n))).toEqual([0]);
  });

  it("bad limits and signals are refused before anything runs", async () => {
    for (const statementTimeoutMillis of [0, -5, 1.5, Number.NaN]) {
      await expectStrataError(
        engine.execute(sql`SELECT 1`, { statementTimeoutMillis }),
        UsageError,
        "USAGE_ERROR",
        "statementTimeoutMillis",
      );
    }
    await expectStrataError(
      engine.execute(sql`SELECT 1`, { signal: { aborted: false } as unknown as AbortSignal }),
      UsageError,
      "USAGE_ERROR",
      "AbortSignal",
    );
  });

  if (db.dialect === "sqlite") {
    it("a write waits for another engine's write lock, and gives up after lockTimeoutMillis with LockTimeoutError", async () => {
      const impatient = db.engine({ lockTimeoutMillis: 300 });
      const started = performance.now();
      await slowStatement(async () => {
        await expectStrataError(
          within(impatient.execute(sql`INSERT INTO t (id) VALUES (3)`), 5_000, "the locked write"),
          LockTimeoutError,
          "LOCK_TIMEOUT",
          "stayed locked for 300 ms (lockTimeoutMillis)",
          "Commit or close that transaction sooner",
        );
      });
      expect(performance.now() - started).toBeLessThan(3_000);
    });
  }
});
