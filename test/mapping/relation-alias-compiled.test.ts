import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

/**
 * Entity files that import each other (User <-> Task <-> Project, Student <->
 * Course, ...) must load under every compiler when relations are typed with
 * Relation<T>. Jest runs them through SWC; this compiles them with plain tsc
 * (experimentalDecorators + emitDecoratorMetadata, CommonJS) and loads the
 * output in a fresh node process, entering the cycle from each model file in
 * turn. esbuild is not a dependency of this project, so it is not covered here.
 */
const run = promisify(execFile);
const ROOT = join(__dirname, "../..");
const SEED = join(ROOT, "test/fixtures/seed-models");
const MODEL_FILES = readdirSync(SEED)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.replace(/\.ts$/, ".js"));

let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), "strata-tsc-seed-"));
  // --ignoreConfig: compile exactly these files with exactly these options, not the project's tsconfig.
  await run(
    process.execPath,
    [
      join(ROOT, "node_modules/typescript/bin/tsc"),
      "--ignoreConfig",
      ...["--outDir", outDir, "--rootDir", ROOT, "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022"],
      ...["--experimentalDecorators", "--emitDecoratorMetadata", "--strict", "--skipLibCheck", "--esModuleInterop", "--types", "node"],
      join(SEED, "index.ts"),
    ],
    { cwd: ROOT },
  );
}, 120_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("seed models compiled by tsc", () => {
  it("emits every model file", () => {
    expect(MODEL_FILES.filter((f) => !existsSync(join(outDir, "test/fixtures/seed-models", f)))).toEqual([]);
  });

  it.each(MODEL_FILES)("load with every relation resolved when %s is required first", async (entry) => {
    const { stdout } = await run(process.execPath, [join(__dirname, "load-compiled-seed.cjs"), outDir, entry], {
      cwd: ROOT,
      // The compiled files live outside the project; they find its packages (reflect-metadata, better-sqlite3) here.
      env: { ...process.env, NODE_PATH: join(ROOT, "node_modules") },
    });
    expect(JSON.parse(stdout)).toEqual({
      ownerDesignType: "Object",
      titleDesignType: "String",
      relations: [
        "Category.children -> Category",
        "Category.parent -> Category",
        "Course.students -> Student",
        "Profile.user -> User",
        "Project.members -> User",
        "Project.tasks -> Task",
        "Student.courses -> Course",
        "Task.owner -> User",
        "Task.project -> Project",
        "User.profile -> Profile",
        "User.project -> Project",
        "User.tasks -> Task",
      ],
      tables: [
        "categories",
        "courses",
        "document_versions",
        "documents",
        "enrollments",
        "profiles",
        "projects",
        "sqlite_sequence",
        "students",
        "tasks",
        "users",
      ],
      loaded: { isTask: true, title: "Plan", status: "pending", ownerId: 1 },
    });
  });
});
