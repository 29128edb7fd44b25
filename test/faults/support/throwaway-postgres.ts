import { execFileSync } from "node:child_process";
import { chownSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { freePort } from "./free-port";
import { runCommand, waitUntil } from "./run-command";

const PG_BIN = join(
  "/usr/lib/postgresql",
  readdirSync("/usr/lib/postgresql")
    .sort((a, b) => Number(a) - Number(b))
    .at(-1) as string,
  "bin",
);
/** initdb refuses to run as root: the cluster belongs to the system's postgres user. */
const POSTGRES_UID = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());

/**
 * A PostgreSQL server of the test's own: a new data directory under the
 * temp dir, trust authentication, a free port on 127.0.0.1. The test may
 * stop, kill and restart it at will; destroy() stops it and removes the
 * directory. The shared server on 5432 is never touched.
 */
export class ThrowawayPostgres {
  private running = false;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(settings: Record<string, string> = {}): Promise<ThrowawayPostgres> {
    const dir = mkdtempSync(join(tmpdir(), "strata-fault-pg-"));
    chownSync(dir, POSTGRES_UID, -1);
    await runCommand(join(PG_BIN, "initdb"), ["-D", join(dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"], {
      user: "postgres",
    });
    const server = new ThrowawayPostgres(await freePort(), dir);
    server.settings = settings;
    await server.startServer();
    return server;
  }

  private settings: Record<string, string> = {};

  /** The URL of the `postgres` database. */
  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** A direct client, outside any engine (for pg_terminate_backend and the like). */
  async admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ host: "127.0.0.1", port: this.port, user: "postgres", database: "postgres" });
    client.on("error", () => {});
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** Terminate every backend of the given application_name (Strata's default is "strata-orm"). */
  async terminateBackends(applicationName = "strata-orm"): Promise<number> {
    return this.admin(async (c) => {
      const result = await c.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()",
        [applicationName],
      );
      return result.rowCount ?? 0;
    });
  }

  async startServer(): Promise<void> {
    const options = [`-p ${this.port}`, `-k ${this.dir}`, "-c listen_addresses=127.0.0.1", "-c fsync=off", "-c max_connections=50"];
    for (const [name, value] of Object.entries(this.settings)) options.push(`-c ${name}=${value}`);
    await runCommand(
      join(PG_BIN, "pg_ctl"),
      ["-D", join(this.dir, "data"), "-o", options.join(" "), "-l", join(this.dir, "log"), "-w", "start"],
      {
        user: "postgres",
      },
    );
    this.running = true;
    await waitUntil(() => this.admin((c) => c.query("SELECT 1")), 10_000, "PostgreSQL answering");
  }

  /** Stop the server: "fast" ends sessions cleanly, "immediate" as a crash would. */
  async stop(mode: "fast" | "immediate" = "fast"): Promise<void> {
    if (!this.running) return;
    await runCommand(join(PG_BIN, "pg_ctl"), ["-D", join(this.dir, "data"), "-m", mode, "-w", "stop"], { user: "postgres" });
    this.running = false;
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
