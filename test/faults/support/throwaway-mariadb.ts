import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mysql from "mysql2/promise";
import { freePort } from "./free-port";
import { runCommand, waitUntil } from "./run-command";

/**
 * A MariaDB server of the test's own: mariadb-install-db into a new data
 * directory, mariadbd on a free port on 127.0.0.1 as a child of the test
 * process. The test may stop, kill and restart it; destroy() stops it and
 * removes the directory. The shared server on 3306 is never touched.
 */
export class ThrowawayMariadb {
  private process?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<ThrowawayMariadb> {
    const dir = mkdtempSync(join(tmpdir(), "strata-fault-mariadb-"));
    await runCommand("mariadb-install-db", [
      "--no-defaults",
      `--datadir=${join(dir, "data")}`,
      "--auth-root-authentication-method=normal",
      "--skip-test-db",
      "--user=root",
    ]);
    const server = new ThrowawayMariadb(await freePort(), dir);
    await server.startServer();
    await server.admin((c) => c.query("CREATE DATABASE test"));
    return server;
  }

  /** The URL of the `test` database, as root. */
  get url(): string {
    return `mysql://root@127.0.0.1:${this.port}/test`;
  }

  async admin<T>(fn: (connection: mysql.Connection) => Promise<T>): Promise<T> {
    const connection = await mysql.createConnection({ host: "127.0.0.1", port: this.port, user: "root" });
    connection.on("error", () => {});
    try {
      return await fn(connection);
    } finally {
      connection.destroy();
    }
  }

  /** KILL every connection of `user` but the admin's own; returns how many. */
  async killConnections(): Promise<number> {
    return this.admin(async (c) => {
      const [rows] = await c.query("SELECT id FROM information_schema.processlist WHERE id <> CONNECTION_ID() AND command <> 'Daemon'");
      for (const { id } of rows as { id: number }[]) await c.query(`KILL ${Number(id)}`).catch(() => {});
      return (rows as unknown[]).length;
    });
  }

  async startServer(): Promise<void> {
    const child = spawn(
      "mariadbd",
      [
        "--no-defaults",
        `--datadir=${join(this.dir, "data")}`,
        `--port=${this.port}`,
        `--socket=${join(this.dir, "sock")}`,
        "--bind-address=127.0.0.1",
        "--user=root",
        "--skip-log-bin",
        "--innodb-buffer-pool-size=32M",
        "--innodb-flush-log-at-trx-commit=0",
        `--pid-file=${join(this.dir, "pid")}`,
      ],
      { stdio: "ignore" },
    );
    this.process = child;
    await waitUntil(() => this.admin((c) => c.query("SELECT 1")), 30_000, "MariaDB answering");
  }

  /** Stop the server: "fast" is a shutdown (SIGTERM), "immediate" a crash (SIGKILL). */
  async stop(mode: "fast" | "immediate" = "fast"): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(mode === "fast" ? "SIGTERM" : "SIGKILL");
    await exited;
    this.process = undefined;
  }

  async restart(mode: "fast" | "immediate" = "fast"): Promise<void> {
    await this.stop(mode);
    await this.startServer();
  }

  async destroy(): Promise<void> {
    try {
      await this.stop("immediate");
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
