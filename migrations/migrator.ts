import type { Connection, Engine } from "../lib/engine";
import { MigrationBlockedError, MigrationError, MigrationFileError, MigrationLockError, StrataError, TimeoutError } from "../lib/errors";
import { type MigrationStep, RecordingMigrationBuilder } from "./migration-builder";
import { LEDGER_TABLE, type LedgerRow, type LedgerStatus, MigrationLedger } from "./migration-ledger";
import { acquireMigrationLock } from "./migration-lock";
import { listMigrationFiles, loadMigration, type MigrationFile } from "./migration-source";
import { type MigrationState, migrationStates } from "./migration-state";

export type Direction = "up" | "down";

/** What a run reports as it goes, for the command line's progress output. Every callback is optional. */
export interface MigrationEvents {
  /** Another runner holds the lock; this one waits. */
  lockWait?(): void;
  /** An applied migration's file was edited since it ran. */
  checksumMismatch?(name: string): void;
  start?(step: { name: string; direction: Direction; index: number; total: number; statements: number }): void;
  statement?(step: { name: string; sql: string; index: number; total: number }): void;
  /** A code step (m.run()) is about to run. */
  code?(step: { name: string; description: string; index: number; total: number }): void;
  done?(step: { name: string; direction: Direction; statements: number; ms: number }): void;
  /** Another runner applied (or reverted) this migration while this one waited. */
  skipped?(name: string): void;
}

export interface MigratorOptions {
  /** The folder holding the migration files. */
  readonly folder: string;
  /** How long to wait for another runner's lock (default 60 s). */
  readonly lockTimeoutMs?: number;
  readonly events?: MigrationEvents;
}

/** A migration compiled for the database: its steps are known before any of them runs. */
export interface PlannedMigration {
  readonly file: MigrationFile;
  /** Every step: SQL statements, and code steps (m.run()). */
  readonly steps: MigrationStep[];
  /** The SQL statements among them, in order (what a dry run prints). */
  readonly statements: string[];
}

const BLOCKING_HINT = "migration:resolve";

/** Migrations change the schema: they run before the engine's startup check of it (createEngine's schemaCheck). */
const SCHEMA_WORK = { startupCheck: false } as const;
const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

function shortSql(sql: string): string {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A step's failure carries its position, so the caller can say how far the migration got. */
class StatementFailure extends Error {
  constructor(
    readonly index: number,
    readonly step: MigrationStep,
    readonly error: unknown,
  ) {
    super(reason(error));
  }

  /** The step as messages name it: its SQL, shortened, or the code step's description. */
  get what(): string {
    return this.step.kind === "sql" ? shortSql(this.step.sql) : `${this.step.description}, code`;
  }
}

/**
 * Applies and reverts the migrations of one folder on one engine. Each run
 * holds the dialect's migration lock on one connection, so concurrent runners
 * take turns and apply each migration once; each migration runs in its own
 * transaction where the database can roll DDL back, and is tracked
 * statement by statement (with a blocking marker on failure) where it cannot.
 */
export class Migrator {
  private readonly events: MigrationEvents;

  constructor(
    private readonly engine: Engine,
    private readonly options: MigratorOptions,
  ) {
    this.events = options.events ?? {};
  }

  /** Every migration of the folder and the ledger, with where it stands. Creates nothing. */
  async status(): Promise<MigrationState[]> {
    const files = listMigrationFiles(this.options.folder);
    const rows = await this.engine.connect(
      async (conn) => ((await this.ledgerExists(conn)) ? new MigrationLedger(conn).rows() : []),
      SCHEMA_WORK,
    );
    return migrationStates(files, rows);
  }

  /** The pending migrations compiled for this database, without running anything (a dry run). */
  async pending(): Promise<PlannedMigration[]> {
    const states = await this.status();
    this.refuseBlocked(states);
    const planned: PlannedMigration[] = [];
    for (const s of states) if (s.state === "pending") planned.push(await this.plan(s.file as MigrationFile, "up"));
    return planned;
  }

  /** Apply every pending migration in name order. Returns the names applied by this runner. */
  async run(): Promise<string[]> {
    return this.locked(async (conn, ledger) => {
      const files = listMigrationFiles(this.options.folder);
      const states = migrationStates(files, await ledger.rows());
      this.refuseBlocked(states);
      for (const s of states) if (s.state === "applied" && s.changed) this.events.checksumMismatch?.(s.name);
      // Every pending migration is loaded and compiled before the first one runs: a broken file stops the run before it changes anything.
      const planned: PlannedMigration[] = [];
      for (const s of states) if (s.state === "pending") planned.push(await this.plan(s.file as MigrationFile, "up"));
      const applied: string[] = [];
      for (const [i, migration] of planned.entries()) {
        const done = await this.withSchemaChangeSession(conn, () => this.apply(conn, ledger, migration, i + 1, planned.length));
        if (done) applied.push(migration.file.name);
      }
      return applied;
    });
  }

  /** Revert the most recently applied migration. Returns its name, or undefined when none is applied. */
  async revert(): Promise<string | undefined> {
    return this.locked(async (conn, ledger) => {
      const rows = await ledger.rows();
      const files = listMigrationFiles(this.options.folder);
      const states = migrationStates(files, rows);
      this.refuseBlocked(states);
      const last = rows.filter((r) => r.status === "applied").at(-1);
      if (!last) return undefined;
      const file = files.find((f) => f.name === last.name);
      if (!file) {
        throw new MigrationFileError(
          `Cannot revert ${last.name}: its file is not in ${this.options.folder}. Restore the file, or delete its row from ${LEDGER_TABLE} if you reverted it by hand.`,
        );
      }
      if (file.checksum !== last.checksum) this.events.checksumMismatch?.(last.name);
      const planned = await this.plan(file, "down");
      const reverted = await this.withSchemaChangeSession(conn, () => this.unapply(conn, ledger, planned));
      return reverted ? last.name : undefined;
    });
  }

  /**
   * Clear a blocking marker after a person has looked at the database:
   * "applied" records the migration as applied (also accepts an edited file's
   * new checksum); "rolled-back" removes it from the ledger, so it is pending.
   */
  async resolve(name: string, as: "applied" | "rolled-back"): Promise<LedgerStatus | undefined> {
    return this.locked(async (_conn, ledger) => {
      const row = await ledger.find(name);
      if (!row)
        throw new MigrationFileError(`${LEDGER_TABLE} has no migration named ${name}; run "strata migration:status" to see the names.`);
      if (as === "rolled-back") await ledger.remove(name);
      else {
        const file = listMigrationFiles(this.options.folder).find((f) => f.name === name);
        await ledger.update(name, { status: "applied", checksum: file?.checksum ?? row.checksum });
      }
      return row.status;
    });
  }

  private async plan(file: MigrationFile, direction: Direction): Promise<PlannedMigration> {
    const module = loadMigration(file);
    const builder = new RecordingMigrationBuilder(this.engine.dialect);
    try {
      await (direction === "up" ? module.up(builder) : module.down(builder));
    } catch (error) {
      throw new MigrationFileError(`${direction}() of migration ${file.name} threw: ${reason(error)}`, { cause: error });
    }
    try {
      const steps = builder.steps();
      return { file, steps, statements: steps.flatMap((s) => (s.kind === "sql" ? [s.sql] : [])) };
    } catch (error) {
      if (error instanceof StrataError) throw error;
      throw new MigrationFileError(`Cannot compile ${direction}() of migration ${file.name}: ${reason(error)}`, { cause: error });
    }
  }

  private refuseBlocked(states: readonly MigrationState[]): void {
    const blocked = states.find((s) => s.state === "blocked");
    if (!blocked?.row) return;
    const row = blocked.row;
    const what = row.status === "failed" || row.status === "revert-failed" ? "failed" : "did not finish";
    const direction = row.status.startsWith("revert") ? "reverting" : "applying";
    throw new MigrationBlockedError(
      row.name,
      `Migration ${row.name} ${what} while ${direction} it, after ${row.statements} of its statements had been applied, so the database may be half-migrated. Nothing more runs until you resolve it: check the schema, complete or undo those statements by hand, then run "strata ${BLOCKING_HINT} ${row.name} --applied" (it is fully applied) or "strata ${BLOCKING_HINT} ${row.name} --rolled-back" (none of it is left).`,
    );
  }

  /** Apply one migration; false when another runner applied it first. */
  private async apply(
    conn: Connection,
    ledger: MigrationLedger,
    migration: PlannedMigration,
    index: number,
    total: number,
  ): Promise<boolean> {
    const { file, steps } = migration;
    const row: LedgerRow = {
      name: file.name,
      checksum: file.checksum,
      appliedAt: new Date(),
      status: "applied",
      statements: steps.length,
    };
    if (this.engine.dialect.capabilities.transactionalDdl) {
      const ran = await this.inTransaction(conn, file.name, "up", async () => {
        if (await ledger.find(file.name)) return false;
        this.events.start?.({ name: file.name, direction: "up", index, total, statements: steps.length });
        const started = performance.now();
        await this.runSteps(conn, file.name, steps);
        await ledger.insert({ ...row, appliedAt: new Date() });
        return performance.now() - started;
      });
      return this.finish(file.name, "up", steps.length, ran);
    }
    this.events.start?.({ name: file.name, direction: "up", index, total, statements: steps.length });
    const started = performance.now();
    // Recorded before the first statement: if this process dies midway, the "running" row blocks the next run.
    await ledger.insert({ ...row, status: "running", statements: 0 });
    try {
      await this.runSteps(conn, file.name, steps);
    } catch (error) {
      throw await this.failWithoutRollback(ledger, file.name, "up", steps.length, error);
    }
    await ledger.update(file.name, { status: "applied", statements: steps.length, appliedAt: new Date() });
    return this.finish(file.name, "up", steps.length, performance.now() - started);
  }

  /** Revert one migration; false when another runner reverted it first. */
  private async unapply(conn: Connection, ledger: MigrationLedger, migration: PlannedMigration): Promise<boolean> {
    const { file, steps } = migration;
    if (this.engine.dialect.capabilities.transactionalDdl) {
      const ran = await this.inTransaction(conn, file.name, "down", async () => {
        if ((await ledger.find(file.name))?.status !== "applied") return false;
        this.events.start?.({ name: file.name, direction: "down", index: 1, total: 1, statements: steps.length });
        const started = performance.now();
        await this.runSteps(conn, file.name, steps);
        await ledger.remove(file.name);
        return performance.now() - started;
      });
      return this.finish(file.name, "down", steps.length, ran);
    }
    this.events.start?.({ name: file.name, direction: "down", index: 1, total: 1, statements: steps.length });
    const started = performance.now();
    await ledger.update(file.name, { status: "reverting", statements: 0 });
    try {
      await this.runSteps(conn, file.name, steps);
    } catch (error) {
      throw await this.failWithoutRollback(ledger, file.name, "down", steps.length, error);
    }
    await ledger.remove(file.name);
    return this.finish(file.name, "down", steps.length, performance.now() - started);
  }

  private finish(name: string, direction: Direction, statements: number, ms: number | false): boolean {
    if (ms === false) {
      this.events.skipped?.(name);
      return false;
    }
    this.events.done?.({ name, direction, statements, ms });
    return true;
  }

  /** Run `fn` in a transaction; a statement failure becomes a MigrationError saying that nothing was kept. */
  private async inTransaction(
    conn: Connection,
    name: string,
    direction: Direction,
    fn: () => Promise<number | false>,
  ): Promise<number | false> {
    try {
      return await this.beginWhenFree(conn, fn);
    } catch (error) {
      if (!(error instanceof StatementFailure)) throw error;
      const verb = direction === "up" ? "still pending" : "still applied";
      throw new MigrationError(
        name,
        `Migration ${name} failed at ${error.step.kind === "sql" ? "statement" : "step"} ${error.index} (${error.what}) and was rolled back: the database is as it was before and the migration is ${verb}. The database said: ${error.message}`,
        0,
        { cause: error.error },
      );
    }
  }

  /**
   * conn.transaction(fn), waiting for the write lock where the transaction is
   * the migration lock (SQLite): a BEGIN that times out while another runner
   * holds the database is tried again until the lock timeout, so a long
   * migration elsewhere means waiting, not failing.
   */
  private async beginWhenFree<T>(conn: Connection, fn: () => Promise<T>): Promise<T> {
    if (conn.dialect.migrationLock?.kind !== "transaction") return conn.transaction(fn);
    const deadline = Date.now() + (this.options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
    let waited = false;
    for (;;) {
      let began = false;
      try {
        return await conn.transaction(() => {
          began = true;
          return fn();
        });
      } catch (error) {
        if (began || !(error instanceof TimeoutError)) throw error;
        // The BEGIN itself waited (the driver's busy timeout), so this runner has waited either way.
        if (!waited) this.events.lockWait?.();
        waited = true;
        if (Date.now() >= deadline) {
          throw new MigrationLockError(
            `Another migration runner has held the ${conn.dialect.name} database's write lock for too long. Wait for it to finish, or pass a longer --lock-timeout.`,
          );
        }
      }
    }
  }

  /** Where DDL cannot roll back: mark the ledger row so the next run refuses, and say how far the migration got. */
  private async failWithoutRollback(
    ledger: MigrationLedger,
    name: string,
    direction: Direction,
    total: number,
    error: unknown,
  ): Promise<unknown> {
    if (!(error instanceof StatementFailure)) return error;
    const applied = error.index - 1;
    await ledger.update(name, { status: direction === "up" ? "failed" : "revert-failed", statements: applied });
    const dialect = this.engine.dialect.name;
    return new MigrationError(
      name,
      `Migration ${name} failed at ${error.step.kind === "sql" ? "statement" : "step"} ${error.index} of ${total} while ${direction === "up" ? "applying" : "reverting"} it (${error.what}); the ${applied} statement${applied === 1 ? "" : "s"} before it ${applied === 1 ? "was" : "were"} applied and stay${applied === 1 ? "s" : ""} applied, since ${dialect} cannot roll DDL back. The database said: ${error.message}. The migration is marked failed and migration:run refuses to run until you resolve it: complete or undo those statements by hand, then run "strata ${BLOCKING_HINT} ${name} --applied" or "--rolled-back".`,
      applied,
      { cause: error.error },
    );
  }

  /**
   * Run a migration's steps in order. A code step gets the runner's
   * connection: inside the migration's transaction where DDL is
   * transactional, else in a transaction of its own, so its writes are kept
   * or undone together.
   */
  private async runSteps(conn: Connection, name: string, steps: readonly MigrationStep[]): Promise<void> {
    const ddl = conn.dialect.ddl;
    const transactional = conn.dialect.capabilities.transactionalDdl;
    for (const [i, step] of steps.entries()) {
      const at = { name, index: i + 1, total: steps.length };
      try {
        if (step.kind === "sql") {
          this.events.statement?.({ ...at, sql: step.sql });
          // Some checks answer with rows rather than errors (SQLite's foreign_key_check after a table rebuild).
          ddl.checkSchemaChangeResult(step.sql, (await conn.runSql(step.sql)).rows);
        } else {
          this.events.code?.({ ...at, description: step.description });
          await (transactional ? step.run(conn) : conn.transaction(() => step.run(conn)));
        }
      } catch (error) {
        throw new StatementFailure(i + 1, step, error);
      }
    }
  }

  /**
   * The dialect's settings around a schema change, outside its transaction
   * (SQLite turns foreign key enforcement off, which table rebuilds need and
   * which cannot change inside a transaction), restored however it ends.
   */
  private async withSchemaChangeSession<T>(conn: Connection, fn: () => Promise<T>): Promise<T> {
    const session = conn.dialect.ddl.schemaChangeSession;
    for (const sql of session.before) await conn.runSql(sql);
    let failed = false;
    try {
      return await fn();
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      for (const sql of session.after) {
        // Restoring a setting must not hide the error that ended the migration.
        await conn.runSql(sql).catch((error) => {
          if (!failed) throw error;
        });
      }
    }
  }

  /** Hold one connection with the migration lock for the whole run, ledger table ensured. */
  private async locked<T>(fn: (conn: Connection, ledger: MigrationLedger) => Promise<T>): Promise<T> {
    return this.engine.connect(async (conn) => {
      const release = await acquireMigrationLock(conn, this.options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS, () =>
        this.events.lockWait?.(),
      );
      try {
        const ledger = new MigrationLedger(conn);
        // Checked first: even CREATE TABLE IF NOT EXISTS wants SQLite's write lock, which another runner may hold.
        if (!(await this.ledgerExists(conn))) await this.beginWhenFree(conn, () => ledger.ensure());
        return await fn(conn, ledger);
      } finally {
        // A failed release must not hide the error that ended the run; closing the connection frees the lock anyway.
        await release().catch(() => undefined);
      }
    }, SCHEMA_WORK);
  }

  private async ledgerExists(conn: Connection): Promise<boolean> {
    const rows = (await conn.runSql(conn.dialect.ddl.tableNamesQuery)).rows;
    return rows.some((r) => Object.values(r)[0] === LEDGER_TABLE);
  }
}
