import {
  type Connection,
  type ConnectionLease,
  checkStatementOptions,
  type Engine,
  type StatementOptions,
  type TransactionOptions,
} from "../../engine";
import { UsageError } from "../../errors";

/**
 * When a session begins its transaction.
 * - "lazy" (the default): reads run in autocommit, each on a connection
 *   borrowed for the read alone; the transaction begins at the first flush,
 *   begin(), savepoint or locking read (forUpdate). A lookup in a fresh
 *   session is one statement, and a session that only reads never holds a
 *   connection between calls.
 * - "eager": the first statement begins the transaction, so every read of
 *   the session sees one snapshot (SQLAlchemy's default). A session with an
 *   isolation level is eager, as the level is meant for its reads too.
 */
export type TransactionMode = "lazy" | "eager";

export interface SessionTransactionSettings {
  readonly mode: TransactionMode;
  readonly isolation?: TransactionOptions["isolation"];
  /** The limits of every statement the session runs (over the engine's). */
  readonly statement: StatementOptions;
}

/**
 * The connection side of a session: the transaction it has open (one
 * pooled connection, held from BEGIN to COMMIT or ROLLBACK), and the
 * connections it borrows for reads outside one.
 */
export class SessionTransaction {
  private lease?: ConnectionLease;
  private opening?: Promise<ConnectionLease>;

  constructor(
    private readonly engine: Engine,
    private readonly settings: SessionTransactionSettings,
  ) {}

  /** The transaction side of a session with these options (checked: mode, statement limits). */
  static of(
    engine: Engine,
    options: { readonly transaction?: TransactionMode; readonly isolation?: TransactionOptions["isolation"] } & StatementOptions,
  ): SessionTransaction {
    const mode = options.transaction ?? "lazy";
    if (mode !== "lazy" && mode !== "eager") {
      throw new UsageError(
        `transaction is "lazy" (begin at the first flush) or "eager" (begin at the first statement), got ${JSON.stringify(mode)}.`,
      );
    }
    const { statementTimeoutMillis, signal } = checkStatementOptions(options);
    return new SessionTransaction(engine, { mode, isolation: options.isolation, statement: { statementTimeoutMillis, signal } });
  }

  /** Whether a transaction is open (or beginning). */
  get open(): boolean {
    return this.lease !== undefined || this.opening !== undefined;
  }

  /** The connection of the transaction, beginning it if none is open. */
  async connection(): Promise<Connection> {
    if (this.lease) return this.lease.connection;
    // Calls that start together share one BEGIN: a second openConnection() would wait on SQLite's one in-memory connection.
    this.opening ??= this.begin().finally(() => {
      this.opening = undefined;
    });
    return (await this.opening).connection;
  }

  /**
   * Run a read: on the transaction's connection when one is open (or the
   * session is eager), else on a connection borrowed for `read` alone, in
   * autocommit, and given back when it settles.
   */
  async read<T>(read: (conn: Connection) => Promise<T>): Promise<T> {
    if (this.open || this.settings.mode === "eager" || this.settings.isolation !== undefined) return read(await this.connection());
    const lease = await this.engine.openConnection();
    this.limit(lease.connection);
    try {
      return await read(lease.connection);
    } finally {
      lease.release();
    }
  }

  /** COMMIT and give the connection back; false when no transaction was open. A failed COMMIT keeps the connection (the caller rolls back). */
  async commit(): Promise<boolean> {
    const lease = this.lease;
    if (!lease) return false;
    await lease.connection.runSql(this.engine.dialect.transactions.commit);
    this.lease = undefined;
    lease.release();
    return true;
  }

  /** ROLLBACK and give the connection back (discarded if the ROLLBACK fails: its server is gone); false when none was open. */
  async rollback(): Promise<boolean> {
    const lease = this.lease;
    if (!lease) return false;
    this.lease = undefined;
    try {
      await lease.connection.runSql(this.engine.dialect.transactions.rollback);
    } catch {
      lease.connection.broken = true;
    } finally {
      lease.release();
    }
    return true;
  }

  private async begin(): Promise<ConnectionLease> {
    const lease = await this.engine.openConnection();
    this.limit(lease.connection);
    try {
      for (const sql of this.engine.dialect.transactions.begin(this.settings.isolation)) await lease.connection.runSql(sql);
    } catch (error) {
      lease.release();
      throw error;
    }
    this.lease = lease;
    return lease;
  }

  /** The session's statement limits on a connection it uses (the engine's stay where the session sets none). */
  private limit(conn: Connection): void {
    const { statementTimeoutMillis, signal } = this.settings.statement;
    if (statementTimeoutMillis !== undefined || signal !== undefined) conn.defaults = { ...conn.defaults, ...this.settings.statement };
  }
}
