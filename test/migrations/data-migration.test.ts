import { type Engine, MigrationError } from "../../lib";
import { LEDGER_TABLE, Migrator } from "../../migrations";
import { describeEachDialect } from "../support/test-database";
import { migrationFolder, writeMigration } from "./migration-files";

const PEOPLE = `lib.defineTable("people", {
    id: lib.integer().primaryKey(),
    fullName: lib.varchar(100).named("full_name"),
    firstName: lib.varchar(50).named("first_name"),
    lastName: lib.varchar(50).named("last_name"),
  })`;

/** 001: the table with whole names in one column, and three people. */
const CREATE_PEOPLE = [
  `m.createTable({ name: "people", columns: [{ name: "id", type: { kind: "integer" }, autoIncrement: true }, { name: "full_name", type: { kind: "varchar", length: 100 } }], primaryKey: ["id"] });`,
  `m.sql("INSERT INTO people (full_name) VALUES ('Ada Lovelace'), ('Grace Brewster Hopper'), ('Hypatia')");`,
];

/** 002: each name moved into first_name and last_name by code, then full_name dropped; down() joins them back. */
const SPLIT_UP = [
  `const people = ${PEOPLE};`,
  `m.addColumn("people", { name: "first_name", type: { kind: "varchar", length: 50 }, nullable: true });`,
  `m.addColumn("people", { name: "last_name", type: { kind: "varchar", length: 50 }, nullable: true });`,
  `m.run(async (db) => {
    for (const row of (await db.execute(lib.select(people.c.id, people.c.fullName))).all()) {
      const [first, ...rest] = String(row.fullName).split(" ");
      await db.execute(lib.update(people).set({ firstName: first, lastName: rest.length > 0 ? rest.join(" ") : null }).where(people.c.id.eq(row.id)));
    }
  }, "split full_name");`,
  `m.dropColumn("people", "full_name");`,
];

const SPLIT_DOWN = [
  `const people = ${PEOPLE};`,
  `m.addColumn("people", { name: "full_name", type: { kind: "varchar", length: 100 }, nullable: true });`,
  `m.run(async (db) => {
    for (const row of (await db.execute(lib.select(people.c.id, people.c.firstName, people.c.lastName))).all()) {
      await db.execute(lib.update(people).set({ fullName: [row.firstName, row.lastName].filter((p) => p !== null).join(" ") }).where(people.c.id.eq(row.id)));
    }
  });`,
  `m.dropColumn("people", "last_name");`,
  `m.dropColumn("people", "first_name");`,
];

async function rows(engine: Engine, columns: string): Promise<Record<string, unknown>[]> {
  return engine.connect(async (conn) => (await conn.runSql(`SELECT ${columns} FROM people ORDER BY id`)).rows);
}

async function columnsOf(engine: Engine): Promise<string[]> {
  return ((await engine.introspect("people"))?.columns ?? []).map((c) => c.name);
}

describeEachDialect("data migrations (m.run)", (db) => {
  let engine: Engine;
  beforeAll(() => {
    engine = db.engine();
  });
  afterEach(async () => {
    for (const table of ["people", "members", LEDGER_TABLE]) await engine.connect((conn) => conn.runSql(`DROP TABLE IF EXISTS ${table}`));
  });

  it("moves a column into two with code inside the migration, and revert's code moves it back", async () => {
    const folder = migrationFolder();
    writeMigration(folder, "001-people", CREATE_PEOPLE, [`m.dropTable("people");`]);
    writeMigration(folder, "002-split-names", SPLIT_UP, SPLIT_DOWN);
    const ran: string[] = [];
    const migrator = new Migrator(engine, {
      folder,
      events: { code: (s) => ran.push(`${s.name}: ${s.description} (step ${s.index}/${s.total})`) },
    });
    // A dry run knows the code step's place among the statements before anything runs.
    expect((await migrator.pending()).map((p) => p.steps.map((s) => (s.kind === "code" ? s.description : "sql")))).toEqual([
      ["sql", "sql"],
      ["sql", "sql", "split full_name", "sql"],
    ]);
    expect(await migrator.run()).toEqual(["001-people", "002-split-names"]);
    expect(ran).toEqual(["002-split-names: split full_name (step 3/4)"]);
    expect(await columnsOf(engine)).toEqual(["id", "first_name", "last_name"]);
    expect(await rows(engine, "first_name, last_name")).toEqual([
      { first_name: "Ada", last_name: "Lovelace" },
      { first_name: "Grace", last_name: "Brewster Hopper" },
      { first_name: "Hypatia", last_name: null },
    ]);

    expect(await migrator.revert()).toBe("002-split-names");
    expect(await columnsOf(engine)).toEqual(["id", "full_name"]);
    expect(await rows(engine, "full_name")).toEqual([
      { full_name: "Ada Lovelace" },
      { full_name: "Grace Brewster Hopper" },
      { full_name: "Hypatia" },
    ]);
    expect((await migrator.status()).map((s) => [s.name, s.state])).toEqual([
      ["001-people", "applied"],
      ["002-split-names", "pending"],
    ]);
  });

  it("code that throws fails the migration at its step: nothing kept where DDL rolls back, its own writes undone where it does not", async () => {
    const folder = migrationFolder();
    writeMigration(folder, "001-people", CREATE_PEOPLE, [`m.dropTable("people");`]);
    writeMigration(
      folder,
      "002-broken",
      [
        `m.addColumn("people", { name: "nickname", type: { kind: "varchar", length: 20 }, nullable: true });`,
        `m.run(async (db) => {
    await db.runSql("UPDATE people SET full_name = 'changed'");
    throw new Error("no nickname for Hypatia");
  });`,
      ],
      [`m.dropColumn("people", "nickname");`],
    );
    const migrator = new Migrator(engine, { folder });
    const error = await migrator.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).message).toContain("failed at step 2");
    expect((error as MigrationError).message).toContain("(m.run() #1, code)");
    expect((error as MigrationError).message).toContain("no nickname for Hypatia");
    // The code's UPDATE is undone everywhere: inside the migration's transaction, or (MySQL) inside its own.
    expect((await rows(engine, "full_name")).map((r) => r.full_name)).toEqual(["Ada Lovelace", "Grace Brewster Hopper", "Hypatia"]);
    if (engine.dialect.capabilities.transactionalDdl) {
      expect(await columnsOf(engine)).toEqual(["id", "full_name"]);
      expect((await migrator.status()).map((s) => s.state)).toEqual(["applied", "pending"]);
    } else {
      expect(await columnsOf(engine)).toEqual(["id", "full_name", "nickname"]);
      expect((await migrator.status())[1]).toMatchObject({ state: "blocked", row: { status: "failed", statements: 1 } });
    }
  });

  it("renameTable and renameColumn keep the rows, and revert renames them back", async () => {
    const folder = migrationFolder();
    writeMigration(folder, "001-people", CREATE_PEOPLE, [`m.dropTable("people");`]);
    writeMigration(
      folder,
      "002-members",
      [`m.renameTable("people", "members");`, `m.renameColumn("members", "full_name", "name");`],
      [`m.renameColumn("members", "name", "full_name");`, `m.renameTable("members", "people");`],
    );
    const migrator = new Migrator(engine, { folder });
    await migrator.run();
    const q = engine.dialect.compiler.quoteIdentifier.bind(engine.dialect.compiler);
    const members = await engine.connect(async (conn) => (await conn.runSql(`SELECT ${q("name")} FROM ${q("members")} ORDER BY id`)).rows);
    expect(members).toEqual([{ name: "Ada Lovelace" }, { name: "Grace Brewster Hopper" }, { name: "Hypatia" }]);
    expect(await engine.introspect("people")).toBeUndefined();
    await migrator.revert();
    expect(await engine.introspect("members")).toBeUndefined();
    expect(await rows(engine, "full_name")).toHaveLength(3);
  });
});
