import {
  bigint,
  blob,
  boolean,
  type Column,
  date,
  datetime,
  decimal,
  defineTable,
  type EchoEvent,
  type Engine,
  enumOf,
  float,
  InvalidValueError,
  insert,
  integer,
  json,
  select,
  sql,
  text,
  timestamptz,
  update,
  uuid,
  varchar,
} from "../../lib";
import { describeEachDialect } from "../support/test-database";

/**
 * Every value a column cannot hold is refused with InvalidValueError before
 * any SQL is sent: the recording engine proves no statement reached the
 * database, and the table is checked unchanged at the end. Messages name the
 * table.column and say what would fit.
 */
const checked = defineTable("checked", {
  id: integer().primaryKey({ generated: false }),
  int: integer(),
  big: bigint(),
  dbl: float(),
  money: decimal(10, 2),
  short: varchar(5),
  body: text(),
  flag: boolean(),
  day: date(),
  local: datetime(),
  instant: timestamptz(),
  doc: json<unknown>(),
  key: uuid(),
  bytes: blob(),
  mood: enumOf(["happy", "sad"]),
});

type ColumnKey = Exclude<keyof typeof checked.c, "id">;
type AnyColumn = Column<string, unknown>;

const SEED = {
  id: 1,
  int: 7,
  big: 7n,
  dbl: 7.5,
  money: "7.00",
  short: "seven",
  body: "seven",
  flag: true,
  day: "2007-07-07",
  local: new Date("2007-07-07T07:07:07.007Z"),
  instant: new Date("2007-07-07T07:07:07.007Z"),
  doc: { seven: 7 },
  key: "77777777-7777-4777-8777-777777777777",
  bytes: Buffer.from([7]),
  mood: "happy",
} as const;

class Point {
  x = 1;
  y = 2;
}

/** What each column's message says it expects, for values of the wrong shape. */
const EXPECTS: Record<ColumnKey, RegExp> = {
  int: /expected an integer number/,
  big: /expected a bigint \(or a safe integer number\)/,
  dbl: /expected a finite number/,
  money: /expected a decimal string such as "12\.34"/,
  short: /expected a string/,
  body: /expected a string/,
  flag: /expected true or false/,
  day: /expected a "YYYY-MM-DD" string/,
  local: /expected a Date/,
  instant: /expected a Date/,
  doc: /JSON/,
  key: /expected a UUID string such as "123e4567-e89b-12d3-a456-426614174000"/,
  bytes: /expected a Buffer or Uint8Array/,
  mood: /expected one of "happy", "sad"/,
};

const SCALAR_COLUMNS = (Object.keys(EXPECTS) as ColumnKey[]).filter((c) => c !== "doc");

const OBJECT_SHAPED: readonly [string, () => unknown][] = [
  ["{}", () => ({})],
  ["[]", () => []],
  ["new Map()", () => new Map()],
  ["a class instance", () => new Point()],
];

interface BadValue {
  readonly label: string;
  readonly value: () => unknown;
  /** Says what would fit (or what is wrong) in the message. */
  readonly says: RegExp;
}

const bad = (label: string, value: () => unknown, says: RegExp): BadValue => ({ label, value, says });

const cycle = () => {
  const a: Record<string, unknown> = { name: "a" };
  a.self = a;
  return a;
};

const BAD_VALUES: Record<ColumnKey, readonly BadValue[]> = {
  int: [
    bad("2^31", () => 2 ** 31, /outside the 32-bit integer range \(-2147483648 to 2147483647\); use a bigint column/),
    bad("-2^31 - 1", () => -(2 ** 31) - 1, /outside the 32-bit integer range/),
    bad("1.5", () => 1.5, /expected an integer number/),
    bad("NaN", () => Number.NaN, /expected an integer number/),
    bad("Infinity", () => Number.POSITIVE_INFINITY, /expected an integer number/),
    bad("a numeric string", () => "1", /expected an integer number/),
    bad("a bigint", () => 1n, /expected an integer number/),
    bad("a boolean", () => true, /expected an integer number/),
  ],
  big: [
    bad("2^63", () => 2n ** 63n, /outside the 64-bit integer range \(-9223372036854775808 to 9223372036854775807\)/),
    bad("-2^63 - 1", () => -(2n ** 63n) - 1n, /outside the 64-bit integer range/),
    bad("an unsafe number (2^53)", () => 2 ** 53, /expected a bigint \(or a safe integer number\)/),
    bad("1.5", () => 1.5, /expected a bigint/),
    bad("NaN", () => Number.NaN, /expected a bigint/),
    bad("a numeric string", () => "1", /expected a bigint/),
  ],
  dbl: [
    bad("NaN", () => Number.NaN, /expected a finite number/),
    bad("Infinity", () => Number.POSITIVE_INFINITY, /expected a finite number/),
    bad("-Infinity", () => Number.NEGATIVE_INFINITY, /expected a finite number/),
    bad("a numeric string", () => "1.5", /expected a finite number/),
    bad("a bigint", () => 1n, /expected a finite number/),
  ],
  money: [
    bad("too many digits before the point", () => "123456789.00", /9 digits before the point and the column allows 8/),
    bad("too many digits after the point", () => "1.234", /3 digits after the point and the column keeps 2; round it first/),
    bad("a float with binary noise", () => 0.1 + 0.2, /17 digits after the point and the column keeps 2/),
    bad("too large a bigint", () => 10n ** 9n, /10 digits before the point and the column allows 8/),
    bad("not a number", () => "abc", /expected a decimal string such as "12\.34"/),
    bad("exponent notation", () => "1e5", /expected a decimal string/),
    bad("empty string", () => "", /expected a decimal string/),
    bad("two points", () => "1.2.3", /expected a decimal string/),
    bad("two signs", () => "--1", /expected a decimal string/),
    bad("NaN", () => Number.NaN, /expected a finite number or a decimal string/),
    bad("a number in exponent form", () => 1e21, /pass very large or small decimals as strings/),
    bad("a boolean", () => true, /expected a decimal string/),
  ],
  short: [
    bad("6 astral characters in varchar(5)", () => "😀😀😀😀😀😀", /6 characters long and the column holds 5/),
    bad("6 ASCII characters", () => "abcdef", /6 characters long and the column holds 5/),
    bad("a NUL character", () => "a\u0000b", /NUL character/),
    bad("a lone surrogate", () => "a\ud800", /not well-formed Unicode \(a lone surrogate at index 1\)/),
    bad("a number", () => 5, /expected a string/),
  ],
  body: [
    bad("a NUL character", () => "nul\u0000inside", /text may not contain the NUL character/),
    bad("a lone low surrogate", () => "\udc00x", /lone surrogate at index 0/),
    bad("a swapped surrogate pair", () => "\ude00\ud83d", /lone surrogate/),
    bad("a number", () => 42, /expected a string/),
    bad("a Buffer", () => Buffer.from("x"), /expected a string/),
  ],
  flag: [
    bad("1", () => 1, /expected true or false/),
    bad("0", () => 0, /expected true or false/),
    bad('"true"', () => "true", /expected true or false/),
  ],
  day: [
    bad("2023-02-29 (not a leap year)", () => "2023-02-29", /no such calendar date; 2023-02 has 28 days/),
    bad("2024-13-01", () => "2024-13-01", /no such calendar date; months run from 01 to 12/),
    bad("2024-00-10", () => "2024-00-10", /months run from 01 to 12/),
    bad("2024-04-31", () => "2024-04-31", /2024-04 has 30 days/),
    bad("2024-01-00", () => "2024-01-00", /2024-01 has 31 days/),
    bad("year 0000", () => "0000-01-01", /years run from 0001 to 9999/),
    bad("no zero padding", () => "2024-1-1", /expected a "YYYY-MM-DD" string/),
    bad("a date-time string", () => "2024-01-01T00:00:00Z", /expected a "YYYY-MM-DD" string/),
    bad("a five-digit year", () => "10000-01-01", /expected a "YYYY-MM-DD" string/),
    bad("a Date object", () => new Date("2024-01-01T00:00:00Z"), /expected a "YYYY-MM-DD" string \(dates carry no time zone\)/),
    bad("a number", () => 20240101, /expected a "YYYY-MM-DD" string/),
  ],
  local: [
    bad("an invalid Date", () => new Date("not a date"), /the Date is invalid/),
    bad("year 0", () => new Date("0000-06-01T00:00:00Z"), /its year \(in UTC\) is 0; years from 1 to 9999 only/),
    bad("a negative year", () => new Date(Date.UTC(-50, 0, 1)), /its year \(in UTC\) is -50/),
    bad("year 10000", () => new Date(Date.UTC(10000, 0, 1)), /its year \(in UTC\) is 10000/),
    bad("an ISO string", () => "2024-01-01T00:00:00Z", /expected a Date, e\.g\. new Date\(/),
    bad("a timestamp number", () => 1_700_000_000_000, /expected a Date/),
  ],
  instant: [
    bad("an invalid Date", () => new Date(Number.NaN), /the Date is invalid/),
    bad("year 0", () => new Date("0000-12-31T23:59:59.999Z"), /years from 1 to 9999 only/),
    bad("year 10000", () => new Date("+010000-01-01T00:00:00.000Z"), /its year \(in UTC\) is 10000/),
    bad("a date string", () => "2024-01-01", /expected a Date/),
  ],
  doc: [
    bad("a cycle", cycle, /cannot be written as JSON \(.*circular/i),
    bad("a bigint inside", () => ({ n: 1n }), /the value at key "n" is a bigint, which JSON cannot hold/),
    bad("a bigint", () => 1n, /it is a bigint/),
    bad("NaN inside", () => ({ a: Number.NaN }), /key "a" is NaN, which JSON cannot hold \(it would be written as null\)/),
    bad("Infinity in an array", () => [Number.POSITIVE_INFINITY], /is Infinity/),
    bad("a Map", () => new Map([["a", 1]]), /is a Map, which JSON would write as \{\}/),
    bad("a Set inside", () => ({ s: new Set([1]) }), /key "s" is a Set/),
    bad("undefined in an array", () => [1, undefined], /is undefined, which JSON cannot hold; use null/),
    bad("a function in an array", () => [() => 1], /is a function, which JSON cannot hold/),
    bad("a function property", () => ({ f() {} }), /key "f" is a function/),
    bad("a function", () => () => 1, /it is a function/),
    bad("a symbol", () => Symbol("s"), /it is a symbol/),
    bad("a NUL character in a string", () => ["a\u0000b"], /NUL character/),
    bad("a NUL character in a key", () => ({ "k\u0000": 1 }), /has a key that cannot be stored: text may not contain the NUL/),
    bad("a lone surrogate", () => ({ a: "\ud800" }), /key "a" cannot be stored: it is not well-formed Unicode/),
  ],
  key: [
    bad("not a uuid", () => "not-a-uuid", /expected a UUID string/),
    bad("no dashes", () => "123e4567e89b12d3a456426614174000", /expected a UUID string/),
    bad("braces", () => "{123e4567-e89b-12d3-a456-426614174000}", /expected a UUID string/),
    bad("a non-hex digit", () => "123e4567-e89b-12d3-a456-42661417400g", /expected a UUID string/),
    bad("a leading space", () => " 123e4567-e89b-12d3-a456-426614174000", /expected a UUID string/),
    bad("too short", () => "123e4567-e89b-12d3-a456-42661417400", /expected a UUID string/),
    bad("a number", () => 42, /expected a UUID string/),
  ],
  bytes: [
    bad("a string", () => "abc", /expected a Buffer or Uint8Array/),
    bad("an array of bytes", () => [1, 2, 3], /expected a Buffer or Uint8Array/),
    bad("an ArrayBuffer", () => new ArrayBuffer(2), /expected a Buffer or Uint8Array/),
    bad("a number", () => 42, /expected a Buffer or Uint8Array/),
  ],
  mood: [
    bad("different case", () => "HAPPY", /expected one of "happy", "sad"/),
    bad("empty string", () => "", /expected one of "happy", "sad"/),
    bad("another word", () => "angry", /expected one of "happy", "sad"/),
    bad("a number", () => 1, /expected one of "happy", "sad"/),
  ],
};

describeEachDialect("value validation", (db) => {
  let engine: Engine;
  let statements: EchoEvent[];

  beforeAll(async () => {
    ({ engine, statements } = db.recordingEngine());
    await engine.createAll([checked]);
    await engine.execute(insert(checked).values(SEED));
  });

  /**
   * The action fails with InvalidValueError (code INVALID_VALUE) whose
   * message matches every pattern, and not one statement reached the database.
   */
  async function expectRefused(action: () => unknown, ...patterns: RegExp[]): Promise<void> {
    const sent = statements.length;
    let error: unknown;
    try {
      await action();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidValueError);
    expect((error as InvalidValueError).code).toBe("INVALID_VALUE");
    for (const p of patterns) expect((error as Error).message).toMatch(p);
    expect(statements.slice(sent).map((s) => s.sql)).toEqual([]);
  }

  const col = (key: ColumnKey) => checked.c[key] as AnyColumn;
  const names = (key: ColumnKey) => new RegExp(`checked\\.${key}\\b`);

  /** The three ways a value reaches the database: INSERT, UPDATE ... SET, and a WHERE comparison. */
  function refusedEverywhere(key: ColumnKey, value: () => unknown, says: RegExp) {
    return async () => {
      await expectRefused(() => engine.execute(insert(checked).values({ id: 2, [key]: value() })), names(key), says);
      await expectRefused(
        () =>
          engine.execute(
            update(checked)
              .set({ [key]: value() })
              .where(checked.c.id.eq(1)),
          ),
        names(key),
        says,
      );
      await expectRefused(() => engine.execute(select(checked.c.id).where(col(key).eq(value()))), names(key), says);
    };
  }

  for (const key of SCALAR_COLUMNS) {
    describe(`${key}: object-shaped values`, () => {
      for (const [label, value] of OBJECT_SHAPED) {
        it(`${label} is refused`, refusedEverywhere(key, value, EXPECTS[key]));
      }
    });
  }

  for (const key of Object.keys(BAD_VALUES) as ColumnKey[]) {
    describe(`${key}: bad values`, () => {
      for (const b of BAD_VALUES[key]) {
        it(`${b.label} is refused`, refusedEverywhere(key, b.value, b.says));
      }
    });
  }

  it("the limits themselves are accepted (control: the same paths do write good values)", async () => {
    const id = 3;
    const good = {
      id,
      int: -(2 ** 31),
      big: -(2n ** 63n),
      money: "-99999999.99",
      short: "😀😀😀😀😀",
      day: "2024-02-29",
      local: db.dialect === "mysql" ? new Date("1000-01-01T00:00:00Z") : new Date("0001-01-01T00:00:00Z"),
      instant: new Date("9999-12-31T23:59:59.999Z"),
      doc: { a: undefined, b: [null], c: new Date(0) },
    };
    await engine.execute(insert(checked).values(good));
    const row = (await engine.execute(select(checked).where(checked.c.id.eq(id)))).one();
    expect(row).toMatchObject({ ...good, doc: { b: [null], c: "1970-01-01T00:00:00.000Z" } });
    await engine.execute(del(id));
  });

  it("years before 1000 are refused on MySQL and MariaDB, whose DATETIME does not keep them, and kept elsewhere", async () => {
    const early = new Date("0999-12-31T23:59:59.999Z");
    if (db.dialect === "mysql") {
      await refusedEverywhere(
        "local",
        () => early,
        /its year \(in UTC\) is 999; MySQL and MariaDB DATETIME columns hold years from 1000 to 9999 only/,
      )();
      await refusedEverywhere("instant", () => early, /hold years from 1000 to 9999 only/)();
    } else {
      await engine.execute(insert(checked).values({ id: 4, local: early, instant: early }));
      const row = (await engine.execute(select(checked).where(checked.c.id.eq(4)))).one();
      expect([row.local, row.instant]).toEqual([early, early]);
      await engine.execute(del(4));
    }
  });

  it("a bad value in the second of many rows: nothing of the insert is sent", async () => {
    await expectRefused(
      () =>
        engine.execute(
          insert(checked).values([
            { id: 10, int: 1 },
            { id: 11, int: 2 ** 31 },
          ]),
        ),
      /checked\.int/,
    );
  });

  it("bad values in in(), between() and like() are refused too", async () => {
    await expectRefused(() => engine.execute(select(checked.c.id).where(checked.c.int.in([1, 2.5]))), /checked\.int/, /integer/);
    await expectRefused(
      () => engine.execute(select(checked.c.id).where(checked.c.day.between("2024-01-01", "2024-02-30"))),
      /checked\.day/,
    );
    await expectRefused(() => engine.execute(select(checked.c.id).where(checked.c.body.like(5 as never))), /expected a string/);
    await expectRefused(
      () => engine.execute(select(checked.c.id).where(checked.c.int.in("1,2" as never))),
      /in\(\)\/notIn\(\) on checked\.int takes an array or a subquery/,
    );
  });

  describe("undefined values", () => {
    it("insert: undefined for a column is refused (leave the key out, or pass null)", async () => {
      await expectRefused(
        () => engine.execute(insert(checked).values({ id: 2, int: undefined })),
        /undefined was given for checked\.int\. Leave the key out to use the column default, or pass null/,
      );
    });

    it("update: undefined in set() is refused", async () => {
      await expectRefused(
        () => engine.execute(update(checked).set({ body: undefined }).where(checked.c.id.eq(1))),
        /undefined was given for checked\.body/,
      );
    });

    it("where: eq(undefined) is refused, never 'match everything'", async () => {
      await expectRefused(
        () => engine.execute(select(checked.c.id).where(checked.c.int.eq(undefined as never))),
        /undefined was given as a value for checked\.int\. Pass null for SQL NULL/,
      );
      await expectRefused(() => engine.execute(select(checked.c.id).where(checked.c.int.in([1, undefined as never]))), /checked\.int/);
    });

    it("sql``: an interpolated undefined is refused", async () => {
      await expectRefused(() => engine.execute(sql`select ${undefined} as x`), /undefined was interpolated into sql``\. Pass null/);
    });
  });

  describe("untyped sql`` parameters", () => {
    const WHAT_TO_PASS = /Pass a string, number, bigint, boolean, Date, Buffer or null; write JSON with JSON\.stringify\(\)/;
    const refusedParams: readonly [string, () => unknown, RegExp][] = [
      ["a plain object", () => ({ a: 1 }), /Cannot bind a plain object as a SQL parameter/],
      ["an array", () => [1, 2], /Cannot bind an array of 2/],
      ["a function", () => () => 1, /Cannot bind a function/],
      ["a Map", () => new Map(), /Cannot bind an instance of Map/],
      ["a class instance", () => new Point(), /Cannot bind an instance of Point/],
      ["a symbol", () => Symbol("s"), /Cannot bind Symbol\(s\)/],
      ["an object shaped like a table", () => ({ name: "checked", c: {} }), /Cannot bind a plain object/],
    ];
    for (const [label, value, says] of refusedParams) {
      it(`${label} is refused with a message that says what to pass`, async () => {
        await expectRefused(() => engine.execute(sql`select ${value()} as x`), says, WHAT_TO_PASS);
      });
    }

    it("NaN, Infinity, an invalid Date and malformed strings are refused", async () => {
      await expectRefused(() => engine.execute(sql`select ${Number.NaN} as x`), /only finite numbers/);
      await expectRefused(() => engine.execute(sql`select ${Number.NEGATIVE_INFINITY} as x`), /only finite numbers/);
      await expectRefused(() => engine.execute(sql`select ${new Date("x")} as x`), /invalid Date/);
      await expectRefused(() => engine.execute(sql`select ${"a\u0000"} as x`), /NUL character/);
      await expectRefused(() => engine.execute(sql`select ${"\ud83d"} as x`), /lone surrogate/);
    });
  });

  it("a bad column default fails createAll before any table is created, naming table.column", async () => {
    const first = defineTable("created_first", { id: integer().primaryKey() });
    const broken = defineTable("broken_default", { id: integer().primaryKey(), n: integer().default(2 ** 40) });
    let error: unknown;
    try {
      await engine.createAll([first, broken]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidValueError);
    expect((error as Error).message).toMatch(/the default of broken_default\.n .*32-bit integer range/);
    // The other table was not created either, even on MySQL where DDL cannot be rolled back.
    const tables = (await engine.execute(sql.unsafe(engine.dialect.ddl.tableNamesQuery))).all().map((r) => Object.values(r)[0]);
    expect(tables).toEqual(["checked"]);
  });

  it("after all that, the table holds exactly the seed row, unchanged", async () => {
    const rows = (await engine.execute(select(checked))).all();
    expect(rows).toStrictEqual([{ ...SEED }]);
  });

  function del(id: number) {
    return sql`delete from ${checked} where ${checked.c.id} = ${id}`;
  }
});
