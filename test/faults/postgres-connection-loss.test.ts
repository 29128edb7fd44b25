import { ConnectionError, Session, sql } from "../../lib";
import { Note } from "../fixtures/notes/note";
import { expectStrataError } from "../support/assertions";
import { connectionLossHarness } from "./support/connection-loss-harness";
import { sleep, timeToRecover, within } from "./support/crash-watch";
import { restartUnderLoad } from "./support/restart-under-load";
import { ThrowawayPostgres } from "./support/throwaway-postgres";

/**
 * A PostgreSQL server of the test's own loses connections the ways real
 * ones do: pg_terminate_backend, idle_in_transaction_session_timeout, a
 * restart. The process never crashes (no unheard 'error' event), every
 * promise settles, the user sees ConnectionError, and the pool recovers.
 */
describe("PostgreSQL connection loss [fault]", () => {
  const h = connectionLossHarness("PostgreSQL", () => ThrowawayPostgres.start({ idle_in_transaction_session_timeout: "800" }));

  it("a session idle in a transaction whose backend is terminated gets ConnectionError, and recovers after rollback()", async () => {
    const session = new Session(h.engine);
    session.add(Object.assign(new Note(), { text: "lost with its transaction" }));
    await session.flush();
    expect(await h.server.terminateBackends()).toBeGreaterThan(0);
    await sleep(100);
    const error = await expectStrataError(session.execute(sql`SELECT 1`), ConnectionError, "CONNECTION_ERROR", "Cannot reach PostgreSQL");
    expect(error.message).toMatch(/terminat|not queryable/i);
    await session.rollback();
    const started = performance.now();
    expect(await session.get(Note, 1)).toBeUndefined();
    h.recoveries["backend terminated while idle in a transaction"] = performance.now() - started;
    await session.close();
    expect(await h.noteCount()).toBe(0);
    expect(h.engine.pool.stats().held).toBe(0);
  });

  it("a statement whose backend is terminated mid-statement fails with ConnectionError at once", async () => {
    const running = h.engine.execute(sql`SELECT pg_sleep(30)`);
    await sleep(200);
    await h.server.terminateBackends();
    await expectStrataError(within(running, 5_000, "the interrupted statement"), ConnectionError, "CONNECTION_ERROR");
    h.recoveries["backend terminated mid-statement"] = await timeToRecover(h.noteCount, 5_000);
  });

  it("idle pooled connections that the server ended are discarded, not lent", async () => {
    await Promise.all([1, 2, 3].map(() => h.engine.connect((c) => c.runSql("SELECT pg_sleep(0.05)"))));
    expect(h.engine.pool.stats().idle).toBeGreaterThanOrEqual(2);
    await h.server.terminateBackends();
    await sleep(100);
    expect(await h.noteCount()).toBe(0);
  });

  it("idle_in_transaction_session_timeout ends the session's transaction: ConnectionError, then rollback() and on", async () => {
    const session = new Session(h.engine);
    session.add(Object.assign(new Note(), { text: "timed out" }));
    await session.flush();
    await sleep(1_500);
    session.add(Object.assign(new Note(), { text: "after its transaction ended" }));
    await expectStrataError(session.flush(), ConnectionError, "CONNECTION_ERROR");
    await session.rollback();
    session.add(Object.assign(new Note(), { text: "after the timeout" }));
    await session.commit();
    await session.close();
    expect(await h.noteCount()).toBe(1);
  });

  it("a server restart while queries run: ConnectionErrors while it is down, no hung promise, and recovery after", async () => {
    const outcome = await restartUnderLoad(h.engine, h.server, h.noteCount);
    h.recoveries["server restart (from server up)"] = outcome.recoveryMillis;
    expect(outcome.other).toEqual([]);
    expect(outcome.connectionErrors).toBeGreaterThan(0);
    expect(outcome.ok).toBeGreaterThan(0);
    expect(h.engine.pool.stats().held).toBe(0);
  }, 60_000);

  it("a crash (immediate shutdown) mid-transaction: the session's commit fails with ConnectionError and nothing is half-written", async () => {
    const session = new Session(h.engine);
    session.add(Object.assign(new Note(), { text: "never committed" }));
    await session.flush();
    await h.server.restart("immediate");
    await expectStrataError(session.commit(), ConnectionError, "CONNECTION_ERROR");
    await session.rollback();
    await session.close();
    expect(await timeToRecover(h.noteCount, 10_000)).toBeGreaterThanOrEqual(0);
    expect(await h.noteCount()).toBe(1);
  }, 60_000);
});
