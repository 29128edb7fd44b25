import { createEngine as createCoreEngine, type Engine, type EngineOptions, type StartupCheck } from "../engine";
import { driftError, readLiveSchema, schemaDifferences } from "./schema-check";

/** The check createEngine's `schemaCheck` installs: the differences schema:check lists, warned about or thrown. */
function schemaStartupCheck(mode: "warn" | "error"): StartupCheck {
  return async (conn, engine) => {
    const differences = schemaDifferences(await readLiveSchema(conn), engine.metadata.tableSchemas, engine.dialect);
    if (differences.length === 0) return;
    const error = driftError(differences, `The ${engine.dialect.name} database at ${engine.url}`);
    if (mode === "error") throw error;
    process.emitWarning(error.message, { code: "STRATA_SCHEMA_DRIFT" });
  };
}

/**
 * Create an engine for a database URL: lib/engine's createEngine, plus the
 * check of the database against the entities that `schemaCheck` asks for
 * (run by the engine on its first use; the engine layer cannot import this
 * one, so the check is handed to it). This is the createEngine "strata-orm"
 * exports.
 *
 * ```ts
 * const engine = createEngine(process.env.DATABASE_URL!, { entities, schemaCheck: "error" });
 * await new Migrator(engine, { folder: "migrations" }).run(); // schema work first: not checked
 * await engine.execute(select(users));                      // checked here, once: SchemaDriftError if they differ
 * ```
 */
export function createEngine(url: string, options: EngineOptions = {}): Engine {
  const mode = options.schemaCheck;
  return createCoreEngine(url, options, mode === undefined ? undefined : schemaStartupCheck(mode));
}
