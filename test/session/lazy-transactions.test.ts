import { type EchoEvent, type Engine, insert, Session, select, tableOf, UsageError } from "../../lib";
import { Note } from "../fixtures/notes/note";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";

/**
 * A session reads in autocommit until something needs its transaction: the
 * first flush, begin(), a savepoint, a locking read, a write through
 * execute(). Then it begins one, and every later statement runs in it until
 * commit or rollback. An eager session (or one with an isolation level, or
 * engine.transaction's) begins at its first statement, as SQLAlchemy does.
 */
describeEachDialect("when a session begins its transaction", (db) => {
  let engine: Engine;
  let statements: EchoEvent[];
  /** How a transaction starts: MySQL sets an isolation level in a statement of its own before START TRANSACTION. */
  const begins = /^(BEGIN|START TRANSACTION|SET TRANSACTION)/;

  beforeAll(async () => {
    ({ engine, statements } = db.recordingEngine({ entities: [Note] }));
    await engine.createAll();
    await engine.transaction(async (s) => {
      s.addAll(["one", "two", "three"].map((text) => Object.assign(new Note(), { text })));
    });
  });

  beforeEach(() => {
    statements.length = 0;
  });

  const sent = () => statements.map((s) => s.sql.replace(/\s+/g, " ").split(" ").slice(0, 2).join(" "));

  it("a lookup by primary key in a fresh session is exactly one statement, and closing it sends none", async () => {
    const session = new Session(engine);
    expect((await session.get(Note, 1))?.text).toBe("one");
    expect(session.inTransaction).toBe(false);
    await session.close();
    expect(statements).toHaveLength(1);
    expect(statements[0].sql).toMatch(/^SELECT /);
  });

  it("reads of every kind run in autocommit and hold no connection between calls", async () => {
    const session = new Session(engine);
    await session.query(Note).where({ text: "two" }).one();
    expect(engine.pool.stats().held).toBe(0);
    await session.query(Note).count();
    await session.query(Note).exists();
    await session.find(Note, { orderBy: { id: "asc" } });
    await session.refresh((await session.get(Note, 2)) as Note);
    await session.execute(select(tableOf(Note).c.id).where(tableOf(Note).c.id.eq(1)));
    expect(engine.pool.stats().held).toBe(0);
    await session.close();
    expect(sent().every((s) => s.startsWith("SELECT"))).toBe(true);
    expect(statements.length).toBeGreaterThanOrEqual(6);
  });

  it("the first flush begins the transaction; reads after it run inside and see its writes; commit ends it", async () => {
    const session = new Session(engine);
    await session.query(Note).count();
    session.add(Object.assign(new Note(), { text: "four" }));
    await session.flush();
    expect(session.inTransaction).toBe(true);
    expect(await session.query(Note).where({ text: "four" }).count()).toBe(1);
    const outside = new Session(engine);
    expect(await outside.query(Note).where({ text: "four" }).count()).toBe(0);
    await session.commit();
    expect(session.inTransaction).toBe(false);
    expect(await outside.query(Note).where({ text: "four" }).count()).toBe(1);
    await outside.close();
    await session.close();
    const at = sent().findIndex((s) => begins.test(s));
    expect(at).toBe(1);
    expect(sent()[at + 1]).toMatch(/^INSERT/);
    expect(sent()).toContain("COMMIT");
  });

  it("a session that flushed and closes without commit rolls back", async () => {
    const session = new Session(engine);
    session.add(Object.assign(new Note(), { text: "never" }));
    await session.flush();
    await session.close();
    expect(sent().at(-1)).toBe("ROLLBACK");
    expect(await new Session(engine).query(Note).where({ text: "never" }).count()).toBe(0);
  });

  it("begin(), forUpdate() and a write through execute() each begin the transaction", async () => {
    for (const start of [
      (s: Session) => s.begin(),
      (s: Session) => s.query(Note).where({ id: 1 }).forUpdate().all(),
      (s: Session) => s.execute(insert(tableOf(Note)).values({ text: "core write", views: 0, version: 1 })),
    ]) {
      statements.length = 0;
      const session = new Session(engine);
      await start(session);
      expect(session.inTransaction).toBe(true);
      expect(sent()[0]).toMatch(begins);
      await session.rollback();
      await session.close();
    }
    expect(await new Session(engine).query(Note).where({ text: "core write" }).count()).toBe(0);
  });

  it("an eager session, one with an isolation level, and engine.transaction begin at the first statement", async () => {
    for (const session of [new Session(engine, { transaction: "eager" }), new Session(engine, { isolation: "serializable" })]) {
      statements.length = 0;
      await session.get(Note, 1);
      expect(session.inTransaction).toBe(true);
      expect(sent()[0]).toMatch(begins);
      await session.close();
      expect(sent().at(-1)).toBe("ROLLBACK");
    }
    statements.length = 0;
    await engine.transaction(async (s) => {
      await s.get(Note, 1);
    });
    expect(sent()[0]).toMatch(begins);
    expect(sent().at(-1)).toBe("COMMIT");
  });

  it("an unknown transaction mode is refused", () => {
    expect(() => new Session(engine, { transaction: "later" as never })).toThrow(UsageError);
  });

  it("a read-only session in autocommit sees each commit of another session as it happens", async () => {
    const reader = new Session(engine);
    const before = await reader.query(Note).count();
    await engine.transaction(async (s) => {
      s.add(Object.assign(new Note(), { text: "five" }));
    });
    expect(await reader.query(Note).count()).toBe(before + 1);
    await reader.close();
  });

  it("bad session statement options are refused when the session is made", async () => {
    await expectStrataError(() => new Session(engine, { statementTimeoutMillis: -1 }), UsageError, "USAGE_ERROR", "statementTimeoutMillis");
  });
});
