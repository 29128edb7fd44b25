import { del, type Engine, insert, select, sql, UniqueViolationError } from "../../lib";
import { Category, Profile, Project, seedEntities, User } from "../fixtures/seed-models";
import { type CatalogTable, canonicalDefault, readCatalog, tableNames } from "../support/catalog";
import type { TestDialect } from "../support/servers";
import { describeEachDialect } from "../support/test-database";
import { catalogTypeName, type ExpectedTable, SEED_TABLES } from "./seed-ddl-expected";

/**
 * The DDL createAll() makes from the seed models, read back through each
 * database's own catalog (test/support/catalog.ts, independent of Strata's
 * introspector), against what the decorators say (seed-ddl-expected.ts).
 */

/** A foreign key declared without an action gets NO ACTION, which InnoDB reports as RESTRICT. */
function defaultAction(dialect: TestDialect): string {
  return dialect === "mysql" ? "restrict" : "no action";
}

/** MySQL adds an index named after each foreign key no other index covers; the decorators did not ask for it. */
function declaredIndexes(table: CatalogTable): { name: string; columns: readonly string[]; unique: boolean }[] {
  const fkNames = new Set(table.foreignKeys.map((f) => f.name));
  return table.indexes.filter((i) => !fkNames.has(i.name)).sort((a, b) => a.columns.join().localeCompare(b.columns.join()));
}

function expectedIndexes(name: string, expected: ExpectedTable, dialect: TestDialect) {
  let autoindex = 0;
  return expected.indexes
    .map((i) => ({
      // SQLite names a UNIQUE constraint's index itself: sqlite_autoindex_<table>_<n>.
      name: dialect === "sqlite" && i.unique ? `sqlite_autoindex_${name}_${++autoindex}` : i.name,
      columns: i.columns,
      unique: i.unique,
    }))
    .sort((a, b) => a.columns.join().localeCompare(b.columns.join()));
}

describeEachDialect("DDL of the seed models, read back through the catalog", (db) => {
  let engine: Engine;
  let mariadb = false;

  beforeAll(async () => {
    engine = db.engine({ entities: seedEntities });
    if (db.dialect === "mysql") mariadb = /mariadb/i.test(String((await engine.execute(sql`select version() as v`)).scalar()));
    await engine.createAll();
  });

  it("has an expectation for every table the seed entities map to, and the database has exactly those", async () => {
    const expected = Object.keys(SEED_TABLES).sort();
    expect(engine.metadata.tableSchemas.map((t) => t.name).sort()).toEqual(expected);
    expect(await tableNames(engine)).toEqual(expected);
  });

  describe.each(Object.keys(SEED_TABLES))("%s", (name) => {
    const expected = SEED_TABLES[name];
    let table: CatalogTable;
    beforeAll(async () => {
      table = await readCatalog(engine, db.dialect, name);
    });

    it("columns: names in order, types, nullability, defaults, generated keys", () => {
      expect(table.columns.map((c) => ({ ...c, default: canonicalDefault(c.default) }))).toEqual(
        expected.columns.map((c) => ({ ...c, type: catalogTypeName(c.type, db.dialect, mariadb) })),
      );
    });

    it("primary key", () => {
      expect(table.primaryKey).toEqual(expected.primaryKey);
    });

    it("foreign keys with their onDelete/onUpdate actions", () => {
      const byColumns = <T extends { columns: readonly string[] }>(a: T, b: T) => a.columns.join().localeCompare(b.columns.join());
      expect([...table.foreignKeys].sort(byColumns)).toEqual(
        [...expected.foreignKeys].sort(byColumns).map((f) => ({
          // SQLite's pragma reports no constraint names.
          name: db.dialect === "sqlite" ? null : f.name,
          columns: f.columns,
          referencedTable: f.referencedTable,
          referencedColumns: f.referencedColumns,
          onDelete: f.onDelete ?? defaultAction(db.dialect),
          onUpdate: f.onUpdate ?? defaultAction(db.dialect),
        })),
      );
    });

    it("unique constraints and indexes", () => {
      expect(declaredIndexes(table)).toEqual(expectedIndexes(name, expected, db.dialect));
    });
  });

  it("keeps Document.state to its enum values in the database (a CHECK, or MySQL's ENUM type)", async () => {
    const documents = await readCatalog(engine, db.dialect, "documents");
    if (db.dialect === "mysql") return expect(documents.columns.find((c) => c.name === "state")?.type).toBe("enum('draft','final')");
    expect(documents.checks).toEqual([expect.stringMatching(/state.*'draft'.*'final'/s)]);
  });

  it("acts as the catalog says: set null, one profile per user, a self-referencing cascade", async () => {
    const [projects, users, categories] = [engine.tableOf(Project), engine.tableOf(User), engine.tableOf(Category)];
    // Foreign-key columns with no property of their own are reached through raw SQL.
    const id = (name: string) => sql.identifier(name);
    await engine.execute(insert(projects).values({ id: 1, name: "Docs" }));
    await engine.execute(insert(users).values({ id: 1, name: "Safi", createdAt: new Date("2024-05-01T10:00:00.000Z") }));
    await engine.execute(sql`update ${users} set ${id("project_id")} = ${1}`);
    await engine.execute(del(projects).where(projects.c.id.eq(1)));
    expect((await engine.execute(sql`select ${id("project_id")} as p from ${users}`)).all()).toEqual([{ p: null }]);

    const addProfile = sql`insert into ${engine.tableOf(Profile)} (${id("user_id")}) values (${1})`;
    await engine.execute(addProfile);
    await expect(engine.execute(addProfile)).rejects.toBeInstanceOf(UniqueViolationError);

    await engine.execute(insert(categories).values({ id: 1, name: "root" }));
    await engine.execute(sql`insert into ${categories} (${id("id")}, ${id("name")}, ${id("parent_id")}) values (${2}, ${"leaf"}, ${1})`);
    await engine.execute(del(categories).where(categories.c.id.eq(1)));
    expect((await engine.execute(select(categories))).all()).toEqual([]);
  });
});
