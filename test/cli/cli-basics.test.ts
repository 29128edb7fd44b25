import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AUTHOR_V1, BOOK_V2, SHELF_V2 } from "./support/library-entities";
import { runCli } from "./support/run-cli";
import { TempProject } from "./support/temp-project";

/** Help, usage mistakes, config problems, files and diagrams: everything the command does before (or without) a database. */
const COMMANDS = [
  "schema:sync",
  "schema:log",
  "schema:drop",
  "schema:check",
  "schema:diagram",
  "migration:create",
  "migration:generate",
  "migration:run",
  "migration:revert",
  "migration:status",
  "migration:resolve",
  "db:pull",
];

const ESC = "\u001b[";

describe("strata command line", () => {
  let project: TempProject;
  const sqlite = { DATABASE_URL: "sqlite:///dev.db" };

  beforeAll(() => {
    project = new TempProject();
    project.write("src/entities/author.ts", AUTHOR_V1);
    project.write("src/entities/book.ts", BOOK_V2);
    project.write("src/entities/shelf.ts", SHELF_V2);
    project.writeConfig();
  });
  afterAll(() => project.remove());

  it("--help lists every command, and exits 0", async () => {
    const { code, stdout } = await runCli(project.dir, ["--help"]);
    expect(code).toBe(0);
    for (const command of COMMANDS) expect(stdout).toContain(command);
    expect(stdout).toContain("--config <file>");
    expect(stdout).toContain("DATABASE_URL overrides url");
  });

  it.each(COMMANDS)("%s --help describes the command and exits 0", async (command) => {
    const { code, stdout, stderr } = await runCli(project.dir, [command, "--help"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: strata ${command}`);
  });

  it("--version prints the package's version", async () => {
    const { code, stdout } = await runCli(project.dir, ["--version"]);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")).version);
  });

  it("an unknown command or a missing argument exits 1 with a hint", async () => {
    const unknown = await runCli(project.dir, ["schema:sink"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown command 'schema:sink'");
    expect(unknown.stderr).toContain("(Did you mean schema:sync?)");
    const missing = await runCli(project.dir, ["migration:create"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("missing required argument 'name'");
  });

  it("without a config file, says where it looked and what to create", async () => {
    const empty = new TempProject("strata-empty-");
    try {
      const { code, stdout, stderr } = await runCli(empty.dir, ["migration:status"], sqlite);
      expect(code).toBe(1);
      expect(stdout).toBe("");
      expect(stderr).toBe(
        `error [CONFIG_ERROR]: No Strata config in ${empty.dir}: create strata.config.ts (or .js or .json) exporting { url, entities, migrations }, or pass --config <file>.\n`,
      );
      const named = await runCli(empty.dir, ["migration:status", "--config", "nope.ts"], sqlite);
      expect(named.code).toBe(1);
      expect(named.stderr).toContain(`The config file ${join(empty.dir, "nope.ts")} (from --config) does not exist.`);
    } finally {
      empty.remove();
    }
  });

  it("config mistakes each get one clear message: unknown key, bad entities, TypeScript that does not compile, no URL, bad URL", async () => {
    const bad = new TempProject("strata-bad-");
    try {
      bad.write("typo.config.ts", `export default { urls: "sqlite:///x.db" };\n`);
      const typo = await runCli(bad.dir, ["schema:log", "--config", "typo.config.ts"]);
      expect(typo.code).toBe(1);
      expect(typo.stderr).toContain(`has unknown key "urls"; the keys are url, driver, entities, migrations and collation.`);

      bad.write("plain.ts", "export class NotAnEntity {}\n");
      bad.write("entities.config.ts", `export default { entities: ["plain.ts"] };\n`);
      const noEntities = await runCli(bad.dir, ["schema:log", "-c", "entities.config.ts"], sqlite);
      expect(noEntities.code).toBe(1);
      expect(noEntities.stderr).toContain(`The entities path "plain.ts" exports no class decorated with @Table().`);

      bad.write("broken.config.ts", "export default { url: ;\n");
      const broken = await runCli(bad.dir, ["schema:log", "-c", "broken.config.ts"]);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toMatch(/^error \[CONFIG_ERROR\]: Cannot load the config file .*broken\.config\.ts: /);

      const noUrl = await runCli(project.dir, ["schema:log"]);
      expect(noUrl.code).toBe(1);
      expect(noUrl.stderr).toContain(
        `No database URL: set "url" in ${join(project.dir, "strata.config.ts")} or the DATABASE_URL environment variable.`,
      );

      const badUrl = await runCli(project.dir, ["schema:log"], { DATABASE_URL: "mongodb://localhost/x" });
      expect(badUrl.code).toBe(1);
      expect(badUrl.stderr).toContain(`error [CONFIG_ERROR]: Unsupported database URL scheme "mongodb"`);
    } finally {
      bad.remove();
    }
  });

  it("an unreachable server is a ConnectionError, not a stack trace", async () => {
    const { code, stderr } = await runCli(project.dir, ["migration:status"], { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/test" });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error \[CONNECTION_ERROR\]: /);
    expect(stderr).not.toContain("    at ");
  });

  it("names the target before it connects, with the password masked", async () => {
    const { code, stdout, stderr } = await runCli(project.dir, ["migration:status"], {
      DATABASE_URL: "postgresql://app:s3cret-pw@127.0.0.1:1/orders?schema=billing",
    });
    expect(code).toBe(1);
    expect(stdout).toBe(
      '-- Target: postgres database "orders", schema "billing" at postgresql://app:***@127.0.0.1:1/orders?schema=billing (from DATABASE_URL)\n',
    );
    expect(`${stdout}${stderr}`).not.toContain("s3cret");
  });

  it("a JSON config works too, and DATABASE_URL overrides its url", async () => {
    const json = new TempProject("strata-json-");
    try {
      json.write("strata.config.json", JSON.stringify({ url: "sqlite:///from-config.db", migrations: "db/migrations" }));
      const { code, stdout } = await runCli(json.dir, ["migration:status"], { DATABASE_URL: "sqlite:///from-env.db" });
      expect(code).toBe(0);
      expect(stdout).toBe(
        `-- Target: sqlite database ${JSON.stringify(join(json.dir, "from-env.db"))} at sqlite:///from-env.db (from DATABASE_URL, which overrides the url in strata.config.json)\n` +
          `Migrations in ${join(json.dir, "db", "migrations")}:\n  (no migration files yet: create one with migration:create or migration:generate)\n0 applied, 0 pending.\n`,
      );
      expect(existsSync(join(json.dir, "from-env.db"))).toBe(true);
      expect(existsSync(join(json.dir, "from-config.db"))).toBe(false);
    } finally {
      json.remove();
    }
  });

  it("migration:create writes an empty TypeScript migration with up() and down(); a bad name is refused", async () => {
    const { code, stdout } = await runCli(project.dir, ["migration:create", "add-notes"]);
    expect(code).toBe(0);
    const files = readdirSync(join(project.dir, "migrations"));
    expect(files).toEqual([expect.stringMatching(/^\d{14}-add-notes\.ts$/)]);
    expect(stdout).toBe(`✔ Created migrations/${files[0]}: fill in up() and down().\n`);
    const text = readFileSync(join(project.dir, "migrations", files[0]), "utf8");
    expect(text).toContain("export function up(m: MigrationBuilder): void {");
    expect(text).toContain("export function down(m: MigrationBuilder): void {");

    const bad = await runCli(project.dir, ["migration:create", "../escape"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`error [MIGRATION_FILE]: The migration name "../escape" may hold only letters, digits, "-" and "_"`);
  });

  it("schema:diagram prints a Mermaid ER diagram from the entities alone (no database)", async () => {
    const { code, stdout, stderr } = await runCli(project.dir, ["schema:diagram"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("erDiagram\n");
    expect(stdout).toContain("  books {\n    integer id PK\n    varchar(200) title\n");
    expect(stdout).toContain("    integer author_id FK\n");
    expect(stdout).toContain("    varchar(40) label UK\n");
    expect(stdout).toContain('  authors ||--o{ books : "author_id"\n');
    expect(stdout).toContain('  shelves |o--o{ books : "shelf_id"\n');
  });

  it("a config may list entity classes it imports itself (TypeScript, decorator metadata intact)", async () => {
    project.write(
      "classes.config.ts",
      `import { Author } from "./src/entities/author";\nimport { Book } from "./src/entities/book";\nexport default { entities: [Author, Book] };\n`,
    );
    const { code, stdout } = await runCli(project.dir, ["schema:diagram", "--config", "classes.config.ts"]);
    expect(code).toBe(0);
    // Book's relation brings Shelf in; id and name have no type option, so their types come from design:type.
    expect(stdout).toContain("  authors {\n    integer id PK\n    varchar(80) name\n  }\n");
    expect(stdout).toContain("  shelves {");
  });

  it("schema:diagram --svg renders an SVG file offline", async () => {
    const { code, stdout } = await runCli(project.dir, ["schema:diagram", "--svg", "er.svg"]);
    expect(code).toBe(0);
    expect(stdout).toBe("✔ Wrote er.svg (3 tables, 2 relationships).\n");
    const svg = readFileSync(join(project.dir, "er.svg"), "utf8");
    expect(svg).toContain("<svg");
    for (const text of ["authors", "books", "shelves", "author_id", "varchar(200)"]) expect(svg).toContain(`>${text}<`);
  });

  it("colours only when asked: none in a pipe or with NO_COLOR, ANSI codes with FORCE_COLOR", async () => {
    expect((await runCli(project.dir, ["schema:diagram", "--svg", "er.svg"])).stdout).not.toContain(ESC);
    expect((await runCli(project.dir, ["schema:diagram", "--svg", "er.svg"], { FORCE_COLOR: "1" })).stdout).toContain(`${ESC}32m✔`);
    expect((await runCli(project.dir, ["schema:diagram", "--svg", "er.svg"], { FORCE_COLOR: "1", NO_COLOR: "1" })).stdout).not.toContain(
      ESC,
    );
    const failure = await runCli(project.dir, ["schema:log"], { FORCE_COLOR: "1", DATABASE_URL: "nope://x" });
    expect(failure.stderr).toContain(`${ESC}31m`);
  });
});
