import {
  blob,
  defineTable,
  type EchoEvent,
  type Engine,
  InvalidValueError,
  insert,
  integer,
  select,
  sql,
  UniqueViolationError,
  varchar,
} from "../../lib";
import { compiled, expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";

const people = defineTable("people", {
  id: integer().primaryKey(),
  name: varchar(50).notNull().unique(),
});

const files = defineTable("files", {
  id: integer().primaryKey(),
  data: blob(),
});

describeEachDialect("echo", (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = db.engine();
    await engine.createAll([people, files]);
    await engine.execute(insert(people).values([{ name: "Safi" }, { name: "Rukhya" }]));
  });

  describe("with a function", () => {
    it("hands each statement's SQL, parameters, duration and row count to the function", async () => {
      const events: EchoEvent[] = [];
      const echoing = db.engine({ echo: (event) => events.push(event) });
      const statement = select(people.c.name).where(people.c.name.eq("Safi"));
      await echoing.execute(statement);
      const written = insert(people).values([{ name: "e1" }, { name: "e2" }]);
      await echoing.execute(written);
      expect(events).toEqual([
        { ...compiled(echoing, statement), durationMs: expect.any(Number), rowCount: 1 },
        { ...compiled(echoing, written), durationMs: expect.any(Number), rowCount: 2 },
      ]);
      for (const event of events) {
        expect(Number.isFinite(event.durationMs)).toBe(true);
        expect(event.durationMs).toBeGreaterThanOrEqual(0);
        expect(event.error).toBeUndefined();
      }
    });

    it("reports a failed statement with the error that was thrown and no row count", async () => {
      const events: EchoEvent[] = [];
      const echoing = db.engine({ echo: (event) => events.push(event) });
      const statement = insert(people).values({ name: "Safi" });
      const thrown = await expectStrataError(echoing.execute(statement), UniqueViolationError, "UNIQUE_VIOLATION");
      expect(events).toHaveLength(1);
      const [event] = events;
      expect(event.sql).toBe(compiled(echoing, statement).sql);
      expect(event.params).toEqual(["Safi"]);
      expect(event.error).toBe(thrown);
      expect(event.rowCount).toBeUndefined();
      expect(Number.isFinite(event.durationMs)).toBe(true);
    });

    it("echoes transaction control statements as well", async () => {
      const events: EchoEvent[] = [];
      const echoing = db.engine({ echo: (event) => events.push(event) });
      await echoing.begin((tx) => tx.execute(sql`SELECT ${1} AS one`));
      const begin = { sqlite: "BEGIN IMMEDIATE", postgres: "BEGIN", mysql: "START TRANSACTION" }[db.dialect];
      expect(events.map((e) => e.sql)).toEqual([begin, compiled(echoing, sql`SELECT ${1} AS one`).sql, "COMMIT"]);
    });

    it("echoes nothing for a statement refused before it reached the database", async () => {
      const events: EchoEvent[] = [];
      const echoing = db.engine({ echo: (event) => events.push(event) });
      await expectStrataError(echoing.execute(select(people).where(people.c.id.eq(1.5))), InvalidValueError, "INVALID_VALUE");
      expect(events).toEqual([]);
    });
  });

  describe("echo: true", () => {
    let log: jest.SpyInstance;

    beforeEach(() => {
      log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    });

    afterEach(() => {
      log.mockRestore();
    });

    function lines(): string[] {
      return log.mock.calls.map((args) => args.join(" "));
    }

    it("prints one line per statement with its parameters, row count and duration", async () => {
      const echoing = db.engine({ echo: true });
      const statement = select(people.c.name).where(people.c.name.eq("Safi"));
      await echoing.execute(statement);
      await echoing.execute(
        select(people.c.id)
          .from(people)
          .where(people.c.name.in(["Safi", "Rukhya"])),
      );
      expect(log).toHaveBeenCalledTimes(2);
      const [first, second] = lines();
      expect(first.startsWith(`[strata] ${compiled(echoing, statement).sql} ['Safi'] -- 1 row in `)).toBe(true);
      expect(first).toMatch(/ in \d+\.\d ms$/);
      expect(second).toMatch(/\['Safi', 'Rukhya'\] -- 2 rows in \d+\.\d ms$/);
    });

    it("prints a failed statement with the error's message", async () => {
      const echoing = db.engine({ echo: true });
      await expectStrataError(echoing.execute(insert(people).values({ name: "Rukhya" })), UniqueViolationError, "UNIQUE_VIOLATION");
      expect(log).toHaveBeenCalledTimes(1);
      expect(lines()[0]).toMatch(/^\[strata\] INSERT INTO .* \['Rukhya'\] -- failed: Unique constraint violated.* in \d+\.\d ms$/);
    });

    it("shortens long strings and shows binary values by size", async () => {
      const echoing = db.engine({ echo: true });
      const long = "x".repeat(100);
      await echoing.execute(sql`SELECT ${people.c.id} FROM ${people} WHERE ${people.c.name} = ${long}`);
      await echoing.execute(
        select(files.c.id)
          .where(files.c.id.eq(7))
          .where(files.c.data.eq(Buffer.from("abc"))),
      );
      const [first, second] = lines();
      expect(first).toContain(`['${"x".repeat(57)}...']`);
      expect(first).not.toContain("x".repeat(58));
      expect(first).toContain("-- 0 rows in ");
      expect(second).toContain("[7, <3 bytes>] -- 0 rows in ");
    });

    it("prints nothing without echo", async () => {
      const quiet = db.engine();
      await quiet.execute(select(people.c.name).from(people));
      const off = db.engine({ echo: false });
      await off.execute(select(people.c.name).from(people));
      expect(log).not.toHaveBeenCalled();
    });
  });
});
