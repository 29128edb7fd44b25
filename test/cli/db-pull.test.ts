import { execFile } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine, type Engine, type EntityClass } from "../../lib";
import { entities as taskTrackerEntities } from "../../samples/task-tracker/models";
import { everyKindEntities } from "../fixtures/every-kind";
import { MUSIC_STORE, MUSIC_STORE_TABLES } from "../fixtures/music-store/schema";
import { describeEachDialect, type TestDatabase } from "../support/test-database";
import { type CliResult, REPO_ROOT, runCli, withoutTarget } from "./support/run-cli";
import { TempProject } from "./support/temp-project";

function run(command: string, args: readonly string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * A project as a user's: "strata-orm" installed (a package in node_modules
 * that is this checkout's library), a tsconfig with strict checks and
 * decorator metadata, and the pulled files under src/.
 */
function userProject(): TempProject {
  const project = new TempProject("strata-pull-");
  const lib = join(REPO_ROOT, "lib");
  project.write("node_modules/strata-orm/package.json", JSON.stringify({ name: "strata-orm", main: "index.js", types: "index.d.ts" }));
  project.write("node_modules/strata-orm/index.js", `module.exports = require(${JSON.stringify(join(lib, "index.ts"))});\n`);
  project.write("node_modules/strata-orm/index.d.ts", `export * from ${JSON.stringify(join(lib, "index"))};\n`);
  project.write(
    "tsconfig.json",
    JSON.stringify({
      compilerOptions: {
        strict: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        target: "es2022",
        module: "nodenext",
        lib: ["ES2023"],
        types: ["node"],
        typeRoots: [join(REPO_ROOT, "node_modules", "@types")],
        skipLibCheck: true,
        noEmit: true,
      },
      include: ["src"],
    }),
  );
  return project;
}

interface Schema {
  readonly name: string;
  readonly create: (db: TestDatabase) => Promise<void>;
  readonly drop: (db: TestDatabase) => Promise<void>;
  readonly files: string[];
}

function created(entities: EntityClass[]): Pick<Schema, "create" | "drop"> {
  return {
    create: (db) => db.engine({ entities }).createAll(),
    drop: (db) => db.engine({ entities }).dropAll(),
  };
}

const SCHEMAS: Schema[] = [
  {
    name: "the test suite's model of every column and relation kind",
    ...created(everyKindEntities),
    files: ["author.ts", "book.ts", "every-column.ts", "index.ts", "passport.ts", "tag.ts"],
  },
  {
    name: "the task tracker sample",
    ...created(taskTrackerEntities),
    files: ["course.ts", "index.ts", "profile.ts", "project.ts", "student.ts", "task.ts", "user.ts"],
  },
  {
    name: "a music store schema written by hand (PascalCase, unnamed SQLite keys, TIMESTAMP, NO ACTION)",
    create: (db) =>
      db.engine().connect(async (conn) => {
        for (const sql of MUSIC_STORE[db.dialect]) await conn.runSql(sql);
      }),
    drop: async (db) => {
      const engine = db.engine();
      const q = engine.dialect.compiler.quoteIdentifier.bind(engine.dialect.compiler);
      for (const t of MUSIC_STORE_TABLES) await engine.connect((conn) => conn.runSql(`DROP TABLE ${q(t)}`));
    },
    files: ["album.ts", "artist.ts", "employee.ts", "index.ts", "playlist.ts", "track.ts"],
  },
];

describeEachDialect("strata db:pull", (db) => {
  let project: TempProject;
  const cli = async (...args: string[]) => withoutTarget(await runCli(project.dir, args, { DATABASE_URL: db.url }));

  beforeAll(() => {
    project = userProject();
    project.writeConfig({ entities: "src/entities" });
  });
  afterAll(() => project.remove());

  it.each(SCHEMAS.map((s, i) => [s.name, i]))(
    "%s: one formatted file per entity and an index, all compiling with tsc; schema:log with them finds 0 statements",
    async (_name, i) => {
      const schema = SCHEMAS[i as number];
      const folder = `src/pulled-${i}`;
      await schema.create(db);
      try {
        project.writeConfig({ entities: folder });
        const pulled = await cli("db:pull");
        expect(pulled.stderr).toBe("");
        expect(pulled.code).toBe(0);
        expect(pulled.stdout).toBe(
          `✔ Wrote ${schema.files.length - 1} entities and an index to ${folder}: ${schema.files.filter((f) => f !== "index.ts").join(", ")}.\n`,
        );
        const dir = join(project.dir, folder);
        expect(readdirSync(dir).sort()).toEqual(schema.files);
        for (const file of schema.files) expect(readFileSync(join(dir, file), "utf8")).toMatch(/from "(strata-orm|\.\/[a-z-]+)";\n/);

        // Formatted as the repository's formatter would (layout and sorted imports), and lint-clean.
        const biome = await run(join(REPO_ROOT, "node_modules", ".bin", "biome"), ["check", "--config-path", REPO_ROOT, dir], project.dir);
        expect(`${biome.stdout}${biome.stderr}`).toMatch(/Checked \d+ files/);
        expect(biome.code).toBe(0);

        // The round trip: the pulled entities describe the database exactly.
        const log = await cli("schema:log");
        expect(log.stderr).toBe("");
        expect(log.stdout).toBe("-- 0 statements to run; nothing was changed.\n");
        expect((await cli("schema:check")).code).toBe(0);
      } finally {
        await schema.drop(db);
      }
    },
  );

  it("every pulled file compiles with tsc, strict, as the user's project compiles it", async () => {
    writeFileSync(
      join(project.dir, "src", "use.ts"),
      `import { entities } from "./pulled-2";\nexport const count: number = entities.length;\n`,
    );
    const tsc = await run(join(REPO_ROOT, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json", "--pretty", "false"], project.dir);
    expect(tsc.stdout).toBe("");
    expect(tsc.code).toBe(0);
  });

  it("writes explicit names where Strata's naming would differ, relations from foreign keys and join tables, and the actions and precision the schema has", async () => {
    const musicStore = SCHEMAS[2];
    await musicStore.create(db);
    try {
      expect((await cli("db:pull", "--out", "src/music")).code).toBe(0);
    } finally {
      await musicStore.drop(db);
    }
    const dir = join(project.dir, "src", "music");
    const read = (file: string) => readFileSync(join(dir, file), "utf8");
    const noAction = db.dialect === "mysql" ? ', onDelete: "no action", onUpdate: "no action"' : "";
    expect(read("artist.ts")).toContain(
      '@Table("Artist")\nexport class Artist {\n  @PrimaryKey({ name: "ArtistId" }) artistId!: number;\n',
    );
    expect(read("album.ts")).toContain(
      `  @ManyToOne(\n    () => Artist,\n    (a) => a.albums,\n    { ${noAction ? `${noAction.slice(2)}, ` : ""}joinColumn: "ArtistId" },\n  )\n  artist!: Relation<Artist>;\n`,
    );
    // A self-reference: the many-to-one and its other side on the same class.
    const employee = read("employee.ts");
    expect(employee).toContain(
      `    () => Employee,\n    (e) => e.reportsToEmployees,\n    { nullable: true${noAction}, joinColumn: "ReportsTo" },\n  )\n  reportsTo!: Relation<Employee> | null;`,
    );
    expect(employee).toContain("  reportsToEmployees!: Relation<Employee>[];");
    const precision = { sqlite: "", postgres: ", precision: 6", mysql: ", precision: 0" }[db.dialect];
    const kind = db.dialect === "mysql" ? "timestamptz" : "datetime";
    expect(employee).toContain(`  @Column({ name: "HireDate", type: "${kind}"${precision}, nullable: true }) hireDate!: Date | null;`);
    // The pure join table is a many-to-many with its names and its actions (NO ACTION: the default there is CASCADE).
    const flat = (text: string) => text.replace(/,\s*([}\])])/g, " $1").replace(/\s+/g, " ");
    expect(flat(read("playlist.ts"))).toContain(
      `@ManyToMany( () => Track, (t) => t.playlists, { joinTable: { name: "PlaylistTrack", joinColumn: "PlaylistId", inverseJoinColumn: "TrackId", onDelete: "no action"${db.dialect === "mysql" ? ', onUpdate: "no action"' : ""} } } ) tracks!: Relation<Track>[];`,
    );
    expect(flat(read("track.ts"))).toContain("@ManyToMany( () => Playlist, (p) => p.tracks ) playlists!: Relation<Playlist>[];");
    expect(read("index.ts")).toBe(
      `import { Album } from "./album";\nimport { Artist } from "./artist";\nimport { Employee } from "./employee";\nimport { Playlist } from "./playlist";\nimport { Track } from "./track";\n\nexport { Album, Artist, Employee, Playlist, Track };\n\n/** Every entity "strata db:pull" wrote, for createEngine({ entities }) and strata.config.ts. */\nexport const entities = [Album, Artist, Employee, Playlist, Track];\n`,
    );
  });

  it("refuses to overwrite files without --force, and says what it could not map", async () => {
    const engine: Engine = createEngine(db.url);
    try {
      await engine.connect(async (conn) => {
        await conn.runSql("CREATE TABLE pull_log (message varchar(50))");
        await conn.runSql("CREATE TABLE pull_notes (id integer PRIMARY KEY, body varchar(50))");
      });
      project.writeConfig({ entities: "src/notes" });
      const first = await cli("db:pull");
      expect(first.code).toBe(0);
      expect(first.stderr).toBe("warning: Table pull_log has no primary key, which every entity needs: not pulled.\n");
      const again = await cli("db:pull");
      expect(again.code).toBe(1);
      expect(again.stderr).toContain("error [USAGE_ERROR]: 2 files would be overwritten (");
      expect(again.stderr).toContain("nothing was written. Pass --force to overwrite, or --out <folder> to write elsewhere.");
      expect((await cli("db:pull", "--force")).code).toBe(0);
    } finally {
      await engine.connect(async (conn) => {
        await conn.runSql("DROP TABLE pull_log");
        await conn.runSql("DROP TABLE pull_notes");
      });
      await engine.dispose();
    }
  });
});
