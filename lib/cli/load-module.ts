import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError } from "../errors";

const TYPESCRIPT = new Set([".ts", ".mts", ".cts"]);

/** Whether the nearest package.json above a file says "type": "module". */
function inModulePackage(file: string): boolean {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, "utf8")) as { type?: string }).type === "module";
      } catch {
        return false;
      }
    }
    if (dirname(dir) === dir) return false;
  }
}

/** Whether Node runs a file as an ES module: .mjs and .mts, and .js and .ts in a package of "type": "module". */
export function isEsModule(file: string): boolean {
  const ext = extname(file);
  if (ext === ".mjs" || ext === ".mts") return true;
  return (ext === ".js" || ext === ".ts") && inModulePackage(file);
}

/**
 * Load a user's file (config, entities) the way the application's own
 * program loads it: an ES module through import() (so top-level await and
 * import.meta work, and "./user.js" finds ./user.ts as with NodeNext), a
 * CommonJS file through require(). TypeScript needs the SWC hooks, which the
 * `strata` launcher registers when @swc/core is installed; without them, say
 * what to install instead of failing on syntax.
 */
export async function loadUserModule(path: string, what: string): Promise<unknown> {
  const extensions = require.extensions as Record<string, unknown> | undefined;
  if (TYPESCRIPT.has(extname(path)) && !extensions?.[extname(path)]) {
    throw new ConfigError(
      `Loading the TypeScript ${what} ${path} needs @swc/core, which compiles it on the fly: run "npm install --save-dev @swc/core", or compile it to JavaScript first.`,
    );
  }
  try {
    if (isEsModule(path)) return await import(pathToFileURL(path).href);
    return require(path);
  } catch (error) {
    throw new ConfigError(`Cannot load the ${what} ${path}: ${loadFailure(error, dirname(path))}`, { cause: error });
  }
}

/**
 * Why a module failed to load, in one line: for a missing import, which
 * file imports what (not Node's require stack); else the error's first line.
 */
export function loadFailure(error: unknown, base: string): string {
  const e = error as NodeJS.ErrnoException & { requireStack?: string[] };
  const message = String(e?.message ?? error);
  if (e?.code === "MODULE_NOT_FOUND" || e?.code === "ERR_MODULE_NOT_FOUND") {
    const found = /Cannot find (?:module|package) '([^']+)'(?: imported from (.+))?/.exec(message);
    const importer = e.requireStack?.[0] ?? found?.[2];
    if (found) {
      const missing = found[1].startsWith("/") ? `./${relative(base, found[1])}` : found[1];
      const from = importer ? `${relative(base, importer) || importer} imports` : "it imports";
      const bare = !/^[./]/.test(found[1]) && !found[1].startsWith("file:");
      const fix = bare
        ? `install the package (npm install ${found[1]
            .split("/")
            .slice(0, found[1].startsWith("@") ? 2 : 1)
            .join("/")})`
        : "check the path (a TypeScript source may import ./user.ts as ./user.js, as NodeNext resolution has it)";
      return `${from} "${missing}", which cannot be found: ${fix}.`;
    }
  }
  const name = error instanceof Error && error.name !== "Error" ? `${error.name}: ` : "";
  return `${name}${message.split("\n")[0]}`;
}

/** The module's default export when it has one (ES modules, `export default`), else the module itself. */
export function defaultExport(module: unknown): unknown {
  if (module !== null && typeof module === "object" && "default" in module) return (module as { default: unknown }).default;
  return module;
}
