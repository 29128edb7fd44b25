import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine, type Engine, type IntrospectedTable } from "../../lib";
import { LEDGER_TABLE } from "../../migrations";
import { CASE_INSENSITIVE, createCaseInsensitiveCollation } from "../support/collations";
import { describeEachDialect } from "../support/test-database";
import { AUTHOR_V1, BOOK_V1, BOOK_V2, SHELF_V2 } from "./support/library-entities";
import { type CliResult, runCli, withoutTarget } from "./support/run-cli";
import { LIB, TempProject } from "./support/temp-project";

const SEED_MODELS = join(__dirname, "..", "fixtures", "seed-models");

/** The live schema without the migration ledger, for before/after comparisons. */
async function schemaOf(engine: Engine): Promise<IntrospectedTable[]> {
  return (await engine.introspect()).filter((t) => t.name !== LEDGER_TABLE);
}

function expectOk(result: CliResult): void {
  if (result.code !== 0) throw new Error(`strata exited ${result.code}:\n${result.stderr}${result.stdout}`);
}

/** The `strata` binary spawned against a temp project with a TypeScript config and entities, on each database. */
describeEachDialect("strata against a database", (db) => {
  let project: TempProject;
  let engine: Engine;
  const cli = async (...args: string[]) => withoutTarget(await runCli(project.dir, args, { DATABASE_URL: db.url }));

  beforeAll(() => {
    project = new TempProject();
    project.write("src/entities/author.ts", AUTHOR_V1);
    project.write("src/entities/book.ts", BOOK_V1);
    project.writeConfig();
    engine = createEngine(db.url);
  });
  afterAll(async () => {
    await engine.dispose();
    project.remove();
  });

  it("schema:sync creates the seed models' tables printing each statement; a second sync runs 0 statements; schema:log agrees; schema:drop drops them", async () => {
    const seed = new TempProject("strata-seed-");
    const seedCli = async (...args: string[]) => withoutTarget(await runCli(seed.dir, args, { DATABASE_URL: db.url }));
    try {
      seed.writeConfig({ entities: SEED_MODELS });
      const first = await seedCli("schema:sync");
      expectOk(first);
      expect(first.stdout).toMatch(/^CREATE TABLE .*"?`?users`?"? \(/m);
      const statements = first.stdout.split(/;\n/).length - 1;
      expect(first.stdout).toContain(`✔ Schema synchronized: ${statements} statements run.\n`);

      const second = await seedCli("schema:sync");
      expectOk(second);
      expect(second.stdout).toBe("✔ The database already matches the entities: 0 statements run.\n");
      expect(second.stderr).toBe("");
      const log = await seedCli("schema:log");
      expect(log.stdout).toBe("-- 0 statements to run; nothing was changed.\n");

      const drop = await seedCli("schema:drop", "--force");
      expectOk(drop);
      expect(drop.stdout).toMatch(/DROP TABLE .*users/);
      expect(drop.stdout).toMatch(/✔ Dropped: \d+ statements run\.\n$/);
      expect(await schemaOf(engine)).toEqual([]);
    } finally {
      seed.remove();
    }
  });

  it("migration:generate, migration:run, migration:revert: the schema ends where it started and the rows survive", async () => {
    expectOk(await cli("schema:sync"));
    await engine.connect(async (conn) => {
      await conn.runSql("INSERT INTO authors (name) VALUES ('Ursula')");
      await conn.runSql("INSERT INTO books (title, isbn, author_id) VALUES ('The Dispossessed', '978-0061054884', 1)");
    });
    const before = await schemaOf(engine);

    // Version 2 of the entities: a new table and relation, a new column, a longer varchar, a nullable column, an index.
    project.write("src/entities/book.ts", BOOK_V2);
    project.write("src/entities/shelf.ts", SHELF_V2);
    const log = await cli("schema:log");
    expect(log.stdout).toMatch(/shelves/);

    const generated = await cli("migration:generate", "shelves-and-dates");
    expectOk(generated);
    const files = readdirSync(join(project.dir, "migrations"));
    expect(files).toEqual([expect.stringMatching(/^\d{14}-shelves-and-dates\.ts$/)]);
    expect(generated.stdout).toContain(`✔ Wrote migrations/${files[0]} (`);
    const source = readFileSync(join(project.dir, "migrations", files[0]), "utf8");
    expect(source).toContain("export function up(m: MigrationBuilder): void {\n  m.");
    expect(source).toContain("export function down(m: MigrationBuilder): void {\n  m.");
    expect(source).toContain('"shelves"');
    expect(source).toContain('"published"');

    const status = await cli("migration:status");
    expect(status.stdout).toMatch(new RegExp(`pending +${files[0].replace(".ts", "")}`));
    expect(status.stdout).toContain("0 applied, 1 pending.");

    const dry = await cli("migration:run", "--dry-run");
    expectOk(dry);
    expect(dry.stdout).toContain(`-- ${files[0].replace(".ts", "")}\n`);
    expect(dry.stdout).toContain("-- 1 pending migration; nothing was run.");
    expect(await schemaOf(engine)).toEqual(before);

    const run = await cli("migration:run");
    expectOk(run);
    expect(run.stdout).toMatch(/^applying \d{14}-shelves-and-dates \(\d+ statements?\)\.\.\.\n/);
    expect(run.stdout).toMatch(/✔ Applied \d{14}-shelves-and-dates \(\d+ statements?, \d+ ms\)\n✔ 1 migration applied\.\n$/);
    // The database now matches version 2 exactly: nothing left for sync to do.
    expect((await cli("schema:log")).stdout).toBe("-- 0 statements to run; nothing was changed.\n");
    expect((await cli("migration:status")).stdout).toContain("1 applied, 0 pending.");
    expect((await cli("migration:run")).stdout).toBe("✔ No pending migrations: the database is up to date.\n");

    const revert = await cli("migration:revert");
    expectOk(revert);
    expect(revert.stdout).toMatch(/✔ Reverted \d{14}-shelves-and-dates/);
    expect(await schemaOf(engine)).toEqual(before);
    const rows = await engine.connect(async (conn) => (await conn.runSql("SELECT title, isbn FROM books")).rows);
    expect(rows).toEqual([{ title: "The Dispossessed", isbn: "978-0061054884" }]);
    expect((await cli("migration:revert")).stdout).toBe("✔ No applied migration to revert.\n");

    // Back to version 1 for the tests that follow.
    rmSync(join(project.dir, "migrations"), { recursive: true });
    rmSync(join(project.dir, "src/entities/shelf.ts"));
    project.write("src/entities/book.ts", BOOK_V1);
  });

  it("an applied migration edited afterwards is reported by migration:status and migration:run, until resolved", async () => {
    const path = project.write(
      "migrations/20240101000000-notes.ts",
      `export function up(m: any) { m.sql("CREATE TABLE notes (id integer PRIMARY KEY)"); }\nexport function down(m: any) { m.sql("DROP TABLE notes"); }\n`,
    );
    expectOk(await cli("migration:run"));
    appendFileSync(path, "// changed\n");

    const status = await cli("migration:status");
    expect(status.stdout).toMatch(/changed +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}20240101000000-notes {2}edited after it was applied/);
    expect(status.stdout).toContain("1 applied, 0 pending, 1 changed.");
    const run = await cli("migration:run");
    expectOk(run);
    expect(run.stderr).toContain("warning: 20240101000000-notes was edited after it was applied");

    const resolved = await cli("migration:resolve", "20240101000000-notes", "--applied");
    expectOk(resolved);
    expect(resolved.stdout).toBe("✔ 20240101000000-notes (was applied) is now recorded as applied.\n");
    expect((await cli("migration:status")).stdout).toContain("1 applied, 0 pending.");
    expect((await cli("migration:run")).stderr).toBe("");

    expectOk(await cli("migration:revert"));
    rmSync(path);
  });

  it("a failing migration exits 1 with one paragraph; where DDL cannot roll back it blocks runs until migration:resolve", async () => {
    project.write(
      "migrations/20240102000000-broken.ts",
      `export function up(m: any) {
  m.sql("CREATE TABLE pens (id integer PRIMARY KEY)");
  m.sql("INSERT INTO no_such_table (id) VALUES (1)");
}
export function down(m: any) { m.sql("DROP TABLE pens"); }
`,
    );
    const run = await cli("migration:run");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error \[MIGRATION_FAILED\]: Migration 20240102000000-broken failed at statement 2 /);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    const tables = (await schemaOf(engine)).map((t) => t.name);

    if (engine.dialect.capabilities.transactionalDdl) {
      expect(run.stderr).toContain("was rolled back: the database is as it was before");
      expect(tables).not.toContain("pens");
      expect((await cli("migration:status")).stdout).toContain("0 applied, 1 pending.");
    } else {
      expect(run.stderr).toContain("the 1 statement before it was applied and stays applied");
      expect(tables).toContain("pens");
      const status = await cli("migration:status");
      expect(status.stdout).toMatch(
        /BLOCKED +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}20240102000000-broken {2}failed after 1 statement; see "strata migration:resolve --help"/,
      );
      const again = await cli("migration:run");
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(
        /^error \[MIGRATION_BLOCKED\]: Migration 20240102000000-broken failed while applying it, after 1 of its statements/,
      );

      const neither = await cli("migration:resolve", "20240102000000-broken");
      expect(neither.code).toBe(1);
      expect(neither.stderr).toContain("needs exactly one of --applied or --rolled-back");
      await engine.connect((conn) => conn.runSql("DROP TABLE pens"));
      expectOk(await cli("migration:resolve", "20240102000000-broken", "--rolled-back"));
      expect((await cli("migration:status")).stdout).toContain("0 applied, 1 pending.");
    }
    // Fixed, it runs.
    writeFileSync(
      join(project.dir, "migrations/20240102000000-broken.ts"),
      `export function up(m: any) { m.sql("CREATE TABLE pens (id integer PRIMARY KEY)"); }\nexport function down(m: any) { m.sql("DROP TABLE pens"); }\n`,
    );
    expectOk(await cli("migration:run"));
    expectOk(await cli("migration:revert"));
  });

  it("schema:sync --allow-drop drops what no entity maps; without it the difference is a warning", async () => {
    await engine.connect((conn) => conn.runSql("CREATE TABLE leftovers (id integer PRIMARY KEY)"));
    const kept = await cli("schema:sync");
    expectOk(kept);
    expect(kept.stderr).toMatch(/^warning: .*leftovers/m);
    expect((await schemaOf(engine)).map((t) => t.name)).toContain("leftovers");
    const dropped = await cli("schema:sync", "--allow-drop");
    expectOk(dropped);
    expect(dropped.stdout).toMatch(/DROP TABLE .*leftovers/);
    expect((await schemaOf(engine)).map((t) => t.name)).not.toContain("leftovers");
  });

  it("the config's collation is the engine's: schema:sync creates text columns with it, and a second sync runs 0 statements", async () => {
    const ci = CASE_INSENSITIVE[db.dialect];
    await createCaseInsensitiveCollation(db.dialect, engine);
    const notes = new TempProject("strata-collation-");
    const notesCli = async (...args: string[]) => withoutTarget(await runCli(notes.dir, args, { DATABASE_URL: db.url }));
    try {
      notes.write(
        "src/entities/note.ts",
        `import { Column, PrimaryKey, Table } from ${LIB};

@Table("cli_notes")
export class Note {
  @PrimaryKey() id!: number;
  @Column({ length: 40 }) title!: string;
}
`,
      );
      notes.writeConfig({ collation: ci });
      const log = await notesCli("schema:log");
      expectOk(log);
      const quote = db.dialect === "mysql" ? "`" : '"';
      expect(log.stdout).toContain(
        `${quote}title${quote} ${db.dialect === "postgres" ? "varchar" : "VARCHAR"}(40) COLLATE ${quote}${ci}${quote} NOT NULL`,
      );
      expectOk(await notesCli("schema:sync"));
      expect((await notesCli("schema:sync")).stdout).toBe("✔ The database already matches the entities: 0 statements run.\n");
      const title = (await engine.introspect("cli_notes"))?.columns.find((c) => c.name === "title");
      expect(title?.collation?.toLowerCase()).toBe(ci.toLowerCase());
    } finally {
      notes.remove();
    }
  });
});
