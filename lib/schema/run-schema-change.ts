import type { Connection, Engine } from "../engine";

/** Runs one statement of a schema change, checking what it returns (see DdlCompiler.checkSchemaChangeResult). */
export type RunSchemaStatement = (sql: string) => Promise<void>;

/**
 * Run a schema change on one connection: the dialect's session settings
 * around it (SQLite turns foreign key enforcement off for table rebuilds,
 * which only works outside a transaction), and a transaction where the
 * database can roll DDL back. `run` checks each statement's result, so a
 * SQLite rebuild that breaks a foreign key fails and rolls back.
 *
 * ```ts
 * await runSchemaChange(engine, async (run) => {
 *   for (const sql of compileOperations(engine.dialect, operations)) await run(sql);
 * });
 * ```
 */
export async function runSchemaChange<T>(engine: Engine, fn: (run: RunSchemaStatement, conn: Connection) => Promise<T>): Promise<T> {
  const { ddl, capabilities } = engine.dialect;
  return engine.connect(async (conn) => {
    const run: RunSchemaStatement = async (sql) => {
      const result = await conn.runSql(sql);
      ddl.checkSchemaChangeResult(sql, result.rows);
    };
    for (const sql of ddl.schemaChangeSession.before) await conn.runSql(sql);
    let failed = false;
    try {
      return capabilities.transactionalDdl ? await conn.transaction(() => fn(run, conn)) : await fn(run, conn);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      for (const sql of ddl.schemaChangeSession.after) {
        // Restoring a setting must not hide the error that ended the change.
        await conn.runSql(sql).catch((error) => {
          if (!failed) throw error;
        });
      }
    }
  }, SCHEMA_WORK);
}

/** A schema change runs before the engine's startup check (it may be what makes the check pass). */
const SCHEMA_WORK = { startupCheck: false } as const;
