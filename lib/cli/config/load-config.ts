import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { ConfigError } from "../../errors";
import { type EntityClass, tableRecordOf } from "../../metadata";
import { defaultExport, loadUserModule } from "../load-module";
import type { ResolvedConfig, StrataConfig } from "./strata-config";

/** Looked for in the working directory, in this order. */
export const CONFIG_FILES = [
  "strata.config.ts",
  "strata.config.mts",
  "strata.config.cts",
  "strata.config.js",
  "strata.config.cjs",
  "strata.config.mjs",
  "strata.config.json",
];

const KEYS = new Set(["url", "driver", "entities", "migrations", "collation"]);
/** The driver names createEngine's option takes (it checks that the URL's dialect has the one named). */
const ALL_DRIVERS: readonly string[] = ["better-sqlite3", "sqlite3", "pg", "mysql2"];
const CODE = new Set([".ts", ".mts", ".cts", ".js", ".cjs", ".mjs"]);

function findConfig(cwd: string, explicit: string | undefined): string {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path) || !statSync(path).isFile()) throw new ConfigError(`The config file ${path} (from --config) does not exist.`);
    return path;
  }
  for (const name of CONFIG_FILES) {
    const path = join(cwd, name);
    if (existsSync(path)) return path;
  }
  throw new ConfigError(
    `No Strata config in ${cwd}: create strata.config.ts (or .js or .json) exporting { url, entities, migrations }, or pass --config <file>.`,
  );
}

function isEntityClass(value: unknown): value is EntityClass {
  return typeof value === "function" && tableRecordOf(value as EntityClass) !== undefined;
}

/** Every code file under a folder, recursively, skipping declaration and test files. */
function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "node_modules" ? [] : codeFiles(path);
      const testOrTypes = /\.(d|test|spec)\.[cm]?[jt]s$/.test(entry.name);
      return CODE.has(extname(entry.name)) && !testOrTypes ? [path] : [];
    });
}

/** The entity classes a path stands for: the @Table classes its file (or every file of its folder) exports. */
async function entitiesAt(base: string, path: string): Promise<EntityClass[]> {
  const full = resolve(base, path);
  if (!existsSync(full)) throw new ConfigError(`The entities path "${path}" does not exist (looked for ${full}).`);
  const files = statSync(full).isDirectory() ? codeFiles(full) : [full];
  const found: EntityClass[] = [];
  for (const file of files) found.push(...Object.values((await loadUserModule(file, "entity file")) as object).filter(isEntityClass));
  if (found.length === 0) throw new ConfigError(`The entities path "${path}" exports no class decorated with @Table().`);
  return found;
}

async function resolveEntities(base: string, entities: unknown): Promise<EntityClass[]> {
  if (entities === undefined) return [];
  if (!Array.isArray(entities))
    throw new ConfigError(`"entities" in the config must be a list of entity classes or paths, got ${typeof entities}.`);
  const classes: EntityClass[] = [];
  for (const [i, item] of entities.entries()) {
    if (typeof item === "string") classes.push(...(await entitiesAt(base, item)));
    else if (isEntityClass(item)) classes.push(item);
    else {
      const what = typeof item === "function" ? `the class ${item.name || "(anonymous)"}, which has no @Table() decorator` : String(item);
      throw new ConfigError(
        `entities[${i}] in the config is ${what}; list classes decorated with @Table(), or paths of files exporting them.`,
      );
    }
  }
  return [...new Set(classes)];
}

function checkShape(file: string, config: unknown): StrataConfig {
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new ConfigError(`${file} must export an object { url, entities, migrations } (as its default export or module.exports).`);
  }
  const unknown = Object.keys(config).filter((k) => !KEYS.has(k));
  if (unknown.length > 0) {
    throw new ConfigError(
      `${file} has unknown key${unknown.length === 1 ? "" : "s"} ${unknown.map((k) => `"${k}"`).join(", ")}; the keys are url, driver, entities, migrations and collation.`,
    );
  }
  const { url, driver, migrations, collation } = config as StrataConfig;
  if (url !== undefined && typeof url !== "string") throw new ConfigError(`"url" in ${file} must be a string such as "sqlite:///dev.db".`);
  if (driver !== undefined && (typeof driver !== "string" || !ALL_DRIVERS.includes(driver))) {
    throw new ConfigError(`"driver" in ${file} names a driver package: one of ${ALL_DRIVERS.map((d) => `"${d}"`).join(", ")}.`);
  }
  if (migrations !== undefined && (typeof migrations !== "string" || migrations === "")) {
    throw new ConfigError(`"migrations" in ${file} must be the path of a folder, such as "migrations".`);
  }
  if (collation !== undefined && (typeof collation !== "string" || collation.trim() === "")) {
    throw new ConfigError(`"collation" in ${file} must be the name of one of the database's collations, such as "utf8mb4_unicode_ci".`);
  }
  return config as StrataConfig;
}

/**
 * Find and load the project's config: `--config <file>`, or the first
 * strata.config.* in the working directory. DATABASE_URL, when set and not
 * empty, replaces its url.
 */
export async function loadConfig(options: {
  cwd: string;
  configFile?: string;
  env: NodeJS.ProcessEnv;
  /** false: leave the entity paths unloaded (db:pull writes the entities they will name). */
  loadEntities?: boolean;
}): Promise<ResolvedConfig> {
  const file = findConfig(options.cwd, options.configFile);
  let exported = defaultExport(await loadUserModule(file, "config file"));
  if (typeof exported === "function") exported = await (exported as () => unknown)();
  const config = checkShape(file, exported);
  const base = dirname(file);
  const envUrl = options.env.DATABASE_URL;
  const fromEnv = envUrl !== undefined && envUrl.trim() !== "";
  return {
    file,
    url: fromEnv ? envUrl : config.url,
    urlSource: fromEnv ? "DATABASE_URL" : "config",
    ...(fromEnv && config.url !== undefined ? { configUrl: config.url } : {}),
    entities: options.loadEntities === false ? [] : await resolveEntities(base, config.entities),
    entityPaths: Array.isArray(config.entities)
      ? config.entities.filter((e): e is string => typeof e === "string").map((p) => resolve(base, p))
      : [],
    migrationsFolder: resolve(base, config.migrations ?? "migrations"),
    ...(config.collation !== undefined ? { collation: config.collation } : {}),
    ...(config.driver !== undefined ? { driver: config.driver } : {}),
  };
}
