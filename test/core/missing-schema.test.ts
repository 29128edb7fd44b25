import { defineTable, type Engine, insert, integer, QueryError, select, varchar } from "../../lib";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";

/** What the entities say: a table with a column the database may not have yet. */
const people = defineTable("missing_people", {
  id: integer().primaryKey(),
  name: varchar(40).notNull(),
});
const peopleLater = defineTable("missing_people", {
  id: integer().primaryKey(),
  name: varchar(40).notNull(),
  nickname: varchar(40),
});
const neverCreated = defineTable("missing_never_created", { id: integer().primaryKey() });

const HINT = [
  "The database may be behind the entities",
  'run "strata schema:log" to see what differs from them',
  'then "strata migration:run" to apply the pending migrations',
];

describeEachDialect("a database behind the entities", (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = db.engine();
    await engine.createAll([people]);
  });

  it("a missing table says so, and names schema:log and migration:run", async () => {
    const driverText = { sqlite: "no such table: missing_never_created", postgres: "42P01", mysql: "1146" }[db.dialect];
    await expectStrataError(
      engine.execute(select(neverCreated.c.id).from(neverCreated)),
      QueryError,
      "QUERY_ERROR",
      driverText,
      "(a table they use is missing)",
      ...HINT,
    );
  });

  it("a missing column, read or written, says the same", async () => {
    const driverText = { sqlite: /no such column|has no column named nickname/, postgres: "42703", mysql: "1054" }[db.dialect];
    await expectStrataError(
      engine.execute(select(peopleLater.c.nickname).from(peopleLater)),
      QueryError,
      "QUERY_ERROR",
      driverText,
      "(a column they use is missing)",
      ...HINT,
    );
    await expectStrataError(
      engine.execute(insert(peopleLater).values({ name: "Ada", nickname: "A" })),
      QueryError,
      "QUERY_ERROR",
      "(a column they use is missing)",
      ...HINT,
    );
  });
});
