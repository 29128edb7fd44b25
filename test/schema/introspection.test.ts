import {
  bigint,
  blob,
  boolean,
  type ColumnDefault,
  type ColumnType,
  date,
  datetime,
  decimal,
  defineTable,
  type Engine,
  enumOf,
  float,
  type IntrospectedTable,
  InvalidValueError,
  integer,
  json,
  sql,
  type TableSchema,
  text,
  timestamptz,
  uuid,
  varchar,
} from "../../lib";
import { columnType } from "../../lib/sql";
import { seedEntities } from "../fixtures/seed-models";
import type { TestDialect } from "../support/servers";
import { describeEachDialect } from "../support/test-database";

const users = defineTable(
  "users",
  {
    id: integer().primaryKey(),
    email: varchar(120).notNull().unique(),
    name: text().comment("shown to other users"),
  },
  { comment: "people who sign in" },
);

const STARTS = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));

/** Every column type, with and without NOT NULL and defaults. */
const everyType = defineTable(
  "every_type",
  {
    id: integer().primaryKey(),
    count: integer().notNull().default(42),
    negative: integer().default(-5),
    big: bigint().default(9007199254740993n),
    ratio: float().default(1.5),
    price: decimal(10, 2).notNull().default("12.30"),
    title: varchar(100).notNull().default("it's"),
    path: varchar(50).default("line1\nC:\\temp 'q'"),
    body: text().default("hello"),
    notes: text(),
    active: boolean().notNull().default(true),
    archived: boolean().default(false),
    due: date().default("2024-01-31"),
    starts: datetime().default(STARTS),
    updated: datetime().default(sql`CURRENT_TIMESTAMP`),
    created: timestamptz().notNull().default(sql`CURRENT_TIMESTAMP`),
    seen: timestamptz(),
    deadline: timestamptz().default(STARTS),
    meta: json<{ a: (number | string)[] }>().default({ a: [1, "x"] }),
    ref: uuid().default("123e4567-e89b-12d3-a456-426614174000"),
    data: blob().default(Buffer.from([1, 2, 255])),
    raw: blob(),
    status: enumOf(["pending", "done", "it's"]).notNull().default("pending"),
  },
  {
    indexes: [
      { columns: ["count", "title"] },
      { columns: ["due", "ratio"], unique: true },
      { columns: ["ref"], unique: true, name: "every_type_ref_key" },
    ],
  },
);

/** A composite primary key, written in an order that is not alphabetical. */
const memberships = defineTable("memberships", {
  groupCode: varchar(20).primaryKey().named("group_code"),
  userId: integer()
    .primaryKey({ generated: false })
    .named("user_id")
    .references(() => users.c.id, { onDelete: "cascade", onUpdate: "cascade" }),
  role: varchar(10).notNull().index(),
});

/** One foreign key per action; no indexes of its own (MySQL adds one per foreign key, which must not show). */
const actions = defineTable("actions", {
  id: integer().primaryKey(),
  cascades: integer().references(() => users.c.id, { onDelete: "cascade" }),
  nulls: integer().references(() => users.c.id, { onDelete: "set null", onUpdate: "cascade" }),
  restricts: integer().references(() => users.c.id, { onDelete: "restrict", onUpdate: "restrict" }),
  noAction: integer()
    .named("no_action")
    .references(() => users.c.id, { onDelete: "no action", onUpdate: "no action" }),
  plain: integer().references(() => users.c.id),
});

/** A composite foreign key; column builders declare single-column ones only, so this schema is written out. */
const membershipNotes: { readonly schema: TableSchema } = {
  schema: {
    name: "membership_notes",
    columns: [
      { name: "id", type: columnType("integer"), nullable: false, autoIncrement: true },
      { name: "group_code", type: columnType("varchar", { length: 20 }), nullable: false, autoIncrement: false },
      { name: "user_id", type: columnType("integer"), nullable: false, autoIncrement: false },
      { name: "note", type: columnType("text"), nullable: true, autoIncrement: false },
    ],
    primaryKey: ["id"],
    foreignKeys: [
      {
        name: "fk_membership_notes_membership",
        columns: ["group_code", "user_id"],
        referencedTable: "memberships",
        referencedColumns: ["group_code", "user_id"],
        onDelete: "cascade",
      },
    ],
    uniques: [{ name: "uq_membership_notes_user_note", columns: ["user_id", "group_code"] }],
    indexes: [],
  },
};

/** A foreign key to its own table's unique index (an index a foreign key relies on is still the table's index). */
const nodes: { readonly schema: TableSchema } = {
  schema: {
    name: "nodes",
    columns: [
      { name: "id", type: columnType("integer"), nullable: false, autoIncrement: true },
      { name: "code", type: columnType("varchar", { length: 20 }), nullable: false, autoIncrement: false },
      { name: "parent_code", type: columnType("varchar", { length: 20 }), nullable: true, autoIncrement: false },
    ],
    primaryKey: ["id"],
    foreignKeys: [
      {
        name: "fk_nodes_parent_code",
        columns: ["parent_code"],
        referencedTable: "nodes",
        referencedColumns: ["code"],
        onDelete: "set null",
      },
    ],
    uniques: [],
    indexes: [{ name: "uq_nodes_code", columns: ["code"], unique: true }],
  },
};

const TABLES = [users, everyType, memberships, actions, membershipNotes, nodes];

/** The raw types each database reports for a few columns of every_type. */
const SQL_TYPES: Record<TestDialect, Record<string, string>> = {
  // SQLite keeps the declared type text exactly as Strata wrote it.
  sqlite: {
    id: "INTEGER",
    price: "DECIMAL_TEXT(10, 2)",
    title: "VARCHAR(100)",
    starts: "DATETIME",
    created: "TIMESTAMPTZ",
    meta: "JSON",
    ref: "UUID",
    data: "BLOB",
    status: "TEXT",
  },
  postgres: {
    id: "integer",
    price: "numeric(10,2)",
    title: "character varying(100)",
    starts: "timestamp(3) without time zone",
    created: "timestamp(3) with time zone",
    meta: "jsonb",
    ref: "uuid",
    data: "bytea",
    // Enums are varchar as long as the longest value, plus a CHECK.
    status: "character varying(7)",
  },
  // MariaDB's JSON is LONGTEXT with a json_valid() CHECK.
  mysql: {
    id: "int(11)",
    price: "decimal(10,2)",
    title: "varchar(100)",
    body: "longtext",
    active: "tinyint(1)",
    starts: "datetime(3)",
    created: "datetime(3)",
    meta: "longtext",
    ref: "char(36)",
    data: "longblob",
    status: "enum('pending','done','it''s')",
  },
};

/** SQLite has nowhere to keep comments. */
const KEEPS_COMMENTS: Record<TestDialect, boolean> = { sqlite: false, postgres: true, mysql: true };

/** A default in a form both sides share: expressions as their SQL text without enclosing parentheses. */
function comparableDefault(d: ColumnDefault | undefined): unknown {
  if (d === undefined || d.kind === "value") return d;
  const text = d.expr.kind === "unsafe" ? d.expr.text : d.expr.kind === "sql" ? d.expr.strings.join("?") : d.expr.kind;
  return { kind: "expression", sql: text.replace(/^\((.*)\)$/s, "$1") };
}

const byName = <T extends { name: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => a.name.localeCompare(b.name));

/** The parts of a TableSchema that introspection reads, in an order-insensitive form where the databases keep no order. */
function comparable(schema: TableSchema) {
  return {
    name: schema.name,
    columns: schema.columns.map((c) => ({
      name: c.name,
      type: { ...c.type },
      nullable: c.nullable,
      autoIncrement: c.autoIncrement,
      default: comparableDefault(c.default),
      comment: c.comment,
    })),
    primaryKey: [...schema.primaryKey],
    foreignKeys: byName(schema.foreignKeys).map((fk) => ({ ...fk })),
    uniques: byName(schema.uniques).map((u) => ({ ...u })),
    indexes: byName(schema.indexes).map((i) => ({ ...i })),
    comment: schema.comment,
  };
}

/**
 * The schema as this database reads it back: what the declared one says,
 * with each database's known losses applied (each one explained here).
 */
function expectedReadBack(engine: Engine, dialect: TestDialect, schema: TableSchema, live: IntrospectedTable): TableSchema {
  const ddl = engine.dialect.ddl;
  const sameSqlAs = (t: ColumnType, kind: ColumnType["kind"]) => ddl.columnSqlType(t) === ddl.columnSqlType(columnType(kind));
  const uniqueIndexes = schema.indexes.filter((i) => i.unique);
  const keepsUniqueIndexes = !engine.dialect.introspector.uniqueIndexIsConstraint;
  return {
    ...schema,
    columns: schema.columns.map((c) => ({
      ...c,
      // MySQL writes datetime and timestamptz both as DATETIME(3); it reads back as timestamptz.
      type: c.type.kind === "datetime" && sameSqlAs(c.type, "timestamptz") ? columnType("timestamptz") : c.type,
      ...(KEEPS_COMMENTS[dialect] ? {} : { comment: undefined }),
    })),
    // MariaDB reports an action left out as RESTRICT, so an explicit RESTRICT reads back as left out.
    foreignKeys: schema.foreignKeys.map((fk) => ({
      ...fk,
      onDelete: fk.onDelete === live.defaultReferentialAction ? undefined : fk.onDelete,
      onUpdate: fk.onUpdate === live.defaultReferentialAction ? undefined : fk.onUpdate,
    })),
    // MySQL keeps no difference between a unique index and a UNIQUE constraint.
    uniques: keepsUniqueIndexes ? schema.uniques : [...schema.uniques, ...uniqueIndexes.map((i) => ({ name: i.name, columns: i.columns }))],
    indexes: keepsUniqueIndexes ? schema.indexes : schema.indexes.filter((i) => !i.unique),
    ...(KEEPS_COMMENTS[dialect] ? {} : { comment: undefined }),
  };
}

describeEachDialect("introspection", (db) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = db.engine();
    await engine.createAll(TABLES);
  });

  async function readBack(name: string): Promise<IntrospectedTable> {
    const live = await engine.introspect(name);
    if (!live) throw new Error(`${name} was not found by introspection`);
    return live;
  }

  it.each(TABLES.map((t) => [t.schema.name, t.schema] as const))(
    "reads %s back as the schema it was created from",
    async (name, schema) => {
      const live = await readBack(name);
      expect(comparable(live)).toEqual(comparable(expectedReadBack(engine, db.dialect, schema, live)));
    },
  );

  it("reads the declared types, nullability and defaults column for column", async () => {
    const live = await readBack("every_type");
    const column = (name: string) => live.columns.find((c) => c.name === name);
    expect(column("id")).toMatchObject({ type: { kind: "integer" }, nullable: false, autoIncrement: true });
    expect(column("id")?.default).toBeUndefined();
    expect(column("count")?.default).toEqual({ kind: "value", value: 42 });
    expect(column("negative")?.default).toEqual({ kind: "value", value: -5 });
    expect(column("big")?.default).toEqual({ kind: "value", value: 9007199254740993n });
    expect(column("price")).toMatchObject({ type: { kind: "decimal", precision: 10, scale: 2 }, default: { value: "12.30" } });
    expect(column("title")).toMatchObject({ type: { kind: "varchar", length: 100 }, nullable: false, default: { value: "it's" } });
    expect(column("path")?.default).toEqual({ kind: "value", value: "line1\nC:\\temp 'q'" });
    expect(column("notes")).toMatchObject({ type: { kind: "text" }, nullable: true });
    expect(column("notes")?.default).toBeUndefined();
    expect(column("active")?.default).toEqual({ kind: "value", value: true });
    expect(column("archived")?.default).toEqual({ kind: "value", value: false });
    expect(column("due")?.default).toEqual({ kind: "value", value: "2024-01-31" });
    expect(column("starts")?.default).toEqual({ kind: "value", value: STARTS });
    expect(column("deadline")?.default).toEqual({ kind: "value", value: STARTS });
    expect(column("created")?.default).toEqual({ kind: "expression", expr: sql.unsafe("CURRENT_TIMESTAMP").node });
    expect(column("meta")).toMatchObject({ type: { kind: "json" }, default: { value: { a: [1, "x"] } } });
    expect(column("ref")).toMatchObject({ type: { kind: "uuid" }, default: { value: "123e4567-e89b-12d3-a456-426614174000" } });
    expect(column("data")?.default).toEqual({ kind: "value", value: Buffer.from([1, 2, 255]) });
    expect(column("status")).toMatchObject({
      type: { kind: "enum", values: ["pending", "done", "it's"] },
      nullable: false,
      default: { kind: "value", value: "pending" },
    });
  });

  it("reports the database's own type text", async () => {
    const live = await readBack("every_type");
    const reported = Object.fromEntries(live.columns.map((c) => [c.name, c.sqlType]));
    expect(reported).toMatchObject(SQL_TYPES[db.dialect]);
  });

  it("reads keys in key order, foreign keys with their actions, and leaves out indexes the database made itself", async () => {
    const live = await readBack("actions");
    expect(live.primaryKey).toEqual(["id"]);
    // MySQL indexes every foreign key; those indexes are part of the constraint, not the table's indexes.
    expect(live.indexes).toEqual([]);
    const fks = Object.fromEntries(live.foreignKeys.map((fk) => [fk.columns[0], fk]));
    expect(fks.cascades).toEqual({
      name: "fk_actions_cascades",
      columns: ["cascades"],
      referencedTable: "users",
      referencedColumns: ["id"],
      onDelete: "cascade",
    });
    expect(fks.nulls).toMatchObject({ onDelete: "set null", onUpdate: "cascade" });
    expect(fks.plain.onDelete).toBeUndefined();
    expect(fks.plain.onUpdate).toBeUndefined();
    if (live.defaultReferentialAction === "no action") {
      expect(fks.restricts).toMatchObject({ onDelete: "restrict", onUpdate: "restrict" });
      expect(fks.no_action.onDelete).toBeUndefined();
    } else {
      // MariaDB: RESTRICT is what it reports for an action left out; NO ACTION is kept as written.
      expect(fks.restricts.onDelete).toBeUndefined();
      expect(fks.no_action).toMatchObject({ onDelete: "no action", onUpdate: "no action" });
    }

    const notes = await readBack("membership_notes");
    expect(notes.foreignKeys).toEqual([
      {
        name: "fk_membership_notes_membership",
        columns: ["group_code", "user_id"],
        referencedTable: "memberships",
        referencedColumns: ["group_code", "user_id"],
        onDelete: "cascade",
      },
    ]);
    expect((await readBack("memberships")).primaryKey).toEqual(["group_code", "user_id"]);
  });

  it("reads ON DELETE SET DEFAULT where the database has it; MySQL refuses it when creating the table", async () => {
    const fallback = defineTable("fallback_owner", {
      id: integer().primaryKey(),
      owner: integer()
        .default(1)
        .references(() => users.c.id, { onDelete: "set default" }),
    });
    if (db.dialect === "mysql") {
      // InnoDB has no SET DEFAULT: MariaDB would silently turn it into RESTRICT.
      await expect(engine.createAll([fallback])).rejects.toThrow(InvalidValueError);
      expect(await engine.introspect("fallback_owner")).toBeUndefined();
      return;
    }
    await engine.createAll([fallback]);
    const live = await readBack("fallback_owner");
    expect(live.foreignKeys).toEqual([
      { name: "fk_fallback_owner_owner", columns: ["owner"], referencedTable: "users", referencedColumns: ["id"], onDelete: "set default" },
    ]);
  });

  it("reads a generated bigint key", async () => {
    const events = defineTable("events", { id: bigint().primaryKey(), name: varchar(20) });
    await engine.createAll([events]);
    const [id] = (await readBack("events")).columns;
    // SQLite numbers rows only through an INTEGER PRIMARY KEY (64-bit already), so a generated bigint key is declared INTEGER.
    expect(id).toMatchObject({ type: { kind: db.dialect === "sqlite" ? "integer" : "bigint" }, autoIncrement: true, nullable: false });
  });

  it("lists every table, and gives undefined for a table that does not exist", async () => {
    const all = await engine.introspect();
    expect(all.map((t) => t.name)).toEqual(expect.arrayContaining(TABLES.map((t) => t.schema.name)));
    // SQLite's own tables (sqlite_sequence, made for AUTOINCREMENT) are not the application's.
    expect(all.filter((t) => t.name.startsWith("sqlite_"))).toEqual([]);
    expect(all.find((t) => t.name === "users")?.uniques).toEqual([{ name: "uq_users_email", columns: ["email"] }]);
    expect(await engine.introspect("no_such_table")).toBeUndefined();
    expect(await engine.dialect.introspector.listTables(async () => [])).toEqual([]);
  });
});

describeEachDialect("introspection of tables Strata did not create", (db) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = db.engine();
    await engine.createAll([users]);
  });

  it("reads column-level constraints without names", async () => {
    // Written the way people write DDL by hand; every database here accepts this text.
    const hand = [
      "CREATE TABLE hand_made (",
      "  id INTEGER NOT NULL PRIMARY KEY,",
      "  code VARCHAR(10) NOT NULL UNIQUE,",
      "  kind VARCHAR(5) DEFAULT 'a' CHECK (kind IN ('a', 'b')),",
      "  owner INTEGER,",
      "  FOREIGN KEY (owner) REFERENCES users (id) ON DELETE SET NULL",
      ")",
    ].join("\n");
    await engine.execute(sql.unsafe(hand));
    const live = await engine.introspect("hand_made");
    expect(live?.primaryKey).toEqual(["id"]);
    expect(live?.columns.map((c) => [c.name, c.type.kind, c.nullable])).toEqual([
      ["id", "integer", false],
      ["code", "varchar", false],
      ["kind", "enum", true],
      ["owner", "integer", true],
    ]);
    expect(live?.columns[2].default).toEqual({ kind: "value", value: "a" });
    expect(live?.uniques.map((u) => u.columns)).toEqual([["code"]]);
    // SQLite: a foreign key without CONSTRAINT has no name; the others name it themselves.
    expect(live?.foreignKeys).toEqual([
      expect.objectContaining({ columns: ["owner"], referencedTable: "users", referencedColumns: ["id"], onDelete: "set null" }),
    ]);
    expect(live?.foreignKeys[0].name === "").toBe(db.dialect === "sqlite");
  });
});

describeEachDialect("introspection of entity tables", (db) => {
  it("reads every table of the seed's entities (join tables included) back as its metadata's schema", async () => {
    const engine = db.engine({ entities: seedEntities });
    await engine.createAll();
    const schemas = engine.metadata.tableSchemas;
    expect(schemas.length).toBeGreaterThanOrEqual(seedEntities.length);
    const live = await engine.introspect();
    for (const schema of schemas) {
      const table = live.find((t) => t.name === schema.name);
      if (!table) throw new Error(`${schema.name} was not found by introspection`);
      expect(comparable(table)).toEqual(comparable(expectedReadBack(engine, db.dialect, schema, table)));
    }
  });
});
