import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, type EchoEvent, type Engine, type EngineOptions } from "../../lib";
import { withMysqlAdmin, withPostgresAdmin } from "./admin";
import { SERVER_URLS, selectedDialects, type TestDialect, unavailableDialects } from "./servers";

let counter = 0;

/**
 * The scheme of the SQLite test databases: plain sqlite:// (better-sqlite3,
 * the first installed), or STRATA_TEST_SQLITE_DRIVER's driver, as CI's
 * second run does with sqlite3 (sqlite+sqlite3://).
 */
export function sqliteScheme(): string {
  const driver = process.env.STRATA_TEST_SQLITE_DRIVER;
  if (!driver) return "sqlite";
  if (driver !== "sqlite3" && driver !== "better-sqlite3") {
    throw new Error(`STRATA_TEST_SQLITE_DRIVER is "${driver}"; use sqlite3 or better-sqlite3.`);
  }
  return `sqlite+${driver}`;
}

/**
 * A database name no other test file of this run uses. Jest loads this module
 * afresh for every test file, so the counter restarts in each file a worker
 * runs; the random part keeps two files of one worker apart (a file whose
 * teardown failed would otherwise hand its database to the next).
 */
function isolatedName(): string {
  const runId = process.env.STRATA_TEST_RUN_ID ?? "local";
  const worker = process.env.JEST_WORKER_ID ?? "0";
  return `strata_t_${runId}_${worker}_${process.pid}_${randomBytes(3).toString("hex")}_${++counter}`;
}

function replaceDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl.replace(/^[a-z+]+:/, "http:"));
  url.pathname = `/${database}`;
  return adminUrl.replace(/^([a-z+]+:).*$/, `$1${url.toString().replace(/^http:/, "")}`);
}

/**
 * One fresh, empty database for one test file on one dialect: a temp file
 * for SQLite, a schema for PostgreSQL, a database for MySQL. Engines made
 * through it are disposed and the database dropped when the file ends.
 */
export class TestDatabase {
  readonly url: string;
  private readonly engines: Engine[] = [];
  private readonly name = isolatedName();
  private readonly sqliteDir?: string;

  constructor(readonly dialect: TestDialect) {
    if (dialect === "sqlite") {
      this.sqliteDir = join(tmpdir(), "strata-tests", this.name);
      this.url = `${sqliteScheme()}:///${join(this.sqliteDir, "test.db")}`;
    } else if (dialect === "postgres") {
      const base = SERVER_URLS.postgres;
      this.url = `${base}${base.includes("?") ? "&" : "?"}schema=${this.name}`;
    } else {
      this.url = replaceDatabase(SERVER_URLS.mysql, this.name);
    }
  }

  async setUp(): Promise<void> {
    if (this.dialect === "sqlite") mkdirSync(this.sqliteDir as string, { recursive: true });
    else if (this.dialect === "postgres") await withPostgresAdmin((c) => c.query(`CREATE SCHEMA "${this.name}"`));
    else await withMysqlAdmin((c) => c.query(`CREATE DATABASE \`${this.name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`));
  }

  async tearDown(): Promise<void> {
    await Promise.all(this.engines.splice(0).map((e) => e.dispose()));
    if (this.dialect === "sqlite") rmSync(this.sqliteDir as string, { recursive: true, force: true });
    else if (this.dialect === "postgres") await withPostgresAdmin((c) => c.query(`DROP SCHEMA IF EXISTS "${this.name}" CASCADE`));
    else await withMysqlAdmin((c) => c.query(`DROP DATABASE IF EXISTS \`${this.name}\``));
  }

  /** An engine on this database, disposed when the file ends. */
  engine(options: EngineOptions = {}): Engine {
    const engine = createEngine(this.url, options);
    this.engines.push(engine);
    return engine;
  }

  /** An engine that records every statement it runs (for asserting on the SQL a call emits). */
  recordingEngine(options: EngineOptions = {}): { engine: Engine; statements: EchoEvent[] } {
    const statements: EchoEvent[] = [];
    const engine = this.engine({ ...options, echo: (e) => statements.push(e) });
    return { engine, statements };
  }
}

/**
 * Define the same tests once per selected, reachable dialect, each block with
 * its own fresh database:
 *
 * ```ts
 * describeEachDialect("select", (db) => {
 *   let engine: Engine;
 *   beforeAll(() => { engine = db.engine(); });
 *   it("...", async () => { ... });
 * });
 * ```
 */
export function describeEachDialect(
  title: string,
  body: (db: TestDatabase) => void,
  /** Only these dialects, for a behaviour the others cannot have (the caller's comment says why). */
  only?: readonly TestDialect[],
): void {
  const unavailable = unavailableDialects();
  for (const dialect of selectedDialects()) {
    if (unavailable.has(dialect) || (only !== undefined && !only.includes(dialect))) continue;
    describe(`${title} [${dialect}]`, () => {
      const db = new TestDatabase(dialect);
      beforeAll(() => db.setUp());
      afterAll(() => db.tearDown());
      body(db);
    });
  }
}
