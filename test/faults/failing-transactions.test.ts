import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { type Engine, Session, sql, UniqueViolationError } from "../../lib";
import { Note } from "../fixtures/notes/note";
import { describeEachDialect } from "../support/test-database";

/**
 * Ten thousand transactions that fail (a unique violation at flush, an
 * application error inside engine.transaction, a failed Core transaction)
 * leave every connection back in the pool and the heap where it was.
 */
const FAILURES = 10_000;

/** A full collection, without starting node with --expose-gc: the flag is set now and gc() read from a fresh context. */
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function heapAfterCollection(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

describeEachDialect("10k failing transactions [fault]", (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = db.engine({ entities: [Note], pool: { max: 4 } });
    await engine.createAll();
    await engine.execute(sql`CREATE TABLE uniq (id integer PRIMARY KEY)`);
    await engine.execute(sql`INSERT INTO uniq (id) VALUES (1)`);
  });

  it("return every connection and keep the heap flat", async () => {
    const kinds = { flush: 0, application: 0, core: 0 };
    const oneFailure = async (i: number) => {
      switch (i % 3) {
        case 0: {
          const session = new Session(engine);
          try {
            session.add(Object.assign(new Note(), { id: 1, text: "taken" }));
            await session.commit();
          } catch (error) {
            if (error instanceof UniqueViolationError) kinds.flush++;
            else throw error;
          } finally {
            await session.close();
          }
          break;
        }
        case 1:
          await engine
            .transaction(async (s) => {
              await s.query(Note).count();
              throw new Error("the application gives up");
            })
            .catch(() => kinds.application++);
          break;
        default:
          await engine
            .begin(async (conn) => {
              await conn.execute(sql`INSERT INTO uniq (id) VALUES (1)`);
            })
            .catch((error) => {
              if (error instanceof UniqueViolationError) kinds.core++;
              else throw error;
            });
      }
    };
    // The first note takes id 1, so every later insert of id 1 fails.
    await engine.transaction(async (s) => {
      s.add(Object.assign(new Note(), { id: 1, text: "taken" }));
    });
    for (let i = 0; i < 300; i++) await oneFailure(i);
    const before = heapAfterCollection();
    for (let i = 0; i < FAILURES; i += 4) await Promise.all([0, 1, 2, 3].map((k) => oneFailure(i + k)));
    const after = heapAfterCollection();
    const stats = engine.pool.stats();
    console.log(
      `${db.dialect}: ${FAILURES} failing transactions, heap ${(before / 1e6).toFixed(1)} MB -> ${(after / 1e6).toFixed(1)} MB, pool ${JSON.stringify(stats)}`,
    );
    expect(kinds.flush + kinds.application + kinds.core).toBe(FAILURES + 300);
    expect(stats).toMatchObject({ held: 0, waiting: 0 });
    expect(stats.total).toBeLessThanOrEqual(4);
    // Flat: a leak of even 1 KB per transaction would add 10 MB.
    expect(after - before).toBeLessThan(5e6);
    expect((await engine.execute(sql<{ n: number }>`SELECT count(*) AS n FROM notes`)).rows.map((r) => Number(r.n))).toEqual([1]);
  }, 240_000);
});
