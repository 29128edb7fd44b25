import {
  boolean,
  count,
  datetime,
  defineTable,
  del,
  type Engine,
  excluded,
  InvalidStatementError,
  InvalidValueError,
  insert,
  integer,
  select,
  sql,
  text,
  update,
  uuid,
  varchar,
} from "../../lib";
import { compiled, expectStrataError, inDialect } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";

const items = defineTable("items", {
  id: integer().primaryKey(),
  name: varchar(50).notNull(),
  qty: integer().notNull().default(1),
  note: text(),
  active: boolean().notNull().default(true),
  createdAt: datetime().named("created_at").notNull().default(sql`CURRENT_TIMESTAMP`),
});

const stock = defineTable("stock", {
  id: integer().primaryKey(),
  sku: varchar(20).notNull().unique(),
  qty: integer().notNull(),
  label: varchar(50),
});

const counters = defineTable("counters", {
  id: integer().primaryKey(),
  n: integer().notNull().default(0),
});

const docs = defineTable("docs", {
  id: uuid().primaryKey({ generated: "uuid" }),
  title: varchar(50).notNull(),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A CURRENT_TIMESTAMP default read back: the present instant, not shifted by a time zone (tests run in America/New_York). */
function expectNow(value: Date): void {
  expect(value).toBeInstanceOf(Date);
  expect(Math.abs(value.getTime() - Date.now())).toBeLessThan(10 * 60_000);
}

describeEachDialect("insert", (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = db.engine();
    await engine.createAll([items, stock, counters, docs]);
  });

  beforeEach(async () => {
    for (const table of [items, stock, counters, docs]) await engine.execute(del(table));
  });

  async function itemsByName() {
    return (await engine.execute(select(items).orderBy(items.c.id))).all();
  }

  describe("rows and defaults", () => {
    it("inserts one row; the columns it leaves out take their defaults", async () => {
      const statement = insert(items).values({ name: "one" });
      expect(compiled(engine, statement)).toEqual({
        sql: inDialect(db.dialect, 'INSERT INTO "items" ("name") VALUES ($1)'),
        params: ["one"],
      });
      const result = await engine.execute(statement);
      expect(result.rowCount).toBe(1);
      expect(result.all()).toEqual([]);
      const rows = await itemsByName();
      expect(rows).toEqual([{ id: expect.any(Number), name: "one", qty: 1, note: null, active: true, createdAt: expect.any(Date) }]);
      expectNow(rows[0].createdAt);
    });

    it("inserts many rows with different keys in one statement, each missing value taking its default", async () => {
      const statement = insert(items).values([{ name: "a" }, { name: "b", qty: 5 }, { name: "c", note: "n", active: false }]);
      const expected = {
        postgres: {
          sql: 'INSERT INTO "items" ("name", "qty", "note", "active") VALUES ($1, DEFAULT, DEFAULT, DEFAULT), ($2, $3, DEFAULT, DEFAULT), ($4, DEFAULT, $5, $6)',
          params: ["a", "b", 5, "c", "n", false],
        },
        mysql: {
          sql: "INSERT INTO `items` (`name`, `qty`, `note`, `active`) VALUES (?, DEFAULT, DEFAULT, DEFAULT), (?, ?, DEFAULT, DEFAULT), (?, DEFAULT, ?, ?)",
          params: ["a", "b", 5, "c", "n", 0],
        },
        // SQLite cannot write DEFAULT inside VALUES: each missing value is the column's default itself (NULL where it has none).
        sqlite: {
          sql: 'INSERT INTO "items" ("name", "qty", "note", "active") VALUES (?, ?, NULL, ?), (?, ?, NULL, ?), (?, ?, ?, ?)',
          params: ["a", 1, 1, "b", 5, 1, "c", 1, "n", 0],
        },
      };
      expect(compiled(engine, statement)).toEqual(expected[db.dialect]);
      expect((await engine.execute(statement)).rowCount).toBe(3);
      const rows = await itemsByName();
      expect(rows.map(({ createdAt: _, ...rest }) => rest)).toEqual([
        { id: expect.any(Number), name: "a", qty: 1, note: null, active: true },
        { id: expect.any(Number), name: "b", qty: 5, note: null, active: true },
        { id: expect.any(Number), name: "c", qty: 1, note: "n", active: false },
      ]);
      for (const row of rows) expectNow(row.createdAt);
      expect(new Set(rows.map((r) => r.id)).size).toBe(3);
    });

    it("writes an explicit null over a column default", async () => {
      await engine.execute(
        insert(items).values([
          { name: "x", note: "kept" },
          { name: "y", note: null },
        ]),
      );
      expect((await itemsByName()).map((r) => r.note)).toEqual(["kept", null]);
    });

    it("inserts a row that names no column (DEFAULT VALUES)", async () => {
      const result = await engine.execute(insert(counters).values({}));
      expect(result.rowCount).toBe(1);
      expect((await engine.execute(select(counters.c.n).from(counters))).all()).toEqual([{ n: 0 }]);
    });

    it("numbers integer keys itself and keeps an explicit key", async () => {
      await engine.execute(insert(counters).values([{ id: 100, n: 1 }]));
      await engine.execute(insert(counters).values([{ n: 2 }]));
      const rows = (await engine.execute(select(counters).orderBy(counters.c.n))).all();
      expect(rows[0]).toEqual({ id: 100, n: 1 });
      expect(rows[1].n).toBe(2);
      expect(rows[1].id).toBeGreaterThan(0);
      expect(rows[1].id).not.toBe(100);
    });

    it("generates a UUID for a { generated: 'uuid' } key left out, and keeps one that is given", async () => {
      const given = "123e4567-e89b-12d3-a456-426614174000";
      await engine.execute(insert(docs).values([{ title: "a" }, { title: "b" }, { id: given.toUpperCase(), title: "c" }]));
      const rows = (await engine.execute(select(docs).orderBy(docs.c.title))).all();
      expect(rows.map((r) => r.title)).toEqual(["a", "b", "c"]);
      expect(rows[0].id).toMatch(UUID);
      expect(rows[1].id).toMatch(UUID);
      expect(rows[0].id).not.toBe(rows[1].id);
      expect(rows[2].id).toBe(given);
    });
  });

  describe("rows as arrays (valueRows)", () => {
    it("inserts rows given as arrays in the order of the columns named, the same SQL and parameters as values()", async () => {
      const stamp = new Date("2024-01-31T12:00:00.123Z");
      const columns = [items.c.name, items.c.qty, items.c.active, items.c.createdAt];
      const statement = insert(items).valueRows(columns, [
        ["a", 1, true, stamp],
        ["b", 2, false, stamp],
      ]);
      const asObjects = insert(items).values([
        { name: "a", qty: 1, active: true, createdAt: stamp },
        { name: "b", qty: 2, active: false, createdAt: stamp },
      ]);
      expect(compiled(engine, statement)).toEqual(compiled(engine, asObjects));
      expect(compiled(engine, statement).sql).toBe(
        inDialect(db.dialect, 'INSERT INTO "items" ("name", "qty", "active", "created_at") VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)'),
      );
      expect((await engine.execute(statement)).rowCount).toBe(2);
      const rows = await itemsByName();
      expect(rows.map(({ id: _, ...rest }) => rest)).toEqual([
        { name: "a", qty: 1, note: null, active: true, createdAt: stamp },
        { name: "b", qty: 2, note: null, active: false, createdAt: stamp },
      ]);
    });

    it("takes expressions among the values, and fills a generated uuid key left out", async () => {
      await engine.execute(insert(items).valueRows([items.c.name, items.c.qty], [["x", sql`2 + 3`]]));
      expect((await itemsByName()).map((r) => [r.name, r.qty])).toEqual([["x", 5]]);
      await engine.execute(insert(docs).valueRows([docs.c.title], [["a"], ["b"]]));
      const ids = (await engine.execute(select(docs.c.id).from(docs))).all().map((r) => r.id);
      expect(ids).toHaveLength(2);
      for (const id of ids) expect(id).toMatch(UUID);
    });

    it("validates every value before anything is written, naming the row's column", async () => {
      const rows = [
        ["fine", 1],
        ["x".repeat(51), 1],
      ];
      await expectStrataError(
        engine.execute(insert(items).valueRows([items.c.name, items.c.qty], rows)),
        InvalidValueError,
        "INVALID_VALUE",
        "items.name",
        "51 characters long",
      );
      await expectStrataError(
        engine.execute(insert(items).valueRows([items.c.name, items.c.qty], [["ok", 1.5]])),
        InvalidValueError,
        "INVALID_VALUE",
        "items.qty",
        "expected an integer",
      );
      await expectStrataError(
        () => insert(items).valueRows([items.c.name, items.c.qty], [["ok", undefined]]),
        InvalidValueError,
        "INVALID_VALUE",
        "undefined was given for items.qty",
      );
      expect((await engine.execute(select(count()).from(items))).scalar()).toBe(0);
    });

    it("rejects rows of the wrong length, columns of another table or named twice, and no rows", async () => {
      await expectStrataError(
        () => insert(items).valueRows([items.c.name, items.c.qty], [["a", 1], ["b"]]),
        InvalidValueError,
        "INVALID_VALUE",
        "arrays of 2 values",
        "an array of 1 at row 1",
      );
      await expectStrataError(
        () => insert(items).valueRows([stock.c.qty], [[1]]),
        InvalidValueError,
        "INVALID_VALUE",
        "stock.qty is not a column of items",
      );
      await expectStrataError(
        () => insert(items).valueRows([items.c.name, items.c.name], [["a", "b"]]),
        InvalidValueError,
        "INVALID_VALUE",
        "names the column name twice",
      );
      await expectStrataError(() => insert(items).valueRows([items.c.name], []), InvalidValueError, "INVALID_VALUE", "at least one row");
    });

    it("compiles rows of one shape to the same text each time, with each statement's own parameters", async () => {
      const rows = (from: number) => Array.from({ length: 3 }, (_, i) => [`n${from + i}`, from + i]);
      const first = compiled(engine, insert(items).valueRows([items.c.name, items.c.qty], rows(0)));
      const second = compiled(engine, insert(items).valueRows([items.c.name, items.c.qty], rows(3)));
      expect(second.sql).toBe(first.sql);
      expect(first.sql).toBe(inDialect(db.dialect, 'INSERT INTO "items" ("name", "qty") VALUES ($1, $2), ($3, $4), ($5, $6)'));
      expect(first.params).toEqual(["n0", 0, "n1", 1, "n2", 2]);
      expect(second.params).toEqual(["n3", 3, "n4", 4, "n5", 5]);
    });
  });

  describe("returning and generated keys", () => {
    it("returns the inserted rows with returning() where the database can, and says what to do where it cannot", async () => {
      const statement = insert(items)
        .values([{ name: "r1" }, { name: "r2", qty: 3 }])
        .returning();
      if (engine.dialect.capabilities.returning) {
        const rows = (await engine.execute(statement)).all();
        expect(rows).toEqual([
          { id: expect.any(Number), name: "r1", qty: 1, note: null, active: true, createdAt: expect.any(Date) },
          { id: expect.any(Number), name: "r2", qty: 3, note: null, active: true, createdAt: expect.any(Date) },
        ]);
        expect(rows).toEqual(await itemsByName());
      } else {
        await expectStrataError(engine.execute(statement), InvalidStatementError, "INVALID_STATEMENT", "RETURNING", "result.insertId");
        expect(await itemsByName()).toEqual([]);
      }
    });

    it("returns chosen columns and labels with returning(cols)", async () => {
      const statement = insert(items)
        .values([{ name: "p" }, { name: "q", qty: 7 }])
        .returning(items.c.id, items.c.qty.as("quantity"));
      if (engine.dialect.capabilities.returning) {
        const expected: Record<string, string> = {
          postgres: 'INSERT INTO "items" ("name", "qty") VALUES ($1, DEFAULT), ($2, $3) RETURNING "id", "qty" AS "quantity"',
          sqlite: 'INSERT INTO "items" ("name", "qty") VALUES (?, ?), (?, ?) RETURNING "id", "qty" AS "quantity"',
        };
        expect(compiled(engine, statement).sql).toBe(expected[db.dialect]);
        const rows = (await engine.execute(statement)).all();
        const stored = await itemsByName();
        expect(rows).toEqual([
          { id: stored[0].id, quantity: 1 },
          { id: stored[1].id, quantity: 7 },
        ]);
      } else {
        await expectStrataError(engine.execute(statement), InvalidStatementError, "INVALID_STATEMENT", "RETURNING");
      }
    });

    it("returns a generated UUID key with returning()", async () => {
      const statement = insert(docs).values({ title: "r" }).returning(docs.c.id);
      if (engine.dialect.capabilities.returning) {
        const { id } = (await engine.execute(statement)).one();
        expect(id).toMatch(UUID);
        expect((await engine.execute(select(docs.c.title).where(docs.c.id.eq(id)))).all()).toEqual([{ title: "r" }]);
      } else {
        await expectStrataError(engine.execute(statement), InvalidStatementError, "INVALID_STATEMENT", "RETURNING");
      }
    });

    it("reports insertId as the dialect's generatedKeys capability says (first or last key), or not at all", async () => {
      const single = await engine.execute(insert(items).values({ name: "i0" }));
      const many = await engine.execute(insert(items).values([{ name: "i1" }, { name: "i2" }, { name: "i3" }]));
      const ids = (await itemsByName()).map((r) => r.id);
      expect(ids.slice(1)).toEqual([ids[1], ids[1] + 1, ids[1] + 2]);
      switch (engine.dialect.capabilities.generatedKeys) {
        case "first-insert-id":
          expect(Number(single.insertId)).toBe(ids[0]);
          expect(Number(many.insertId)).toBe(ids[1]);
          break;
        case "last-insert-id":
          expect(Number(single.insertId)).toBe(ids[0]);
          expect(Number(many.insertId)).toBe(ids[3]);
          break;
        case "returning":
          expect(single.insertId).toBeUndefined();
          expect(many.insertId).toBeUndefined();
          break;
      }
    });

    it("reports no insertId for statements that insert nothing", async () => {
      await engine.execute(insert(items).values({ name: "before" }));
      const updated = await engine.execute(update(items).set({ qty: 2 }).where(items.c.name.eq("before")));
      expect(updated.rowCount).toBe(1);
      expect(updated.insertId).toBeUndefined();
      const deleted = await engine.execute(del(items).where(items.c.name.eq("before")));
      expect(deleted.insertId).toBeUndefined();
      const selected = await engine.execute(select(items.c.id).from(items));
      expect(selected.insertId).toBeUndefined();
    });
  });

  describe("upsert", () => {
    beforeEach(async () => {
      await engine.execute(insert(stock).values({ sku: "A", qty: 1, label: "first" }));
    });

    async function stockRows() {
      return (await engine.execute(select(stock.c.sku, stock.c.qty, stock.c.label).orderBy(stock.c.sku))).all();
    }

    it("skips conflicting rows with onConflictDoNothing({ target })", async () => {
      await engine.execute(
        insert(stock)
          .values([
            { sku: "A", qty: 5, label: "second" },
            { sku: "B", qty: 2, label: "b" },
          ])
          .onConflictDoNothing({ target: [stock.c.sku] }),
      );
      expect(await stockRows()).toEqual([
        { sku: "A", qty: 1, label: "first" },
        { sku: "B", qty: 2, label: "b" },
      ]);
    });

    it("skips conflicting rows with onConflictDoNothing() on any unique key", async () => {
      await engine.execute(insert(stock).values({ sku: "A", qty: 9 }).onConflictDoNothing());
      await engine.execute(insert(stock).values({ sku: "C", qty: 3 }).onConflictDoNothing());
      expect(await stockRows()).toEqual([
        { sku: "A", qty: 1, label: "first" },
        { sku: "C", qty: 3, label: null },
      ]);
    });

    it("updates the existing row with onConflictDoUpdate and excluded(col)", async () => {
      const statement = insert(stock)
        .values([
          { sku: "A", qty: 7, label: "ignored" },
          { sku: "C", qty: 3, label: "c" },
        ])
        .onConflictDoUpdate({ target: [stock.c.sku], set: { qty: excluded(stock.c.qty), label: "updated" } });
      const expected = {
        postgres:
          'INSERT INTO "stock" ("sku", "qty", "label") VALUES ($1, $2, $3), ($4, $5, $6) ON CONFLICT ("sku") DO UPDATE SET "qty" = excluded."qty", "label" = $7',
        sqlite:
          'INSERT INTO "stock" ("sku", "qty", "label") VALUES (?, ?, ?), (?, ?, ?) ON CONFLICT ("sku") DO UPDATE SET "qty" = excluded."qty", "label" = ?',
        mysql:
          "INSERT INTO `stock` (`sku`, `qty`, `label`) VALUES (?, ?, ?), (?, ?, ?) ON DUPLICATE KEY UPDATE `qty` = VALUES(`qty`), `label` = ?",
      };
      expect(compiled(engine, statement)).toEqual({ sql: expected[db.dialect], params: ["A", 7, "ignored", "C", 3, "c", "updated"] });
      await engine.execute(statement);
      expect(await stockRows()).toEqual([
        { sku: "A", qty: 7, label: "updated" },
        { sku: "C", qty: 3, label: "c" },
      ]);
    });

    it("combines the old and the proposed value in an upsert's set", async () => {
      const addQty = (sku: string, qty: number) =>
        insert(stock)
          .values({ sku, qty })
          .onConflictDoUpdate({ target: [stock.c.sku], set: { qty: sql`${stock.c.qty} + ${excluded(stock.c.qty)}` } });
      await engine.execute(addQty("A", 10));
      await engine.execute(addQty("A", 5));
      await engine.execute(addQty("D", 4));
      expect(await stockRows()).toEqual([
        { sku: "A", qty: 16, label: "first" },
        { sku: "D", qty: 4, label: null },
      ]);
    });

    it("rejects an upsert update without a target or with nothing to set", async () => {
      await expectStrataError(
        () =>
          insert(stock)
            .values({ sku: "A", qty: 1 })
            .onConflictDoUpdate({ target: [], set: { qty: 1 } }),
        InvalidValueError,
        "INVALID_VALUE",
        "needs target",
        "[users.c.email]",
      );
      await expectStrataError(
        () =>
          insert(stock)
            .values({ sku: "A", qty: 1 })
            .onConflictDoUpdate({ target: [stock.c.sku], set: {} }),
        InvalidValueError,
        "INVALID_VALUE",
        "at least one column in set",
      );
      await expectStrataError(
        () =>
          insert(stock)
            .values({ sku: "A", qty: 1 })
            .onConflictDoUpdate({ target: [stock.c.sku], set: { quantity: 1 } as never }),
        InvalidValueError,
        "INVALID_VALUE",
        'no column "quantity"',
        "sku, qty, label",
      );
    });
  });

  describe("rows that cannot be inserted", () => {
    it("rejects an unknown column key, listing the table's columns", async () => {
      await expectStrataError(
        () => insert(items).values({ name: "x", nmae: "typo" } as never),
        InvalidValueError,
        "INVALID_VALUE",
        'table items has no column "nmae"',
        "id, name, qty, note, active, createdAt",
      );
    });

    it("rejects a database column name where the key is expected", async () => {
      await expectStrataError(
        () => insert(items).values({ name: "x", created_at: new Date() } as never),
        InvalidValueError,
        "INVALID_VALUE",
        'no column "created_at"',
        "createdAt",
      );
    });

    it("rejects values() called twice", async () => {
      await expectStrataError(
        () => insert(items).values({ name: "a" }).values({ name: "b" }),
        InvalidValueError,
        "INVALID_VALUE",
        "values() was called twice",
        "pass every row in one call",
      );
    });

    it("rejects an empty row list and an insert without values()", async () => {
      await expectStrataError(() => insert(items).values([]), InvalidValueError, "INVALID_VALUE", "at least one row");
      await expectStrataError(engine.execute(insert(items)), InvalidValueError, "INVALID_VALUE", "has no rows", ".values(");
    });

    it("rejects rows that are not objects", async () => {
      await expectStrataError(
        () => insert(items).values([null] as never),
        InvalidValueError,
        "INVALID_VALUE",
        "objects keyed by column",
        "null",
      );
      await expectStrataError(
        () => insert(items).values(["x"] as never),
        InvalidValueError,
        "INVALID_VALUE",
        "objects keyed by column",
        "string",
      );
    });

    it("rejects undefined for a column, saying to leave the key out or pass null", async () => {
      await expectStrataError(
        () => insert(items).values({ name: "x", note: undefined }),
        InvalidValueError,
        "INVALID_VALUE",
        "undefined was given for items.note",
        "Leave the key out",
        "pass null",
      );
    });

    it("rejects a value the column cannot hold before anything is written", async () => {
      await expectStrataError(
        engine.execute(insert(items).values([{ name: "fine" }, { name: "x".repeat(51) }])),
        InvalidValueError,
        "INVALID_VALUE",
        "items.name",
        "51 characters long",
        "holds 50",
      );
      expect((await engine.execute(select(count()).from(items))).scalar()).toBe(0);
    });

    it("inserts as many parameters as the database takes in one statement, and refuses one more before sending it", async () => {
      const max = engine.dialect.capabilities.maxParameters;
      const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ n: i }));
      expect((await engine.execute(insert(counters).values(rows(max)))).rowCount).toBe(max);
      await expectStrataError(
        engine.execute(insert(counters).values(rows(max + 1))),
        InvalidStatementError,
        "INVALID_STATEMENT",
        `binds ${max + 1} parameters`,
        `at most ${max}`,
        "smaller batches",
      );
      // Nothing was sent, and the connection is as good as before.
      expect((await engine.execute(select(count()).from(counters))).scalar()).toBe(max);
    });

    it("rejects several rows that name no column at all", async () => {
      await expectStrataError(engine.execute(insert(counters).values([{}, {}])), InvalidStatementError, "INVALID_STATEMENT", "no columns");
    });
  });
});
