import { relative } from "node:path";
import type { Engine } from "../engine";
import type { ResolvedConfig } from "./config/strata-config";

/**
 * The line every command that touches a database prints first: which
 * database (dialect, name, PostgreSQL schema), at which masked URL, and
 * where the URL came from, so a DATABASE_URL left set in a shell never acts
 * unnoticed. A SQL comment, so output meant as a script stays one.
 */
export function targetLine(engine: Engine, config: Pick<ResolvedConfig, "file" | "urlSource" | "configUrl">, cwd = process.cwd()): string {
  const { dialect, database, params } = engine.config;
  const schema = params.schema ? `, schema ${JSON.stringify(params.schema)}` : "";
  const file = config.file === undefined ? "" : relative(cwd, config.file) || config.file;
  let source: string;
  if (config.urlSource === "DATABASE_URL") {
    const overrides = config.configUrl !== undefined && file ? `, which overrides the url in ${file}` : "";
    source = `from DATABASE_URL${overrides}`;
  } else source = `from ${file}`;
  return `-- Target: ${dialect} database ${JSON.stringify(database)}${schema} at ${engine.url} (${source})`;
}
