import { defineTable, type Engine, insert, integer, select, varchar } from "../../lib";
import { describeEachDialect } from "../support/test-database";

const users = defineTable("users", {
  id: integer().primaryKey(),
  name: varchar(100).notNull(),
});

describeEachDialect("engine round trip", (db) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = db.engine();
    await engine.createAll([users]);
  });

  it("inserts and selects a row", async () => {
    await engine.execute(insert(users).values({ name: "Safi" }));
    const rows = (await engine.execute(select(users).where(users.c.name.eq("Safi")))).all();
    expect(rows).toEqual([{ id: 1, name: "Safi" }]);
  });
});
