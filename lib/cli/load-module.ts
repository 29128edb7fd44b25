import { extname } from "node:path";
import { ConfigError } from "../errors";

const TYPESCRIPT = new Set([".ts", ".mts", ".cts"]);

/**
 * Require a user's file (config, entities, migrations). TypeScript needs the
 * SWC require hook, which the `strata` launcher registers when @swc/core is
 * installed; without it, say what to install instead of failing on syntax.
 */
export function loadUserModule(path: string, what: string): unknown {
  const extensions = require.extensions as Record<string, unknown> | undefined;
  if (TYPESCRIPT.has(extname(path)) && !extensions?.[extname(path)]) {
    throw new ConfigError(
      `Loading the TypeScript ${what} ${path} needs @swc/core, which compiles it on the fly: run "npm install --save-dev @swc/core", or compile it to JavaScript first.`,
    );
  }
  try {
    return require(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`Cannot load the ${what} ${path}: ${reason}`, { cause: error });
  }
}

/** The module's default export when it has one (ES modules, `export default`), else the module itself. */
export function defaultExport(module: unknown): unknown {
  if (module !== null && typeof module === "object" && "default" in module) return (module as { default: unknown }).default;
  return module;
}
