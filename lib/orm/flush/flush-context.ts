import type { Dialect } from "../../dialects";
import type { Connection } from "../../engine";
import type { EntityMetadata } from "../../metadata";
import { FirstUseLayout } from "../../util/layout-keeper";
import type { EntityState } from "../unit-of-work/entity-state";
import type { UnitOfWork } from "../unit-of-work/unit-of-work";

/**
 * Most rows in one multi-row statement, whatever the parameter limit allows.
 * Measured on 10k-row flushes: beyond about a thousand rows a statement saves
 * no round trip worth having, while its parameter list outgrows the engine's
 * ordinary heap (fresh memory per chunk) and mysql2 prepares it ever more
 * slowly (MariaDB inserts took a third longer in chunks of 4,680 rows).
 */
const MAX_ROWS_PER_STATEMENT = 1000;

/** A foreign key set to NULL at INSERT because its target was inserted later (a cycle); written by a later UPDATE. */
export interface DeferredKey {
  readonly object: object;
  readonly state: EntityState;
  readonly columnIndex: number;
}

/** What the emitters of one flush share: the objects, the connection, the order of entities, one clock reading, statement sizes. */
export class FlushContext {
  readonly now = new Date();
  /** Foreign keys the INSERTs left NULL (cycles), written once every row is in. */
  readonly deferred: DeferredKey[] = [];
  private conn?: Promise<Connection>;

  constructor(
    readonly uow: UnitOfWork,
    /** The transaction's connection, begun on first use: only a flush with something to write asks for it. */
    private readonly connect: () => Promise<Connection>,
    readonly dialect: Dialect,
    /** The unit of work's entities in the order their rows are inserted (MetadataStore.insertOrder). */
    readonly order: readonly EntityMetadata[],
  ) {
    flushContextLayout.keep();
  }

  /** The connection of the session's transaction (beginning it), for the first statement of a step that writes. */
  connection(): Promise<Connection> {
    this.conn ??= this.connect();
    return this.conn;
  }

  /** Rows per statement so that rows x columns stays under the database's parameter limit. */
  rowsPerStatement(columnsPerRow: number): number {
    const limit = this.dialect.capabilities.maxParameters;
    return Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(limit / Math.max(1, columnsPerRow))));
  }

  /** Like rowsPerStatement, but 1 where generated keys of a multi-row insert cannot be trusted to be consecutive. */
  async rowsPerGeneratedInsert(columnsPerRow: number): Promise<number> {
    if (this.dialect.capabilities.generatedKeys === "returning") return this.rowsPerStatement(columnsPerRow);
    return (await this.autoIncrementStep()) === undefined ? 1 : this.rowsPerStatement(columnsPerRow);
  }

  /** The step between consecutive generated keys (1 unless the server says otherwise); undefined: not consecutive. */
  autoIncrementStep(): Promise<number | undefined> {
    const dialect = this.dialect;
    if (!dialect.autoIncrementStep) return Promise.resolve(1);
    // Asked of the server once per engine, and kept with the engine's mappings.
    const mappings = this.uow.mappings;
    let step = mappings.autoIncrementStep;
    if (!step) {
      step = dialect.autoIncrementStep(
        async (sql) => (await (await this.connection()).run<Record<string, unknown>>({ sql, params: [] })).rows,
      );
      mappings.autoIncrementStep = step;
      step.catch(() => {
        if (mappings.autoIncrementStep === step) mappings.autoIncrementStep = undefined;
      });
    }
    return step;
  }
}

const flushContextLayout = new FirstUseLayout(() => new FlushContext(undefined as never, undefined as never, undefined as never, []));
