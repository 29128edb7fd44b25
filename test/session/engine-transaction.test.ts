import {
  DeadlockError,
  type Engine,
  OptimisticLockError,
  SerializationError,
  type Session,
  select,
  tableOf,
  UsageError,
  update,
} from "../../lib";
import { Note } from "../fixtures/notes/note";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";

/** Resolves when `count` callers have arrived, or after `ms` (SQLite runs one transaction at a time, so the others never arrive). */
function barrier(count: number, ms: number): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => {
    release = resolve;
  });
  return async () => {
    arrived += 1;
    if (arrived >= count) release();
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, ms))]);
  };
}

describeEachDialect("engine.transaction", (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = db.engine({ entities: [Note], pool: { max: 4 } });
    await engine.createAll();
  });

  it("commits on success and rolls back on a throw, closing the session", async () => {
    let inside: Session | undefined;
    const id = await engine.transaction(async (s) => {
      inside = s;
      const n = s.add(Object.assign(new Note(), { text: "tx" }));
      await s.flush();
      return n.id;
    });
    await expectStrataError(() => inside?.add(new Note()), UsageError, "USAGE_ERROR", "closed");
    await expect(
      engine.transaction(async (s) => {
        (await s.getOrFail(Note, id)).text = "changed";
        await s.flush();
        throw new Error("no");
      }),
    ).rejects.toThrow("no");
    await engine.transaction(async (s) => expect((await s.getOrFail(Note, id)).text).toBe("tx"));
  });

  /** Read the counter, wait until the other transaction has read it too, then write it + 1: a lost update unless the database intervenes. */
  function incrementAfterBothRead(id: number, bothRead: () => Promise<void>, onAttempt: () => void) {
    const t = tableOf(Note);
    return async (s: Session) => {
      onAttempt();
      // A plain read (no FOR UPDATE): under serializable isolation the conflict shows when both write.
      const [row] = (await s.execute(select(t.c.views).where(t.c.id.eq(id)))).rows;
      await bothRead();
      await s.execute(
        update(t)
          .set({ views: row.views + 1 })
          .where(t.c.id.eq(id)),
      );
    };
  }

  it("re-runs on serialization failures and deadlocks when retries allow, so no increment is lost", async () => {
    const note = await engine.transaction(async (s) => {
      const n = s.add(Object.assign(new Note(), { text: "counter" }));
      await s.flush();
      return n;
    });
    const bothRead = barrier(2, 300);
    let attempts = 0;
    const work = incrementAfterBothRead(note.id, bothRead, () => {
      attempts += 1;
    });
    await Promise.all([0, 1].map(() => engine.transaction(work, { isolation: "serializable", retries: 5 })));
    const final = await engine.transaction(async (s) => (await s.getOrFail(Note, note.id)).views);
    expect(final).toBe(2);
    // SQLite runs the two one after the other; the servers make one of them fail and re-run.
    if (db.dialect === "sqlite") expect(attempts).toBe(2);
    else expect(attempts).toBeGreaterThan(2);
  });

  it("without retries, the loser of a conflict fails with a typed error", async () => {
    const note = await engine.transaction(async (s) => {
      const n = s.add(Object.assign(new Note(), { text: "contended" }));
      await s.flush();
      return n;
    });
    const work = incrementAfterBothRead(note.id, barrier(2, 300), () => {});
    const increment = () => engine.transaction(work, { isolation: "serializable" });
    const results = await Promise.allSettled([increment(), increment()]);
    const failed = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
    if (db.dialect === "sqlite") {
      expect(failed).toEqual([]);
    } else {
      expect(failed).toHaveLength(1);
      expect(failed[0] instanceof SerializationError || failed[0] instanceof DeadlockError).toBe(true);
    }
    const final = await engine.transaction(async (s) => (await s.getOrFail(Note, note.id)).views);
    expect(final).toBe(2 - failed.length);
  });

  it("100 concurrent read-modify-write increments on a versioned row lose nothing silently", async () => {
    const note = await engine.transaction(async (s) => {
      const n = s.add(Object.assign(new Note(), { text: "versioned" }));
      await s.flush();
      return n;
    });
    let conflicts = 0;
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        try {
          await engine.transaction(async (s) => {
            const n = await s.getOrFail(Note, note.id);
            n.views += 1;
          });
        } catch (error) {
          if (!(error instanceof OptimisticLockError)) throw error;
          conflicts += 1;
        }
      }),
    );
    const final = await engine.transaction(async (s) => s.getOrFail(Note, note.id));
    expect(final.views + conflicts).toBe(100);
    expect(final.version).toBe(1 + final.views);
  });

  it("refuses a bad retries option", async () => {
    await expectStrataError(
      engine.transaction(async () => 1, { retries: -1 }),
      UsageError,
      "USAGE_ERROR",
      "retries",
    );
  });
});
