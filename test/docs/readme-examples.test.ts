/**
 * Every TypeScript example in README.md compiles, and the self-contained ones
 * run, so the guide cannot drift from the library.
 *
 * How to write README examples so this check can read them:
 *
 * - Each ```ts block is its own module, written to a temp folder. Imports
 *   from "strata-orm" (and "strata-orm/cli") are pointed at this repository's
 *   lib/, so the examples compile against the sources, as the package will.
 * - A block whose first line is a file name comment (`// models.ts`) is a
 *   file: written as it is, under that name, for other blocks to import
 *   (`import { User } from "./models"`). Files export; they cannot use
 *   top-level await.
 * - Any other block is a script: its imports stay at the top and the rest runs
 *   inside an async function, so it may use top-level `await`, as readers
 *   would in an ES module. Its imports come before anything else.
 * - ```ts runnable marks a script that needs nothing but SQLite: it is also
 *   run (with the SWC hook `npm run sample` uses, its working directory the
 *   temp folder) and must exit 0. Other blocks (say, ones that need a
 *   PostgreSQL server) are only type-checked.
 *
 * All blocks are type-checked together by the repository's TypeScript with
 * strict settings and decorator metadata, as a user's project would; a
 * failing block is named by its README line and section.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CodeBlock, describeBlock, extractTsBlocks, toModule } from "./readme-blocks";

const REPO = join(__dirname, "..", "..");
const BLOCKS = extractTsBlocks(readFileSync(join(REPO, "README.md"), "utf8"));

interface Run {
  readonly code: number;
  readonly output: string;
}

function run(command: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

let dir: string;
/** Compiler errors by generated file name; errors outside the blocks' files under "". */
const errors = new Map<string, string[]>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "strata-readme-"));
  const names = new Set<string>();
  for (const block of BLOCKS) {
    if (names.has(block.fileName)) throw new Error(`${describeBlock(block)}: another README block is already named ${block.fileName}.`);
    names.add(block.fileName);
    writeFileSync(join(dir, block.fileName), toModule(block, dir, join(REPO, "lib")));
  }
  const tsconfig = {
    compilerOptions: {
      strict: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      target: "es2022",
      module: "nodenext",
      lib: ["ES2023"],
      types: ["node"],
      // The temp folder has no node_modules of its own; @types/node comes from the repository's.
      typeRoots: [join(REPO, "node_modules", "@types")],
      skipLibCheck: true,
      noEmit: true,
    },
    files: [...names],
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  const tsc = await run(join(REPO, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json", "--pretty", "false"], dir);
  let key = "";
  for (const line of tsc.output.split("\n").filter((l) => l.trim() !== "")) {
    const at = /^([\w.-]+\.ts)\((\d+),(\d+)\): (.*)$/.exec(line);
    const block = at ? BLOCKS.find((b) => b.fileName === at[1]) : undefined;
    // An indented line continues the error above it.
    if (!/^\s/.test(line)) key = block ? block.fileName : "";
    // Line n of a block's file is line (fence + n) of the README: the generated files keep line numbers.
    const message = block && at ? `README.md:${block.line + Number(at[2])}:${at[3]} ${at[4]}` : line;
    errors.set(key, [...(errors.get(key) ?? []), message]);
  }
  if (tsc.code !== 0 && errors.size === 0) errors.set("", [`tsc exited with ${tsc.code}: ${tsc.output}`]);
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("README.md examples", () => {
  it("has TypeScript examples, some of them runnable", () => {
    expect(BLOCKS.length).toBeGreaterThanOrEqual(8);
    expect(BLOCKS.filter((b) => b.runnable).length).toBeGreaterThanOrEqual(5);
    expect(BLOCKS.filter((b) => b.runnable && b.isFile)).toEqual([]);
  });

  it("type-check without errors outside the examples' own lines", () => {
    expect(errors.get("") ?? []).toEqual([]);
  });

  it.each(BLOCKS.map((b): [string, CodeBlock] => [describeBlock(b), b]))("%s compiles", (_name, block) => {
    expect(errors.get(block.fileName) ?? []).toEqual([]);
  });

  const runnable = BLOCKS.filter((b) => b.runnable);
  it.each(runnable.map((b): [string, CodeBlock] => [describeBlock(b), b]))(
    "%s runs on SQLite and exits 0",
    async (_name, block) => {
      const result = await run(process.execPath, ["-r", join(REPO, "lib", "cli", "register-typescript.cjs"), block.fileName], dir);
      expect({ code: result.code, output: result.code === 0 ? "" : result.output }).toEqual({ code: 0, output: "" });
    },
    60_000,
  );
});
