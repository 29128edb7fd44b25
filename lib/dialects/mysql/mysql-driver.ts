import type * as Mysql from "mysql2";
import type * as MysqlPromise from "mysql2/promise";
import { keepLayoutOf } from "../base/layout-keeper";
import { LentConnection } from "../base/lent-connection";
import { loadDriver } from "../base/load-driver";
import type { ConnectionConfig } from "../connection-config";
import type { Driver, DriverConnection, DriverQuery, DriverResult, PoolOptions } from "../driver";
import { SESSION_SETUP } from "./mysql-session-setup";

/** MySQL and MariaDB through mysql2's pool, with parameters bound server-side (prepared statements). */
export class MysqlDriver implements Driver {
  private readonly pool: MysqlPromise.Pool;

  constructor(config: ConnectionConfig, pool: PoolOptions) {
    const mysql = loadDriver<typeof Mysql>("mysql2", "MySQL");
    const core = mysql.createPool({
      host: config.host,
      port: config.port,
      user: config.user,
      password: config.password,
      database: config.database,
      connectionLimit: pool.max ?? 10,
      maxIdle: pool.min ?? pool.max ?? 10,
      idleTimeout: pool.idleTimeoutMillis ?? 30_000,
      connectTimeout: pool.acquireTimeoutMillis ?? 30_000,
      waitForConnections: true,
      queueLimit: 0,
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
    });
    core.on("connection", (conn) => {
      conn.query(SESSION_SETUP);
    });
    this.pool = core.promise();
  }

  async acquire(): Promise<DriverConnection> {
    return new MysqlConnection(await this.pool.getConnection());
  }

  async destroy(): Promise<void> {
    await this.pool.end();
  }
}

/** A connection of the pool, lent to one caller until released. */
class MysqlConnection extends LentConnection {
  constructor(private readonly conn: MysqlPromise.PoolConnection) {
    super();
  }

  run(query: DriverQuery): Promise<DriverResult> {
    return run(this.conn, query);
  }

  protected giveBack(broken: boolean): void {
    if (broken) this.conn.destroy();
    else this.conn.release();
  }
}

async function run(conn: MysqlPromise.PoolConnection, query: DriverQuery): Promise<DriverResult> {
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

keepLayoutOf(new MysqlConnection(undefined as never));
