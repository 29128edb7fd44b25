import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine, type Engine } from "../../lib";
import { LEDGER_TABLE } from "../../migrations";
import { describeEachDialect } from "../support/test-database";
import { AUTHOR_V1, BOOK_V1, BOOK_V2, SHELF_V2 } from "./support/library-entities";
import { type CliResult, runCli, runCliInTerminal, withoutTarget } from "./support/run-cli";
import { LIB, TempProject } from "./support/temp-project";

const PERSON_V1 = `import { Column, PrimaryKey, Table } from ${LIB};

@Table("people")
export class Person {
  @PrimaryKey() id!: number;
  @Column({ length: 60 }) fullname!: string;
}
`;

/** fullname renamed in code: the column is display_name now. */
const PERSON_V2 = `import { Column, PrimaryKey, Table } from ${LIB};

@Table("people")
export class Person {
  @PrimaryKey() id!: number;
  @Column({ length: 60 }) displayName!: string;
}
`;

const NAMES = ["Ada Lovelace", "Grace Hopper", "Katherine Johnson"];

const GOLDEN = join(__dirname, "..", "migrations", "golden");

function expectOk(result: CliResult): void {
  if (result.code !== 0) throw new Error(`strata exited ${result.code}:\n${result.stderr}${result.stdout}`);
}

describeEachDialect("strata schema workflow", (db) => {
  let engine: Engine;
  const projects: TempProject[] = [];

  /** A project with the people entity at version 1, its table created and filled. */
  async function peopleProject(): Promise<{ project: TempProject; cli: (...args: string[]) => Promise<CliResult> }> {
    const project = new TempProject("strata-workflow-");
    projects.push(project);
    project.write("src/entities/person.ts", PERSON_V1);
    project.writeConfig();
    const cli = async (...args: string[]) => withoutTarget(await runCli(project.dir, args, { DATABASE_URL: db.url }));
    expectOk(await cli("schema:sync"));
    await engine.connect((conn) => conn.runSql(`INSERT INTO people (fullname) VALUES ${NAMES.map((n) => `('${n}')`).join(", ")}`));
    return { project, cli };
  }

  async function names(column: string): Promise<unknown[]> {
    return engine.connect(async (conn) => (await conn.runSql(`SELECT ${column} FROM people ORDER BY id`)).rows.map((r) => r[column]));
  }

  async function tables(): Promise<string[]> {
    return (await engine.introspect()).map((t) => t.name).filter((n) => n !== LEDGER_TABLE);
  }

  beforeAll(() => {
    engine = createEngine(db.url);
  });
  afterEach(async () => {
    for (const t of ["books", "shelves", "authors", "people", LEDGER_TABLE])
      await engine.connect((conn) => conn.runSql(`DROP TABLE IF EXISTS ${t}`));
  });
  afterAll(async () => {
    await engine.dispose();
    for (const p of projects) p.remove();
  });

  it("every command that acts on the database names it first: dialect, database, masked URL, and DATABASE_URL as the source", async () => {
    const { project } = await peopleProject();
    const { stdout } = await runCli(project.dir, ["schema:log"], { DATABASE_URL: db.url });
    const { database, params } = engine.config;
    const schema = params.schema ? `, schema "${params.schema}"` : "";
    expect(stdout.split("\n")[0]).toBe(
      `-- Target: ${db.dialect} database ${JSON.stringify(database)}${schema} at ${engine.url} (from DATABASE_URL)`,
    );
  });

  it("schema:sync refuses a likely rename without a terminal, naming --rename, --rename-table and @Column({ name }); --rename keeps every row", async () => {
    const { project, cli } = await peopleProject();
    project.write("src/entities/person.ts", PERSON_V2);

    const refused = await cli("schema:sync");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "error [SCHEMA_RENAME_AMBIGUOUS]: Nothing was changed: this change looks like a rename, and there is no terminal to ask in:",
    );
    expect(refused.stderr).toContain(
      "column people.fullname (varchar(60)) is gone and people.display_name (varchar(60)) is new: --rename people.fullname=display_name",
    );
    expect(refused.stderr).toContain("--rename-table old=new");
    expect(refused.stderr).toContain('@Column({ name: "fullname" })');
    expect(refused.stderr).toContain("--no-detect-renames");
    expect(await names("fullname")).toEqual(NAMES);

    // Without the rename, the plan would add a NOT NULL column to rows: refused, saying how to name the rename.
    const log = await cli("schema:log");
    expect(log.code).toBe(1);
    expect(log.stderr).toContain("Cannot add NOT NULL column people.display_name without a default");
    expect(log.stderr).toContain("(on the command line --rename people.fullname=display_name)");

    const renamed = await cli("schema:sync", "--rename", "people.fullname=display_name");
    expectOk(renamed);
    expect(renamed.stdout).toMatch(/RENAME COLUMN .fullname. TO .display_name.;\n/);
    expect(await names("display_name")).toEqual(NAMES);
    expect((await cli("schema:sync")).stdout).toBe("✔ The database already matches the entities: 0 statements run.\n");
  });

  it("migration:generate --rename writes renameColumn both ways; the rows survive migration:run and migration:revert", async () => {
    const { project, cli } = await peopleProject();
    project.write("src/entities/person.ts", PERSON_V2);
    const generated = await cli("migration:generate", "rename-fullname", "--rename", "people.fullname=display_name");
    expectOk(generated);
    const [file] = readdirSync(join(project.dir, "migrations"));
    const source = readFileSync(join(project.dir, "migrations", file), "utf8");
    expect(source).toContain(`export function up(m: MigrationBuilder): void {\n  m.renameColumn("people", "fullname", "display_name");\n`);
    expect(source).toMatch(/m\.renameColumn\("people", "display_name", "fullname"\);\n}\n$/);

    expectOk(await cli("migration:run"));
    expect(await names("display_name")).toEqual(NAMES);
    expect((await cli("schema:log")).stdout).toBe("-- 0 statements to run; nothing was changed.\n");
    expectOk(await cli("migration:revert"));
    expect(await names("fullname")).toEqual(NAMES);
  });

  it("schema:check exits 0 when the database matches, 1 with each difference when it does not", async () => {
    const { project, cli } = await peopleProject();
    const same = await cli("schema:check");
    expect(same.code).toBe(0);
    expect(same.stdout).toBe("✔ The database matches the entities (1 table).\n");

    project.write("src/entities/person.ts", PERSON_V2);
    const drift = await cli("schema:check");
    expect(drift.code).toBe(1);
    expect(drift.stdout).toBe("");
    expect(drift.stderr).toBe(
      `error [SCHEMA_DRIFT]: The ${db.dialect === "mysql" ? "mysql" : db.dialect} database differs from the entities in 3 ways:
  - column people.display_name (varchar(60) NOT NULL) is missing from the database
  - column people.fullname is in the database but not in the entities
  - possibly a rename: the column people.fullname (varchar(60)) is gone and people.display_name (varchar(60)) is new
Bring it in line with "strata schema:sync" (development) or a migration ("strata migration:generate <name>", then "strata migration:run"); "strata schema:log" prints the SQL.
`,
    );
    expect(await names("fullname")).toEqual(NAMES);
  });

  it("schema:drop without a terminal needs --force; with it, drops the tables; on an empty database there is nothing to drop", async () => {
    const { cli } = await peopleProject();
    const refused = await cli("schema:drop");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `error [CONFIRMATION_REQUIRED]: schema:drop would drop 1 table (people) and every row in it from ${db.dialect} database`,
    );
    expect(refused.stderr).toContain("nothing was dropped. Run it in a terminal to confirm, or pass --force.");
    expect(await tables()).toEqual(["people"]);

    const dropped = await cli("schema:drop", "--force");
    expectOk(dropped);
    expect(dropped.stdout).toMatch(/DROP TABLE .*people/);
    expect(await tables()).toEqual([]);

    // Nothing runs at all: no PRAGMA (SQLite), no statement.
    const again = await cli("schema:drop", "--force");
    expectOk(again);
    expect(again.stdout).toBe("✔ Nothing to drop: none of the entities' tables exist.\n");
  });

  it("migration:status --check exits 1 while anything is pending, blocked or edited, 0 when all is applied as written", async () => {
    const { project, cli } = await peopleProject();
    const none = await cli("migration:status", "--check");
    expect(none.code).toBe(0);

    const path = project.write(
      "migrations/20240101000000-notes.ts",
      `export function up(m: any) { m.sql("CREATE TABLE notes_x (id integer PRIMARY KEY)"); }\nexport function down(m: any) { m.sql("DROP TABLE notes_x"); }\n`,
    );
    const pending = await cli("migration:status", "--check");
    expect(pending.code).toBe(1);
    expect(pending.stdout).toContain("0 applied, 1 pending.");
    expect(pending.stderr).toBe(
      'error [MIGRATIONS_NOT_CURRENT]: The database is not at the migrations of this code: 1 migration pending (run "strata migration:run").\n',
    );

    expectOk(await cli("migration:run"));
    expect((await cli("migration:status", "--check")).code).toBe(0);

    writeFileSync(path, `${readFileSync(path, "utf8")}// edited\n`);
    const edited = await cli("migration:status", "--check");
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain("1 applied migration edited since");
    expectOk(await cli("migration:resolve", "20240101000000-notes", "--applied"));

    // A migration that did not finish where DDL cannot roll back: its ledger row blocks.
    project.write("migrations/20240102000000-half.ts", `export function up(m: any) {}\nexport function down(m: any) {}\n`);
    const q = engine.dialect.compiler.quoteIdentifier.bind(engine.dialect.compiler);
    await engine.connect((conn) =>
      conn.runSql(
        `INSERT INTO ${LEDGER_TABLE} (name, checksum, ${q("applied_at")}, status, statements) VALUES ('20240102000000-half', 'x', '2024-01-02 00:00:00', 'failed', 1)`,
      ),
    );
    const blocked = await cli("migration:status", "--check");
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain('1 migration blocked (see "strata migration:resolve --help")');
    await engine.connect((conn) => conn.runSql("DROP TABLE IF EXISTS notes_x"));
  });

  it("migration:generate writes the golden file: defaults the builder assumes left out, down() of a new table is dropTable(name)", async () => {
    const project = new TempProject("strata-golden-");
    projects.push(project);
    project.write("src/entities/author.ts", AUTHOR_V1);
    project.write("src/entities/book.ts", BOOK_V1);
    project.writeConfig();
    const cli = async (...args: string[]) => withoutTarget(await runCli(project.dir, args, { DATABASE_URL: db.url }));
    expectOk(await cli("schema:sync"));
    project.write("src/entities/book.ts", BOOK_V2);
    project.write("src/entities/shelf.ts", SHELF_V2);
    expectOk(await cli("migration:generate", "shelves-and-dates"));
    const [file] = readdirSync(join(project.dir, "migrations"));
    const source = readFileSync(join(project.dir, "migrations", file), "utf8");
    const golden = join(GOLDEN, `shelves-and-dates.${db.dialect}.ts.txt`);
    if (process.env.UPDATE_GOLDEN === "1") {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(golden, source);
    }
    expect(source).toBe(readFileSync(golden, "utf8"));
    expect(source).toContain('  m.dropTable("shelves");\n');
    // The file runs, and its down() brings the schema back.
    expectOk(await cli("migration:run"));
    expect((await cli("schema:check")).code).toBe(0);
    expectOk(await cli("migration:revert"));
    expect((await engine.introspect()).map((t) => t.name)).not.toContain("shelves");
  });
});

describeEachDialect(
  "strata in a terminal",
  (db) => {
    let engine: Engine;
    beforeAll(() => {
      engine = createEngine(db.url);
    });
    afterEach(async () => {
      await engine.connect((conn) => conn.runSql("DROP TABLE IF EXISTS people"));
    });
    afterAll(() => engine.dispose());

    it("schema:sync asks whether a likely rename is one: no refuses to drop the data, yes renames with every row", async () => {
      const project = new TempProject("strata-tty-");
      try {
        project.write("src/entities/person.ts", PERSON_V1);
        project.writeConfig();
        expectOk(await runCli(project.dir, ["schema:sync"], { DATABASE_URL: db.url }));
        await engine.connect((conn) => conn.runSql(`INSERT INTO people (fullname) VALUES ${NAMES.map((n) => `('${n}')`).join(", ")}`));
        project.write("src/entities/person.ts", PERSON_V2);

        const no = await runCliInTerminal(project.dir, ["schema:sync"], { DATABASE_URL: db.url }, ["n"]);
        expect(no.asked).toBe(1);
        expect(no.stdout).toContain("Was column people.fullname renamed to people.display_name? [y/N] n\n");
        expect(no.code).toBe(1);
        expect(no.stdout).toContain("Cannot add NOT NULL column people.display_name without a default");

        const yes = await runCliInTerminal(project.dir, ["schema:sync"], { DATABASE_URL: db.url }, ["y"]);
        expect(yes.asked).toBe(1);
        expect(yes.code).toBe(0);
        const rows = await engine.connect(async (conn) => (await conn.runSql("SELECT display_name FROM people ORDER BY id")).rows);
        expect(rows.map((r) => r.display_name)).toEqual(NAMES);
      } finally {
        project.remove();
      }
    });

    it("schema:drop asks first: no keeps the tables, yes drops them", async () => {
      const project = new TempProject("strata-tty-");
      try {
        project.write("src/entities/person.ts", PERSON_V1);
        project.writeConfig();
        expectOk(await runCli(project.dir, ["schema:sync"], { DATABASE_URL: db.url }));
        const no = await runCliInTerminal(project.dir, ["schema:drop"], { DATABASE_URL: db.url }, ["n"]);
        expect(no.code).toBe(0);
        expect(no.stdout).toContain("Drop 1 table (people) and every row in it? [y/N] n\nNothing was dropped.\n");
        expect(await engine.introspect("people")).toBeDefined();
        const yes = await runCliInTerminal(project.dir, ["schema:drop"], { DATABASE_URL: db.url }, ["y"]);
        expect(yes.code).toBe(0);
        expect(yes.stdout).toContain("✔ Dropped:");
        expect(await engine.introspect("people")).toBeUndefined();
      } finally {
        project.remove();
      }
    });
  },
  // The questions are the command line's, the same for every database (the data they protect is tested on all three above).
  ["sqlite"],
);
