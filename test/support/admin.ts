import mysql from "mysql2/promise";
import { Client } from "pg";
import { SERVER_URLS } from "./servers";

/** Run admin statements on the PostgreSQL server (creating/dropping schemas). */
export async function withPostgresAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: SERVER_URLS.postgres, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Run admin statements on the MySQL/MariaDB server (creating/dropping databases). */
export async function withMysqlAdmin<T>(fn: (conn: mysql.Connection) => Promise<T>): Promise<T> {
  const conn = await mysql.createConnection({ uri: SERVER_URLS.mysql, connectTimeout: 3000 });
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}
