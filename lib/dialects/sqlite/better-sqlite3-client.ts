import type BetterSqlite3 from "better-sqlite3";
import { ConfigError } from "../../errors";
import { FirstUseLayout, keepLayoutOf } from "../../util/layout-keeper";
import type { ConnectionHome } from "../base/pooled-connection";
import { setUpOrDiscard } from "../base/pooled-driver";
import type { DriverQuery, DriverResult } from "../driver";
import { NO_COLUMNS, NO_ROWS, type SqliteClient, SqliteConnection, STATEMENT_CACHE_SIZE } from "./sqlite-connection";
import { isLockBusy } from "./sqlite-lock-wait";

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[]>;

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

/** better-sqlite3: statements run synchronously, so a connection offers runSync (no promise per statement). */
export function betterSqlite3Client(Sqlite: typeof BetterSqlite3): SqliteClient {
  return {
    name: "better-sqlite3",
    async open(home, file, lockTimeoutMillis, wal) {
      // timeout 0: a locked database is waited for by SqliteConnection, asynchronously.
      const db = new Sqlite(file, { timeout: 0 });
      const connection = new BetterSqlite3Connection(home, db, file, lockTimeoutMillis);
      return setUpOrDiscard(
        connection,
        async () => {
          keepRunResultLayout(db.prepare("PRAGMA foreign_keys = ON").run());
          // LIKE is case-sensitive on PostgreSQL and on MySQL's binary collation; SQLite's folds ASCII case unless told not to.
          db.pragma("case_sensitive_like = ON");
          if (wal) await connection.untilUnlocked("PRAGMA journal_mode = WAL", () => db.pragma("journal_mode = WAL"));
        },
        () => db.close(),
      );
    },
  };
}

/** One better-sqlite3 database connection of the pool, with its own prepared statements. */
class BetterSqlite3Connection extends SqliteConnection {
  private readonly statements = new Map<string, Statement>();
  /** The statement used last: a flush sends one text many times in a row, and then the cache's order need not change. */
  private lastSql?: string;
  private lastStatement?: Statement;

  constructor(
    home: ConnectionHome<SqliteConnection>,
    private readonly db: Database,
    file: string,
    lockTimeoutMillis: number,
  ) {
    super(home, file, lockTimeoutMillis);
    betterSqlite3ConnectionLayout.keep();
  }

  async run(query: DriverQuery): Promise<DriverResult> {
    return this.runSync(query);
  }

  /** The result at once; a promise only when another connection holds the lock the statement needs. */
  runSync(query: DriverQuery): DriverResult | Promise<DriverResult> {
    try {
      return this.execute(query);
    } catch (error) {
      if (isLockBusy(error)) return this.untilUnlocked(query.sql, () => this.execute(query));
      throw error;
    }
  }

  // cancel() ends a lock wait only: a statement that runs cannot be stopped (the driver runs it synchronously, to its end).

  close(): void {
    if (this.db.open) this.db.close();
    this.statements.clear();
    this.lastSql = undefined;
    this.lastStatement = undefined;
  }

  /**
   * Run one statement. The parameters are spread into the call:
   * better-sqlite3 binds arguments faster than the elements of one array
   * argument (a fifth of a 10k-row UPDATE's time went to reading them from
   * the array). Statements bind at most maxParameters (32,766), which a call
   * takes as arguments.
   */
  private execute(query: DriverQuery): DriverResult {
    if (!this.db.open) throw new ConfigError("The SQLite engine was disposed.");
    const stmt = this.prepare(query.sql);
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

  private prepare(sql: string): Statement {
    if (sql === this.lastSql) return this.lastStatement as Statement;
    let stmt = this.statements.get(sql);
    if (stmt) {
      // Move to the back: the map's order is the recency order.
      this.statements.delete(sql);
    } else {
      stmt = this.db.prepare(sql);
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
}

const betterSqlite3ConnectionLayout = new FirstUseLayout(() => new BetterSqlite3Connection({ release() {} }, undefined as never, "", 0));
