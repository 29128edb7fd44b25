/**
 * How `strata` loads a project's config and entities: ES modules through
 * import() (top-level await, import.meta, "./x.js" finding ./x.ts as with
 * NodeNext), CommonJS through require(), and a config that fails to load
 * said in one line. Spawns the real launcher; SQLite only (the loading is
 * the same for every database).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT, runCli } from "./support/run-cli";
import { TempProject } from "./support/temp-project";

/**
 * ES modules cannot import a folder: they name the library's index file.
 * Its TypeScript source is CommonJS to Node, whose names an ES module reads
 * from the default export (the packed package's ES-module entry has named
 * exports: test/samples/packed-projects.test.ts).
 */
const LIB_INDEX = JSON.stringify(join(REPO_ROOT, "lib", "index.ts"));
const IMPORT_LIB = `import strata from ${LIB_INDEX};
const { Column, PrimaryKey, Table } = strata;`;

const note = (type: "module" | "commonjs") => `${type === "module" ? IMPORT_LIB : `import { Column, PrimaryKey, Table } from ${LIB_INDEX};`}

@Table("notes")
export class Note {
  @PrimaryKey() id!: number;
  @Column({ length: 80 }) title!: string;
  @Column({ nullable: true, type: "timestamptz" }) due!: Date | null;
}
`;

describe("strata loads ES-module and CommonJS projects", () => {
  const projects: TempProject[] = [];
  afterAll(() => {
    for (const p of projects) p.remove();
  });

  function project(prefix: string, type: "module" | "commonjs"): TempProject {
    const p = new TempProject(prefix);
    projects.push(p);
    p.write("package.json", JSON.stringify({ name: prefix.replace(/-$/, ""), private: true, type }));
    p.write("src/note.ts", note(type));
    return p;
  }

  it("an ES-module config imports ./src/note.js (the .ts source), with top-level await and import.meta", async () => {
    const p = project("strata-esm-", "module");
    p.write(
      "strata.config.ts",
      `import { Note } from "./src/note.js";
const here = new URL(".", import.meta.url).pathname;
const url = await Promise.resolve("sqlite:///" + here + "esm.db");
export default { url, entities: [Note] };
`,
    );
    const { code, stdout, stderr } = await runCli(p.dir, ["schema:sync"]);
    expect(stderr).toBe("");
    expect(stdout).toContain('CREATE TABLE "notes"');
    expect(code).toBe(0);
  });

  it("entity folders of an ES-module project load as ES modules, importing each other by .js names", async () => {
    const p = project("strata-esm-folder-", "module");
    p.write(
      "src/entities/tag.ts",
      `${IMPORT_LIB}
import { TAG_LENGTH } from "./limits.js";

@Table("tags")
export class Tag {
  @PrimaryKey() id!: number;
  @Column({ length: TAG_LENGTH }) label!: string;
}
`,
    );
    p.write("src/entities/limits.ts", "export const TAG_LENGTH: number = 24;\n");
    p.write("strata.config.mts", `export default { url: "sqlite:///folder.db", entities: ["src/entities"] };\n`);
    const { code, stdout, stderr } = await runCli(p.dir, ["schema:log"]);
    expect(stderr).toBe("");
    expect(stdout).toContain('"label" VARCHAR(24) NOT NULL');
    expect(code).toBe(0);
  });

  it("a plain-JavaScript ES-module config (strata.config.mjs) and a CommonJS project's TypeScript entities", async () => {
    const p = project("strata-mjs-", "commonjs");
    p.write("strata.config.mjs", `export default { url: "sqlite:///mjs.db", entities: ["src/note.ts"] };\n`);
    const { code, stdout, stderr } = await runCli(p.dir, ["schema:sync"]);
    expect(stderr).toBe("");
    expect(stdout).toContain('CREATE TABLE "notes"');
    expect(code).toBe(0);
  });

  it("a config whose import is missing gets one line naming the importing file and the import, not a require stack", async () => {
    for (const type of ["module", "commonjs"] as const) {
      const p = project(`strata-missing-${type}-`, type);
      p.write("strata.config.ts", `import { Note } from "./src/models.js";\nexport default { url: "sqlite:///x.db", entities: [Note] };\n`);
      const { code, stderr } = await runCli(p.dir, ["schema:sync"]);
      expect(code).toBe(1);
      expect(stderr).toBe(
        `error [CONFIG_ERROR]: Cannot load the config file ${join(p.dir, "strata.config.ts")}: strata.config.ts imports "./src/models.js", which cannot be found: check the path (a TypeScript source may import ./user.ts as ./user.js, as NodeNext resolution has it).\n`,
      );
    }
  });

  it("a missing package is named with its install command", async () => {
    const p = project("strata-missing-package-", "commonjs");
    p.write("strata.config.ts", `import "@acme/strata-plugin/setup";\nexport default { url: "sqlite:///x.db" };\n`);
    const { code, stderr } = await runCli(p.dir, ["schema:log"]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `error [CONFIG_ERROR]: Cannot load the config file ${join(p.dir, "strata.config.ts")}: strata.config.ts imports "@acme/strata-plugin/setup", which cannot be found: install the package (npm install @acme/strata-plugin).\n`,
    );
  });

  it("node --import and node -r of the register hook run TypeScript in both kinds of project, decorator metadata kept", () => {
    const hook = join(REPO_ROOT, "lib", "cli", "register-typescript.cjs");
    for (const type of ["module", "commonjs"] as const) {
      const p = project(`strata-run-${type}-`, type);
      const specifier = type === "module" ? "./src/note.js" : "./src/note";
      p.write(
        "main.ts",
        `import { Note } from "${specifier}";
const kind = typeof require === "undefined" ? "module" : "commonjs";
console.log(kind, Reflect.getMetadata("design:type", Note.prototype, "title").name);
`,
      );
      for (const flag of ["--import", "-r"]) {
        const run = spawnSync(process.execPath, [flag, hook, "main.ts"], { cwd: p.dir, encoding: "utf8", timeout: 60_000 });
        expect({ flag, out: run.stdout.trim(), err: run.stderr }).toEqual({ flag, out: `${type} String`, err: "" });
      }
    }
  });
});

describe("the config's driver", () => {
  const p = new TempProject("strata-driver-");
  afterAll(() => p.remove());

  it("reaches the engine: sqlite3 for a sqlite:// URL, and a driver the URL contradicts or cannot use is refused", async () => {
    p.write("src/note.ts", note("commonjs"));
    p.write("strata.config.ts", `export default { url: "sqlite:///notes.db", driver: "sqlite3", entities: ["src/note.ts"] };\n`);
    const sync = await runCli(p.dir, ["schema:sync"]);
    expect(sync.stderr).toBe("");
    expect(sync.code).toBe(0);

    p.write(
      "other.config.ts",
      `export default { url: "sqlite+better-sqlite3:///notes.db", driver: "sqlite3", entities: ["src/note.ts"] };\n`,
    );
    const contradicted = await runCli(p.dir, ["schema:log", "-c", "other.config.ts"]);
    expect(contradicted.stderr).toContain('names the driver "better-sqlite3" and the option driver names "sqlite3"');

    p.write("pg.config.ts", `export default { url: "sqlite:///notes.db", driver: "pg", entities: ["src/note.ts"] };\n`);
    const wrong = await runCli(p.dir, ["schema:log", "-c", "pg.config.ts"]);
    expect(wrong.stderr).toContain('names the driver "pg", which Strata cannot use for sqlite');

    p.write("bad.config.ts", `export default { url: "sqlite:///notes.db", driver: "sqlite4" };\n`);
    const unknown = await runCli(p.dir, ["schema:log", "-c", "bad.config.ts"]);
    expect(unknown.stderr).toContain('"driver" in');
    expect(unknown.stderr).toContain('names a driver package: one of "better-sqlite3", "sqlite3", "pg", "mysql2".');
  });
});
