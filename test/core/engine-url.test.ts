import { existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import {
  ConfigError,
  ConnectionError,
  createEngine,
  defineTable,
  type Engine,
  type EngineOptions,
  insert,
  integer,
  select,
  sql,
  varchar,
} from "../../lib";
import { loadDriver } from "../../lib/dialects/base/load-driver";
import { parseDatabaseUrl } from "../../lib/engine";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect, type TestDatabase } from "../support/test-database";

const things = defineTable("things", {
  id: integer().primaryKey(),
  name: varchar(60).notNull(),
});

/** The same URL under another scheme (e.g. mariadb:// for mysql://). */
function withScheme(url: string, scheme: string): string {
  return url.replace(/^[a-z0-9+.-]+:/i, `${scheme}:`);
}

/** The same server URL with other parts (port, user, password, database) swapped in. */
function serverUrl(db: TestDatabase, parts: { port?: string; user?: string; password?: string; database?: string }): string {
  const url = new URL(db.url.replace(/^[a-z0-9+.-]+:/i, "http:"));
  if (parts.port !== undefined) url.port = parts.port;
  if (parts.user !== undefined) url.username = parts.user;
  if (parts.password !== undefined) url.password = parts.password;
  if (parts.database !== undefined) url.pathname = `/${parts.database}`;
  return `${db.url.split(":")[0]}:${url.toString().slice("http:".length)}`;
}

// Parsing a URL touches no database, so these run once rather than once per dialect.
describe("database URLs", () => {
  it("rejects an unknown scheme, listing the supported ones, with the password masked", async () => {
    const error = await expectStrataError(
      () => createEngine("oracle://scott:s3cret@db.example.com/orcl"),
      ConfigError,
      "CONFIG_ERROR",
      'Unsupported database URL scheme "oracle"',
      "postgresql",
      "mysql+mysql2",
      "mariadb",
      "sqlite:///file.db",
      "scott:***@",
    );
    expect(error.message).not.toContain("s3cret");
  });

  it("rejects text that is not a URL, and a missing URL, saying what to write", async () => {
    await expectStrataError(
      () => createEngine("tasks.db"),
      ConfigError,
      "CONFIG_ERROR",
      'Unsupported database URL scheme "tasks.db"',
      "sqlite:///file.db",
    );
    await expectStrataError(() => createEngine(""), ConfigError, "CONFIG_ERROR", "No database URL was given", "DATABASE_URL");
    await expectStrataError(() => createEngine(undefined as unknown as string), ConfigError, "CONFIG_ERROR", "No database URL was given");
  });

  it.each([
    ["postgresql://app:s3cret@localhost:5432", "postgresql://localhost/mydb"],
    ["postgres://app:s3cret@localhost:5432/", "postgres://localhost/mydb"],
    ["mysql://app:s3cret@localhost", "mysql://localhost/mydb"],
    ["mariadb://app:s3cret@localhost:3306/", "mariadb://localhost/mydb"],
  ])("rejects %s: it names no database", async (url, example) => {
    const error = await expectStrataError(() => createEngine(url), ConfigError, "CONFIG_ERROR", "names no database", example, "app:***@");
    expect(error.message).not.toContain("s3cret");
  });

  it("reads every part of a server URL, decoding escapes and masking the password for display", () => {
    const config = parseDatabaseUrl("postgresql://app:p%40ss%2Fw0rd@db.example.com:5433/my%20db?sslmode=require&schema=s1");
    expect(config).toEqual({
      dialect: "postgres",
      displayUrl: "postgresql://app:***@db.example.com:5433/my%20db?sslmode=require&schema=s1",
      host: "db.example.com",
      port: 5433,
      user: "app",
      database: "my db",
      params: { sslmode: "require", schema: "s1" },
    });
    // Readable by the driver, but not enumerable: logs and JSON of the config never carry it.
    expect(config.password).toBe("p@ss/w0rd");
    expect(Object.keys(config)).not.toContain("password");
    expect(parseDatabaseUrl("mysql://localhost/shop")).toEqual({
      dialect: "mysql",
      displayUrl: "mysql://localhost/shop",
      host: "localhost",
      database: "shop",
      params: {},
    });
  });

  it.each([
    ["postgresql://h/db", "postgres"],
    ["postgres://h/db", "postgres"],
    ["postgresql+pg://h/db", "postgres"],
    ["PostgreSQL://h/db", "postgres"],
    ["mysql://h/db", "mysql"],
    ["mysql+mysql2://h/db", "mysql"],
    ["mariadb://h/db", "mysql"],
    ["sqlite:///x.db", "sqlite"],
    ["sqlite+better-sqlite3:///x.db", "sqlite"],
  ])("reads %s as %s", (url, dialect) => {
    expect(parseDatabaseUrl(url).dialect).toBe(dialect);
  });

  it("reads the SQLite forms: relative, absolute, in memory", () => {
    expect(parseDatabaseUrl("sqlite:///data/tasks.db").database).toBe(resolve(process.cwd(), "data/tasks.db"));
    expect(parseDatabaseUrl("sqlite:////var/lib/app/tasks.db").database).toBe("/var/lib/app/tasks.db");
    expect(parseDatabaseUrl("sqlite:///my%20tasks.db").database).toBe(resolve(process.cwd(), "my tasks.db"));
    expect(parseDatabaseUrl("sqlite://:memory:").database).toBe(":memory:");
    expect(parseDatabaseUrl("sqlite:///:memory:").database).toBe(":memory:");
  });

  it("rejects SQLite URLs that name no file or are missing a slash, showing the right forms", async () => {
    await expectStrataError(
      () => createEngine("sqlite://tasks.db"),
      ConfigError,
      "CONFIG_ERROR",
      "sqlite:///relative/path.db",
      "sqlite:////absolute/path.db",
    );
    await expectStrataError(() => createEngine("sqlite:///"), ConfigError, "CONFIG_ERROR", "names no file", "sqlite://:memory:");
  });

  it("creates an engine without connecting, and shows its URL with the password masked", () => {
    const engine = createEngine("postgresql://app:s3cret@127.0.0.1:1/app");
    expect(engine.url).toBe("postgresql://app:***@127.0.0.1:1/app");
    expect(engine.dialect.name).toBe("postgres");
    return engine.dispose();
  });

  it.each([
    [{ max: 0 }, "pool.max must be at least 1"],
    [{ max: -1 }, "pool.max must be a non-negative integer, got -1"],
    [{ max: 1.5 }, "pool.max must be a non-negative integer, got 1.5"],
    [{ max: "10" }, 'pool.max must be a non-negative integer, got "10"'],
    [{ idleTimeoutMillis: Number.NaN }, "pool.idleTimeoutMillis must be a non-negative integer, got NaN"],
    [{ acquireTimeoutMillis: Number.POSITIVE_INFINITY }, "got Infinity"],
    [{ size: 5 }, 'pool has no option "size"; the options are: max, min, idleTimeoutMillis, acquireTimeoutMillis'],
    [{ min: 5, max: 2 }, "pool.min (5) cannot be more than pool.max (2)"],
    ["10", "pool must be an object"],
  ])("rejects pool options %p", async (pool, message) => {
    await expectStrataError(
      () => createEngine("postgresql://localhost/app", { pool } as unknown as EngineOptions),
      ConfigError,
      "CONFIG_ERROR",
      message,
    );
  });

  it("names the package to install when a driver is missing", async () => {
    await expectStrataError(
      () => loadDriver("strata-no-such-driver", "Example"),
      ConfigError,
      "CONFIG_ERROR",
      'The Example driver "strata-no-such-driver" is not installed',
      "npm install strata-no-such-driver",
    );
  });
});

// The SQLite URL forms name files; they need no server, and the other databases have no such forms.
describe("SQLite URL forms on a real file", () => {
  const dir = join(tmpdir(), "strata-tests", `url-forms-${process.pid}`);
  const engines: Engine[] = [];
  const open = (url: string) => {
    const engine = createEngine(url);
    engines.push(engine);
    return engine;
  };

  beforeAll(() => mkdirSync(dir, { recursive: true }));
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.dispose()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("sqlite:///relative and sqlite:////absolute open the same file", async () => {
    const file = join(dir, "same.db");
    const relativeUrl = `sqlite:///${relative(process.cwd(), file)}`;
    const absoluteUrl = `sqlite:///${file}`;
    expect(absoluteUrl.startsWith("sqlite:////")).toBe(true);
    const viaRelative = open(relativeUrl);
    await viaRelative.createAll([things]);
    await viaRelative.execute(insert(things).values({ name: "written through the relative URL" }));
    expect(existsSync(file)).toBe(true);
    const viaAbsolute = open(absoluteUrl);
    expect((await viaAbsolute.execute(select(things.c.name).from(things))).all()).toEqual([{ name: "written through the relative URL" }]);
  });

  it("sqlite://:memory: keeps its data for the engine's life, and shares it with no other engine", async () => {
    const first = open("sqlite://:memory:");
    await first.createAll([things]);
    await first.execute(insert(things).values({ name: "in memory" }));
    expect((await first.execute(select(things.c.name).from(things))).all()).toEqual([{ name: "in memory" }]);
    const second = open("sqlite://:memory:");
    const tables = (await second.execute(sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ${"things"}`)).all();
    expect(tables).toEqual([]);
  });
});

describeEachDialect("connecting", (db) => {
  it("connects through every scheme alias of the dialect", async () => {
    const aliases = {
      sqlite: ["sqlite", "sqlite+better-sqlite3"],
      postgres: ["postgresql", "postgres", "postgresql+pg"],
      mysql: ["mysql", "mysql+mysql2", "mariadb"],
    }[db.dialect];
    for (const scheme of aliases) {
      const engine = createEngine(withScheme(db.url, scheme));
      try {
        expect((await engine.execute(sql`SELECT 1 AS one`)).scalar()).toBe(1);
        expect(engine.dialect.name).toBe(db.dialect);
      } finally {
        await engine.dispose();
      }
    }
  });

  it("raises ConnectionError for a server (or directory) that is not there, saying what to check", async () => {
    const unreachable =
      db.dialect === "sqlite"
        ? { url: "sqlite:////nonexistent-strata-dir/sub/test.db", parts: ["directory does not exist", "Create the directory"] }
        : {
            url: serverUrl(db, { port: "1", password: "s3cret" }),
            parts: ["Cannot reach", "ECONNREFUSED", "server is running", "host and port"],
          };
    const engine = createEngine(unreachable.url);
    try {
      const error = await expectStrataError(
        engine.execute(sql`SELECT 1 AS one`),
        ConnectionError,
        "CONNECTION_ERROR",
        ...unreachable.parts,
      );
      expect(error.message).not.toContain("s3cret");
      // The driver's own error (made by Node's network code for a refused port).
      expect(error.cause).toMatchObject(
        db.dialect === "sqlite" ? { message: expect.stringContaining("directory") } : { code: "ECONNREFUSED" },
      );
      expect(engine.url).not.toContain("s3cret");
      // The engine stays usable: the next attempt fails the same way instead of hanging.
      await expectStrataError(engine.execute(sql`SELECT 1 AS one`), ConnectionError, "CONNECTION_ERROR");
    } finally {
      await engine.dispose();
    }
  });

  // A missing database is an error on the servers; SQLite creates the file on first use.
  it("handles a database that does not exist as the dialect does: an error saying how to create it, or a new file", async () => {
    if (db.dialect === "sqlite") {
      const file = join(tmpdir(), "strata-tests", `new-${process.pid}.db`);
      mkdirSync(join(tmpdir(), "strata-tests"), { recursive: true });
      rmSync(file, { force: true });
      const engine = createEngine(`sqlite:///${file}`);
      try {
        expect((await engine.execute(sql`SELECT 1 AS one`)).scalar()).toBe(1);
        expect(existsSync(file)).toBe(true);
      } finally {
        await engine.dispose();
        rmSync(file, { force: true });
      }
      return;
    }
    const name = "strata_no_such_database";
    const engine = createEngine(serverUrl(db, { database: name }));
    try {
      const hint = { postgres: "createdb", mysql: "CREATE DATABASE" }[db.dialect];
      await expectStrataError(
        engine.execute(sql`SELECT 1 AS one`),
        ConnectionError,
        "CONNECTION_ERROR",
        name,
        hint,
        "fix the database name in the URL",
      );
    } finally {
      await engine.dispose();
    }
  });

  if (db.dialect !== "sqlite") {
    // Only the servers have logins.
    it("raises ConnectionError for a refused login, saying to check the user and password", async () => {
      // The test PostgreSQL trusts every password, so an unknown role is what it refuses.
      const url = db.dialect === "postgres" ? serverUrl(db, { user: "strata_no_such_role" }) : serverUrl(db, { password: "wrong-s3cret" });
      const engine = createEngine(url);
      try {
        const error = await expectStrataError(
          engine.execute(sql`SELECT 1 AS one`),
          ConnectionError,
          "CONNECTION_ERROR",
          "refused the login",
          "Check the user and password",
        );
        expect(error.message).not.toContain("wrong-s3cret");
      } finally {
        await engine.dispose();
      }
    });
  }
});
