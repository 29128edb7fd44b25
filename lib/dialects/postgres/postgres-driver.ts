import type * as Pg from "pg";
import { FirstUseLayout } from "../../util/layout-keeper";
import { loadDriver } from "../base/load-driver";
import { poolSettings, SERVER_POOL_HINT } from "../base/pool-settings";
import { type ConnectionHome, PooledConnection } from "../base/pooled-connection";
import { PooledDriver, setUpOrDiscard } from "../base/pooled-driver";
import type { ConnectionConfig } from "../connection-config";
import type { DriverOptions, DriverQuery, DriverResult } from "../driver";
import { sendCancelRequest } from "./postgres-cancel";
import { PG_OID } from "./postgres-codec";

/** Types read as the server's text: Strata's codec converts them exactly (no float for int8/numeric, no local-time dates). */
const RAW_TEXT_OIDS = new Set<number>([
  PG_OID.int8,
  PG_OID.numeric,
  PG_OID.date,
  PG_OID.timestamp,
  PG_OID.timestamptz,
  PG_OID.json,
  PG_OID.jsonb,
]);

const identity = (value: string) => value;

function typeParsers(pg: typeof Pg): Pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) =>
      RAW_TEXT_OIDS.has(oid) ? identity : pg.types.getTypeParser(oid, format as "text")) as Pg.CustomTypesConfig["getTypeParser"],
  };
}

/** What pg's Client keeps of the backend after login, for a cancel request (not in pg's typings). */
interface BackendKey {
  readonly processID: number | null;
  readonly secretKey: number | null;
}

/**
 * PostgreSQL through pg's Client, one per pooled connection. Every session
 * runs in UTC, and in the URL's `schema` when one is given. Each client is
 * listened to for its whole life: a server that ends the connection (a
 * restart, pg_terminate_backend, idle_in_transaction_session_timeout, a
 * failover) marks it broken instead of crashing the process with an
 * unheard 'error' event, and the pool never lends it again.
 */
export class PostgresDriver extends PooledDriver<PostgresConnection> {
  constructor(config: ConnectionConfig, options: DriverOptions) {
    const pg = loadDriver<typeof Pg>("pg", "PostgreSQL");
    const settings = poolSettings(options.pool, 10, SERVER_POOL_HINT);
    const startup = ["-c TimeZone=UTC"];
    if (config.params.schema) startup.push(`-c search_path=${config.params.schema.replace(/[^A-Za-z0-9_$]/g, "")}`);
    if (options.lockTimeoutMillis !== undefined) startup.push(`-c lock_timeout=${options.lockTimeoutMillis}`);
    const clientConfig: Pg.ClientConfig = {
      host: config.host,
      port: config.port,
      user: config.user,
      password: config.password,
      database: config.database,
      connectionTimeoutMillis: settings.acquireTimeoutMillis,
      keepAlive: true,
      // Probe an idle connection after 30 s without traffic (the OS default waits two hours), so a dead peer is noticed.
      keepAliveInitialDelayMillis: 30_000,
      options: startup.join(" "),
      types: typeParsers(pg),
      ...(config.params.ssl === "true" || config.params.sslmode === "require" ? { ssl: { rejectUnauthorized: false } } : {}),
      application_name: config.params.application_name ?? "strata-orm",
    };
    super(settings, (home) => {
      const client = new pg.Client(clientConfig);
      const connection = new PostgresConnection(home, client, clientConfig, settings.acquireTimeoutMillis);
      return setUpOrDiscard(
        connection,
        () => client.connect(),
        () => connection.destroy(),
      );
    });
  }
}

/** One client of the pool. */
class PostgresConnection extends PooledConnection {
  constructor(
    home: ConnectionHome<PooledConnection>,
    private readonly client: Pg.Client,
    private readonly config: Pg.ClientConfig,
    private readonly cancelTimeoutMillis: number,
  ) {
    super(home);
    // Registered before connect(): an error at any time afterwards (idle in the pool, lent, mid-statement) is heard.
    client.on("error", () => {
      this.broken = true;
    });
    client.on("end", () => {
      this.broken = true;
    });
    postgresConnectionLayout.keep();
  }

  run(query: DriverQuery): Promise<DriverResult> {
    return run(this.client, query);
  }

  cancel(): Promise<void> {
    const { processID, secretKey } = this.client as unknown as BackendKey;
    if (processID === null || secretKey === null) return Promise.resolve();
    return sendCancelRequest(
      { host: this.config.host ?? "localhost", port: this.config.port ?? 5432, processID, secretKey },
      this.cancelTimeoutMillis,
    );
  }

  destroy(): void {
    this.broken = true;
    // pg has no public way to drop a connection at once (end() waits for the server); a statement running on it fails with "Connection terminated".
    (this.client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  }

  /** A polite end (Terminate), unless the connection is broken or the server does not answer in time: then the socket is dropped. */
  async close(): Promise<void> {
    if (this.broken) return this.destroy();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.cancelTimeoutMillis);
    });
    try {
      await Promise.race([this.client.end(), late]);
    } finally {
      clearTimeout(timer);
      this.destroy();
    }
  }
}

async function run(client: Pg.Client, query: DriverQuery): Promise<DriverResult> {
  // No parameters: the simple protocol, so raw SQL may hold several statements (the result is the last one's).
  const config: Pg.QueryArrayConfig = query.params.length
    ? { text: query.sql, values: query.params as unknown[], rowMode: "array" }
    : { text: query.sql, rowMode: "array" };
  const raw = (await client.query(config)) as Pg.QueryArrayResult | Pg.QueryArrayResult[];
  const result = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  const fields = result.fields ?? [];
  return {
    rows: result.rows ?? [],
    columns: fields.map((f) => ({ name: f.name, typeId: f.dataTypeID })),
    rowCount: result.rowCount ?? result.rows?.length ?? 0,
  };
}

const postgresConnectionLayout = new FirstUseLayout(() => new PostgresConnection({ release() {} } as never, { on() {} } as never, {}, 0));
