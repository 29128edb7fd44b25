import { inspect } from "node:util";
import { ConfigError, ConnectionError, createEngine, type EchoEvent, type Engine, sql } from "../../lib";
import { parseDatabaseUrl } from "../../lib/engine";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";

/**
 * What an operator sees of an engine: ping() and pool statistics for health
 * checks, and never a password, whether the engine is logged, inspected or
 * turned into JSON, and whatever characters the password holds. echo can
 * leave bound values out, or redact them.
 */
describe("secrets in engines and URLs", () => {
  const PASSWORD = "s3cr@t:p%ss";
  const url = `postgresql://app:${PASSWORD.replace("%", "%25")}@db.example.com:5433/shop?application_name=a@b`;

  it("console.log, util.inspect and JSON of an engine and its config never show the password", () => {
    const engine = createEngine(url);
    for (const shown of [
      inspect(engine),
      inspect(engine, { depth: 10, showHidden: false }),
      JSON.stringify(engine),
      inspect(engine.config, { depth: 10 }),
      JSON.stringify(engine.config),
      String(engine.url),
    ]) {
      expect(shown).not.toContain("s3cr");
      expect(shown).not.toContain("p%");
    }
    expect(inspect(engine)).toBe(
      "Engine { dialect: 'postgres', url: 'postgresql://app:***@db.example.com:5433/shop?application_name=a@b' }",
    );
    expect(JSON.parse(JSON.stringify(engine))).toEqual({ dialect: "postgres", url: engine.url });
    // The driver still gets it.
    expect(engine.config.password).toBe(PASSWORD);
  });

  it("an unencoded @, : or / in a password is masked whole, never in part", () => {
    for (const [given, shown] of [
      ["postgresql://u:p@ss@host/db", "postgresql://u:***@host/db"],
      ["mysql://root:a:b@c@127.0.0.1:3306/app", "mysql://root:***@127.0.0.1:3306/app"],
      ["postgresql://u:pa/ss@host/db", "postgresql://u:***@host/db"],
      ["postgresql://u:x@host/db?email=a@b.c", "postgresql://u:***@host/db?email=a@b.c"],
      ["postgresql://u@host/db", "postgresql://u@host/db"],
    ] as const) {
      let display: string;
      try {
        display = parseDatabaseUrl(given).displayUrl;
      } catch (error) {
        display = (error as Error).message;
      }
      expect(display).toContain(shown);
      expect(display).not.toMatch(/ss@|:b@|pa\/|u:x/);
    }
  });

  it("a URL refused for its form never shows the password in the error, and says how to write special characters", async () => {
    const error = await expectStrataError(
      () => createEngine("postgresql://u:sec@ret@host:notaport/db"),
      ConfigError,
      "CONFIG_ERROR",
      "percent-encode special characters",
    );
    expect(error.message).not.toContain("sec@ret");
    expect(error.message).not.toContain("ret@host");
  });

  it("echo options are checked", () => {
    expect(() => createEngine("sqlite://:memory:", { echo: { parameter: false } as never })).toThrow(/echo has no option "parameter"/);
  });
});

describeEachDialect("engine health", (db) => {
  let engine: Engine;

  beforeAll(() => {
    engine = db.engine({ pool: { max: 3 } });
  });

  it("ping() runs SELECT 1 and gives the round trip in ms; pool.stats() counts the connections", async () => {
    const ms = await engine.ping();
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(ms).toBeLessThan(5_000);
    expect(engine.pool.stats()).toEqual({ total: 1, idle: 1, held: 0, waiting: 0, max: db.dialect === "sqlite" ? 3 : 3 });
    await engine.connect(async () => {
      expect(engine.pool.stats()).toMatchObject({ total: 1, idle: 0, held: 1, waiting: 0 });
    });
  });

  it("ping() of a server that is not there fails with ConnectionError", async () => {
    if (db.dialect === "sqlite") {
      const missing = createEngine("sqlite:///nonexistent-dir-strata/x.db");
      await expectStrataError(missing.ping(), ConnectionError, "CONNECTION_ERROR");
      await missing.dispose();
      return;
    }
    const scheme = db.dialect === "postgres" ? "postgresql" : "mysql";
    const missing = createEngine(`${scheme}://nobody@127.0.0.1:1/nothing`, { pool: { acquireTimeoutMillis: 2_000 } });
    await expectStrataError(missing.ping(), ConnectionError, "CONNECTION_ERROR", "Cannot reach");
    await missing.dispose();
  });

  it("echo: { parameters: false } logs the SQL without the bound values", async () => {
    const events: EchoEvent[] = [];
    const quiet = db.engine({ echo: { log: (e) => events.push(e), parameters: false } });
    await quiet.execute(sql`SELECT ${"personal data"} AS v`);
    expect(events).toHaveLength(1);
    expect(events[0].params).toEqual([]);
    expect(JSON.stringify(events)).not.toContain("personal data");
  });

  it("echo: { redact } replaces each bound value before it is logged", async () => {
    const events: EchoEvent[] = [];
    const masked = db.engine({
      echo: {
        log: (e) => events.push(e),
        redact: (value, i) => (typeof value === "string" && value.includes("@") ? `<email ${i}>` : value),
      },
    });
    const result = await masked.execute(sql`SELECT ${"ada@example.com"} AS email, ${7} AS n`);
    expect(result.rows.map((r) => r.email)).toEqual(["ada@example.com"]);
    expect(events[0].params).toEqual(["<email 0>", 7]);
  });

  it("the default echo with parameters: false prints one line without values", async () => {
    const lines: string[] = [];
    const log = jest.spyOn(console, "log").mockImplementation((line: string) => {
      lines.push(line);
    });
    try {
      const printing = db.engine({ echo: { parameters: false } });
      await printing.execute(sql`SELECT ${"secret value"} AS v`);
    } finally {
      log.mockRestore();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[strata\] SELECT .* -- 1 row in \d+\.\d ms$/);
    expect(lines[0]).not.toContain("secret value");
  });
});
