import {
  type Condition,
  defineTable,
  del,
  type Engine,
  InvalidStatementError,
  InvalidValueError,
  insert,
  integer,
  select,
  sql,
  text,
  update,
  varchar,
} from "../../lib";
import { compiled, expectStrataError, inDialect } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";

const counters = defineTable("counters", {
  id: integer().primaryKey(),
  name: varchar(20).notNull().unique(),
  n: integer().notNull().default(0),
  note: text(),
});

const tags = defineTable("tags", {
  id: integer().primaryKey(),
  counterName: varchar(20).named("counter_name").notNull(),
});

describeEachDialect("update and delete", (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = db.engine();
    await engine.createAll([counters, tags]);
  });

  beforeEach(async () => {
    await engine.execute(del(counters));
    await engine.execute(del(tags));
    await engine.execute(
      insert(counters).values([
        { name: "a", n: 1 },
        { name: "b", n: 1 },
        { name: "c", n: 5 },
      ]),
    );
    await engine.execute(insert(tags).values([{ counterName: "b" }, { counterName: "c" }]));
  });

  async function state(): Promise<Record<string, number>> {
    const rows = (await engine.execute(select(counters.c.name, counters.c.n).orderBy(counters.c.name))).all();
    return Object.fromEntries(rows.map((r) => [r.name, r.n]));
  }

  describe("update", () => {
    it("updates the matching rows and reports how many matched", async () => {
      const statement = update(counters).set({ n: 10 }).where(counters.c.name.eq("c"));
      expect(compiled(engine, statement)).toEqual({
        sql: inDialect(db.dialect, 'UPDATE "counters" SET "n" = $1 WHERE "counters"."name" = $2'),
        params: [10, "c"],
      });
      expect((await engine.execute(statement)).rowCount).toBe(1);
      expect(await state()).toEqual({ a: 1, b: 1, c: 10 });
    });

    it("counts matched rows, also those whose new value equals the old one", async () => {
      expect((await engine.execute(update(counters).set({ n: 1 }).where(counters.c.n.eq(1)))).rowCount).toBe(2);
      expect(
        (
          await engine.execute(
            update(counters)
              .set({ n: 5 })
              .where(counters.c.name.in(["a", "c"])),
          )
        ).rowCount,
      ).toBe(2);
      expect(await state()).toEqual({ a: 5, b: 1, c: 5 });
    });

    it("reports 0 when no row matches", async () => {
      expect((await engine.execute(update(counters).set({ n: 9 }).where(counters.c.name.eq("zzz")))).rowCount).toBe(0);
      expect(await state()).toEqual({ a: 1, b: 1, c: 5 });
    });

    it("updates every row without where()", async () => {
      expect((await engine.execute(update(counters).set({ note: "all" }))).rowCount).toBe(3);
      const notes = (await engine.execute(select(counters.c.note).from(counters))).all();
      expect(notes).toEqual([{ note: "all" }, { note: "all" }, { note: "all" }]);
    });

    it("sets a column from a sql`` expression over the row's own value", async () => {
      const statement = update(counters)
        .set({ n: sql`${counters.c.n} + ${10}` })
        .where(counters.c.name.eq("c"));
      expect(compiled(engine, statement)).toEqual({
        sql: inDialect(db.dialect, 'UPDATE "counters" SET "n" = "counters"."n" + $1 WHERE "counters"."name" = $2'),
        params: [10, "c"],
      });
      await engine.execute(statement);
      await engine.execute(update(counters).set({ n: sql`${counters.c.n} + 1` }));
      expect(await state()).toEqual({ a: 2, b: 2, c: 16 });
    });

    it("sets several columns, from one set() or several, and null where the column allows it", async () => {
      await engine.execute(update(counters).set({ note: "x" }));
      const statement = update(counters).set({ n: 7 }).set({ note: null }).where(counters.c.name.eq("a"));
      expect(compiled(engine, statement)).toEqual({
        sql: inDialect(db.dialect, 'UPDATE "counters" SET "n" = $1, "note" = $2 WHERE "counters"."name" = $3'),
        params: [7, null, "a"],
      });
      await engine.execute(statement);
      const rows = (await engine.execute(select(counters.c.name, counters.c.n, counters.c.note).orderBy(counters.c.name))).all();
      expect(rows).toEqual([
        { name: "a", n: 7, note: null },
        { name: "b", n: 1, note: "x" },
        { name: "c", n: 5, note: "x" },
      ]);
    });

    it("combines repeated where() calls with AND", async () => {
      const result = await engine.execute(update(counters).set({ n: 0 }).where(counters.c.n.eq(1)).where(counters.c.name.ne("a")));
      expect(result.rowCount).toBe(1);
      expect(await state()).toEqual({ a: 1, b: 0, c: 5 });
    });

    it("filters with a subquery", async () => {
      const tagged = select(tags.c.counterName);
      const result = await engine.execute(update(counters).set({ n: 100 }).where(counters.c.name.in(tagged)));
      expect(result.rowCount).toBe(2);
      expect(await state()).toEqual({ a: 1, b: 100, c: 100 });
    });

    it("returns the updated rows where the database can, and says what to do where it cannot", async () => {
      const statement = update(counters)
        .set({ n: sql`${counters.c.n} * 2` })
        .where(counters.c.n.eq(1))
        .returning(counters.c.name, counters.c.n);
      if (engine.dialect.capabilities.returning) {
        expect(compiled(engine, statement).sql).toBe(
          inDialect(db.dialect, 'UPDATE "counters" SET "n" = "counters"."n" * 2 WHERE "counters"."n" = $1 RETURNING "name", "n"'),
        );
        const rows = (await engine.execute(statement)).all();
        expect([...rows].sort((x, y) => x.name.localeCompare(y.name))).toEqual([
          { name: "a", n: 2 },
          { name: "b", n: 2 },
        ]);
      } else {
        await expectStrataError(engine.execute(statement), InvalidStatementError, "INVALID_STATEMENT", "RETURNING", "select the rows");
        expect(await state()).toEqual({ a: 1, b: 1, c: 5 });
      }
    });

    it("returns every column with returning() where the database can", async () => {
      const statement = update(counters).set({ note: "r" }).where(counters.c.name.eq("b")).returning();
      if (engine.dialect.capabilities.returning) {
        expect((await engine.execute(statement)).all()).toEqual([{ id: expect.any(Number), name: "b", n: 1, note: "r" }]);
      } else {
        await expectStrataError(engine.execute(statement), InvalidStatementError, "INVALID_STATEMENT", "RETURNING");
      }
    });

    it("rejects an unknown column key, listing the table's columns", async () => {
      await expectStrataError(
        () => update(counters).set({ count: 1 } as never),
        InvalidValueError,
        "INVALID_VALUE",
        'table counters has no column "count"',
        "id, name, n, note",
      );
    });

    it("rejects set({}) and an update that sets nothing", async () => {
      await expectStrataError(() => update(counters).set({}), InvalidValueError, "INVALID_VALUE", "at least one column");
      await expectStrataError(
        engine.execute(update(counters).where(counters.c.id.eq(1))),
        InvalidValueError,
        "INVALID_VALUE",
        "nothing to set",
        ".set(",
      );
    });

    it("rejects undefined as a new value, saying to leave the key out or pass null", async () => {
      await expectStrataError(
        () => update(counters).set({ note: undefined }),
        InvalidValueError,
        "INVALID_VALUE",
        "undefined was given for counters.note",
        "pass null",
      );
    });

    it("rejects where() without a condition instead of updating every row", async () => {
      await expectStrataError(
        () =>
          update(counters)
            .set({ n: 0 })
            .where(undefined as unknown as Condition),
        InvalidValueError,
        "INVALID_VALUE",
        "update(counters).where()",
        "users.c.id.eq(1)",
      );
      expect(await state()).toEqual({ a: 1, b: 1, c: 5 });
    });

    it("rejects a value the column cannot hold before the database sees it", async () => {
      await expectStrataError(
        engine.execute(update(counters).set({ n: 2 ** 40 })),
        InvalidValueError,
        "INVALID_VALUE",
        "counters.n",
        "32-bit",
        "bigint column",
      );
      expect(await state()).toEqual({ a: 1, b: 1, c: 5 });
    });
  });

  describe("delete", () => {
    it("deletes the matching rows and reports how many", async () => {
      const statement = del(counters).where(counters.c.n.eq(1));
      expect(compiled(engine, statement)).toEqual({
        sql: inDialect(db.dialect, 'DELETE FROM "counters" WHERE "counters"."n" = $1'),
        params: [1],
      });
      expect((await engine.execute(statement)).rowCount).toBe(2);
      expect(await state()).toEqual({ c: 5 });
    });

    it("reports 0 when no row matches", async () => {
      expect((await engine.execute(del(counters).where(counters.c.name.eq("zzz")))).rowCount).toBe(0);
      expect(await state()).toEqual({ a: 1, b: 1, c: 5 });
    });

    it("deletes every row without where()", async () => {
      expect((await engine.execute(del(counters))).rowCount).toBe(3);
      expect(await state()).toEqual({});
    });

    it("filters with a subquery and with repeated where() calls", async () => {
      const result = await engine.execute(
        del(counters)
          .where(counters.c.name.notIn(select(tags.c.counterName)))
          .where(counters.c.n.lt(5)),
      );
      expect(result.rowCount).toBe(1);
      expect(await state()).toEqual({ b: 1, c: 5 });
    });

    it("returns the deleted rows where the database can, and says what to do where it cannot", async () => {
      const statement = del(counters).where(counters.c.name.eq("c")).returning(counters.c.name, counters.c.n.as("last"));
      if (engine.dialect.capabilities.returning) {
        expect(compiled(engine, statement).sql).toBe(
          inDialect(db.dialect, 'DELETE FROM "counters" WHERE "counters"."name" = $1 RETURNING "name", "n" AS "last"'),
        );
        expect((await engine.execute(statement)).all()).toEqual([{ name: "c", last: 5 }]);
        expect(await state()).toEqual({ a: 1, b: 1 });
      } else {
        await expectStrataError(engine.execute(statement), InvalidStatementError, "INVALID_STATEMENT", "RETURNING");
        expect(await state()).toEqual({ a: 1, b: 1, c: 5 });
      }
    });

    it("rejects where() without a condition instead of deleting every row", async () => {
      await expectStrataError(
        () => del(counters).where(undefined as unknown as Condition),
        InvalidValueError,
        "INVALID_VALUE",
        "del(counters).where()",
      );
    });
  });
});
