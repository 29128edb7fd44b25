import { keepLayoutOf } from "../../dialects/base/layout-keeper";
import type { Connection } from "../../engine";
import type { EntityMetadata } from "../../metadata";
import type { UnitOfWork } from "./unit-of-work";

/**
 * Most rows in one multi-row statement, whatever the parameter limit allows.
 * Measured on 10k-row flushes: beyond about a thousand rows a statement saves
 * no round trip worth having, while its parameter list outgrows the engine's
 * ordinary heap (fresh memory per chunk) and mysql2 prepares it ever more
 * slowly (MariaDB inserts took a third longer in chunks of 4,680 rows).
 */
const MAX_ROWS_PER_STATEMENT = 1000;

const steps = new WeakMap<object, Promise<number | undefined>>();

/** What the parts of one flush share: the objects, the order of entities, one clock reading, statement sizes. */
export class FlushContext {
  readonly now = new Date();

  constructor(
    readonly uow: UnitOfWork,
    private readonly conn: Connection,
    /** Something that lives as long as the engine, to remember the server's auto-increment behaviour by. */
    private readonly engineKey: object,
    /** The unit of work's entities in the order their rows are inserted (see entitiesInInsertOrder). */
    readonly order: readonly EntityMetadata[],
  ) {}

  /** Rows per statement so that rows x columns stays under the database's parameter limit. */
  rowsPerStatement(columnsPerRow: number): number {
    const limit = this.conn.dialect.capabilities.maxParameters;
    return Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(limit / Math.max(1, columnsPerRow))));
  }

  /** Like rowsPerStatement, but 1 where generated keys of a multi-row insert cannot be trusted to be consecutive. */
  async rowsPerGeneratedInsert(columnsPerRow: number): Promise<number> {
    if (this.conn.dialect.capabilities.generatedKeys === "returning") return this.rowsPerStatement(columnsPerRow);
    return (await this.autoIncrementStep()) === undefined ? 1 : this.rowsPerStatement(columnsPerRow);
  }

  /** The step between consecutive generated keys (1 unless the server says otherwise); undefined: not consecutive. */
  autoIncrementStep(): Promise<number | undefined> {
    const dialect = this.conn.dialect;
    if (!dialect.autoIncrementStep) return Promise.resolve(1);
    let step = steps.get(this.engineKey);
    if (!step) {
      step = dialect.autoIncrementStep(async (sql) => (await this.conn.run<Record<string, unknown>>({ sql, params: [] })).rows);
      steps.set(this.engineKey, step);
      step.catch(() => steps.delete(this.engineKey));
    }
    return step;
  }
}

keepLayoutOf(new FlushContext(undefined as never, undefined as never, {}, []));
