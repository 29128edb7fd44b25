import { existsSync } from "node:fs";
import { dirname } from "node:path";
import type * as Sqlite3 from "sqlite3";
import { ConfigError } from "../../errors";
import { FirstUseLayout } from "../../util/layout-keeper";
import type { ConnectionHome } from "../base/pooled-connection";
import { setUpOrDiscard } from "../base/pooled-driver";
import type { DriverColumn, DriverQuery, DriverResult } from "../driver";
import { NO_COLUMNS, NO_ROWS, type SqliteClient, SqliteConnection, STATEMENT_CACHE_SIZE } from "./sqlite-connection";
import { isLockBusy } from "./sqlite-lock-wait";

type Database = Sqlite3.Database;
type Statement = Sqlite3.Statement;

/**
 * Raw SQL without a compiler's selection: whether it gives rows (run() would
 * drop them) or a change count (all() has none). A comment may come first.
 */
const READS_ROWS = /^\s*(?:(?:--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)\s*)*(?:select|with|pragma|values|explain)\b/i;
const RETURNING = /\breturning\b/i;

/** How often a statement that goes on after cancel() is interrupted again: it may not have started when the first came. */
const INTERRUPT_REPEAT_MS = 20;

/** Where the text after position `from` has something other than whitespace, comments and semicolons. */
function moreSqlAfter(sql: string, from: number): boolean {
  for (let i = from; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === ";" || /\s/.test(ch)) continue;
    if (ch === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      if (end < 0) return false;
      i = end;
    } else if (ch === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      if (end < 0) return false;
      i = end + 1;
    } else return true;
  }
  return false;
}

/**
 * Whether the text holds a second statement. sqlite3 prepares the first and
 * silently drops the rest; better-sqlite3 refuses such text, and so does
 * this driver, with better-sqlite3's words. Quotes and comments are skipped;
 * only text with a semicolon is scanned.
 */
function hasSecondStatement(sql: string): boolean {
  if (!sql.includes(";")) return false;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'" || ch === '"' || ch === "`" || ch === "[") {
      const close = ch === "[" ? "]" : ch;
      let j = i + 1;
      while (j < sql.length && !(sql[j] === close && sql[j + 1] !== close)) j += sql[j] === close ? 2 : 1;
      i = j;
    } else if (ch === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      if (end < 0) return false;
      i = end;
    } else if (ch === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      if (end < 0) return false;
      i = end + 1;
    } else if (ch === ";") return moreSqlAfter(sql, i + 1);
  }
  return false;
}

function promised<T>(start: (done: (error: Error | null, value?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value as T))));
}

/**
 * A parameter as sqlite3 binds it exactly. It binds a number as a 32-bit
 * integer or a double, and knows neither bigint nor a Uint8Array that is not
 * a Buffer: a bigint goes as a number while that is exact, else as its
 * decimal text, which a column of INTEGER affinity stores as the same 64-bit
 * integer (and compares as one).
 */
function bindable(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value >= Number.MIN_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER ? Number(value) : value.toString();
  }
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value;
}

function bindableParams(params: readonly unknown[]): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < params.length; i++) {
    const value = params[i];
    if (typeof value === "bigint" || (value instanceof Uint8Array && !Buffer.isBuffer(value))) {
      out ??= params.slice();
      out[i] = bindable(value);
    }
  }
  return out ?? (params as unknown[]);
}

/**
 * sqlite3 (node-sqlite3): statements run on libuv's thread pool, so a
 * connection has only the asynchronous run(), and cancel() can stop a
 * running statement (sqlite3_interrupt), which better-sqlite3 cannot.
 */
export function sqlite3Client(driver: typeof Sqlite3): SqliteClient {
  return {
    name: "sqlite3",
    async open(home, file, lockTimeoutMillis, wal) {
      if (file !== ":memory:" && file !== "" && !existsSync(dirname(file))) {
        // better-sqlite3's words, which mapSqliteError turns into a ConnectionError that says what to do; sqlite3 says only "unable to open".
        throw new TypeError(`Cannot open database because the directory does not exist: ${file}`);
      }
      const db = await promised<Database>((done) => {
        const opened: Database = new driver.Database(file, driver.OPEN_READWRITE | driver.OPEN_CREATE | driver.OPEN_FULLMUTEX, (error) =>
          done(error, opened),
        );
      });
      // One statement at a time, in the order sent; the default lets queued statements start together.
      db.serialize();
      // sqlite3 sets a busy timeout of 1 s; 0: a locked database is waited for by SqliteConnection, on timers.
      db.configure("busyTimeout", 0);
      const connection = new Sqlite3Connection(home, db, file, lockTimeoutMillis);
      return setUpOrDiscard(
        connection,
        async () => {
          await connection.exec("PRAGMA foreign_keys = ON");
          // LIKE is case-sensitive on PostgreSQL and on MySQL's binary collation; SQLite's folds ASCII case unless told not to.
          await connection.exec("PRAGMA case_sensitive_like = ON");
          if (wal) await connection.untilUnlocked("PRAGMA journal_mode = WAL", () => connection.exec("PRAGMA journal_mode = WAL"));
        },
        () => connection.close(),
      );
    },
  };
}

/** One sqlite3 database connection of the pool, with its own prepared statements. */
class Sqlite3Connection extends SqliteConnection {
  private readonly statements = new Map<string, Statement>();
  /** Set while a statement runs on the connection, for cancel(). */
  private running = false;
  private interrupter?: ReturnType<typeof setInterval>;
  private closed = false;

  constructor(
    home: ConnectionHome<SqliteConnection>,
    private readonly db: Database,
    file: string,
    lockTimeoutMillis: number,
  ) {
    super(home, file, lockTimeoutMillis);
    sqlite3ConnectionLayout.keep();
  }

  async run(query: DriverQuery): Promise<DriverResult> {
    try {
      return await this.execute(query);
    } catch (error) {
      if (isLockBusy(error)) return this.untilUnlocked(query.sql, () => this.execute(query));
      throw error;
    }
  }

  /** Ends a lock wait, or interrupts the running statement (it fails with SQLITE_INTERRUPT); the connection stays usable. */
  cancel(): Promise<void> {
    if (this.cancelLockWait() || !this.running || this.interrupter) return Promise.resolve();
    this.db.interrupt();
    this.interrupter = setInterval(() => {
      if (this.running) this.db.interrupt();
      else this.stopInterrupting();
    }, INTERRUPT_REPEAT_MS);
    this.interrupter.unref?.();
    return Promise.resolve();
  }

  close(): Promise<void> | void {
    if (this.closed) return;
    this.closed = true;
    this.stopInterrupting();
    const statements = [...this.statements.values()];
    this.statements.clear();
    return (async () => {
      await Promise.all(statements.map((s) => promised<void>((done) => s.finalize(() => done(null)))));
      await promised<void>((done) => this.db.close(done));
    })();
  }

  /** Run SQL text without parameters or results (connection setup). */
  async exec(sql: string): Promise<void> {
    await promised<void>((done) => this.db.all(sql, done));
  }

  private stopInterrupting(): void {
    if (this.interrupter === undefined) return;
    clearInterval(this.interrupter);
    this.interrupter = undefined;
  }

  /**
   * Run one statement. sqlite3 gives rows as objects keyed by column name:
   * a compiled query's selection says the names in order (its keys are
   * unique); raw SQL takes the first row's keys.
   */
  private async execute(query: DriverQuery): Promise<DriverResult> {
    if (this.closed) throw new ConfigError("The SQLite engine was disposed.");
    const stmt = await this.prepare(query.sql);
    const params = bindableParams(query.params);
    this.running = true;
    try {
      if (query.selection !== undefined || READS_ROWS.test(query.sql) || RETURNING.test(query.sql)) {
        const objects = await promised<Record<string, unknown>[]>((done) => stmt.all(params, done));
        if (objects.length === 0) return { rows: NO_ROWS, columns: NO_COLUMNS, rowCount: 0 };
        const names = query.selection !== undefined ? query.selection.map((s) => s.key) : Object.keys(objects[0]);
        const rows = new Array<unknown[]>(objects.length);
        for (let i = 0; i < objects.length; i++) {
          const object = objects[i];
          const row = new Array<unknown>(names.length);
          for (let j = 0; j < names.length; j++) row[j] = object[names[j]];
          rows[i] = row;
        }
        const columns: DriverColumn[] = names.map((name) => ({ name }));
        return { rows, columns, rowCount: rows.length };
      }
      const info = await promised<Sqlite3.RunResult>((done) =>
        stmt.run(params, function (this: Sqlite3.RunResult, error: Error | null) {
          done(error, this);
        }),
      );
      return { rows: NO_ROWS, columns: NO_COLUMNS, rowCount: info.changes, insertId: info.lastID };
    } finally {
      this.running = false;
      this.stopInterrupting();
    }
  }

  private async prepare(sql: string): Promise<Statement> {
    let stmt = this.statements.get(sql);
    if (stmt) {
      // Move to the back: the map's order is the recency order.
      this.statements.delete(sql);
    } else {
      if (hasSecondStatement(sql)) throw new RangeError("The supplied SQL string contains more than one statement");
      stmt = await promised<Statement>((done) => {
        const prepared: Statement = this.db.prepare(sql, (error) => done(error, prepared));
      });
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.statements.keys().next().value as string;
        (this.statements.get(oldest) as Statement).finalize();
        this.statements.delete(oldest);
      }
    }
    this.statements.set(sql, stmt);
    return stmt;
  }
}

const sqlite3ConnectionLayout = new FirstUseLayout(() => new Sqlite3Connection({ release() {} }, undefined as never, "", 0));
