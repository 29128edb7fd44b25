import {
  boolean,
  datetime,
  defineTable,
  type Engine,
  InvalidValueError,
  insert,
  integer,
  QueryError,
  select,
  sql,
  varchar,
} from "../../lib";
import { compiled, expectDriverError, expectStrataError, inDialect } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";

const people = defineTable("people", {
  id: integer().primaryKey(),
  name: varchar(50).notNull(),
  age: integer(),
  active: boolean().notNull(),
  joinedAt: datetime().named("joined_at").notNull(),
});

const PEOPLE = [
  { id: 1, name: "Alice", age: 30, active: true, joinedAt: new Date("2024-01-02T03:04:05.000Z") },
  { id: 2, name: "bob", age: 25, active: false, joinedAt: new Date("2024-02-01T00:00:00.000Z") },
  { id: 3, name: "Carol", age: null, active: true, joinedAt: new Date("2024-03-01T00:00:00.000Z") },
  { id: 4, name: "dave", age: 41, active: false, joinedAt: new Date("2024-04-01T00:00:00.000Z") },
];

describeEachDialect("sql template", (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = db.engine();
    await engine.createAll([people]);
    await engine.execute(insert(people).values(PEOPLE));
  });

  describe("values and identifiers", () => {
    it("binds every interpolated value as a parameter and quotes columns and tables as identifiers", async () => {
      const statement = sql`SELECT ${people.c.name} FROM ${people} WHERE ${people.c.age} > ${20} AND ${people.c.name} <> ${"bob"} ORDER BY ${people.c.id}`;
      expect(compiled(engine, statement)).toEqual({
        sql: inDialect(
          db.dialect,
          'SELECT "people"."name" FROM "people" WHERE "people"."age" > $1 AND "people"."name" <> $2 ORDER BY "people"."id"',
        ),
        params: [20, "bob"],
      });
      expect((await engine.execute(statement)).all()).toEqual([{ name: "Alice" }, { name: "dave" }]);
    });

    it("never turns a value into SQL text, whatever it contains", async () => {
      const hostile = "x' OR '1'='1";
      const statement = sql`SELECT ${people.c.id} FROM ${people} WHERE ${people.c.name} = ${hostile}`;
      const { sql: text, params } = compiled(engine, statement);
      expect(text).not.toContain("OR");
      expect(params).toEqual([hostile]);
      expect((await engine.execute(statement)).all()).toEqual([]);
      const dropAttempt = "'; DROP TABLE people; --";
      expect((await engine.execute(sql`SELECT ${people.c.id} FROM ${people} WHERE ${people.c.name} = ${dropAttempt}`)).all()).toEqual([]);
      expect((await engine.execute(sql`SELECT count(*) AS n FROM ${people}`)).scalar()).toBe(4);
    });

    it("binds null, booleans and Dates as the database expects them", async () => {
      const statement = sql`SELECT ${people.c.id} AS id, COALESCE(${null}, ${"fallback"}) AS v FROM ${people} WHERE ${people.c.active} = ${true} AND ${people.c.joinedAt} > ${new Date("2024-02-15T00:00:00.000Z")}`;
      expect((await engine.execute(statement)).all()).toEqual([{ id: 3, v: "fallback" }]);
    });

    it("quotes sql.identifier() names, qualified or not, doubling quote characters inside them", async () => {
      const label = 'we"ird`name';
      const statement = sql`SELECT ${sql.identifier("people", "name")} AS ${sql.identifier(label)} FROM ${sql.identifier("people")} WHERE ${sql.identifier("people", "id")} = ${1}`;
      const expected = {
        postgres: 'SELECT "people"."name" AS "we""ird`name" FROM "people" WHERE "people"."id" = $1',
        sqlite: 'SELECT "people"."name" AS "we""ird`name" FROM "people" WHERE "people"."id" = ?',
        mysql: 'SELECT `people`.`name` AS `we"ird``name` FROM `people` WHERE `people`.`id` = ?',
      };
      expect(compiled(engine, statement)).toEqual({ sql: expected[db.dialect], params: [1] });
      expect((await engine.execute(statement)).all()).toEqual([{ [label]: "Alice" }]);
    });

    it("joins fragments, columns and values with sql.join (comma by default, or a separator)", async () => {
      const columns = sql.join([people.c.id, people.c.name]);
      const conditions = sql.join([sql`${people.c.age} >= ${25}`, sql`${people.c.active} = ${false}`], " AND ");
      const statement = sql`SELECT ${columns} FROM ${people} WHERE ${people.c.id} IN (${sql.join([1, 2, 4])}) AND ${conditions} ORDER BY ${people.c.id}`;
      expect(compiled(engine, statement).sql).toBe(
        inDialect(
          db.dialect,
          'SELECT "people"."id", "people"."name" FROM "people" WHERE "people"."id" IN ($1, $2, $3) AND "people"."age" >= $4 AND "people"."active" = $5 ORDER BY "people"."id"',
        ),
      );
      // Booleans are bound as the database stores them: 0/1 on SQLite and MySQL.
      expect(compiled(engine, statement).params).toEqual([1, 2, 4, 25, { postgres: false, sqlite: 0, mysql: 0 }[db.dialect]]);
      expect((await engine.execute(statement)).all()).toEqual([
        { id: 2, name: "bob" },
        { id: 4, name: "dave" },
      ]);
    });

    it("splices sql.unsafe() text in as it is, inside a template or as a whole statement", async () => {
      const statement = sql`SELECT ${sql.unsafe("count(*)")} AS n FROM ${people} WHERE ${people.c.age} ${sql.unsafe(">=")} ${30}`;
      expect(compiled(engine, statement)).toEqual({
        sql: inDialect(db.dialect, 'SELECT count(*) AS n FROM "people" WHERE "people"."age" >= $1'),
        params: [30],
      });
      expect((await engine.execute(statement)).scalar()).toBe(2);
      const whole = sql.unsafe<{ one: number }>("SELECT 1 AS one");
      expect(compiled(engine, whole)).toEqual({ sql: "SELECT 1 AS one", params: [] });
      expect((await engine.execute(whole)).all()).toEqual([{ one: 1 }]);
    });

    it("nests fragments, numbering parameters in the order they appear", async () => {
      const adult = sql`${people.c.age} >= ${18}`;
      const notNamed = (name: string) => sql`${people.c.name} <> ${name}`;
      const statement = sql`SELECT ${people.c.id} FROM ${people} WHERE ${adult} AND (${notNamed("bob")} AND ${notNamed("dave")}) ORDER BY ${people.c.id}`;
      expect(compiled(engine, statement)).toEqual({
        sql: inDialect(
          db.dialect,
          'SELECT "people"."id" FROM "people" WHERE "people"."age" >= $1 AND ("people"."name" <> $2 AND "people"."name" <> $3) ORDER BY "people"."id"',
        ),
        params: [18, "bob", "dave"],
      });
      expect((await engine.execute(statement)).all()).toEqual([{ id: 1 }]);
    });

    it("interpolates a select builder as a parenthesised subquery with its parameters", async () => {
      const older = select(people.c.id).where(people.c.age.gt(26));
      const statement = sql`SELECT ${people.c.name} FROM ${people} WHERE ${people.c.id} IN ${older} AND ${people.c.name} <> ${"x"} ORDER BY ${people.c.id}`;
      expect(compiled(engine, statement)).toEqual({
        sql: inDialect(
          db.dialect,
          'SELECT "people"."name" FROM "people" WHERE "people"."id" IN (SELECT "people"."id" FROM "people" WHERE "people"."age" > $1) AND "people"."name" <> $2 ORDER BY "people"."id"',
        ),
        params: [26, "x"],
      });
      expect((await engine.execute(statement)).all()).toEqual([{ name: "Alice" }, { name: "dave" }]);
    });
  });

  describe("raw results", () => {
    it("returns count(*) as a number on every driver", async () => {
      const result = await engine.execute(sql<{ n: number }>`SELECT count(*) AS n FROM ${people}`);
      expect(result.all()).toEqual([{ n: 4 }]);
      expect(typeof result.one().n).toBe("number");
    });

    it("returns other raw values as each driver gives them (raw SQL has no column types to decode by)", async () => {
      const row = (
        await engine.execute(
          sql`SELECT sum(${people.c.age}) AS total, ${people.c.active} AS active, ${people.c.joinedAt} AS joined, ${people.c.name} AS name, ${people.c.age} AS age FROM ${people} WHERE ${people.c.id} = ${3} GROUP BY ${people.c.id}, ${people.c.active}, ${people.c.joinedAt}, ${people.c.name}, ${people.c.age}`,
        )
      ).one();
      // sum(integer) is bigint on PostgreSQL (a number while exact), DECIMAL on MySQL (exact text), an integer on SQLite;
      // booleans are 0/1 where the database stores them so; dates are text on SQLite, which has no date type.
      const expected = {
        postgres: { total: null, active: true, joined: new Date("2024-03-01T00:00:00.000Z"), name: "Carol", age: null },
        mysql: { total: null, active: 1, joined: new Date("2024-03-01T00:00:00.000Z"), name: "Carol", age: null },
        sqlite: { total: null, active: 1, joined: "2024-03-01 00:00:00.000", name: "Carol", age: null },
      };
      expect(row).toEqual(expected[db.dialect]);
      const total = (await engine.execute(sql`SELECT sum(${people.c.age}) AS total FROM ${people}`)).scalar();
      expect(total).toEqual({ postgres: 96, mysql: "96", sqlite: 96 }[db.dialect]);
    });

    it("types raw rows by the template's type argument", async () => {
      const rows = (
        await engine.execute(
          sql<{
            id: number;
            name: string;
          }>`SELECT ${people.c.id} AS id, ${people.c.name} AS name FROM ${people} WHERE ${people.c.id} = ${2}`,
        )
      ).all();
      const first: { id: number; name: string } = rows[0];
      expect(first).toEqual({ id: 2, name: "bob" });
    });
  });

  describe("fragments inside built statements", () => {
    it("uses a raw fragment as a where() condition beside typed ones", async () => {
      const statement = select(people.c.id)
        .where(people.c.name.ne("zz"))
        .where(sql`${people.c.age} >= ${30}`)
        .orderBy(people.c.id)
        .limit(5);
      expect(compiled(engine, statement)).toEqual({
        sql: inDialect(
          db.dialect,
          'SELECT "people"."id" FROM "people" WHERE ("people"."name" <> $1 AND "people"."age" >= $2) ORDER BY "people"."id" ASC LIMIT $3',
        ),
        params: ["zz", 30, 5],
      });
      expect((await engine.execute(statement)).all()).toEqual([{ id: 1 }, { id: 4 }]);
    });

    it("compares a typed column with a raw fragment, and orders by one", async () => {
      const statement = select(people.c.id, sql`${people.c.age} + ${1}`.as("next"))
        .where(people.c.age.gt(sql`${people.c.id} * ${12}`))
        .orderBy(sql`${people.c.age}`.desc());
      expect((await engine.execute(statement)).all()).toEqual([
        { id: 1, next: 31 },
        { id: 2, next: 26 },
      ]);
    });
  });

  describe("what the template refuses", () => {
    it("rejects undefined, saying to pass null", async () => {
      await expectStrataError(() => sql`SELECT ${undefined}`, InvalidValueError, "INVALID_VALUE", "undefined", "Pass null");
    });

    it("rejects objects and arrays as values, saying what to pass instead", async () => {
      await expectStrataError(
        engine.execute(sql`SELECT ${{ a: 1 }} AS v`),
        InvalidValueError,
        "INVALID_VALUE",
        "Cannot bind a plain object",
        "JSON.stringify()",
      );
      await expectStrataError(engine.execute(sql`SELECT ${[1, 2]} AS v`), InvalidValueError, "INVALID_VALUE", "an array of 2", "in([...])");
    });

    it("rejects empty or missing identifier names and non-text sql.unsafe()", async () => {
      await expectStrataError(() => sql.identifier(), InvalidValueError, "INVALID_VALUE", "one or more non-empty names");
      await expectStrataError(() => sql.identifier("people", ""), InvalidValueError, "INVALID_VALUE", "non-empty names");
      await expectStrataError(() => sql.unsafe(42 as unknown as string), InvalidValueError, "INVALID_VALUE", "takes a string");
    });

    it("reports SQL the database cannot run as a QueryError that keeps the SQL and the driver's error", async () => {
      const error = await expectStrataError(
        engine.execute(sql`SELECT ${people.c.id} FROM ${sql.identifier("no_such_table")}`),
        QueryError,
        "QUERY_ERROR",
        "no_such_table",
      );
      expect(error.sql).toBe(compiled(engine, sql`SELECT ${people.c.id} FROM ${sql.identifier("no_such_table")}`).sql);
      expectDriverError(error.cause);
    });
  });
});
