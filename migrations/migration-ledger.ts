import type { Connection } from "../lib/engine";
import { datetime, defineTable, del, insert, integer, select, update, varchar } from "../lib/sql";

/** The ledger's table name; schema sync and diffs leave this table alone. */
export const LEDGER_TABLE = "strata_migrations";

/**
 * "applied": done. The others mark a migration that did not finish on a
 * database without transactional DDL, and block every run until resolved:
 * "running"/"reverting" (the process died midway), "failed"/"revert-failed"
 * (a statement failed after `statements` statements had been applied).
 */
export type LedgerStatus = "applied" | "running" | "failed" | "reverting" | "revert-failed";

export interface LedgerRow {
  readonly name: string;
  readonly checksum: string;
  readonly appliedAt: Date;
  readonly status: LedgerStatus;
  /** Statements of the migration that took effect (for a failed one: before the failure). */
  readonly statements: number;
}

const ledger = defineTable(LEDGER_TABLE, {
  name: varchar(255).primaryKey(),
  checksum: varchar(64).notNull(),
  appliedAt: datetime().notNull().named("applied_at"),
  status: varchar(16).notNull().default("applied"),
  statements: integer().notNull().default(0),
});

/** Reads and writes the `strata_migrations` table through the connection the runner holds. */
export class MigrationLedger {
  constructor(private readonly conn: Connection) {}

  /** Create the ledger table if it is missing (IF NOT EXISTS: safe when another runner does the same). */
  async ensure(): Promise<void> {
    const ddl = this.conn.dialect.ddl.compile({ kind: "createTable", table: ledger.schema, ifNotExists: true, withoutForeignKeys: false });
    for (const sql of ddl) await this.conn.runSql(sql);
  }

  /** Every row, in the order the migrations were applied. */
  async rows(): Promise<LedgerRow[]> {
    const result = await this.conn.execute(select(ledger).orderBy(ledger.c.appliedAt.asc(), ledger.c.name.asc()));
    return result.all() as LedgerRow[];
  }

  async find(name: string): Promise<LedgerRow | undefined> {
    return (await this.conn.execute(select(ledger).where(ledger.c.name.eq(name)))).first() as LedgerRow | undefined;
  }

  async insert(row: LedgerRow): Promise<void> {
    await this.conn.execute(insert(ledger).values(row));
  }

  async update(name: string, values: Partial<Omit<LedgerRow, "name">>): Promise<void> {
    await this.conn.execute(update(ledger).set(values).where(ledger.c.name.eq(name)));
  }

  async remove(name: string): Promise<void> {
    await this.conn.execute(del(ledger).where(ledger.c.name.eq(name)));
  }
}
