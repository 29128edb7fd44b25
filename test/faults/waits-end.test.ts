import { ConnectionError, createEngine, type Engine, Session, sql } from "../../lib";
import { Note } from "../fixtures/notes/note";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";
import { within } from "./support/crash-watch";

/**
 * Every wait for a connection ends: an exhausted pool answers within
 * acquireTimeoutMillis with a ConnectionError that names the pool's size,
 * its use and the option to change, and the waiting caller gets a
 * connection as soon as one is given back.
 */
describeEachDialect("waits for a connection end [fault]", (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = db.engine({ entities: [Note], pool: { max: 2, acquireTimeoutMillis: 300 } });
    await engine.createAll();
  });

  /** Callers that each hold a connection until `release()`. */
  async function holdConnections(count: number): Promise<{ release(): Promise<void> }> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = 0;
    const held = new Promise<void>((resolve) => {
      for (let i = 0; i < count; i++)
        void engine.connect(async () => {
          if (++holding === count) resolve();
          await released;
        });
    });
    await held;
    return {
      release: async () => {
        release();
        await new Promise((resolve) => setTimeout(resolve, 10));
      },
    };
  }

  it("an exhausted pool times out with a ConnectionError naming the pool's size, its use and the options", async () => {
    const holders = await holdConnections(2);
    expect(engine.pool.stats()).toMatchObject({ held: 2, max: 2, waiting: 0 });
    const started = performance.now();
    const error = await expectStrataError(
      within(engine.execute(sql`SELECT 1`), 5_000, "the third caller"),
      ConnectionError,
      "CONNECTION_ERROR",
      "Timed out after 300 ms waiting for a connection",
      "at most 2, 2 are in use",
      "pool.max",
      "pool.acquireTimeoutMillis",
    );
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(3_000);
    expect(error.message).not.toContain("undefined");
    expect(engine.pool.stats().waiting).toBe(0);
    await holders.release();
    expect(engine.pool.stats().held).toBe(0);
  });

  it("a waiting caller gets the first connection given back", async () => {
    const holders = await holdConnections(2);
    const waiting = engine.execute(sql`SELECT 1 AS one`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(engine.pool.stats().waiting).toBe(1);
    await holders.release();
    expect((await within(waiting, 2_000, "the waiting caller")).rows).toEqual([{ one: 1 }]);
    expect(engine.pool.stats()).toMatchObject({ held: 0, waiting: 0 });
  });

  it("a second session does not hang while the first is in a transaction", async () => {
    // SQLite used to queue every session behind one connection with no end; a file database now has a pool.
    const first = new Session(engine);
    first.add(Object.assign(new Note(), { text: "first" }));
    await first.flush();
    const second = new Session(engine);
    expect(await within(second.query(Note).count(), 3_000, "the second session's read")).toBeGreaterThanOrEqual(0);
    await second.close();
    await first.commit();
    await first.close();
  });
});

describe("an in-memory SQLite database [fault]", () => {
  it("has one connection: a second session waits for it, and times out with a ConnectionError that says why", async () => {
    const engine = createEngine("sqlite://:memory:", { entities: [Note], pool: { acquireTimeoutMillis: 300 } });
    await engine.createAll();
    const first = new Session(engine);
    first.add(Object.assign(new Note(), { text: "first" }));
    await first.flush();
    const second = new Session(engine);
    await expectStrataError(
      within(second.get(Note, 1), 5_000, "the second session"),
      ConnectionError,
      "CONNECTION_ERROR",
      "at most 1",
      "An in-memory SQLite database lives in one connection",
      "commit or close that session",
    );
    await first.commit();
    await first.close();
    expect((await second.get(Note, 1))?.text).toBe("first");
    await second.close();
    await engine.dispose();
  });
});
