import { columnDefaultFromSql } from "../../lib/dialects/base/column-default-text";
import { enumCheckValues } from "../../lib/dialects/base/enum-check-text";
import { parseSqlTypeText } from "../../lib/dialects/base/sql-type-text";
import { parseSqliteCreateTable } from "../../lib/dialects/sqlite/sqlite-table-sql";
import { columnType } from "../../lib/sql";

// The catalog texts introspection parses, in forms the live tests do not reach
// (hand-written DDL, other spellings). No database needed: these are pure functions.

describe("catalog text: column defaults", () => {
  const value = (v: unknown) => ({ kind: "value", value: v });
  const expression = (text: string) => ({ kind: "expression", expr: { kind: "unsafe", text } });

  it.each([
    ["'it''s'::character varying", columnType("varchar", { length: 9 }), value("it's")],
    ["E'a\\\\b\\n'::text", columnType("text"), value("a\\b\n")],
    ["(-5)", columnType("integer"), value(-5)],
    ["'-5'::integer", columnType("integer"), value(-5)],
    ["1e-07", columnType("float"), value(1e-7)],
    ["'12.3'::numeric", columnType("decimal", { precision: 10, scale: 2 }), value("12.30")],
    ["TRUE", columnType("boolean"), value(true)],
    ["'{\"a\": 1}'::jsonb", columnType("json"), value({ a: 1 })],
    ["'\\x00ff'::bytea", columnType("blob"), value(Buffer.from([0, 255]))],
    ["X'00ff'", columnType("blob"), value(Buffer.from([0, 255]))],
    ["'2024-01-02 03:04:05.678+00'::timestamp with time zone", columnType("timestamptz"), value(new Date("2024-01-02T03:04:05.678Z"))],
    ["now()", columnType("timestamptz"), expression("CURRENT_TIMESTAMP")],
    ["current_timestamp(3)", columnType("timestamptz"), expression("CURRENT_TIMESTAMP")],
    ["(CURRENT_TIMESTAMP)", columnType("datetime"), expression("CURRENT_TIMESTAMP")],
    ["gen_random_uuid()", columnType("uuid"), expression("gen_random_uuid()")],
    ["('a'::text || 'b'::text)", columnType("text"), expression("'a'::text || 'b'::text")],
    ["'not json'::jsonb", columnType("json"), expression("'not json'::jsonb")],
  ])("%s (%j)", (text, type, expected) => {
    expect(columnDefaultFromSql(text, type)).toEqual(expected);
  });

  it("reads NULL defaults as no default", () => {
    expect(columnDefaultFromSql("NULL", columnType("integer"))).toBeUndefined();
    expect(columnDefaultFromSql("NULL::character varying", columnType("varchar", { length: 5 }))).toBeUndefined();
  });

  it("reads MySQL's backslash escapes when asked to", () => {
    expect(columnDefaultFromSql("'a\\\\b''c\\n'", columnType("text"), { backslashEscapes: true })).toEqual(value("a\\b'c\n"));
    expect(columnDefaultFromSql("'a\\\\b'", columnType("text"))).toEqual(value("a\\\\b"));
  });
});

describe("catalog text: enum checks", () => {
  it("reads Strata's IN list and PostgreSQL's = ANY (ARRAY[...]) form", () => {
    expect(enumCheckValues(`CHECK ("status" IN ('a', 'it''s'))`, "status")).toEqual(["a", "it's"]);
    expect(
      enumCheckValues("CHECK (((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])))", "status"),
    ).toEqual(["a", "b"]);
    expect(enumCheckValues("(`Status` in ('a','b'))", "status")).toEqual(["a", "b"]);
  });

  it("leaves other checks alone", () => {
    expect(enumCheckValues(`CHECK ("status" IN ('a') AND length(status) > 0)`, "status")).toBeUndefined();
    expect(enumCheckValues(`CHECK ("other" IN ('a'))`, "status")).toBeUndefined();
    expect(enumCheckValues("CHECK (price > 0)", "price")).toBeUndefined();
    expect(enumCheckValues("CHECK (json_valid(`meta`))", "meta")).toBeUndefined();
  });
});

describe("catalog text: SQL types", () => {
  it.each([
    ["timestamp(3) with time zone", { name: "timestamp with time zone", args: ["3"] }],
    ["DECIMAL_TEXT(10, 2)", { name: "decimal_text", args: ["10", "2"] }],
    ["bigint(20) unsigned", { name: "bigint unsigned", args: ["20"] }],
    ["enum('a','it''s','x,y')", { name: "enum", args: ["a", "it's", "x,y"] }],
    ["text[]", { name: "text []", args: [] }],
  ])("%s", (text, expected) => {
    expect(parseSqlTypeText(text)).toEqual(expected);
  });
});

describe("catalog text: SQLite CREATE TABLE", () => {
  it("reads constraint names, checks and AUTOINCREMENT in every place SQLite allows them", () => {
    const parsed = parseSqliteCreateTable(`CREATE TABLE "t" (
      [id] INTEGER PRIMARY KEY AUTOINCREMENT,
      code VARCHAR(10) CONSTRAINT code_unique UNIQUE, -- a comment, with a comma
      kind TEXT DEFAULT ('a') CHECK (kind IN ('a', 'b')),
      owner INTEGER CONSTRAINT owner_fk REFERENCES users (id) ON DELETE CASCADE,
      other INTEGER REFERENCES "users",
      CONSTRAINT "uq_t_kind_owner" UNIQUE ("kind", "owner"),
      CHECK (owner > 0),
      FOREIGN KEY (kind, owner) REFERENCES pairs (k, o)
    )`);
    expect([...parsed.autoIncrement]).toEqual(["id"]);
    expect(parsed.uniques).toEqual([
      { name: "code_unique", columns: ["code"] },
      { name: "uq_t_kind_owner", columns: ["kind", "owner"] },
    ]);
    expect(parsed.foreignKeys).toEqual([
      { name: "owner_fk", columns: ["owner"], referencedTable: "users" },
      { columns: ["other"], referencedTable: "users" },
      { columns: ["kind", "owner"], referencedTable: "pairs" },
    ]);
    expect(parsed.checks).toEqual([{ column: "kind", text: "(kind IN ('a', 'b'))" }, { text: "(owner > 0)" }]);
  });
});
