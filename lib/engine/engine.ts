import type { ConnectionConfig, Dialect, DialectName, Driver, DriverName, IntrospectedTable, PoolStats } from "../dialects";
import { ConnectionError, DatabaseError, InvalidStatementError, QueryError, UsageError } from "../errors";
import type { EntityClass, EntityTable, MetadataStore } from "../metadata";
import { type AnyTable, type Executable, orderTablesForCreate, type TableSchema } from "../sql";
import { Connection, type StatementOptions, type TransactionOptions } from "./connection";
import type { EchoEvent } from "./echo";
import type { Result } from "./result";

/** A pooled connection held until released. */
export interface ConnectionLease {
  readonly connection: Connection;
  /** Give the connection back to the pool. */
  release(): void;
}

/** What createAll/dropAll take: Core tables, entity classes of the engine, or anything with a table schema. */
export type SchemaSource = AnyTable | EntityClass | { readonly schema: TableSchema };

/**
 * What runs once on the engine's first connection for application work,
 * before the connection is handed over: the schema layer's check of the
 * database against the entities (createEngine's `schemaCheck`), which the
 * ORM's createEngine hands in, the engine layer sitting below the schema
 * layer. A throw fails that use; one that is not a DatabaseError (a
 * connection that failed) fails every later use too.
 */
export type StartupCheck = (conn: Connection, engine: Engine) => Promise<void>;

/** How a connection is taken from the pool. */
export interface OpenConnectionOptions {
  /**
   * false for work that changes or reads the schema itself (createAll,
   * migrations, schema sync), which must not wait for, or fail, the startup
   * check of the schema it is about to change.
   */
  readonly startupCheck?: boolean;
}

/** Work on the schema itself runs before (and regardless of) the startup check. */
const SCHEMA_WORK: OpenConnectionOptions = { startupCheck: false };

/** What an engine is made of: createEngine (or a layer above that builds on it) works these out from a URL and options. */
export interface EngineParts {
  readonly dialect: Dialect;
  /** The parsed URL (its password is not enumerable, so it never shows in logs or JSON). */
  readonly config: ConnectionConfig;
  readonly driver: Driver;
  readonly echo: ((event: EchoEvent) => void) | undefined;
  /** The validated mapping of the engine's entities. */
  readonly metadata: MetadataStore;
  /** The limits every statement of the engine gets unless a session or query sets its own. */
  readonly statementDefaults: StatementOptions;
  /** What the first use for application work runs first (see StartupCheck); none by default. */
  readonly startupCheck?: StartupCheck;
}

/** The engine's connection pool, for health checks and metrics. */
export interface EnginePool {
  /** Connections open, idle, lent out, and callers waiting for one, now. */
  stats(): PoolStats;
}

/**
 * The bridge between code and one database: a dialect, a connection pool and
 * echo logging. Create one per database and application with createEngine();
 * dispose() it on shutdown.
 */
export class Engine {
  private disposed = false;
  /** Connections handed out and not yet released. */
  private readonly leases = new Set<ConnectionLease>();

  /** The pool's counts: `engine.pool.stats()` gives total, idle, held and waiting. */
  readonly pool: EnginePool;

  /** @internal The dialect: compiler, codec, DDL, introspection. dialectName says which database it is. */
  readonly dialect: Dialect;
  /** The parsed URL (its password is not enumerable, so it never shows in logs or JSON). */
  readonly config: ConnectionConfig;
  /** The validated mapping of the engine's entities. */
  readonly metadata: MetadataStore;
  /** @internal The limits every statement of the engine gets unless a session or query sets its own. */
  readonly statementDefaults: StatementOptions;
  private readonly driver: Driver;
  private readonly echo: ((event: EchoEvent) => void) | undefined;
  private readonly startupCheck?: StartupCheck;
  /** The startup check's run: pending, passed, or failed for good. */
  private startup?: Promise<void>;

  /** @internal Engines are made by createEngine(). */
  constructor(parts: EngineParts) {
    this.dialect = parts.dialect;
    this.config = parts.config;
    this.metadata = parts.metadata;
    this.statementDefaults = parts.statementDefaults;
    this.driver = parts.driver;
    this.echo = parts.echo;
    this.startupCheck = parts.startupCheck;
    this.pool = { stats: () => parts.driver.stats() };
  }

  /** Run the startup check once, on `conn`; later callers wait for that one run. */
  private async checkAtStartup(conn: Connection): Promise<void> {
    const check = this.startupCheck;
    if (!check) return;
    this.startup ??= check(conn, this).catch((error: unknown) => {
      // A connection that failed is tried again on the next use; anything else (the schema differs) stands.
      if (error instanceof DatabaseError) this.startup = undefined;
      throw error;
    });
    await this.startup;
  }

  /**
   * Check that the database answers: one `SELECT 1` on a pooled connection.
   * Resolves to the round trip in ms; rejects with ConnectionError when no
   * connection can be had (within pool.acquireTimeoutMillis), or with
   * StatementTimeoutError after `timeoutMillis` (default 5,000).
   *
   * ```ts
   * app.get("/health", async () => ({ db: await engine.ping(), pool: engine.pool.stats() }));
   * ```
   */
  async ping(options: { timeoutMillis?: number } = {}): Promise<number> {
    const started = performance.now();
    await this.connect((conn) => conn.runSql("SELECT 1", { statementTimeoutMillis: options.timeoutMillis ?? 5_000 }));
    return performance.now() - started;
  }

  /** What console.log(engine) and util.inspect show: the dialect and the masked URL, never a password or the pool's innards. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Engine { dialect: '${this.dialect.name}', url: '${this.url}' }`;
  }

  /** The dialect and the URL with its password masked: what JSON.stringify(engine) shows. */
  toJSON(): { dialect: string; url: string } {
    return { dialect: this.dialect.name, url: this.url };
  }

  /** The Core table of one of the engine's entities (named by the engine's naming strategy). */
  tableOf<T>(entity: EntityClass<T>): EntityTable<T> {
    return this.metadata.get(entity).table as unknown as EntityTable<T>;
  }

  /** Which database this engine talks to: "sqlite", "postgres" or "mysql" (MariaDB included). */
  get dialectName(): DialectName {
    return this.dialect.name;
  }

  /** Which driver package its connections use: "better-sqlite3" or "sqlite3" (SQLite), "pg", "mysql2". */
  get driverName(): DriverName {
    return this.dialect.driver;
  }

  /** The URL this engine connects to, password masked. */
  get url(): string {
    return this.config.displayUrl;
  }

  /**
   * Borrow a connection for the callback; it returns to the pool when the
   * callback settles, whatever happens.
   */
  async connect<T>(fn: (conn: Connection) => Promise<T>, options?: OpenConnectionOptions): Promise<T> {
    const lease = await this.openConnection(options);
    try {
      return await fn(lease.connection);
    } finally {
      lease.release();
    }
  }

  /**
   * Take a connection from the pool until `release()` is called (a session
   * holds one for the length of its transaction). Prefer connect(), which
   * cannot leak it.
   * @internal
   */
  async openConnection(options: OpenConnectionOptions = {}): Promise<ConnectionLease> {
    if (this.disposed) throw new UsageError(`The engine for ${this.url} was disposed; create a new one.`);
    let driverConnection: Awaited<ReturnType<Driver["acquire"]>>;
    try {
      driverConnection = await this.driver.acquire();
    } catch (error) {
      const mapped = this.dialect.mapError(error);
      // Whatever stopped a connection from opening (a setup statement included) is a connection failure.
      throw mapped instanceof QueryError
        ? new ConnectionError(`Cannot open a connection to ${this.url}: ${mapped.message}`, { cause: error })
        : mapped;
    }
    if (this.disposed) {
      driverConnection.release(true);
      throw new UsageError(`The engine for ${this.url} was disposed while waiting for a connection.`);
    }
    const connection = new Connection(this.dialect, driverConnection, this.echo, this.statementDefaults);
    let released = false;
    const lease: ConnectionLease = {
      connection,
      release: () => {
        if (released) return;
        released = true;
        this.leases.delete(lease);
        connection.markReleased();
        driverConnection.release(connection.broken);
      },
    };
    this.leases.add(lease);
    if (this.startupCheck && options.startupCheck !== false) {
      try {
        await this.checkAtStartup(connection);
      } catch (error) {
        lease.release();
        throw error;
      }
    }
    return lease;
  }

  /** A connection with a transaction around the callback: COMMIT on success, ROLLBACK on a throw. */
  async begin<T>(fn: (conn: Connection) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.connect((conn) => conn.transaction(fn, options));
  }

  /** Run one statement on a pooled connection, with its own time limit or signal if given. */
  async execute<TRow>(statement: Executable<TRow>, options?: StatementOptions): Promise<Result<TRow>> {
    return this.connect((conn) => conn.execute(statement, options));
  }

  /**
   * CREATE TABLE for every table not yet in the database, in foreign-key
   * order (cycles closed with ALTER TABLE afterwards), with their indexes.
   * Existing tables are left as they are.
   */
  async createAll(tables?: readonly SchemaSource[]): Promise<void> {
    const schemas = this.schemasOf(tables);
    const { tables: ordered, deferred } = orderTablesForCreate(schemas);
    const ddl = this.dialect.ddl;
    const canDefer = this.dialect.capabilities.alterTableAddForeignKey;
    await this.withDdlTransaction(async (conn) => {
      const existing = await this.tableNames(conn);
      // Every statement is compiled before the first runs: a bad default fails before any table exists (MySQL cannot roll DDL back).
      const statements: string[] = [];
      const created = new Set<string>();
      for (const table of ordered) {
        if (existing.has(table.name)) continue;
        const deferHere = canDefer && deferred.some((d) => d.table === table.name);
        const schema = deferHere
          ? { ...table, foreignKeys: table.foreignKeys.filter((fk) => !deferred.some((d) => d.foreignKey === fk)) }
          : table;
        statements.push(...ddl.compile({ kind: "createTable", table: schema, ifNotExists: true, withoutForeignKeys: false }));
        created.add(table.name);
      }
      if (canDefer) {
        for (const d of deferred) {
          if (created.has(d.table)) statements.push(...ddl.compile({ kind: "addForeignKey", table: d.table, foreignKey: d.foreignKey }));
        }
      }
      for (const sql of statements) await conn.runSql(sql);
    });
  }

  /** DROP every given table that exists (by default every entity and join table), dependents first. */
  async dropAll(tables?: readonly SchemaSource[]): Promise<void> {
    const schemas = this.schemasOf(tables);
    const { tables: ordered, deferred } = orderTablesForCreate(schemas);
    const ddl = this.dialect.ddl;
    await this.withDdlTransaction(async (conn) => {
      const existing = await this.tableNames(conn);
      await this.refuseDroppingReferencedTables(conn, new Set(ordered.map((t) => t.name).filter((n) => existing.has(n))));
      for (const sql of ddl.beforeDropTables()) await conn.runSql(sql);
      if (this.dialect.capabilities.alterTableAddForeignKey) {
        for (const d of deferred) {
          if (!existing.has(d.table)) continue;
          for (const sql of ddl.compile({ kind: "dropForeignKey", table: d.table, name: d.foreignKey.name })) await conn.runSql(sql);
        }
      }
      for (const table of [...ordered].reverse()) {
        if (!existing.has(table.name)) continue;
        for (const sql of ddl.compile({ kind: "dropTable", name: table.name, ifExists: true })) await conn.runSql(sql);
      }
    });
  }

  /**
   * Read the live schema back from the database's catalog, in the shape DDL
   * is generated from: one table (undefined when it does not exist), or every
   * table of the current database/schema.
   *
   * ```ts
   * const live = await engine.introspect("users");
   * live?.columns.map((c) => [c.name, c.sqlType]); // [["id", "integer"], ["name", "character varying(100)"]] (PostgreSQL)
   * ```
   */
  introspect(): Promise<IntrospectedTable[]>;
  introspect(tableName: string): Promise<IntrospectedTable | undefined>;
  async introspect(tableName?: string): Promise<IntrospectedTable | IntrospectedTable[] | undefined> {
    const introspector = this.dialect.introspector;
    return this.connect(async (conn) => {
      const query = async (sql: string, params: unknown[]) => (await conn.run<Record<string, unknown>>({ sql, params })).rows;
      if (tableName !== undefined) return introspector.readTable(query, tableName);
      const tables: IntrospectedTable[] = [];
      for (const name of await introspector.listTables(query)) {
        const table = await introspector.readTable(query, name);
        if (table) tables.push(table);
      }
      return tables;
    }, SCHEMA_WORK);
  }

  /**
   * Close every pooled connection. Connections still held (an open Session,
   * a running connect() callback) are taken back as broken, so their
   * transactions roll back and their later use fails clearly, instead of
   * dispose() waiting for them forever.
   */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const lease of [...this.leases]) {
      lease.connection.broken = true;
      lease.release();
    }
    await this.driver.destroy();
  }

  /**
   * The schemas of the given tables; none given: every table of the engine's
   * entities. Join tables come with entity classes: those between entities
   * that are all in the list (a join table cannot be named by a class).
   */
  private schemasOf(tables: readonly SchemaSource[] | undefined): TableSchema[] {
    if (tables === undefined) return this.metadata.tableSchemas;
    const schemas = tables.map((t) => (typeof t === "function" ? this.metadata.get(t).schema : t.schema));
    if (!tables.some((t) => typeof t === "function")) return schemas;
    const names = new Set(schemas.map((s) => s.name));
    const joinTables = this.metadata.joinTables.filter(
      (j) => !names.has(j.name) && j.foreignKeys.every((fk) => names.has(fk.referencedTable)),
    );
    return [...schemas, ...joinTables];
  }

  /**
   * Where DROP TABLE does not refuse on its own to drop a table that another
   * table still references (SQLite deletes the rows instead, firing ON DELETE
   * actions in the tables that stay), refuse here, before anything is dropped.
   */
  private async refuseDroppingReferencedTables(conn: Connection, dropping: ReadonlySet<string>): Promise<void> {
    const query = this.dialect.ddl.foreignKeyTablesQuery;
    if (query === undefined || dropping.size === 0) return;
    for (const row of (await conn.runSql(query)).rows) {
      const [from, to] = Object.values(row).map(String);
      if (dropping.has(to) && !dropping.has(from)) {
        throw new InvalidStatementError(
          `Cannot drop table ${to}: table ${from} references it and is not being dropped. Pass ${from} to dropAll() as well.`,
        );
      }
    }
  }

  private async tableNames(conn: Connection): Promise<Set<string>> {
    const result = await conn.runSql(this.dialect.ddl.tableNamesQuery);
    return new Set(result.rows.map((r) => String(Object.values(r)[0])));
  }

  /** DDL in one transaction where the database can roll DDL back; statement by statement where it cannot. */
  private withDdlTransaction(fn: (conn: Connection) => Promise<void>): Promise<void> {
    return this.connect((conn) => (this.dialect.capabilities.transactionalDdl ? conn.transaction(fn) : fn(conn)), SCHEMA_WORK);
  }
}
