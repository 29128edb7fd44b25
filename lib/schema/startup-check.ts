import type { StartupCheck } from "../engine";
import { driftError, readLiveSchema, schemaDifferences } from "./schema-check";

/**
 * The check createEngine's `schemaCheck` asks for, for the engine to run on
 * its first use: the differences `strata schema:check` lists, warned about
 * through process.emitWarning ("warn") or thrown as SchemaDriftError
 * ("error"). The ORM's createEngine hands it to the engine, which sits below
 * this layer and cannot import it.
 */
export function schemaStartupCheck(mode: "warn" | "error"): StartupCheck {
  return async (conn, engine) => {
    const differences = schemaDifferences(await readLiveSchema(conn), engine.metadata.tableSchemas, engine.dialect);
    if (differences.length === 0) return;
    const error = driftError(differences, `The ${engine.dialect.name} database at ${engine.url}`);
    if (mode === "error") throw error;
    process.emitWarning(error.message, { code: "STRATA_SCHEMA_DRIFT" });
  };
}
