/**
 * Strata as a user gets it: this repository packed by `npm pack` (its
 * prepack builds dist/), installed from the tarball into fresh projects,
 * and each project run with the real `strata` binary and Node's own
 * flags. Three projects: the ES-module sample (samples/esm-project, on
 * sqlite3), the CommonJS sample (samples/cjs-project, on better-sqlite3),
 * and an empty folder set up by `strata init`.
 *
 * The install is offline-safe and fast: the tarball's dependencies come
 * from npm's cache (--prefer-offline; the repository's own install put
 * them there), and the native drivers, @swc/core and TypeScript are linked
 * from this checkout's node_modules rather than built again. SQLite only:
 * loading and packaging are the same for every database.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
/** Linked, not installed: native builds (sqlite3 takes ~70 s) and the toolchain the samples need. */
const LINKED = ["better-sqlite3", "sqlite3", "@swc", "typescript", "@types/node"];

let work: string;
let tarball: string;

function run(cwd: string, command: string, args: readonly string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Jest may set FORCE_COLOR in its workers; the config's URL, not the environment's, is the one under test.
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  delete env.DATABASE_URL;
  const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 120_000, env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, all: `${result.stdout}${result.stderr}` };
}

/** A project folder with strata-orm installed from the tarball and the linked packages beside it. */
function installProject(name: string, files?: string): string {
  const dir = join(work, name);
  if (files) cpSync(files, dir, { recursive: true });
  else mkdirSync(dir);
  if (!existsSync(join(dir, "package.json")))
    writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name, private: true }, null, 2)}\n`);
  const install = run(dir, "npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball]);
  // The output is part of the expectation, so a failed install shows why.
  expect({ code: install.code, output: install.code === 0 ? "" : install.all }).toEqual({ code: 0, output: "" });
  for (const pkg of LINKED) {
    const target = join(dir, "node_modules", pkg);
    mkdirSync(join(target, ".."), { recursive: true });
    if (!existsSync(target)) symlinkSync(join(ROOT, "node_modules", pkg), target);
  }
  return dir;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "strata-packed-"));
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  tarball = join(work, packed.trim().split("\n").at(-1) as string);
}, 180_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("ships the built library, its ES-module entries, the CLI and the register hooks, and nothing of the tests", () => {
    const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n");
    for (const file of [
      "package/dist/lib/index.js",
      "package/dist/lib/index.d.ts",
      "package/dist/esm/index.mjs",
      "package/dist/esm/migrations.mjs",
      "package/dist/lib/cli/main.js",
      "package/lib/cli/strata.cjs",
      "package/lib/cli/register-typescript.cjs",
      "package/lib/cli/typescript-hooks.mjs",
    ]) {
      expect(listing).toContain(file);
    }
    expect(listing.filter((f) => /^package\/(test|samples|tools|bench)\//.test(f))).toEqual([]);
  });
});

describe("an ES-module project (samples/esm-project)", () => {
  let dir: string;
  beforeAll(() => {
    dir = installProject("esm-project", join(ROOT, "samples", "esm-project"));
  }, 180_000);

  it("imports every name of strata-orm as a named export, the same objects require() gives", () => {
    const check = run(dir, process.execPath, [
      "--input-type=module",
      "-e",
      `import * as esm from "strata-orm";
import { createEngine, Session, Table } from "strata-orm";
import * as migrations from "strata-orm/migrations";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const cjs = require("strata-orm");
const missing = Object.keys(cjs).filter((name) => esm[name] !== cjs[name]);
console.log(JSON.stringify({ missing, named: [createEngine, Session, Table].every((f) => typeof f === "function"), migrator: typeof migrations.Migrator }));`,
    ]);
    expect(check.stderr).toBe("");
    expect(JSON.parse(check.stdout)).toEqual({ missing: [], named: true, migrator: "function" });
  });

  it("strata schema:sync creates the tables from the config's ES-module entities", () => {
    const sync = run(dir, join(dir, "node_modules", ".bin", "strata"), ["schema:sync"]);
    expect(sync.stderr).toBe("");
    expect(sync.stdout).toContain('CREATE TABLE "authors"');
    expect(sync.stdout).toContain('"bio" VARCHAR(200)');
    expect(sync.stdout).toContain('"price" DECIMAL_TEXT(8, 2) NOT NULL');
    expect(sync.code).toBe(0);
  });

  it("node --import strata-orm/register runs the program, with decorator metadata", () => {
    const program = run(dir, process.execPath, ["--import", "strata-orm/register", "src/main.ts"]);
    expect(program.stderr).toBe("");
    expect(program.stdout).toBe(
      "esm: The Dispossessed by Ursula K. Le Guin, 12.50, isbn 9780060512750 (bigint), driver sqlite3\nesm: running src/main.ts\n",
    );
  });

  it("typechecks with TypeScript 7 and the tsconfig strata init writes", () => {
    const tsc = run(dir, process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", "--noEmit"]);
    expect(tsc.all).toBe("");
    expect(tsc.code).toBe(0);
  });
});

describe("a CommonJS project (samples/cjs-project)", () => {
  let dir: string;
  beforeAll(() => {
    dir = installProject("cjs-project", join(ROOT, "samples", "cjs-project"));
  }, 180_000);

  it("require('strata-orm') works from plain JavaScript", () => {
    const check = run(dir, process.execPath, ["src/require-check.cjs"]);
    expect(check.stderr).toBe("");
    expect(check.stdout).toMatch(/^cjs require: true, \d+ names\n$/);
  });

  it("strata schema:sync, then node -r strata-orm/register (and --import) run the program", () => {
    const sync = run(dir, join(dir, "node_modules", ".bin", "strata"), ["schema:sync"]);
    expect(sync.stderr).toBe("");
    expect(sync.stdout).toContain('CREATE TABLE "books"');
    expect(sync.code).toBe(0);
    for (const flag of ["-r", "--import"]) {
      const program = run(dir, process.execPath, [flag, "strata-orm/register", "src/main.ts"]);
      expect(program.stderr).toBe("");
      expect(program.stdout).toBe(
        "cjs: Kindred by Octavia E. Butler, 9.99, isbn 9780807083697 (bigint), driver better-sqlite3\ncjs: module is CommonJS\n",
      );
    }
  });

  it("typechecks with TypeScript 7", () => {
    const tsc = run(dir, process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", "--noEmit"]);
    expect(tsc.all).toBe("");
    expect(tsc.code).toBe(0);
  });
});

describe("strata init in an empty folder", () => {
  let dir: string;
  beforeAll(() => {
    dir = installProject("init-project");
  }, 180_000);

  it("scaffolds a project that syncs, runs and typechecks with no edit, and keeps files without --force", () => {
    const before = readdirSync(dir).sort();
    const init = run(dir, "npx", ["strata", "init", "--url", "sqlite:///app.db"]);
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    for (const path of ["strata.config.ts", "src/entities/task.ts", "src/main.ts", "tsconfig.json", "migrations/.gitkeep"]) {
      expect(existsSync(join(dir, path))).toBe(true);
    }
    expect(readdirSync(dir).sort()).toEqual([...before, "migrations", "src", "strata.config.ts", "tsconfig.json"].sort());
    const tsconfig = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8")).compilerOptions;
    expect(tsconfig).toMatchObject({
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      types: ["node"],
      lib: ["ES2023", "ESNext.Disposable"],
    });

    const sync = run(dir, "npx", ["strata", "schema:sync"]);
    expect(sync.stderr).toBe("");
    expect(sync.stdout).toContain('CREATE TABLE "tasks"');
    expect(sync.code).toBe(0);

    const program = run(dir, process.execPath, ["--import", "strata-orm/register", "src/main.ts"]);
    expect(program.stderr).toBe("");
    expect(program.stdout).toBe("1 open task(s); the newest is #1: Try Strata\n");

    const tsc = run(dir, process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", "--noEmit"]);
    expect(tsc.all).toBe("");

    writeFileSync(join(dir, "src", "main.ts"), "// mine\n");
    const again = run(dir, "npx", ["strata", "init", "--url", "sqlite:///other.db"]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("warning: kept src/main.ts, which exists (--force overwrites it).");
    expect(again.stderr).toContain("warning: strata.config.ts exists, so --url sqlite:///other.db was not written to it");
    expect(readFileSync(join(dir, "src", "main.ts"), "utf8")).toBe("// mine\n");
    expect(readFileSync(join(dir, "strata.config.ts"), "utf8")).toContain('url: "sqlite:///app.db"');

    const forced = run(dir, "npx", ["strata", "init", "--url", "sqlite:///other.db", "--force"]);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, "src", "main.ts"), "utf8")).not.toBe("// mine\n");
    expect(readFileSync(join(dir, "strata.config.ts"), "utf8")).toContain('url: "sqlite:///other.db"');
  });

  it('the same scaffold works as an ES-module project ("type": "module"), its imports being .js names', () => {
    const manifest = join(dir, "package.json");
    writeFileSync(manifest, `${JSON.stringify({ ...JSON.parse(readFileSync(manifest, "utf8")), type: "module" }, null, 2)}\n`);
    const sync = run(dir, "npx", ["strata", "schema:sync"]);
    expect(sync.stderr).toBe("");
    expect(sync.code).toBe(0);
    const program = run(dir, process.execPath, ["--import", "strata-orm/register", "src/main.ts"]);
    expect(program.stderr).toBe("");
    expect(program.stdout).toBe("1 open task(s); the newest is #1: Try Strata\n");
    const tsc = run(dir, process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", "--noEmit"]);
    expect(tsc.all).toBe("");
  });

  it("asks for the database on a terminal, and the answer becomes the config's url", () => {
    const fresh = join(work, "init-asks");
    mkdirSync(fresh);
    // script(1) gives the command a terminal; the answer is typed on its input.
    const asked = spawnSync(
      "script",
      ["-qec", `${process.execPath} ${join(dir, "node_modules", ".bin", "strata")} init --no-color`, "/dev/null"],
      { cwd: fresh, input: "sqlite:///asked.db\n", encoding: "utf8", timeout: 60_000 },
    );
    expect(asked.stdout).toContain(
      "Database URL (e.g. postgresql://user:password@localhost:5432/app, mysql://root@localhost/app) [sqlite:///app.db]:",
    );
    expect(asked.status).toBe(0);
    expect(readFileSync(join(fresh, "strata.config.ts"), "utf8")).toContain('url: "sqlite:///asked.db"');
  });
});
