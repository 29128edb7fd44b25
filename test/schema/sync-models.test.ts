import { type Engine, type EntityClass, insert, select } from "../../lib";
import { applySync, planSync } from "../../lib/schema";
import { Author, Book, EVERY_COLUMN_STARTS, EveryColumn, everyKindEntities, Passport, Tag } from "../fixtures/every-kind";
import { seedEntities } from "../fixtures/seed-models";
import { describeEachDialect } from "../support/test-database";

const NOTHING = { operations: [], statements: [], warnings: [], renameCandidates: [] };

/** The model sets sync must leave alone once it made (or createAll() made) their tables. */
const MODELS: [string, EntityClass[]][] = [
  ["the seed models", seedEntities],
  ["a model of every column and relation kind", everyKindEntities],
];

describe.each(MODELS)("schema sync of %s", (_name, entities) => {
  describeEachDialect("round trip", (db) => {
    let engine: Engine;
    beforeAll(() => {
      engine = db.engine({ entities });
    });

    it("finds nothing to do on tables createAll() made", async () => {
      await engine.createAll();
      expect(await planSync(engine)).toEqual(NOTHING);
      await engine.dropAll();
    });

    it("creates every table on an empty database, and a second sync emits 0 statements", async () => {
      const plan = await planSync(engine);
      expect(plan.warnings).toEqual([]);
      expect(new Set(plan.operations.map((op) => op.kind))).toEqual(
        new Set(
          engine.dialect.capabilities.alterTableAddForeignKey && plan.operations.some((op) => op.kind === "addForeignKey")
            ? ["createTable", "addForeignKey"]
            : ["createTable"],
        ),
      );
      expect(plan.operations.filter((op) => op.kind === "createTable")).toHaveLength(engine.metadata.tableSchemas.length);
      await applySync(engine, plan);
      expect(await planSync(engine)).toEqual(NOTHING);
    });
  });
});

describeEachDialect("schema sync of every column and relation kind", (db) => {
  it("creates a foreign key cycle with the closing key added last, where ALTER TABLE can add one", async () => {
    const engine = db.engine({ entities: everyKindEntities });
    const plan = await planSync(engine);
    const created = plan.operations.flatMap((op) => (op.kind === "createTable" ? [op.table.name] : []));
    // Referenced tables first: authors <-> books is the cycle; passports and book_tags reference both sides.
    expect(created.indexOf("authors")).toBeLessThan(created.indexOf("passports"));
    expect(created.indexOf("books")).toBeLessThan(created.indexOf("book_tags"));
    expect(created.indexOf("tags")).toBeLessThan(created.indexOf("book_tags"));
    const added = plan.operations.filter((op) => op.kind === "addForeignKey");
    if (engine.dialect.capabilities.alterTableAddForeignKey) {
      expect(added).toHaveLength(1);
      expect(plan.operations.at(-1)).toBe(added[0]);
    } else {
      // SQLite does not check a reference when a table is created, so the cycle stays inside CREATE TABLE.
      expect(added).toEqual([]);
    }
    await applySync(engine, plan);

    await engine.execute(
      insert(engine.tableOf(Author)).values({
        id: 1,
        name: "Ann",
        bio: null,
        createdAt: EVERY_COLUMN_STARTS,
        updatedAt: EVERY_COLUMN_STARTS,
      }),
    );
    await engine.execute(insert(engine.tableOf(Book)).values({ id: 1n, title: "One", author_id: 1, published: "2024-05-01" }));
    await engine.execute(insert(engine.tableOf(Tag)).values({ id: "0b6a7b8c-1d2e-4f30-8a4b-5c6d7e8f9a0b", label: "sf" }));
    await engine.execute(insert(engine.tableOf(Passport)).values({ number: "X1", author_id: 1 }));
    await engine.execute(insert(engine.tableOf(EveryColumn)).values({ code: "a", n: 1 }));
    expect((await engine.execute(select(engine.tableOf(EveryColumn)))).one()).toMatchObject({
      count: 42,
      big: 9007199254740993n,
      price: "12.30",
      title: "it's",
      active: true,
      starts: EVERY_COLUMN_STARTS,
      meta: { a: [1, "x"] },
      status: "pending",
    });
    expect((await engine.execute(select(engine.tableOf(Book)))).one()).toMatchObject({ pages: 0, prequel_id: null });
    expect(await planSync(engine)).toEqual(NOTHING);
  });
});
