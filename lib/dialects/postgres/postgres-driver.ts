import type * as Pg from "pg";
import { keepLayoutOf } from "../base/layout-keeper";
import { LentConnection } from "../base/lent-connection";
import { loadDriver } from "../base/load-driver";
import type { ConnectionConfig } from "../connection-config";
import type { Driver, DriverConnection, DriverQuery, DriverResult, PoolOptions } from "../driver";
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

/** PostgreSQL through pg's Pool. Every session runs in UTC, and in the URL's `schema` when one is given. */
export class PostgresDriver implements Driver {
  private readonly pool: Pg.Pool;

  constructor(config: ConnectionConfig, pool: PoolOptions) {
    const pg = loadDriver<typeof Pg>("pg", "PostgreSQL");
    const options = ["-c TimeZone=UTC"];
    if (config.params.schema) options.push(`-c search_path=${config.params.schema.replace(/[^A-Za-z0-9_$]/g, "")}`);
    this.pool = new pg.Pool({
      host: config.host,
      port: config.port,
      user: config.user,
      password: config.password,
      database: config.database,
      max: pool.max ?? 10,
      min: pool.min ?? 0,
      idleTimeoutMillis: pool.idleTimeoutMillis ?? 30_000,
      connectionTimeoutMillis: pool.acquireTimeoutMillis ?? 30_000,
      options: options.join(" "),
      types: typeParsers(pg),
      ...(config.params.ssl === "true" || config.params.sslmode === "require" ? { ssl: { rejectUnauthorized: false } } : {}),
      application_name: config.params.application_name ?? "strata-orm",
    });
    // An idle client that loses its server is removed by the pool; without a listener the error would crash the process.
    this.pool.on("error", () => {});
  }

  async acquire(): Promise<DriverConnection> {
    return new PostgresConnection(await this.pool.connect());
  }

  async destroy(): Promise<void> {
    await this.pool.end();
  }
}

/** A client of the pool, lent to one caller until released. */
class PostgresConnection extends LentConnection {
  constructor(private readonly client: Pg.PoolClient) {
    super();
  }

  run(query: DriverQuery): Promise<DriverResult> {
    return run(this.client, query);
  }

  protected giveBack(broken: boolean): void {
    this.client.release(broken ? true : undefined);
  }
}

async function run(client: Pg.PoolClient, query: DriverQuery): Promise<DriverResult> {
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

keepLayoutOf(new PostgresConnection(undefined as never));
