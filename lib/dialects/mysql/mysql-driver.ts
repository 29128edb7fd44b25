import type * as Mysql from "mysql2";
import type * as MysqlPromise from "mysql2/promise";
import { FirstUseLayout } from "../../util/layout-keeper";
import { loadDriver } from "../base/load-driver";
import { poolSettings, SERVER_POOL_HINT } from "../base/pool-settings";
import { type ConnectionHome, PooledConnection } from "../base/pooled-connection";
import { PooledDriver, setUpOrDiscard } from "../base/pooled-driver";
import type { ConnectionConfig } from "../connection-config";
import type { DriverOptions, DriverQuery, DriverResult } from "../driver";
import { SESSION_SETUP } from "./mysql-session-setup";

/**
 * MySQL and MariaDB through mysql2, one connection per pool slot, with
 * parameters bound server-side (prepared statements). Each connection is
 * listened to for its whole life: a server that goes away marks it broken
 * (never an unheard 'error' event), and the pool never lends it again.
 */
export class MysqlDriver extends PooledDriver<MysqlConnection> {
  constructor(config: ConnectionConfig, options: DriverOptions) {
    const mysql = loadDriver<typeof Mysql>("mysql2", "MySQL");
    const settings = poolSettings(options.pool, 10, SERVER_POOL_HINT);
    const connectionConfig: Mysql.ConnectionOptions = {
      host: config.host,
      port: config.port,
      user: config.user,
      password: config.password,
      database: config.database,
      connectTimeout: settings.acquireTimeoutMillis,
      enableKeepAlive: true,
      // Probe an idle connection after 30 s without traffic (the OS default waits two hours), so a dead peer is noticed.
      keepAliveInitialDelay: 30_000,
      charset: "UTF8MB4_UNICODE_CI",
      // DATETIME holds UTC (the codec writes it so, and refuses years before 1000, which mysql2 would misread):
      // mysql2 reads it straight from the wire into a Date with this offset. DATE stays text ("YYYY-MM-DD").
      timezone: "Z",
      dateStrings: ["DATE"],
      // JSON as text from MySQL's JSON type and MariaDB's (LONGTEXT) alike; the codec parses it exactly once.
      jsonStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      decimalNumbers: false,
      multipleStatements: false,
      ...(config.params.ssl === "true" ? { ssl: {} } : {}),
    };
    const setup = [SESSION_SETUP];
    // innodb_lock_wait_timeout counts whole seconds, at least 1.
    if (options.lockTimeoutMillis !== undefined)
      setup.push(`SET SESSION innodb_lock_wait_timeout = ${Math.max(1, Math.ceil(options.lockTimeoutMillis / 1000))}`);
    super(settings, async (home) => {
      const core = await openConnection(mysql, connectionConfig);
      const connection = new MysqlConnection(home, core, () => openConnection(mysql, connectionConfig), settings.acquireTimeoutMillis);
      return setUpOrDiscard(
        connection,
        async () => {
          for (const sql of setup) await connection.run({ sql, params: [] });
        },
        () => connection.destroy(),
      );
    });
  }
}

/** A new connection, once the server accepted it; a connection error rejects (mysql2 would otherwise emit it unheard). */
function openConnection(mysql: typeof Mysql, config: Mysql.ConnectionOptions): Promise<Mysql.Connection> {
  return new Promise((resolve, reject) => {
    const core = mysql.createConnection(config);
    const failed = (error: Error) => {
      core.destroy();
      reject(error);
    };
    core.once("error", failed);
    core.once("connect", () => {
      core.removeListener("error", failed);
      resolve(core);
    });
  });
}

/** One connection of the pool. */
class MysqlConnection extends PooledConnection {
  private readonly conn: MysqlPromise.Connection;

  constructor(
    home: ConnectionHome<PooledConnection>,
    private readonly core: Mysql.Connection,
    private readonly openAnother: () => Promise<Mysql.Connection>,
    private readonly cancelTimeoutMillis: number,
  ) {
    super(home);
    this.conn = core.promise();
    // Heard for the connection's whole life: a server that goes away while it idles in the pool only marks it broken.
    core.on("error", () => {
      this.broken = true;
    });
    core.on("end", () => {
      this.broken = true;
    });
    mysqlConnectionLayout.keep();
  }

  run(query: DriverQuery): Promise<DriverResult> {
    return run(this.conn, query);
  }

  /**
   * KILL QUERY on a connection of its own: the statement fails with
   * "interrupted" and this connection stays usable. Like PostgreSQL's cancel
   * request, it stops whatever the connection runs when it arrives.
   */
  async cancel(): Promise<void> {
    const threadId = this.core.threadId;
    if (threadId === null) return;
    const killer = await withTimeout(this.openAnother(), this.cancelTimeoutMillis, "open a connection for KILL QUERY");
    killer.on("error", () => {});
    try {
      await withTimeout(killer.promise().query(`KILL QUERY ${Number(threadId)}`), this.cancelTimeoutMillis, "run KILL QUERY");
    } finally {
      killer.destroy();
    }
  }

  destroy(): void {
    this.broken = true;
    this.core.destroy();
  }

  /** A polite QUIT, unless the connection is broken or the server does not answer in time: then the socket is dropped. */
  async close(): Promise<void> {
    if (this.broken) return this.destroy();
    try {
      await withTimeout(this.conn.end(), this.cancelTimeoutMillis, "close the connection");
    } finally {
      this.destroy();
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`MySQL did not answer within ${ms} ms to ${what}.`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function run(conn: MysqlPromise.Connection, query: DriverQuery): Promise<DriverResult> {
  const options = { sql: query.sql, rowsAsArray: true };
  // Statements with parameters are prepared (bound on the server); the rest (DDL, BEGIN) go as plain text.
  const [rows, fields] = query.params.length
    ? await conn.execute(options, query.params as MysqlPromise.ExecuteValues[])
    : await conn.query(options);
  if (!Array.isArray(rows)) {
    const header = rows as MysqlPromise.ResultSetHeader;
    // MySQL reports 0 when the statement generated no key.
    return { rows: [], columns: [], rowCount: header.affectedRows, ...(header.insertId > 0 ? { insertId: header.insertId } : {}) };
  }
  const columns = (fields ?? []).map((f) => ({ name: f.name, typeId: f.columnType ?? f.type }));
  return { rows: rows as unknown[][], columns, rowCount: rows.length };
}

const mysqlConnectionLayout = new FirstUseLayout(
  () => new MysqlConnection({ release() {} } as never, { promise() {}, on() {} } as never, undefined as never, 0),
);
