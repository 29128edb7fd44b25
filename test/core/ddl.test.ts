import {
  bigint,
  blob,
  boolean,
  type Column,
  count,
  date,
  datetime,
  decimal,
  defineTable,
  del,
  type EchoEvent,
  type Engine,
  enumOf,
  ForeignKeyViolationError,
  float,
  insert,
  integer,
  json,
  StrataError,
  select,
  sql,
  text,
  timestamptz,
  UniqueViolationError,
  update,
  uuid,
  varchar,
} from "../../lib";
import { type CatalogForeignKey, type CatalogTable, canonicalDefault, readCatalog, tableNames } from "../support/catalog";
import type { TestDialect } from "../support/servers";
import { describeEachDialect } from "../support/test-database";

/**
 * createAll()/dropAll() checked against what each database's own catalog
 * says it built (see test/support/catalog.ts), and the DDL's behaviour:
 * defaults fill rows, keys and foreign-key actions do what they say.
 */
const everyType = defineTable("every_type", {
  id: integer().primaryKey(),
  int: integer().notNull().default(42),
  big: bigint().default(2n ** 62n),
  dbl: float().default(0.5),
  money: decimal(12, 3).default("1.5"),
  short: varchar(40).notNull().default("it's"),
  body: text(),
  flag: boolean().notNull().default(true),
  off: boolean().default(false),
  day: date().default("2024-02-29"),
  local: datetime().default(new Date("1969-12-31T23:59:59.999Z")),
  instant: timestamptz().notNull().default(sql`CURRENT_TIMESTAMP`),
  doc: json<{ a: number }>().default({ a: 1 }),
  key: uuid().default("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"),
  bytes: blob().default(Buffer.from([0, 1, 255])),
  mood: enumOf(["happy", "sad", "it's"]).notNull().default("sad"),
});

const memberships = defineTable("memberships", {
  userId: integer().named("user_id").primaryKey({ generated: false }),
  groupId: integer().named("group_id").primaryKey({ generated: false }),
  role: varchar(20).notNull(),
});

const authors = defineTable("authors", {
  id: integer().primaryKey(),
  email: varchar(100).notNull().unique(),
  name: varchar(100).notNull().index(),
});

const books = defineTable(
  "books",
  {
    id: bigint().primaryKey(),
    authorId: integer()
      .named("author_id")
      .notNull()
      .references(() => authors.c.id, { onDelete: "cascade", onUpdate: "cascade" }),
    editorId: integer()
      .named("editor_id")
      .references(() => authors.c.id, { onDelete: "set null" }),
    title: varchar(200).notNull(),
    isbn: varchar(20),
    year: integer(),
  },
  { indexes: [{ columns: ["authorId", "year"] }, { columns: ["isbn", "year"], unique: true, name: "books_isbn_year" }] },
);

const reviews = defineTable("reviews", {
  id: integer().primaryKey(),
  bookId: bigint()
    .named("book_id")
    .notNull()
    .references(() => books.c.id, { onDelete: "restrict" }),
  stars: integer().notNull(),
});

// A cycle: each table references the other through a nullable column.
const teams = defineTable("teams", {
  id: integer().primaryKey(),
  captainId: integer()
    .named("captain_id")
    .references((): Column<string, unknown> => players.c.id, { onDelete: "set null" }),
});
const players = defineTable("players", {
  id: integer().primaryKey(),
  teamId: integer()
    .named("team_id")
    .references((): Column<string, unknown> => teams.c.id, { onDelete: "set null" }),
});

// A second cycle whose foreign keys have no action: their rows block a plain DROP TABLE.
const left = defineTable("left_side", {
  id: integer().primaryKey({ generated: false }),
  rightId: integer()
    .named("right_id")
    .references((): Column<string, unknown> => right.c.id),
});
const right = defineTable("right_side", {
  id: integer().primaryKey({ generated: false }),
  leftId: integer()
    .named("left_id")
    .references((): Column<string, unknown> => left.c.id),
});

const categories = defineTable("categories", {
  id: integer().primaryKey(),
  parentId: integer()
    .named("parent_id")
    .references((): Column<string, unknown> => categories.c.id, { onDelete: "cascade" }),
  name: varchar(50).notNull(),
});

/** Deliberately not in foreign-key order: referencing tables first. */
const ALL_TABLES = [reviews, books, everyType, memberships, teams, players, categories, authors];
const ALL_NAMES = ["authors", "books", "categories", "every_type", "memberships", "players", "reviews", "teams"];

type EveryTypeColumn = keyof typeof everyType.c;

/** Column types as each database names them. */
function expectedTypes(dialect: TestDialect, mariadb: boolean): Record<EveryTypeColumn, string> {
  switch (dialect) {
    case "postgres":
      return {
        id: "integer",
        int: "integer",
        big: "bigint",
        dbl: "double precision",
        money: "numeric(12,3)",
        short: "character varying(40)",
        body: "text",
        flag: "boolean",
        off: "boolean",
        day: "date",
        local: "timestamp(3) without time zone",
        instant: "timestamp(3) with time zone",
        doc: "jsonb",
        key: "uuid",
        bytes: "bytea",
        // An enum is a varchar as long as its longest value, kept to its values by a CHECK.
        mood: "character varying(5)",
      };
    case "mysql":
      return {
        id: "int",
        int: "int",
        big: "bigint",
        dbl: "double",
        money: "decimal(12,3)",
        short: "varchar(40)",
        body: "longtext",
        flag: "tinyint(1)",
        off: "tinyint(1)",
        day: "date",
        // Both date-time types are DATETIME(3) holding UTC: TIMESTAMP would stop at 2038.
        local: "datetime(3)",
        instant: "datetime(3)",
        // MariaDB's JSON is LONGTEXT with a json_valid() CHECK; MySQL's is a type of its own.
        doc: mariadb ? "longtext" : "json",
        key: "char(36)",
        bytes: "longblob",
        mood: "enum('happy','sad','it''s')",
      };
    case "sqlite":
      // Declared names chosen for their affinity; DECIMAL_TEXT has TEXT affinity so every digit is kept.
      return {
        id: "INTEGER",
        int: "INTEGER",
        big: "BIGINT",
        dbl: "REAL",
        money: "DECIMAL_TEXT(12, 3)",
        short: "VARCHAR(40)",
        body: "TEXT",
        flag: "BOOLEAN",
        off: "BOOLEAN",
        day: "DATE",
        local: "DATETIME",
        instant: "TIMESTAMPTZ",
        doc: "JSON",
        key: "UUID",
        bytes: "BLOB",
        mood: "TEXT",
      };
  }
}

/** Defaults as the catalog keeps them, in canonicalDefault() spelling. */
function expectedDefaults(dialect: TestDialect): Record<EveryTypeColumn, string | null> {
  const common: Record<EveryTypeColumn, string | null> = {
    id: null,
    int: "42",
    big: "4611686018427387904",
    dbl: "0.5",
    money: "1.500",
    short: "it's",
    body: null,
    flag: "1",
    off: "0",
    day: "2024-02-29",
    // Date-times are written as UTC wall-clock text.
    local: "1969-12-31 23:59:59.999",
    instant: "CURRENT_TIMESTAMP",
    doc: '{"a":1}',
    // Upper-case input is stored lower-case, in defaults as in values.
    key: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
    bytes: "X'0001ff'",
    mood: "sad",
  };
  if (dialect === "postgres") return { ...common, flag: "true", off: "false", doc: '{"a": 1}', bytes: "\\x0001ff" };
  return common;
}

/**
 * The action the catalog reports for a foreign key created without one:
 * NO ACTION, which InnoDB reports as RESTRICT (it treats the two alike).
 */
function defaultAction(dialect: TestDialect): string {
  return dialect === "mysql" ? "restrict" : "no action";
}

function sortedFks(table: CatalogTable): CatalogForeignKey[] {
  return [...table.foreignKeys].sort((a, b) => a.columns.join().localeCompare(b.columns.join()));
}

/** Indexes without MySQL's automatic ones for foreign keys (InnoDB adds one, named after the constraint, where none covers the column). */
function declaredIndexes(table: CatalogTable): { name: string; columns: readonly string[]; unique: boolean }[] {
  const fkNames = new Set(table.foreignKeys.map((f) => f.name));
  return table.indexes.filter((i) => !fkNames.has(i.name)).sort((a, b) => a.columns.join().localeCompare(b.columns.join()));
}

describeEachDialect("DDL", (db) => {
  let engine: Engine;
  let statements: EchoEvent[];
  let createStatements: string[];
  let mariadb = false;

  const catalog = (table: string) => readCatalog(engine, db.dialect, table);

  beforeAll(async () => {
    ({ engine, statements } = db.recordingEngine());
    if (db.dialect === "mysql") mariadb = /mariadb/i.test(String((await engine.execute(sql`select version() as v`)).scalar()));
    const before = statements.length;
    await engine.createAll(ALL_TABLES);
    createStatements = statements.slice(before).map((s) => s.sql);
  });

  describe("columns", () => {
    it("every column type, as the catalog reports it, with its nullability", async () => {
      const t = await catalog("every_type");
      const types = expectedTypes(db.dialect, mariadb);
      expect(t.columns.map((c) => [c.name, c.type])).toEqual(Object.entries(types));
      const notNull = ["id", "int", "short", "flag", "instant", "mood"];
      expect(t.columns.filter((c) => !c.nullable).map((c) => c.name)).toEqual(notNull);
    });

    it("defaults, values and sql`CURRENT_TIMESTAMP`, as the catalog keeps them", async () => {
      const t = await catalog("every_type");
      const defaults = Object.fromEntries(t.columns.map((c) => [c.name, canonicalDefault(c.default)]));
      expect(defaults).toEqual(expectedDefaults(db.dialect));
    });

    it("defaults fill a row that leaves those columns out, with exactly the declared values", async () => {
      await engine.execute(insert(everyType).values({}));
      const row = (await engine.execute(select(everyType))).one();
      const { instant, ...rest } = row;
      expect(rest).toStrictEqual({
        id: 1,
        int: 42,
        big: 2n ** 62n,
        dbl: 0.5,
        money: "1.500",
        short: "it's",
        body: null,
        flag: true,
        off: false,
        day: "2024-02-29",
        local: new Date("1969-12-31T23:59:59.999Z"),
        doc: { a: 1 },
        key: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
        bytes: Buffer.from([0, 1, 255]),
        mood: "sad",
      });
      // CURRENT_TIMESTAMP: the database's clock, read as an instant.
      expect(instant).toBeInstanceOf(Date);
      expect(Number.isNaN(instant.getTime())).toBe(false);
    });

    it("enum values are enforced by the database itself (a CHECK, or MySQL's ENUM)", async () => {
      const t = await catalog("every_type");
      if (db.dialect === "mysql") {
        expect(t.columns.find((c) => c.name === "mood")?.type).toMatch(/^enum\(/);
      } else {
        expect(t.checks.some((c) => c.includes("happy") && c.includes("it''s"))).toBe(true);
      }
      // Raw SQL skips Strata's validation; the database refuses the value on its own.
      await expect(engine.execute(sql`insert into ${everyType} (${sql.identifier("mood")}) values (${"angry"})`)).rejects.toBeInstanceOf(
        StrataError,
      );
      expect((await engine.execute(select(count()).from(everyType))).one().count).toBe(1);
    });
  });

  describe("keys", () => {
    it("a single integer primary key is generated by the database", async () => {
      const t = await catalog("authors");
      expect(t.primaryKey).toEqual(["id"]);
      expect(t.columns.filter((c) => c.generated).map((c) => c.name)).toEqual(["id"]);
      const b = await catalog("books");
      expect(b.primaryKey).toEqual(["id"]);
      expect(b.columns.find((c) => c.name === "id")).toMatchObject({ generated: true, nullable: false });
    });

    it("a composite primary key, in column order, generated by nobody", async () => {
      const t = await catalog("memberships");
      expect(t.primaryKey).toEqual(["user_id", "group_id"]);
      expect(t.columns.map((c) => [c.name, c.nullable, c.generated])).toEqual([
        ["user_id", false, false],
        ["group_id", false, false],
        ["role", false, false],
      ]);
      await engine.execute(
        insert(memberships).values([
          { userId: 1, groupId: 1, role: "owner" },
          { userId: 1, groupId: 2, role: "member" },
          { userId: 2, groupId: 1, role: "member" },
        ]),
      );
      await expect(engine.execute(insert(memberships).values({ userId: 1, groupId: 2, role: "again" }))).rejects.toBeInstanceOf(
        UniqueViolationError,
      );
    });

    it("foreign keys, with their onDelete/onUpdate actions", async () => {
      const named = (name: string) => (db.dialect === "sqlite" ? null : name);
      expect(sortedFks(await catalog("books"))).toEqual([
        {
          name: named("fk_books_author_id"),
          columns: ["author_id"],
          referencedTable: "authors",
          referencedColumns: ["id"],
          onDelete: "cascade",
          onUpdate: "cascade",
        },
        {
          name: named("fk_books_editor_id"),
          columns: ["editor_id"],
          referencedTable: "authors",
          referencedColumns: ["id"],
          onDelete: "set null",
          onUpdate: defaultAction(db.dialect),
        },
      ]);
      expect(sortedFks(await catalog("reviews"))).toEqual([
        {
          name: named("fk_reviews_book_id"),
          columns: ["book_id"],
          referencedTable: "books",
          referencedColumns: ["id"],
          onDelete: "restrict",
          onUpdate: defaultAction(db.dialect),
        },
      ]);
    });

    it("unique constraints and indexes: single and multi-column, unique or not", async () => {
      // SQLite keeps no name for a UNIQUE constraint's index (sqlite_autoindex_<table>_<n>).
      const uniqueName = (name: string, table: string) => (db.dialect === "sqlite" ? `sqlite_autoindex_${table}_1` : name);
      expect(declaredIndexes(await catalog("authors"))).toEqual([
        { name: uniqueName("uq_authors_email", "authors"), columns: ["email"], unique: true },
        { name: "ix_authors_name", columns: ["name"], unique: false },
      ]);
      expect(declaredIndexes(await catalog("books"))).toEqual([
        { name: "ix_books_author_id_year", columns: ["author_id", "year"], unique: false },
        { name: "books_isbn_year", columns: ["isbn", "year"], unique: true },
      ]);
      expect(declaredIndexes(await catalog("memberships"))).toEqual([]);

      await engine.execute(insert(authors).values({ email: "a@x.org", name: "A" }));
      await expect(engine.execute(insert(authors).values({ email: "a@x.org", name: "B" }))).rejects.toBeInstanceOf(UniqueViolationError);
      const [{ id }] = (await engine.execute(select(authors.c.id).where(authors.c.email.eq("a@x.org")))).all();
      await engine.execute(insert(books).values({ authorId: id, title: "One", isbn: "111", year: 2020 }));
      await engine.execute(insert(books).values({ authorId: id, title: "Two", isbn: "111", year: 2021 }));
      await expect(engine.execute(insert(books).values({ authorId: id, title: "Three", isbn: "111", year: 2021 }))).rejects.toBeInstanceOf(
        UniqueViolationError,
      );
      await engine.execute(del(authors));
      expect((await engine.execute(select(count()).from(books))).one().count).toBe(0);
    });
  });

  describe("creation order", () => {
    it("tables are created in foreign-key order whatever order they are passed in", () => {
      const created = createStatements
        .map((s) => /^CREATE TABLE IF NOT EXISTS ["`]([^"`]+)["`]/.exec(s)?.[1])
        .filter((n): n is string => n !== undefined);
      expect([...created].sort()).toEqual(ALL_NAMES);
      const createdBefore = (a: string, b: string) => expect(created.indexOf(a)).toBeLessThan(created.indexOf(b));
      createdBefore("authors", "books");
      createdBefore("books", "reviews");
    });

    it("a cycle of two tables: created, then the FK that closes the cycle is added (where the database can add one later)", async () => {
      const fkNames = createStatements.filter((s) => /FOREIGN KEY/.test(s) && /teams|players/.test(s));
      if (engine.dialect.capabilities.alterTableAddForeignKey) {
        expect(createStatements.filter((s) => s.startsWith("ALTER TABLE"))).toHaveLength(1);
      } else {
        // SQLite cannot add a foreign key to an existing table; it accepts one to a table that does not exist yet.
        expect(createStatements.filter((s) => s.startsWith("ALTER TABLE"))).toEqual([]);
      }
      expect(fkNames).toHaveLength(2);
      expect(sortedFks(await catalog("teams"))).toMatchObject([
        { columns: ["captain_id"], referencedTable: "players", onDelete: "set null" },
      ]);
      expect(sortedFks(await catalog("players"))).toMatchObject([{ columns: ["team_id"], referencedTable: "teams", onDelete: "set null" }]);

      // Rows that reference each other, closed with an UPDATE as a flush would.
      await engine.execute(insert(teams).values({ id: 1 }));
      await engine.execute(
        insert(players).values([
          { id: 10, teamId: 1 },
          { id: 11, teamId: 1 },
        ]),
      );
      await engine.execute(update(teams).set({ captainId: 10 }).where(teams.c.id.eq(1)));
      await expect(engine.execute(update(teams).set({ captainId: 99 }))).rejects.toBeInstanceOf(ForeignKeyViolationError);
      // set null both ways.
      await engine.execute(del(players).where(players.c.id.eq(10)));
      expect((await engine.execute(select(teams))).all()).toEqual([{ id: 1, captainId: null }]);
      await engine.execute(update(teams).set({ captainId: 11 }));
    });

    it("a self-referential table", async () => {
      expect(sortedFks(await catalog("categories"))).toMatchObject([
        { columns: ["parent_id"], referencedTable: "categories", referencedColumns: ["id"], onDelete: "cascade" },
      ]);
      await engine.execute(insert(categories).values({ id: 1, name: "root" }));
      await engine.execute(insert(categories).values({ id: 2, parentId: 1, name: "child" }));
      await engine.execute(insert(categories).values({ id: 3, parentId: 2, name: "grandchild" }));
      await engine.execute(insert(categories).values({ id: 4, name: "other root" }));
      await expect(engine.execute(insert(categories).values({ id: 5, parentId: 42, name: "orphan" }))).rejects.toBeInstanceOf(
        ForeignKeyViolationError,
      );
      // Deleting the root cascades down the whole chain.
      await engine.execute(del(categories).where(categories.c.id.eq(1)));
      expect((await engine.execute(select(categories.c.id, categories.c.name))).all()).toEqual([{ id: 4, name: "other root" }]);
    });

    it("createAll twice is a no-op: no DDL runs, and the data stays", async () => {
      const before = statements.length;
      const rowsBefore = (await engine.execute(select(count()).from(everyType))).one().count;
      await engine.createAll(ALL_TABLES);
      const ran = statements.slice(before + 1).map((s) => s.sql);
      expect(ran.filter((s) => /^(CREATE|ALTER|DROP)/i.test(s))).toEqual([]);
      expect((await engine.execute(select(count()).from(everyType))).one().count).toBe(rowsBefore);
      expect(await tableNames(engine)).toEqual(ALL_NAMES);
    });

    it("createAll creates only the tables that are missing", async () => {
      const extra = defineTable("extra", { id: integer().primaryKey(), authorId: integer().references(() => authors.c.id) });
      const before = statements.length;
      await engine.createAll([authors, extra]);
      const created = statements.slice(before).filter((s) => /^CREATE TABLE/.test(s.sql));
      expect(created).toHaveLength(1);
      expect(created[0].sql).toMatch(/^CREATE TABLE IF NOT EXISTS ["`]extra["`]/);
      await engine.dropAll([extra]);
      expect(await tableNames(engine)).toEqual(ALL_NAMES);
    });
  });

  describe("foreign-key actions in behaviour", () => {
    let ann: number;
    let bob: number;

    beforeAll(async () => {
      await engine.execute(
        insert(authors).values([
          { id: 100, email: "ann@x.org", name: "Ann" },
          { id: 200, email: "bob@x.org", name: "Bob" },
        ]),
      );
      ann = 100;
      bob = 200;
      await engine.execute(
        insert(books).values([
          { id: 1n, authorId: ann, editorId: bob, title: "Ann's first" },
          { id: 2n, authorId: ann, editorId: bob, title: "Ann's second" },
          { id: 3n, authorId: bob, title: "Bob's" },
        ]),
      );
    });

    it("a child row must reference an existing parent", async () => {
      await expect(engine.execute(insert(books).values({ authorId: 999, title: "nobody's" }))).rejects.toBeInstanceOf(
        ForeignKeyViolationError,
      );
    });

    it("onUpdate cascade: changing the parent key updates the children", async () => {
      await engine.execute(update(authors).set({ id: 101 }).where(authors.c.id.eq(ann)));
      ann = 101;
      const rows = await engine.execute(
        select(books.c.id, books.c.authorId)
          .where(books.c.id.in([1n, 2n]))
          .orderBy(books.c.id),
      );
      expect(rows.all()).toEqual([
        { id: 1n, authorId: 101 },
        { id: 2n, authorId: 101 },
      ]);
    });

    it("onDelete restrict: a parent with children cannot be deleted", async () => {
      await engine.execute(insert(reviews).values({ bookId: 3n, stars: 5 }));
      await expect(engine.execute(del(books).where(books.c.id.eq(3n)))).rejects.toBeInstanceOf(ForeignKeyViolationError);
      expect((await engine.execute(select(books.c.id).where(books.c.id.eq(3n)))).all()).toEqual([{ id: 3n }]);
      await engine.execute(del(reviews));
    });

    it('onDelete "set null": deleting the parent nulls the children\'s column', async () => {
      // Bob edits Ann's books; Bob's own book goes with him (cascade).
      await engine.execute(del(authors).where(authors.c.id.eq(bob)));
      const rows = await engine.execute(select(books.c.id, books.c.authorId, books.c.editorId).orderBy(books.c.id));
      expect(rows.all()).toEqual([
        { id: 1n, authorId: ann, editorId: null },
        { id: 2n, authorId: ann, editorId: null },
      ]);
    });

    it('onDelete "cascade": deleting the parent deletes the children', async () => {
      await engine.execute(del(authors).where(authors.c.id.eq(ann)));
      expect((await engine.execute(select(count()).from(books))).one().count).toBe(0);
    });
  });

  describe("dropAll", () => {
    it("drops dependents first, whatever order the tables are given in, the cycle and its rows included", async () => {
      await engine.execute(insert(authors).values({ id: 1, email: "c@x.org", name: "C" }));
      await engine.execute(insert(books).values({ id: 10n, authorId: 1, title: "kept until the drop" }));
      await engine.execute(insert(reviews).values({ bookId: 10n, stars: 4 }));
      expect((await engine.execute(select(teams.c.captainId))).all()).toEqual([{ captainId: 11 }]);

      await engine.dropAll([authors, teams, categories, books, memberships, players, everyType, reviews]);
      expect(await tableNames(engine)).toEqual([]);
    });

    it("drops a cycle whose foreign keys have no action, with rows pointing both ways", async () => {
      await engine.createAll([left, right]);
      await engine.execute(insert(left).values({ id: 1 }));
      await engine.execute(insert(right).values({ id: 2, leftId: 1 }));
      await engine.execute(update(left).set({ rightId: 2 }));
      await expect(engine.execute(del(left))).rejects.toBeInstanceOf(ForeignKeyViolationError);
      await engine.dropAll([right, left]);
      expect(await tableNames(engine)).toEqual([]);
    });

    it("refuses to drop a parent table whose rows are still referenced from a table it was not given, and keeps it", async () => {
      await engine.createAll([authors, books]);
      await engine.execute(insert(authors).values({ id: 1, email: "d@x.org", name: "D" }));
      await engine.execute(insert(books).values({ authorId: 1, title: "holds on" }));
      await expect(engine.dropAll([authors])).rejects.toBeInstanceOf(StrataError);
      expect(await tableNames(engine)).toEqual(["authors", "books"]);
      expect((await engine.execute(select(authors.c.name))).all()).toEqual([{ name: "D" }]);
      await engine.dropAll([authors, books]);
      expect(await tableNames(engine)).toEqual([]);
    });

    it("dropping tables that do not exist is a no-op, and they can be created again", async () => {
      await engine.dropAll(ALL_TABLES);
      await engine.createAll(ALL_TABLES);
      expect(await tableNames(engine)).toEqual(ALL_NAMES);
      await engine.dropAll(ALL_TABLES);
      expect(await tableNames(engine)).toEqual([]);
    });
  });
});
