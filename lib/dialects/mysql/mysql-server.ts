import type { PoolStats } from "../base/connection-pool";
import type { Driver, DriverConnection } from "../driver";

/** Which server a MySQL-protocol connection reaches: MariaDB or MySQL, and its version. */
export interface MysqlServer {
  readonly mariadb: boolean;
  /** Major, minor and patch version, e.g. [10, 11, 19]. */
  readonly version: readonly [number, number, number];
}

/** The server's own answer: `10.11.19-MariaDB-0+deb12u1` (MariaDB), `8.0.36` (MySQL). */
export const SERVER_VERSION_QUERY = "SELECT VERSION()";

/** A server from its VERSION() text. MariaDB's handshake puts `5.5.5-` in front for old clients; that prefix is skipped. */
export function mysqlServerOf(versionText: string): MysqlServer {
  const mariadb = /mariadb/i.test(versionText);
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(versionText.replace(/^5\.5\.5-/, ""));
  const version: [number, number, number] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  return { mariadb, version };
}

function atLeast(server: MysqlServer, major: number, minor: number, patch: number): boolean {
  const [a, b, c] = server.version;
  return a !== major ? a > major : b !== minor ? b > minor : c >= patch;
}

/**
 * utf8mb4's binary collation that compares exactly: code point by code
 * point, trailing spaces included (NO PAD), as PostgreSQL and SQLite do.
 * Each server names it differently: `utf8mb4_nopad_bin` on MariaDB (since
 * 10.2.2), `utf8mb4_0900_bin` on MySQL (since 8.0.17). `utf8mb4_bin`, what
 * older servers have, is PAD SPACE: there `"Z "` equals `"Z"`, in WHERE and
 * in unique keys alike.
 */
export function exactCollation(server: MysqlServer): string {
  if (server.mariadb) return atLeast(server, 10, 2, 2) ? "utf8mb4_nopad_bin" : "utf8mb4_bin";
  return atLeast(server, 8, 0, 17) ? "utf8mb4_0900_bin" : "utf8mb4_bin";
}

/** Where the server is recorded once learned (the engine's MySQL DDL compiler). */
export interface ServerRecord {
  readonly server?: MysqlServer;
  serverIs(server: MysqlServer): void;
}

/**
 * The engine's driver, which also learns from its first connection which
 * server it reaches (one SELECT VERSION(), before the engine gets the
 * connection), for what depends on it: the collation tables are created
 * with. The version comes from the server itself, not from the URL.
 */
export class ServerLearningDriver implements Driver {
  constructor(
    private readonly driver: Driver,
    private readonly record: ServerRecord,
  ) {}

  async acquire(): Promise<DriverConnection> {
    const conn = await this.driver.acquire();
    if (this.record.server === undefined) {
      try {
        const { rows } = await conn.run({ sql: SERVER_VERSION_QUERY, params: [] });
        this.record.serverIs(mysqlServerOf(String(rows[0]?.[0] ?? "")));
      } catch (error) {
        conn.release(true);
        throw error;
      }
    }
    return conn;
  }

  stats(): PoolStats {
    return this.driver.stats();
  }

  destroy(): Promise<void> {
    return this.driver.destroy();
  }
}
