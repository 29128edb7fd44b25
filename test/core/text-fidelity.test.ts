import {
  Column,
  ConfigError,
  count,
  createEngine,
  defineTable,
  type EchoEvent,
  type Engine,
  InvalidValueError,
  insert,
  integer,
  ManyToOne,
  MappingError,
  PrimaryKey,
  QueryError,
  type Relation,
  Session,
  select,
  Table,
  text,
  UniqueViolationError,
  UsageError,
  varchar,
} from "../../lib";
import { dialectFor } from "../../lib/dialects";
import type { MysqlDdlCompiler } from "../../lib/dialects/mysql/mysql-ddl-compiler";
import { exactCollation, mysqlServerOf } from "../../lib/dialects/mysql/mysql-server";
import { planSync } from "../../lib/schema";
import { expectStrataError } from "../support/assertions";
import { mysqlExactCollation } from "../support/catalog";
import { CASE_INSENSITIVE, createCaseInsensitiveCollation } from "../support/collations";
import type { TestDialect } from "../support/servers";
import { describeEachDialect } from "../support/test-database";

/**
 * Values come back as they were written: an explicit 0 in a generated key
 * stays 0, and text that differs only in trailing spaces stays distinct (in
 * unique columns and in comparisons), on every database.
 */

const counters = defineTable("fidelity_counters", {
  id: integer().primaryKey(),
  label: varchar(20).notNull(),
});

const names = defineTable("fidelity_names", {
  id: integer().primaryKey(),
  name: varchar(20).notNull().unique(),
});

@Table("fidelity_members")
class Member {
  @PrimaryKey() id!: number;
  @Column({ length: 20, unique: true }) name!: string;
}

const SPACED = ["Z", "Z ", "Z  "];

describeEachDialect("text and key fidelity", (db) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = db.engine({ entities: [Member] });
    await engine.createAll([counters, names, Member]);
  });

  describe("an explicit 0 in a generated key", () => {
    it("is stored as 0 by a Core insert, and the next generated key is not 0", async () => {
      await engine.execute(insert(counters).values({ id: 0, label: "zero" }));
      await engine.execute(insert(counters).values({ label: "generated" }));
      const rows = (await engine.execute(select(counters).orderBy(counters.c.id))).all();
      expect(rows).toEqual([
        { id: 0, label: "zero" },
        { id: expect.any(Number), label: "generated" },
      ]);
      expect(rows[1].id).toBeGreaterThan(0);
      expect((await engine.execute(select(counters).where(counters.c.id.eq(0)))).all()).toEqual([{ id: 0, label: "zero" }]);
    });

    it("is stored as 0 by a session flush of an object whose key the application set to 0", async () => {
      {
        await using session = new Session(engine);
        session.add(Object.assign(new Member(), { id: 0, name: "zero" }));
        const generated = Object.assign(new Member(), { name: "generated" });
        session.add(generated);
        await session.commit();
        expect(generated.id).toBeGreaterThan(0);
      }
      {
        await using session = new Session(engine);
        expect(await session.getOrFail(Member, 0)).toMatchObject({ id: 0, name: "zero" });
      }
      const table = engine.tableOf(Member);
      const stored = (await engine.execute(select(table.c.id, table.c.name).orderBy(table.c.id))).all();
      expect(stored).toEqual([
        { id: 0, name: "zero" },
        { id: expect.any(Number), name: "generated" },
      ]);
      expect(stored[1].id).toBeGreaterThan(0);
    });
  });

  describe("trailing spaces", () => {
    beforeAll(async () => {
      await engine.execute(insert(names).values(SPACED.map((name, i) => ({ id: i + 1, name }))));
    });

    it('keeps "Z", "Z " and "Z  " as three values of a unique column', async () => {
      const rows = (await engine.execute(select(names.c.name).orderBy(names.c.id))).all();
      expect(rows.map((r) => r.name)).toEqual(SPACED);
      expect((await engine.execute(select(count()).from(names))).scalar()).toBe(3);
    });

    it.each(SPACED.map((name) => [JSON.stringify(name), name]))("a Core eq(%s) finds that value only", async (_label, name) => {
      const rows = (await engine.execute(select(names.c.id, names.c.name).where(names.c.name.eq(name)))).all();
      expect(rows).toEqual([{ id: SPACED.indexOf(name) + 1, name }]);
    });

    it("a session where() finds the exact value only", async () => {
      {
        await using session = new Session(engine);
        for (const name of SPACED) session.add(Object.assign(new Member(), { name: `m${name}` }));
        await session.commit();
      }
      await using session = new Session(engine);
      for (const name of SPACED) {
        const found = await session
          .query(Member)
          .where({ name: `m${name}` })
          .all();
        expect(found.map((m) => m.name)).toEqual([`m${name}`]);
      }
    });
  });
});

/** Entities and tables whose collation is the dialect's case-insensitive one (decorators take it when the class is made). */
function collatedModels(ci: string) {
  const coreCodes = defineTable("ci_core_codes", {
    id: integer().primaryKey(),
    code: varchar(20).notNull().collation(ci),
    plain: varchar(20).notNull(),
  });
  const coreTableDefault = defineTable("ci_core_table", { id: integer().primaryKey(), code: text().notNull() }, { collation: ci });
  const engineDefault = defineTable("ci_engine_default", { id: integer().primaryKey(), code: varchar(20).notNull().unique() });

  @Table("ci_members")
  class CiMember {
    @PrimaryKey() id!: number;
    @Column({ length: 20, unique: true, collation: ci }) code!: string;
    @Column({ length: 20 }) plain!: string;
  }

  @Table({ name: "ci_tagged", collation: ci })
  class CiTagged {
    @PrimaryKey() id!: number;
    @Column({ length: 20 }) label!: string;
  }

  /** A string key with a collation: the foreign keys to it take the same one (MySQL refuses them otherwise). */
  @Table("ci_countries")
  class CiCountry {
    @PrimaryKey({ length: 20, collation: ci, generated: false }) code!: string;
  }

  @Table("ci_cities")
  class CiCity {
    @PrimaryKey() id!: number;
    @Column({ length: 20 }) name!: string;
    /** The foreign key as a property of its own; it names no collation. */
    @Column({ length: 20 }) countryCode!: string;
    @ManyToOne(() => CiCountry) country!: Relation<CiCountry>;
  }

  /** Names no collation: an engine's `collation` option decides. */
  @Table("ci_plain_notes")
  class CiPlainNote {
    @PrimaryKey() id!: number;
    @Column({ length: 20, unique: true }) title!: string;
  }

  return { coreCodes, coreTableDefault, engineDefault, CiMember, CiTagged, CiCountry, CiCity, CiPlainNote };
}

/** The CREATE TABLE of ci_core_codes on each database (`exact`: the MySQL server's binary NO PAD collation). */
const CREATE_CORE_CODES: Record<TestDialect, (exact: string) => string> = {
  sqlite: () => `CREATE TABLE IF NOT EXISTS "ci_core_codes" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "code" VARCHAR(20) COLLATE "NOCASE" NOT NULL,
  "plain" VARCHAR(20) NOT NULL
)`,
  postgres: () => `CREATE TABLE IF NOT EXISTS "ci_core_codes" (
  "id" integer GENERATED BY DEFAULT AS IDENTITY NOT NULL,
  "code" varchar(20) COLLATE "strata_ci" NOT NULL,
  "plain" varchar(20) NOT NULL,
  PRIMARY KEY ("id")
)`,
  mysql: (exact) => `CREATE TABLE IF NOT EXISTS \`ci_core_codes\` (
  \`id\` INT AUTO_INCREMENT NOT NULL,
  \`code\` VARCHAR(20) COLLATE \`utf8mb4_unicode_ci\` NOT NULL,
  \`plain\` VARCHAR(20) NOT NULL,
  PRIMARY KEY (\`id\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${exact}`,
};

describeEachDialect("collation option", (db) => {
  const ci = CASE_INSENSITIVE[db.dialect];
  const models = collatedModels(ci);
  const { coreCodes, coreTableDefault, engineDefault, CiMember, CiTagged, CiCountry, CiCity, CiPlainNote } = models;
  const entities = [CiMember, CiTagged, CiCountry, CiCity];
  let engine: Engine;
  let statements: EchoEvent[];

  beforeAll(async () => {
    ({ engine, statements } = db.recordingEngine({ entities }));
    await createCaseInsensitiveCollation(db.dialect, engine);
    await engine.createAll([coreCodes, coreTableDefault, ...entities]);
  });

  it("writes the column's COLLATE clause, its name quoted", async () => {
    const exact = db.dialect === "mysql" ? await mysqlExactCollation(engine) : "";
    expect(statements.map((s) => s.sql)).toContain(CREATE_CORE_CODES[db.dialect](exact));
  });

  it("a Core column with a case-insensitive collation finds 'abc' when asked for 'ABC'; the default column does not", async () => {
    await engine.execute(insert(coreCodes).values({ id: 1, code: "abc", plain: "abc" }));
    expect((await engine.execute(select(coreCodes.c.code).where(coreCodes.c.code.eq("ABC")))).all()).toEqual([{ code: "abc" }]);
    // The parameter travels in the connection's character set (MySQL: utf8mb4_unicode_ci); the column's collation decides.
    expect((await engine.execute(select(coreCodes.c.plain).where(coreCodes.c.plain.eq("ABC")))).all()).toEqual([]);
    expect((await engine.execute(select(coreCodes.c.plain).where(coreCodes.c.plain.eq("abc")))).all()).toEqual([{ plain: "abc" }]);
  });

  it("a table's collation applies to its text columns (Core defineTable and @Table)", async () => {
    await engine.execute(insert(coreTableDefault).values({ id: 1, code: "Hello" }));
    expect((await engine.execute(select(coreTableDefault.c.id).where(coreTableDefault.c.code.eq("hELLO")))).all()).toEqual([{ id: 1 }]);
    {
      await using session = new Session(engine);
      session.add(Object.assign(new CiTagged(), { label: "urgent" }));
      await session.commit();
    }
    await using session = new Session(engine);
    expect((await session.query(CiTagged).where({ label: "URGENT" }).all()).map((t) => t.label)).toEqual(["urgent"]);
  });

  it("an entity column's collation decides where() and its unique key", async () => {
    {
      await using session = new Session(engine);
      session.add(Object.assign(new CiMember(), { code: "abc", plain: "abc" }));
      await session.commit();
    }
    {
      await using session = new Session(engine);
      expect((await session.query(CiMember).where({ code: "ABC" }).all()).map((m) => m.code)).toEqual(["abc"]);
      expect(await session.query(CiMember).where({ plain: "ABC" }).all()).toEqual([]);
    }
    await expectStrataError(
      engine.execute(insert(engine.tableOf(CiMember)).values({ code: "ABC", plain: "x" })),
      UniqueViolationError,
      "UNIQUE_VIOLATION",
    );
  });

  it("a foreign key to a collated string key takes the key's collation", async () => {
    {
      await using session = new Session(engine);
      const country = Object.assign(new CiCountry(), { code: "fr" });
      session.add(Object.assign(new CiCity(), { name: "Paris", country }));
      await session.commit();
    }
    const foreignKey = (await engine.introspect("ci_cities"))?.columns.find((c) => c.name === "country_code");
    expect(foreignKey?.collation?.toLowerCase()).toBe(ci.toLowerCase());
    const cities = engine.tableOf(CiCity);
    const found = await engine.execute(select(cities.c.name).where(cities.c.countryCode.eq("FR")));
    expect(found.all()).toEqual([{ name: "Paris" }]);
  });

  it("the engine's collation is the default of text columns that name none", async () => {
    const withDefault = db.engine({ collation: ci });
    await withDefault.createAll([engineDefault]);
    await withDefault.execute(insert(engineDefault).values({ id: 1, code: "abc" }));
    expect((await withDefault.execute(select(engineDefault.c.id).where(engineDefault.c.code.eq("ABC")))).all()).toEqual([{ id: 1 }]);
    await expectStrataError(
      withDefault.execute(insert(engineDefault).values({ id: 2, code: "ABC" })),
      UniqueViolationError,
      "UNIQUE_VIOLATION",
    );
    const code = (await withDefault.introspect("ci_engine_default"))?.columns.find((c) => c.name === "code");
    expect(code?.collation?.toLowerCase()).toBe(ci.toLowerCase());
  });

  it("introspection reads a collation back, and a second sync plans nothing", async () => {
    const live = await engine.introspect("ci_core_codes");
    const code = live?.columns.find((c) => c.name === "code");
    expect(code?.collation?.toLowerCase()).toBe(ci.toLowerCase());
    expect(live?.columns.find((c) => c.name === "plain")?.collation).toBeUndefined();
    expect((await planSync(engine)).statements).toEqual([]);
  });

  it("with the engine's collation, sync after createAll plans nothing, and without it the same table is left alone", async () => {
    const withDefault = db.engine({ collation: ci, entities: [CiPlainNote] });
    await withDefault.createAll();
    expect((await planSync(withDefault)).statements).toEqual([]);
    await withDefault.execute(insert(withDefault.tableOf(CiPlainNote)).values({ title: "abc" }));
    await expectStrataError(
      withDefault.execute(insert(withDefault.tableOf(CiPlainNote)).values({ title: "ABC" })),
      UniqueViolationError,
      "UNIQUE_VIOLATION",
    );
    // An engine that names no collation compares none: the table keeps its own.
    expect((await planSync(db.engine({ entities: [CiPlainNote] }))).statements).toEqual([]);
  });

  it("an unknown collation fails with the database's error, mapped to a QueryError that says what to check", async () => {
    const bad = defineTable("ci_unknown", { id: integer().primaryKey(), name: varchar(10).collation("no_such_collation") });
    await expectStrataError(engine.createAll([bad]), QueryError, "QUERY_ERROR", /no_such_collation/, /collation option names a collation/);
    expect(await engine.introspect("ci_unknown")).toBeUndefined();
  });

  it("a collation name is an identifier, quoted: it cannot end the statement", async () => {
    const name = db.dialect === "mysql" ? "x` NOT NULL, `y` INT" : 'x" NOT NULL, "y" INT';
    const sneaky = defineTable("ci_sneaky", { id: integer().primaryKey(), name: varchar(10).collation(name) });
    await expectStrataError(engine.createAll([sneaky]), QueryError, "QUERY_ERROR", /collation/);
    expect(await engine.introspect("ci_sneaky")).toBeUndefined();
  });
});

describe("collation option: mistakes found before any SQL", () => {
  it("an empty name, or a collation on a column that is not text, fails where it is written", async () => {
    expect(() => varchar(10).collation("")).toThrow(InvalidValueError);
    await expectStrataError(
      () => defineTable("bad", { id: integer().primaryKey().collation("NOCASE") }),
      InvalidValueError,
      "INVALID_VALUE",
      'column "id" is integer',
      "only text columns (varchar, text) take a collation",
    );
    await expectStrataError(
      () => defineTable("bad", { id: integer().primaryKey() }, { collation: "" }),
      InvalidValueError,
      "INVALID_VALUE",
      "collation option needs the name",
    );
    await expectStrataError(() => createEngine("sqlite://:memory:", { collation: " " }), ConfigError, "CONFIG_ERROR", "collation must be");
  });

  it("entity mistakes are MappingError problems naming the property", async () => {
    @Table({ name: "bad_collations", collation: "" })
    class BadCollations {
      @PrimaryKey() id!: number;
      @Column({ collation: "NOCASE" }) count!: number;
    }
    await expectStrataError(
      () => createEngine("sqlite://:memory:", { entities: [BadCollations] }),
      MappingError,
      "MAPPING_ERROR",
      "@Table on BadCollations: collation must name",
      "BadCollations.count: only text columns (varchar, text) take a collation",
    );
  });
});

describe("MySQL/MariaDB: the exact collation comes from the server", () => {
  it.each([
    ["10.11.19-MariaDB-0+deb12u1", "utf8mb4_nopad_bin"],
    ["5.5.5-10.6.16-MariaDB-log", "utf8mb4_nopad_bin"],
    ["11.4.2-MariaDB", "utf8mb4_nopad_bin"],
    ["10.1.48-MariaDB", "utf8mb4_bin"],
    ["8.0.36", "utf8mb4_0900_bin"],
    ["8.4.0-commercial", "utf8mb4_0900_bin"],
    ["9.1.0", "utf8mb4_0900_bin"],
    ["8.0.16", "utf8mb4_bin"],
    ["5.7.44-log", "utf8mb4_bin"],
  ])("VERSION() %s: %s", (version, collation) => {
    expect(exactCollation(mysqlServerOf(version))).toBe(collation);
  });

  const table = defineTable("t", { id: integer().primaryKey(), name: varchar(10).notNull() });
  const create = { kind: "createTable", table: table.schema, ifNotExists: false, withoutForeignKeys: false } as const;

  it("an engine's dialect creates tables with the collation of the server its first connection found", () => {
    const mysql8 = dialectFor("mysql");
    (mysql8.ddl as MysqlDdlCompiler).serverIs(mysqlServerOf("8.0.36"));
    expect(mysql8.ddl.compile(create)[0]).toMatch(/\) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin$/);
    const mariadb = dialectFor("mysql");
    (mariadb.ddl as MysqlDdlCompiler).serverIs(mysqlServerOf("10.11.19-MariaDB"));
    expect(mariadb.ddl.compile(create)[0]).toMatch(/\) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin$/);
  });

  it("before the engine has connected, CREATE TABLE is refused rather than guessed", async () => {
    await expectStrataError(() => dialectFor("mysql").ddl.compile(create), UsageError, "USAGE_ERROR", "depends on the server");
  });
});
