import { ConnectionError, Session, sql } from "../../lib";
import { Note } from "../fixtures/notes/note";
import { expectStrataError } from "../support/assertions";
import { connectionLossHarness } from "./support/connection-loss-harness";
import { sleep, timeToRecover, within } from "./support/crash-watch";
import { restartUnderLoad } from "./support/restart-under-load";
import { ThrowawayMariadb } from "./support/throwaway-mariadb";

/**
 * A MariaDB server of the test's own loses connections: KILL of a
 * connection idle in a transaction or mid-statement, wait_timeout, a
 * restart, a crash. No crash of the process, no hung promise,
 * ConnectionError for the user, and the pool recovers.
 */
describe("MariaDB connection loss [fault]", () => {
  const h = connectionLossHarness("MariaDB", () => ThrowawayMariadb.start());

  it("a session idle in a transaction whose connection is killed gets ConnectionError, and recovers after rollback()", async () => {
    const session = new Session(h.engine);
    session.add(Object.assign(new Note(), { text: "lost with its transaction" }));
    await session.flush();
    expect(await h.server.killConnections()).toBeGreaterThan(0);
    await sleep(100);
    await expectStrataError(session.execute(sql`SELECT 1`), ConnectionError, "CONNECTION_ERROR", "Cannot reach MySQL");
    await session.rollback();
    const started = performance.now();
    expect(await session.get(Note, 1)).toBeUndefined();
    h.recoveries["connection killed while idle in a transaction"] = performance.now() - started;
    await session.close();
    expect(await h.noteCount()).toBe(0);
    expect(h.engine.pool.stats().held).toBe(0);
  });

  it("a statement whose connection is killed mid-statement fails with ConnectionError at once", async () => {
    const running = h.engine.execute(sql`SELECT SLEEP(30)`);
    await sleep(200);
    await h.server.killConnections();
    await expectStrataError(within(running, 5_000, "the interrupted statement"), ConnectionError, "CONNECTION_ERROR");
    h.recoveries["connection killed mid-statement"] = await timeToRecover(h.noteCount, 5_000);
  });

  it("idle pooled connections that the server ended are discarded, not lent", async () => {
    await Promise.all([1, 2, 3].map(() => h.engine.connect((c) => c.runSql("SELECT SLEEP(0.05)"))));
    expect(h.engine.pool.stats().idle).toBeGreaterThanOrEqual(2);
    await h.server.killConnections();
    await sleep(100);
    expect(await h.noteCount()).toBe(0);
  });

  it("a server restart while queries run: ConnectionErrors while it is down, no hung promise, and recovery after", async () => {
    const outcome = await restartUnderLoad(h.engine, h.server, h.noteCount);
    h.recoveries["server restart (from server up)"] = outcome.recoveryMillis;
    expect(outcome.other).toEqual([]);
    expect(outcome.connectionErrors).toBeGreaterThan(0);
    expect(outcome.ok).toBeGreaterThan(0);
    expect(h.engine.pool.stats().held).toBe(0);
  }, 60_000);

  it("a crash mid-transaction: the session's commit fails with ConnectionError and nothing is half-written", async () => {
    const before = await h.noteCount();
    const session = new Session(h.engine);
    session.add(Object.assign(new Note(), { text: "never committed" }));
    await session.flush();
    await h.server.restart("immediate");
    await expectStrataError(session.commit(), ConnectionError, "CONNECTION_ERROR");
    await session.rollback();
    await session.close();
    await timeToRecover(h.noteCount, 10_000);
    expect(await h.noteCount()).toBe(before);
  }, 60_000);
});
