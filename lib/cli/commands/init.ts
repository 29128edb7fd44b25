import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import { parseDatabaseUrl } from "../../engine/url";
import { commandAction } from "../command-action";
import { configSource, EXAMPLE_ENTITY, exampleProgram, REQUIRED_COMPILER_OPTIONS, tsconfigJson } from "../init/scaffold-files";
import type { Output } from "../output";

const DEFAULT_URL = "sqlite:///app.db";

/** The driver package to install for a URL, unless the project has one of them. */
const DRIVER_PACKAGES = { sqlite: ["better-sqlite3", "sqlite3"], postgres: ["pg"], mysql: ["mysql2"] } as const;

interface InitOptions {
  readonly url?: string;
  readonly force?: boolean;
}

/** The database URL: --url, else asked on a terminal, else the default (said so). */
async function databaseUrl(options: InitOptions, out: Output): Promise<string> {
  if (options.url !== undefined) return options.url;
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    out.line(`Database: ${DEFAULT_URL} (no terminal to ask on; pass --url <url> for another).`);
    return DEFAULT_URL;
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await prompt.question(
      `Database URL (e.g. postgresql://user:password@localhost:5432/app, mysql://root@localhost/app) [${DEFAULT_URL}]: `,
    );
    return answer.trim() || DEFAULT_URL;
  } finally {
    prompt.close();
  }
}

/** A package the project can load, looked up from its folder. */
function installedIn(cwd: string, name: string): boolean {
  try {
    require.resolve(name, { paths: [cwd] });
    return true;
  } catch {
    return false;
  }
}

/** The settings an existing tsconfig.json lacks (it is JSON with comments at most: those are dropped to read it). */
function missingTsconfigOptions(path: string): string[] | undefined {
  let options: Record<string, unknown>;
  try {
    const text = readFileSync(path, "utf8").replace(/^\s*\/\/.*$/gm, "");
    options = (JSON.parse(text) as { compilerOptions?: Record<string, unknown> }).compilerOptions ?? {};
  } catch {
    return undefined;
  }
  return Object.entries(REQUIRED_COMPILER_OPTIONS)
    .filter(([key, { value }]) => {
      const have = options[key];
      if (Array.isArray(value)) {
        const list = Array.isArray(have) ? have.map((v) => String(v).toLowerCase()) : [];
        return key === "lib"
          ? !list.some((l) => l === "esnext" || l === "esnext.disposable")
          : !value.every((v) => list.includes(String(v)));
      }
      return have !== value;
    })
    .map(([key, { value, why }]) => `"${key}": ${JSON.stringify(value)} (${why})`);
}

export function registerInit(program: Command): void {
  program
    .command("init")
    .description("scaffold a project: strata.config.ts, src/entities with an example entity, src/main.ts, migrations/, tsconfig.json")
    .option("--url <url>", `the database URL (default: asked on a terminal, else ${DEFAULT_URL})`)
    .option("--force", "overwrite files that exist (otherwise they are kept)")
    .action(
      commandAction(async (ctx, options: InitOptions) => {
        const cwd = process.cwd();
        const out = ctx.out;
        const url = await databaseUrl(options, out);
        const dialect = parseDatabaseUrl(url).dialect;
        const kept: string[] = [];
        const write = (path: string, text: string) => {
          const full = join(cwd, path);
          if (existsSync(full) && !options.force) {
            kept.push(path);
            return;
          }
          mkdirSync(dirname(full), { recursive: true });
          writeFileSync(full, text);
          out.success(`wrote ${path}`);
        };
        write("strata.config.ts", configSource(url));
        write(join("src", "entities", "task.ts"), EXAMPLE_ENTITY);
        write(join("src", "main.ts"), exampleProgram());
        const tsconfig = join(cwd, "tsconfig.json");
        const tsconfigExisted = existsSync(tsconfig);
        write("tsconfig.json", tsconfigJson());
        if (!existsSync(join(cwd, "migrations"))) {
          mkdirSync(join(cwd, "migrations"));
          writeFileSync(join(cwd, "migrations", ".gitkeep"), "");
          out.success("created migrations/");
        }
        for (const path of kept) out.warn(`kept ${path}, which exists (--force overwrites it).`);
        if (tsconfigExisted && !options.force) {
          const missing = missingTsconfigOptions(tsconfig);
          if (missing === undefined) out.warn("could not read tsconfig.json to check it; compare it with the README's.");
          else if (missing.length > 0) out.warn(`tsconfig.json needs, in compilerOptions:\n  ${missing.join("\n  ")}`);
        }
        const install = ["strata-orm", "reflect-metadata", "@swc/core", "typescript", "@types/node"].filter((p) => !installedIn(cwd, p));
        const drivers = DRIVER_PACKAGES[dialect];
        if (!drivers.some((d) => installedIn(cwd, d))) install.push(drivers[0]);
        out.line();
        out.line("Next:");
        if (install.length > 0) out.line(`  npm install ${install.join(" ")}`);
        out.line("  npx strata schema:sync                          # create the tables of src/entities");
        out.line("  node --import strata-orm/register src/main.ts   # run the example program");
        out.line("  npx strata migration:generate <name>            # once the database holds data, change it by migrations");
        if (kept.includes("strata.config.ts") && options.url !== undefined) {
          out.warn(`strata.config.ts exists, so --url ${url} was not written to it: edit its url, or run strata init --force.`);
        }
      }),
    );
}
