import type { Engine } from "../engine";
import type { SchemaOperation } from "../sql/nodes/schema-operations";
import { compileOperations } from "./compile-operations";
import { refuseChangesRowsCannotTake } from "./data-checks";
import { diffSchema } from "./diff-schema";
import type { RenameCandidate, SchemaRename } from "./renames";
import { runSchemaChange } from "./run-schema-change";
import { SchemaChangeFailedError } from "./schema-errors";

/** Tables Strata keeps for itself; sync neither reports nor drops them. */
export const SCHEMA_SYNC_IGNORED_TABLES: readonly string[] = ["strata_migrations"];

/** What a sync would do: the operations, their SQL in run order, and what was found but left alone. */
export interface SyncPlan {
  readonly operations: SchemaOperation[];
  readonly statements: string[];
  readonly warnings: string[];
  /**
   * Likely renames (a column or table gone and a compatible one new) that
   * `renames` did not name: the plan adds the new one and keeps (or, with
   * allowDrop, drops) the old one, losing its data. Name them in `renames`
   * to keep it.
   */
  readonly renameCandidates: RenameCandidate[];
}

export interface PlanSyncOptions {
  /** Drop tables, columns, indexes and constraints only in the database (never by default: they are reported in `warnings`). */
  readonly allowDrop?: boolean;
  /** More tables to leave alone, besides SCHEMA_SYNC_IGNORED_TABLES. */
  readonly ignoreTables?: readonly string[];
  /**
   * Tables and columns renamed in the entities, renamed in the database with
   * their data: `[{ kind: "column", table: "users", from: "fullname", to: "name" }, { kind: "table", from: "people", to: "members" }]`.
   */
  readonly renames?: readonly SchemaRename[];
}

function diffOptions(options: PlanSyncOptions) {
  return {
    allowDrop: options.allowDrop,
    ignoreTables: [...SCHEMA_SYNC_IGNORED_TABLES, ...(options.ignoreTables ?? [])],
    renames: options.renames,
  };
}

/**
 * The likely renames planSync would list, found without checking any rows:
 * what a caller asks about before it plans (the checks of a plan without
 * its renames may refuse the very column that was renamed).
 */
export async function findSyncRenameCandidates(engine: Engine, options: PlanSyncOptions = {}): Promise<RenameCandidate[]> {
  return diffSchema(await engine.introspect(), engine.metadata.tableSchemas, engine.dialect, diffOptions(options)).renameCandidates;
}

/**
 * Read the database's schema, diff it against the engine's entities (and
 * their join tables) and compile the changes. Runs no change: the plan is
 * for printing (`schema:log`) or for applySync(). Refuses, with a
 * SchemaChangeRefusedError, changes the rows already there cannot take.
 * Renames happen only where `renames` names them; likely ones it does not
 * name are listed in `renameCandidates`.
 *
 * ```ts
 * const plan = await planSync(engine);
 * plan.statements; // ['ALTER TABLE "tasks" ADD COLUMN "due" date'] (PostgreSQL)
 * plan.warnings;   // ['Column tasks.old is in the database but not in the entities: kept (to drop it: allowDrop: true, or --allow-drop on the strata command line).']
 * ```
 */
export async function planSync(engine: Engine, options: PlanSyncOptions = {}): Promise<SyncPlan> {
  const live = await engine.introspect();
  const { operations, warnings, renameCandidates } = diffSchema(live, engine.metadata.tableSchemas, engine.dialect, diffOptions(options));
  // Compiled before the rows are checked: a default the database cannot take fails without a query.
  const statements = compileOperations(engine.dialect, operations);
  if (operations.length > 0) {
    await engine.connect((conn) => refuseChangesRowsCannotTake(conn, operations, renameCandidates), { startupCheck: false });
  }
  return { operations, statements, warnings, renameCandidates };
}

/**
 * Run a plan's statements in order: in one transaction where the database
 * can roll DDL back (PostgreSQL, SQLite: a failure leaves nothing changed).
 * On MySQL/MariaDB a failure after the first statement throws
 * SchemaChangeFailedError saying how many statements took effect before it.
 */
export async function applySync(
  engine: Engine,
  plan: Pick<SyncPlan, "statements">,
  options: { onStatement?: (sql: string) => void } = {},
): Promise<void> {
  if (plan.statements.length === 0) return;
  const { name, capabilities } = engine.dialect;
  const total = plan.statements.length;
  await runSchemaChange(engine, async (run) => {
    for (const [i, sql] of plan.statements.entries()) {
      options.onStatement?.(sql);
      try {
        await run(sql);
      } catch (error) {
        // Rolled back, or nothing ran before it: the database's own error says it all.
        if (capabilities.transactionalDdl || i === 0) throw error;
        const said = error instanceof Error ? error.message : String(error);
        throw new SchemaChangeFailedError(
          `Statement ${i + 1} of ${total} of the schema sync failed; ${name} cannot roll DDL back, so the ${i} before it stay applied. Run planSync again to see what is left. The database said: ${said}`,
          i,
          sql,
          { cause: error },
        );
      }
    }
  });
}
