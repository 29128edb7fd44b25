import { type EchoEvent, type Engine, Session } from "../../lib";
import { Document } from "../fixtures/seed-models/document";
import { describeEachDialect } from "../support/test-database";

/*
 * A loaded row's snapshot holds every column in a form a later change cannot
 * reach (instants as their time, JSON as text, bytes as hex): loading and
 * refreshing are never taken for a change, and changes made in place are.
 */
describeEachDialect("change tracking of every column kind", (db) => {
  let engine: Engine;
  let statements: EchoEvent[];

  beforeAll(async () => {
    ({ engine, statements } = db.recordingEngine({ entities: [Document] }));
    await engine.createAll();
  });

  it("sees no change in a loaded or refreshed row, and updates just the columns changed in place", async () => {
    const doc = Object.assign(new Document(), {
      size: 9007199254740993n,
      score: 1.5,
      price: "12.345",
      published: true,
      day: "2024-02-29",
      localTime: new Date(Date.UTC(2024, 1, 29, 12, 0, 0, 250)),
      at: new Date(Date.UTC(2024, 0, 1)),
      body: Buffer.from([1, 2, 255]),
      state: "final" as const,
      meta: { pages: 3 },
    });
    await engine.transaction(async (s) => {
      s.add(doc);
    });

    await using session = new Session(engine);
    const loaded = await session.getOrFail(Document, doc.id);
    statements.length = 0;
    await session.commit();
    expect(statements.filter((s) => /^(INSERT|UPDATE|DELETE)/i.test(s.sql))).toEqual([]);

    // Changed by someone else, then read again: the new values are the snapshot, not a change.
    await engine.transaction(async (s) => {
      const theirs = await s.getOrFail(Document, doc.id);
      theirs.meta = { pages: 4 };
      theirs.body = Buffer.from([7]);
    });
    await session.refresh(loaded);
    expect(loaded.meta).toEqual({ pages: 4 });
    expect(loaded.body).toEqual(Buffer.from([7]));
    statements.length = 0;
    await session.flush();
    expect(statements.filter((s) => /^(INSERT|UPDATE|DELETE)/i.test(s.sql))).toEqual([]);

    loaded.meta.pages = 5;
    loaded.at.setUTCFullYear(2025);
    statements.length = 0;
    await session.commit();
    const updates = statements.filter((s) => /^UPDATE/i.test(s.sql));
    expect(updates).toHaveLength(1);
    expect(updates[0].sql).toMatch(/meta/);
    expect(updates[0].sql).toMatch(/["`]at["`]/);
    expect(updates[0].sql).not.toMatch(/body|size|price/);

    await using check = new Session(engine);
    const back = await check.getOrFail(Document, doc.id);
    expect(back.meta).toEqual({ pages: 5 });
    expect(back.at).toEqual(new Date(Date.UTC(2025, 0, 1)));
    expect(back.body).toEqual(Buffer.from([7]));
    expect(back.size).toBe(9007199254740993n);
  });
});
