import {
  CheckViolationError,
  type Column,
  ConstraintViolationError,
  DatabaseError,
  defineTable,
  del,
  type Engine,
  enumOf,
  ForeignKeyViolationError,
  InvalidValueError,
  insert,
  integer,
  NotNullViolationError,
  QueryError,
  select,
  sql,
  UniqueViolationError,
  update,
  varchar,
} from "../../lib";
import { compiled, expectDriverError, expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";

const parents = defineTable("parents", {
  id: integer().primaryKey({ generated: false }),
  name: varchar(30).notNull().unique(),
});

const parentId = (): Column<string, unknown> => parents.c.id;

const cascadeKids = defineTable("cascade_kids", {
  id: integer().primaryKey(),
  parentId: integer().named("parent_id").notNull().references(parentId, { onDelete: "cascade" }),
});

const setNullKids = defineTable("set_null_kids", {
  id: integer().primaryKey(),
  parentId: integer().named("parent_id").references(parentId, { onDelete: "set null" }),
});

const restrictKids = defineTable("restrict_kids", {
  id: integer().primaryKey(),
  parentId: integer().named("parent_id").notNull().references(parentId, { onDelete: "restrict" }),
});

const tickets = defineTable("tickets", {
  id: integer().primaryKey(),
  title: varchar(30).notNull(),
  status: enumOf(["open", "done"]).notNull().default("open"),
});

/** How each driver identifies the error it raised; `cause` must be that original error. */
const DRIVER_CODES = {
  unique: { sqlite: { code: "SQLITE_CONSTRAINT_UNIQUE" }, postgres: { code: "23505" }, mysql: { errno: 1062 } },
  primaryKey: { sqlite: { code: "SQLITE_CONSTRAINT_PRIMARYKEY" }, postgres: { code: "23505" }, mysql: { errno: 1062 } },
  missingParent: { sqlite: { code: "SQLITE_CONSTRAINT_FOREIGNKEY" }, postgres: { code: "23503" }, mysql: { errno: 1452 } },
  // SQLite enforces RESTRICT like a trigger and reports it so.
  restrictedParent: { sqlite: { code: "SQLITE_CONSTRAINT_TRIGGER" }, postgres: { code: "23503" }, mysql: { errno: 1451 } },
  notNull: { sqlite: { code: "SQLITE_CONSTRAINT_NOTNULL" }, postgres: { code: "23502" }, mysql: { errno: 1048 } },
  missingRequired: { sqlite: { code: "SQLITE_CONSTRAINT_NOTNULL" }, postgres: { code: "23502" }, mysql: { errno: 1364 } },
  // MySQL keeps an enum in a native ENUM column, which refuses other values with "Data truncated"; the others use a CHECK.
  check: { sqlite: { code: "SQLITE_CONSTRAINT_CHECK" }, postgres: { code: "23514" }, mysql: { errno: 1265 } },
} as const;

describeEachDialect("database errors", (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = db.engine();
    await engine.createAll([parents, cascadeKids, setNullKids, restrictKids, tickets]);
  });

  beforeEach(async () => {
    for (const table of [cascadeKids, setNullKids, restrictKids, tickets, parents]) await engine.execute(del(table));
    await engine.execute(
      insert(parents).values([
        { id: 1, name: "one" },
        { id: 2, name: "two" },
      ]),
    );
  });

  /** The checks every mapped database error passes: its class chain, the SQL it ran, and the driver's error as cause. */
  function expectDriverCause(error: DatabaseError, driverCode: Record<string, unknown>, statementSql: string): void {
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error.name).toBe(error.constructor.name);
    expect(error.sql).toBe(statementSql);
    expectDriverError(error.cause);
    // sqlite3 reports SQLite's primary result code only (errno 19, SQLITE_CONSTRAINT); better-sqlite3 the extended one.
    const sqlite3Code = { code: "SQLITE_CONSTRAINT", errno: 19 };
    expect(error.cause).toMatchObject(engine.dialect.driver === "sqlite3" ? sqlite3Code : driverCode);
  }

  describe("unique", () => {
    it("maps a duplicate unique value to UniqueViolationError naming the constraint", async () => {
      const statement = insert(parents).values({ id: 3, name: "one" });
      const error = await expectStrataError(
        engine.execute(statement),
        UniqueViolationError,
        "UNIQUE_VIOLATION",
        "Unique constraint violated",
        "name",
      );
      expect(error).toBeInstanceOf(ConstraintViolationError);
      expectDriverCause(error, DRIVER_CODES.unique[db.dialect], compiled(engine, statement).sql);
      // SQLite names the columns, not the constraint.
      if (db.dialect !== "sqlite") expect(error.constraint).toBe("uq_parents_name");
      expect((await engine.execute(select(parents.c.id).from(parents))).all()).toHaveLength(2);
    });

    it("maps a duplicate primary key and a unique clash on update the same way", async () => {
      const duplicateKey = insert(parents).values({ id: 1, name: "uno" });
      const error = await expectStrataError(engine.execute(duplicateKey), UniqueViolationError, "UNIQUE_VIOLATION");
      expectDriverCause(error, DRIVER_CODES.primaryKey[db.dialect], compiled(engine, duplicateKey).sql);
      const rename = update(parents).set({ name: "one" }).where(parents.c.id.eq(2));
      const renameError = await expectStrataError(engine.execute(rename), UniqueViolationError, "UNIQUE_VIOLATION");
      expectDriverCause(renameError, DRIVER_CODES.unique[db.dialect], compiled(engine, rename).sql);
    });
  });

  describe("foreign keys", () => {
    it("maps a reference to a missing row to ForeignKeyViolationError", async () => {
      const statement = insert(restrictKids).values({ parentId: 99 });
      const error = await expectStrataError(
        engine.execute(statement),
        ForeignKeyViolationError,
        "FOREIGN_KEY_VIOLATION",
        "Foreign key constraint violated",
      );
      expectDriverCause(error, DRIVER_CODES.missingParent[db.dialect], compiled(engine, statement).sql);
      if (db.dialect !== "sqlite") expect(error.constraint).toBe("fk_restrict_kids_parent_id");
    });

    it("onDelete cascade deletes the referencing rows with the referenced one", async () => {
      await engine.execute(insert(cascadeKids).values([{ parentId: 1 }, { parentId: 1 }, { parentId: 2 }]));
      expect((await engine.execute(del(parents).where(parents.c.id.eq(1)))).rowCount).toBe(1);
      expect((await engine.execute(select(cascadeKids.c.parentId).from(cascadeKids))).all()).toEqual([{ parentId: 2 }]);
    });

    it("onDelete set null clears the reference", async () => {
      await engine.execute(insert(setNullKids).values([{ parentId: 1 }, { parentId: 2 }]));
      await engine.execute(del(parents).where(parents.c.id.eq(1)));
      const rows = (await engine.execute(select(setNullKids.c.parentId).orderBy(setNullKids.c.id))).all();
      expect(rows).toEqual([{ parentId: null }, { parentId: 2 }]);
    });

    it("onDelete restrict refuses to delete a referenced row, and allows an unreferenced one", async () => {
      await engine.execute(insert(restrictKids).values({ parentId: 1 }));
      const statement = del(parents).where(parents.c.id.eq(1));
      const error = await expectStrataError(engine.execute(statement), ForeignKeyViolationError, "FOREIGN_KEY_VIOLATION");
      expectDriverCause(error, DRIVER_CODES.restrictedParent[db.dialect], compiled(engine, statement).sql);
      expect((await engine.execute(select(parents.c.id).orderBy(parents.c.id))).all()).toEqual([{ id: 1 }, { id: 2 }]);
      expect((await engine.execute(del(parents).where(parents.c.id.eq(2)))).rowCount).toBe(1);
    });
  });

  describe("not null", () => {
    it("maps an explicit NULL to NotNullViolationError naming the column", async () => {
      const statement = insert(tickets).values({ title: null as unknown as string });
      const error = await expectStrataError(
        engine.execute(statement),
        NotNullViolationError,
        "NOT_NULL_VIOLATION",
        "NOT NULL constraint violated",
        "title",
      );
      expectDriverCause(error, DRIVER_CODES.notNull[db.dialect], compiled(engine, statement).sql);
      const nulled = update(parents).set({ name: null as unknown as string });
      const updateError = await expectStrataError(engine.execute(nulled), NotNullViolationError, "NOT_NULL_VIOLATION", "name");
      expectDriverCause(updateError, DRIVER_CODES.notNull[db.dialect], compiled(engine, nulled).sql);
    });

    it("maps a required column left out to NotNullViolationError", async () => {
      const statement = insert(tickets).values({ status: "done" } as never);
      const error = await expectStrataError(engine.execute(statement), NotNullViolationError, "NOT_NULL_VIOLATION", "title");
      expectDriverCause(error, DRIVER_CODES.missingRequired[db.dialect], compiled(engine, statement).sql);
    });
  });

  describe("check (enum)", () => {
    it("maps a value outside an enum, written with raw SQL, to CheckViolationError", async () => {
      // "nope" is no longer than the longest value: PostgreSQL keeps an enum in varchar(longest), whose length check would come first.
      const statement = sql`INSERT INTO ${tickets} (${sql.identifier("title")}, ${sql.identifier("status")}) VALUES (${"t"}, ${"nope"})`;
      const error = await expectStrataError(engine.execute(statement), CheckViolationError, "CHECK_VIOLATION", "status");
      expectDriverCause(error, DRIVER_CODES.check[db.dialect], compiled(engine, statement).sql);
      expect((await engine.execute(select(tickets.c.id).from(tickets))).all()).toEqual([]);
    });

    it("refuses such a value in a built statement before the database sees it", async () => {
      await expectStrataError(
        engine.execute(insert(tickets).values({ title: "t", status: "bogus" as "open" })),
        InvalidValueError,
        "INVALID_VALUE",
        "tickets.status",
        'expected one of "open", "done"',
      );
    });

    it("accepts the enum's values and its default", async () => {
      await engine.execute(insert(tickets).values([{ title: "a" }, { title: "b", status: "done" }]));
      expect((await engine.execute(select(tickets.c.status).orderBy(tickets.c.id))).all()).toEqual([
        { status: "open" },
        { status: "done" },
      ]);
    });
  });

  describe("other errors", () => {
    it("maps SQL the database cannot parse to QueryError with the driver's error", async () => {
      const statement = sql.unsafe("SELEC 1");
      const error = await expectStrataError(engine.execute(statement), QueryError, "QUERY_ERROR", /syntax/i);
      expect(error.sql).toBe("SELEC 1");
      expectDriverError(error.cause);
    });

    it("rolls back a transaction that hit a constraint, keeping the mapped error", async () => {
      await expectStrataError(
        engine.begin(async (tx) => {
          await tx.execute(insert(parents).values({ id: 3, name: "three" }));
          await tx.execute(insert(parents).values({ id: 4, name: "three" }));
        }),
        UniqueViolationError,
        "UNIQUE_VIOLATION",
      );
      expect((await engine.execute(select(parents.c.id).orderBy(parents.c.id))).all()).toEqual([{ id: 1 }, { id: 2 }]);
    });
  });
});
