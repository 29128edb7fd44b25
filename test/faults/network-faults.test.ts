import { ConnectionError, createEngine, type Engine, type SqlFragment, StatementTimeoutError, sql } from "../../lib";
import { expectStrataError } from "../support/assertions";
import { SERVER_URLS } from "../support/servers";
import { describeEachDialect } from "../support/test-database";
import { CrashWatch, sleep, timeToRecover, within } from "./support/crash-watch";
import { FaultProxy } from "./support/fault-proxy";

/**
 * The network between Strata and the server misbehaves, through a TCP proxy
 * of the test's own: latency, a connection cut in the middle of a result,
 * every connection cut at once (a failover), and a black hole (a half-open
 * connection: nothing passes and nothing closes). No crash, no hung promise.
 */
const BIG_RESULT: Record<"postgres" | "mysql", SqlFragment> = {
  postgres: sql`SELECT g AS n, repeat('x', 100) AS pad FROM generate_series(1, 50000) AS g`,
  mysql: sql`SELECT seq AS n, repeat('x', 100) AS pad FROM seq_1_to_50000`,
};

/** SQLite has no network between Strata and the database: these run on the two servers. */
describeEachDialect(
  "network faults [fault]",
  (db) => {
    const dialect = db.dialect as "postgres" | "mysql";
    let proxy: FaultProxy;
    let engine: Engine;
    const watch = new CrashWatch();
    const recoveries: Record<string, number> = {};

    beforeAll(async () => {
      const port = Number(new URL(SERVER_URLS[dialect].replace(/^[a-z+]+:/, "http:")).port || (dialect === "postgres" ? 5432 : 3306));
      proxy = await FaultProxy.start(port);
      engine = createEngine(proxy.rewrite(db.url), { pool: { max: 3, acquireTimeoutMillis: 1_000 } });
    });

    afterAll(async () => {
      await engine?.dispose();
      await proxy?.close();
      console.log(`${dialect} network fault recovery times (ms): ${JSON.stringify(recoveries)}`);
    });

    beforeEach(() => watch.start());
    afterEach(() => {
      proxy.setLatency(0);
      proxy.setBlackhole(false);
      proxy.cutAfter(undefined);
      watch.stop();
      expect(watch.crashes).toEqual([]);
    });

    const one = async () => (await engine.execute(sql<{ one: number }>`SELECT 1 AS one`)).rows.map((r) => Number(r.one));

    it("latency slows every statement down and breaks nothing", async () => {
      expect(await one()).toEqual([1]);
      proxy.setLatency(40);
      const started = performance.now();
      expect(await one()).toEqual([1]);
      expect(performance.now() - started).toBeGreaterThanOrEqual(70);
    });

    it("a connection cut in the middle of a result fails that statement with ConnectionError; the next one runs on a new connection", async () => {
      expect((await engine.execute(BIG_RESULT[dialect])).rows).toHaveLength(50_000);
      proxy.cutAfter(100_000);
      await expectStrataError(within(engine.execute(BIG_RESULT[dialect]), 10_000, "the cut result"), ConnectionError, "CONNECTION_ERROR");
      proxy.cutAfter(undefined);
      recoveries["cut mid-result"] = await timeToRecover(one, 5_000);
      expect(engine.pool.stats().held).toBe(0);
    });

    it("every connection cut at once (a failover): idle connections are discarded, the next statement succeeds", async () => {
      await Promise.all([1, 2, 3].map(() => engine.connect((c) => c.runSql("SELECT 1"))));
      expect(engine.pool.stats().idle).toBeGreaterThanOrEqual(1);
      proxy.cutAll();
      await sleep(50);
      const started = performance.now();
      expect(await one()).toEqual([1]);
      recoveries["every connection cut"] = performance.now() - started;
    });

    it("a half-open connection: a statement with a time limit ends with StatementTimeoutError, and the connection is dropped", async () => {
      expect(await one()).toEqual([1]);
      proxy.setBlackhole(true);
      const started = performance.now();
      await expectStrataError(
        within(engine.execute(sql`SELECT 1`, { statementTimeoutMillis: 300 }), 10_000, "the statement on a dead connection"),
        StatementTimeoutError,
        "STATEMENT_TIMEOUT",
      );
      const waited = performance.now() - started;
      expect(waited).toBeLessThan(5_000);
      proxy.setBlackhole(false);
      recoveries["half-open connection, after the statement timed out"] = await timeToRecover(one, 5_000);
      expect(engine.pool.stats().held).toBe(0);
    });

    it("a server that accepts TCP but never answers: opening a connection ends with ConnectionError after acquireTimeoutMillis", async () => {
      const fresh = createEngine(proxy.rewrite(db.url), { pool: { acquireTimeoutMillis: 500 } });
      proxy.setBlackhole(true);
      const started = performance.now();
      await expectStrataError(within(fresh.execute(sql`SELECT 1`), 10_000, "the connect"), ConnectionError, "CONNECTION_ERROR");
      expect(performance.now() - started).toBeLessThan(3_000);
      proxy.setBlackhole(false);
      expect((await fresh.execute(sql`SELECT 2 AS two`)).rows.map((r) => Number(r.two))).toEqual([2]);
      await fresh.dispose();
    });
  },
  ["postgres", "mysql"],
);
