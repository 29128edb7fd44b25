import {
  count,
  defineTable,
  del,
  type Engine,
  insert,
  integer,
  MultipleRowsError,
  NotFoundError,
  select,
  sql,
  text,
  update,
  varchar,
} from "../../lib";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";

const notes = defineTable("notes", {
  id: integer().primaryKey({ generated: false }),
  title: varchar(30).notNull(),
  body: text(),
});

describeEachDialect("result", (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = db.engine();
    await engine.createAll([notes]);
    await engine.execute(
      insert(notes).values([
        { id: 1, title: "a", body: null },
        { id: 2, title: "b", body: "second" },
        { id: 3, title: "c", body: "third" },
      ]),
    );
  });

  const byId = () => select(notes).orderBy(notes.c.id);

  it("all() gives every row in order, and rowCount counts them", async () => {
    const result = await engine.execute(byId());
    expect(result.all()).toEqual([
      { id: 1, title: "a", body: null },
      { id: 2, title: "b", body: "second" },
      { id: 3, title: "c", body: "third" },
    ]);
    expect(result.rowCount).toBe(3);
    const none = await engine.execute(byId().where(notes.c.id.gt(99)));
    expect(none.all()).toEqual([]);
    expect(none.rowCount).toBe(0);
  });

  it("first() gives the first row, or undefined when there is none", async () => {
    expect((await engine.execute(byId())).first()).toEqual({ id: 1, title: "a", body: null });
    expect((await engine.execute(byId().where(notes.c.id.gt(99)))).first()).toBeUndefined();
  });

  it("one() gives the only row", async () => {
    expect((await engine.execute(byId().where(notes.c.id.eq(2)))).one()).toEqual({ id: 2, title: "b", body: "second" });
  });

  it("one() with no row raises NotFoundError, saying to use first() where none is fine", async () => {
    const result = await engine.execute(byId().where(notes.c.title.eq("missing")));
    await expectStrataError(() => result.one(), NotFoundError, "NOT_FOUND", "exactly one row, got none", "first()");
  });

  it("one() with several rows raises MultipleRowsError, saying how many and what to do", async () => {
    const result = await engine.execute(byId().where(notes.c.id.lte(3)));
    await expectStrataError(
      () => result.one(),
      MultipleRowsError,
      "MULTIPLE_ROWS",
      "exactly one row, got 3",
      "Narrow the where()",
      "first()",
    );
    const two = await engine.execute(byId().limit(2));
    await expectStrataError(() => two.one(), MultipleRowsError, "MULTIPLE_ROWS", "got 2");
  });

  it("scalar() gives the first value of the first row: a value, null for SQL NULL, undefined for no row", async () => {
    const counted = await engine.execute(select(count()).from(notes));
    expect(counted.scalar()).toBe(3);
    expect(typeof counted.scalar()).toBe("number");
    expect((await engine.execute(select(notes.c.title, notes.c.id).where(notes.c.id.eq(2)))).scalar()).toBe("b");
    expect((await engine.execute(select(notes.c.body).where(notes.c.id.eq(1)))).scalar()).toBeNull();
    expect((await engine.execute(select(notes.c.body).where(notes.c.id.eq(99)))).scalar()).toBeUndefined();
  });

  it("works the same on raw sql`` results", async () => {
    const result = await engine.execute(sql<{ title: string }>`SELECT ${notes.c.title} AS title FROM ${notes} ORDER BY ${notes.c.id}`);
    expect(result.all().map((r) => r.title)).toEqual(["a", "b", "c"]);
    expect(result.first()).toEqual({ title: "a" });
    expect(result.scalar()).toBe("a");
    await expectStrataError(() => result.one(), MultipleRowsError, "MULTIPLE_ROWS", "got 3");
  });

  it("a write without returning has no rows, only rowCount", async () => {
    const updated = await engine.execute(update(notes).set({ body: "x" }).where(notes.c.id.gt(1)));
    expect(updated.rowCount).toBe(2);
    expect(updated.all()).toEqual([]);
    expect(updated.first()).toBeUndefined();
    expect(updated.scalar()).toBeUndefined();
    await expectStrataError(() => updated.one(), NotFoundError, "NOT_FOUND", "got none");
    const deleted = await engine.execute(del(notes).where(notes.c.id.eq(99)));
    expect(deleted.rowCount).toBe(0);
    expect(deleted.all()).toEqual([]);
  });
});
