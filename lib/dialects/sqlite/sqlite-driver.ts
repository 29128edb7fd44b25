import type BetterSqlite3 from "better-sqlite3";
import { ConfigError } from "../../errors";
import { keepLayoutOf } from "../base/layout-keeper";
import { LentConnection } from "../base/lent-connection";
import { loadDriver } from "../base/load-driver";
import type { ConnectionConfig } from "../connection-config";
import type { Driver, DriverConnection, DriverQuery, DriverResult } from "../driver";
import { ConnectionQueue } from "./connection-queue";

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[]>;

/** Prepared statements kept per connection; preparing is the costly part of a small query. */
const STATEMENT_CACHE_SIZE = 256;

let runResultKept = false;

/**
 * Keep one of better-sqlite3's run() results alive (see keepLayoutOf): the
 * driver makes each by adding its two fields to an empty object, and the code
 * reading them in a 10k-row UPDATE loop would be thrown away with that layout.
 */
function keepRunResultLayout(result: object): void {
  if (runResultKept) return;
  keepLayoutOf(result);
  runResultKept = true;
}

/** What a statement without rows gives back: shared, as a flush runs thousands of them. */
const NO_ROWS = Object.freeze([]) as unknown as unknown[][];
const NO_COLUMNS = Object.freeze([]) as unknown as DriverResult["columns"];

/**
 * SQLite through better-sqlite3: one connection, opened on first use, handed
 * to one caller at a time (see ConnectionQueue). The driver is synchronous, so
 * each statement runs to completion before the promise settles.
 */
export class SqliteDriver implements Driver {
  private db?: Database;
  private readonly queue = new ConnectionQueue();
  private readonly statements = new Map<string, Statement>();
  /** The statement used last: a flush sends one text many times in a row, and then the cache's order need not change. */
  private lastSql?: string;
  private lastStatement?: Statement;

  constructor(private readonly config: ConnectionConfig) {}

  async acquire(): Promise<DriverConnection> {
    await this.queue.acquire();
    try {
      return new SqliteConnection(this, this.open());
    } catch (error) {
      this.queue.release();
      throw error;
    }
  }

  /** @internal A SqliteConnection was released: the next caller in the queue may go. */
  released(): void {
    this.queue.release();
  }

  async destroy(): Promise<void> {
    await this.queue.acquire();
    try {
      this.statements.clear();
      this.lastSql = undefined;
      this.lastStatement = undefined;
      this.db?.close();
      this.db = undefined;
    } finally {
      this.queue.release();
    }
  }

  private open(): Database {
    if (this.db) return this.db;
    const Sqlite = loadDriver<typeof BetterSqlite3>("better-sqlite3", "SQLite");
    const db = new Sqlite(this.config.database);
    keepRunResultLayout(db.prepare("PRAGMA foreign_keys = ON").run());
    db.pragma("busy_timeout = 5000");
    // LIKE is case-sensitive on PostgreSQL and on MySQL's binary collation; SQLite's folds ASCII case unless told not to.
    db.pragma("case_sensitive_like = ON");
    if (this.config.database !== ":memory:" && this.config.database !== "") db.pragma("journal_mode = WAL");
    this.db = db;
    return db;
  }

  private prepare(db: Database, sql: string): Statement {
    if (sql === this.lastSql) return this.lastStatement as Statement;
    let stmt = this.statements.get(sql);
    if (stmt) {
      // Move to the back: the map's order is the recency order.
      this.statements.delete(sql);
    } else {
      stmt = db.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.statements.keys().next().value as string;
        this.statements.delete(oldest);
      }
    }
    this.statements.set(sql, stmt);
    this.lastSql = sql;
    this.lastStatement = stmt;
    return stmt;
  }

  /**
   * @internal Run one statement on the open database (for SqliteConnection).
   * The parameters are spread into the call: better-sqlite3 binds arguments
   * faster than the elements of one array argument (a fifth of a 10k-row
   * UPDATE's time went to reading them from the array). Statements bind at
   * most maxParameters (32,766), which a call takes as arguments.
   */
  run(db: Database, query: DriverQuery): DriverResult {
    if (!db.open) throw new ConfigError("The SQLite engine was disposed.");
    const stmt = this.prepare(db, query.sql);
    const params = query.params as unknown[];
    if (stmt.reader) {
      stmt.raw(true);
      stmt.safeIntegers(query.exactIntegers === true);
      const rows = stmt.all(...params) as unknown[][];
      const columns = stmt.columns().map((c) => ({ name: c.name, typeId: c.type ?? undefined }));
      return { rows, columns, rowCount: rows.length };
    }
    const info = stmt.run(...params);
    return { rows: NO_ROWS, columns: NO_COLUMNS, rowCount: info.changes, insertId: info.lastInsertRowid };
  }
}

/** The driver's one connection, lent to one caller until released. */
class SqliteConnection extends LentConnection {
  constructor(
    private readonly driver: SqliteDriver,
    private readonly db: Database,
  ) {
    super();
  }

  async run(query: DriverQuery): Promise<DriverResult> {
    return this.driver.run(this.db, query);
  }

  runSync(query: DriverQuery): DriverResult {
    return this.driver.run(this.db, query);
  }

  protected giveBack(): void {
    this.driver.released();
  }
}

keepLayoutOf(new SqliteConnection(undefined as never, undefined as never));
