import {
  Column,
  defineTable,
  type Engine,
  Index,
  InvalidStatementError,
  insert,
  integer,
  ManyToOne,
  PrimaryKey,
  type Relation,
  select,
  Table,
  type TableSchema,
  varchar,
} from "../../lib";
import { comparableDefault } from "../../lib/dialects/base/column-comparison";
import {
  applySync,
  compileOperations,
  diffSchema,
  planSync,
  reverseOperations,
  runSchemaChange,
  type SchemaOperation,
} from "../../lib/schema";
import { columnType } from "../../lib/sql";
import type { TestDialect } from "../support/servers";
import { describeEachDialect } from "../support/test-database";

@Table("renamed")
class BeforeRename {
  @PrimaryKey() id!: number;
  @Column({ type: "varchar", length: 40, nullable: true }) fullname!: string | null;
}

@Table("renamed")
class AfterRename {
  @PrimaryKey() id!: number;
  @Column({ type: "varchar", length: 40, nullable: true }) displayName!: string | null;
}

@Table("statuses")
class StatusV1 {
  @PrimaryKey() id!: number;
  @Column({ enum: ["open", "closed"], default: "open" }) state!: string;
  @Column({ type: "integer" }) hits!: number;
}

@Table("statuses")
class StatusV2 {
  @PrimaryKey() id!: number;
  @Column({ enum: ["open", "closed", "archived"], default: "closed" }) state!: string;
  @Column({ type: "bigint" }) hits!: bigint;
}

/** Enum values and a default change, and integer widens to bigint. */
const ENUM_AND_TYPE: Record<TestDialect, string[]> = {
  sqlite: [
    "PRAGMA foreign_keys",
    `CREATE TABLE "_strata_rebuild_statuses" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "state" TEXT NOT NULL DEFAULT 'closed' CHECK ("state" IN ('open', 'closed', 'archived')),
  "hits" BIGINT NOT NULL
)`,
    'INSERT INTO "_strata_rebuild_statuses" ("id", "state", "hits") SELECT "id", "state", "hits" FROM "statuses"',
    "DELETE FROM sqlite_sequence WHERE name = '_strata_rebuild_statuses'",
    "INSERT INTO sqlite_sequence (name, seq) SELECT '_strata_rebuild_statuses', seq FROM sqlite_sequence WHERE name = 'statuses'",
    'DROP TABLE "statuses"',
    'ALTER TABLE "_strata_rebuild_statuses" RENAME TO "statuses"',
    'PRAGMA foreign_key_check("statuses")',
  ],
  // An enum is varchar plus a CHECK; the CHECK on the column (found in the catalog, whatever its name) is replaced.
  postgres: [
    `DO $$ DECLARE c name; BEGIN
  FOR c IN SELECT con.conname FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
    WHERE con.conrelid = '"statuses"'::regclass AND con.contype = 'c' AND cardinality(con.conkey) = 1 AND a.attname = 'state'
  LOOP EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', '"statuses"'::regclass, c); END LOOP;
END $$`,
    `ALTER TABLE "statuses" ALTER COLUMN "state" DROP DEFAULT, ALTER COLUMN "state" TYPE varchar(8), ALTER COLUMN "state" SET DEFAULT 'closed'`,
    `ALTER TABLE "statuses" ADD CONSTRAINT "statuses_state_check" CHECK ("state" IN ('open', 'closed', 'archived'))`,
    'ALTER TABLE "statuses" ALTER COLUMN "hits" TYPE bigint USING "hits"::bigint',
  ],
  mysql: [
    "ALTER TABLE `statuses` MODIFY COLUMN `state` ENUM('open', 'closed', 'archived') NOT NULL DEFAULT 'closed'",
    "ALTER TABLE `statuses` MODIFY COLUMN `hits` BIGINT NOT NULL",
  ],
};

describeEachDialect("schema diff", (db) => {
  it("never guesses a rename: the new column is added, the old one kept and reported", async () => {
    const old = db.engine({ entities: [BeforeRename] });
    await old.createAll();
    await old.execute(insert(old.tableOf(BeforeRename)).values({ fullname: "Ann" }));
    const engine = db.engine({ entities: [AfterRename] });
    const plan = await planSync(engine);
    expect(plan.operations).toEqual([
      {
        kind: "addColumn",
        table: "renamed",
        column: { name: "display_name", type: columnType("varchar", { length: 40 }), nullable: true, autoIncrement: false },
      },
    ]);
    expect(plan.warnings).toEqual([
      "Column renamed.fullname is in the database but not in the entities: kept (to drop it: allowDrop: true, or --allow-drop on the strata command line).",
    ]);
    await applySync(engine, plan);
    expect((await old.execute(select(old.tableOf(BeforeRename)))).all()).toEqual([{ id: 1, fullname: "Ann" }]);
  });

  it("changes enum values, a default and a type with the statements each database needs, keeping the rows", async () => {
    const old = db.engine({ entities: [StatusV1] });
    await old.createAll();
    await old.execute(insert(old.tableOf(StatusV1)).values([{ hits: 5 }, { state: "closed", hits: 7 }]));
    const engine = db.engine({ entities: [StatusV2] });
    const plan = await planSync(engine);
    expect(plan.operations.map((op) => (op.kind === "alterColumn" ? [op.to.name, op.changes] : op.kind))).toEqual(
      db.dialect === "sqlite"
        ? ["rebuildTable"]
        : [
            ["state", ["type", "default"]],
            ["hits", ["type"]],
          ],
    );
    expect(plan.statements).toEqual(ENUM_AND_TYPE[db.dialect]);
    await applySync(engine, plan);
    const statuses = engine.tableOf(StatusV2);
    await engine.execute(insert(statuses).values({ state: "archived", hits: 9007199254740993n }));
    await engine.execute(insert(statuses).values({ hits: 1n }));
    const rows = (await engine.execute(select(statuses))).all();
    expect(rows.sort((a, b) => Number(a.id) - Number(b.id))).toEqual([
      { id: 1, state: "open", hits: 5n },
      { id: 2, state: "closed", hits: 7n },
      { id: 3, state: "archived", hits: 9007199254740993n },
      { id: 4, state: "closed", hits: 1n },
    ]);
    expect((await planSync(engine)).statements).toEqual([]);
  });

  it("pairs indexes and foreign keys by definition when their names differ, without dropping and recreating them", async () => {
    const parent = defineTable("named_parent", { id: integer().primaryKey() });
    const child = defineTable("named_child", {
      id: integer().primaryKey(),
      parentId: integer()
        .named("parent_id")
        .references(() => parent.c.id, { onDelete: "cascade" }),
      label: varchar(20).index(),
    });
    const engine = db.engine();
    await engine.createAll([parent, child]);
    const live = (await engine.introspect()).filter((t) => t.name.startsWith("named_"));
    // The same structure under other names, as another tool (or the database itself) might have named it.
    const renamed: TableSchema = {
      ...child.schema,
      foreignKeys: child.schema.foreignKeys.map((fk) => ({ ...fk, name: "named_child_parent_id_fkey" })),
      indexes: child.schema.indexes.map((i) => ({ ...i, name: "named_child_label_idx" })),
    };
    const diff = diffSchema(live, [parent.schema, renamed], engine.dialect);
    expect(diff).toEqual({ operations: [], warnings: [], renameCandidates: [] });
  });
});

@Table("shelves")
class Shelf {
  @PrimaryKey() id!: number;
  @Column({ length: 30 }) label!: string;
}

@Table("items")
class ItemV1 {
  @PrimaryKey() id!: number;
  @Column({ length: 30 }) name!: string;
  @Column({ type: "varchar", length: 10, nullable: true }) legacy!: string | null;
}

@Table("items")
@Index(["name", "shelf"])
class ItemV2 {
  @PrimaryKey() id!: number;
  @Column({ length: 60 }) name!: string;
  @Column({ type: "integer", default: 1 }) quantity!: number;
  @ManyToOne(() => Shelf, { nullable: true, onDelete: "set null" }) shelf!: Relation<Shelf> | null;
}

describeEachDialect("reversing a sync (a generated migration's down())", (db) => {
  let engine: Engine;
  beforeAll(async () => {
    const old = db.engine({ entities: [ItemV1] });
    await old.createAll();
    await old.execute(insert(old.tableOf(ItemV1)).values([{ name: "cup", legacy: "x" }, { name: "pen" }]));
    engine = db.engine({ entities: [Shelf, ItemV2] });
  });

  it("undoes every operation, last first, back to the schema it started from", async () => {
    const before = await engine.introspect();
    const plan = await planSync(engine, { allowDrop: true });
    const kinds = plan.operations.map((op) => op.kind);
    expect(kinds).toEqual(
      engine.dialect.capabilities.alterTableAddForeignKey
        ? ["createTable", "alterColumn", "addColumn", "addColumn", "dropColumn", "addIndex", "addForeignKey"]
        : ["createTable", "rebuildTable"],
    );
    await applySync(engine, plan);
    expect((await planSync(engine, { allowDrop: true })).statements).toEqual([]);

    const down: SchemaOperation[] = reverseOperations(plan.operations, before);
    await runSchemaChange(engine, async (run) => {
      for (const sql of compileOperations(engine.dialect, down)) await run(sql);
    });
    const v1 = db.engine({ entities: [ItemV1] });
    expect(await planSync(v1, { allowDrop: true })).toEqual({ operations: [], statements: [], warnings: [], renameCandidates: [] });
    // The rows stay; the dropped column comes back empty (a schema change cannot restore values it dropped).
    const rows = (await v1.execute(select(v1.tableOf(ItemV1)))).all();
    expect(rows.sort((a, b) => Number(a.id) - Number(b.id))).toEqual([
      { id: 1, name: "cup", legacy: null },
      { id: 2, name: "pen", legacy: null },
    ]);
  });
});

describe("comparing defaults by meaning", () => {
  it("reads a decimal padded to its scale, key order in JSON, and the spelling of expressions as the same default", () => {
    const decimal = columnType("decimal", { precision: 10, scale: 2 });
    expect(comparableDefault({ kind: "value", value: "12.30" }, decimal)).toBe(
      comparableDefault({ kind: "value", value: "12.3" }, decimal),
    );
    expect(comparableDefault({ kind: "value", value: "12.30" }, decimal)).not.toBe(
      comparableDefault({ kind: "value", value: "12.03" }, decimal),
    );
    const json = columnType("json");
    expect(comparableDefault({ kind: "value", value: { a: 1, b: [2] } }, json)).toBe(
      comparableDefault({ kind: "value", value: { b: [2], a: 1 } }, json),
    );
    const text = columnType("text");
    const expr = (t: string) => comparableDefault({ kind: "expression", expr: { kind: "unsafe", text: t } }, text);
    expect(expr("(lower( 'X' ))")).toBe(expr("LOWER('X')"));
    expect(comparableDefault({ kind: "value", value: "x" }, text)).not.toBe(expr("'x'"));
  });
});

describeEachDialect("compiling operations written by hand", (db) => {
  const column = { name: "due", type: columnType("date"), nullable: true, autoIncrement: false };

  it("refuses an unknown kind, a rename inside alterColumn, a rename without a name and an operation without a table, naming the operation", () => {
    const dialect = db.engine().dialect;
    const compile = (op: unknown) => () => compileOperations(dialect, [{ kind: "addColumn", table: "t", column }, op as SchemaOperation]);
    expect(compile({ kind: "moveColumn", table: "t" })).toThrow(
      expect.objectContaining({
        code: "INVALID_STATEMENT",
        message: expect.stringMatching(/^Schema operation 2 has unknown kind "moveColumn"/),
      }),
    );
    expect(compile({ kind: "alterColumn", table: "t", from: column, to: { ...column, name: "due_on" }, changes: [] })).toThrow(
      /changes the name due to due_on: rename the column with a renameColumn operation first/,
    );
    expect(compile({ kind: "renameColumn", table: "t", from: "due", to: "" })).toThrow(
      /^Schema operation 2 \(renameColumn\) needs the column of t's old and new names, got "due" and ""\.$/,
    );
    expect(compile({ kind: "addColumn", table: "", column })).toThrow(InvalidStatementError);
  });

  it("refuses on SQLite a change its ALTER TABLE cannot make, pointing at the rebuild; compiles it elsewhere", () => {
    const dialect = db.engine().dialect;
    const op: SchemaOperation = {
      kind: "alterColumn",
      table: "t",
      from: column,
      to: { ...column, nullable: false },
      changes: ["nullable"],
    };
    if (dialect.ddl.needsRebuild(op)) {
      expect(() => compileOperations(dialect, [op])).toThrow(/must be rebuilt/);
    } else {
      expect(compileOperations(dialect, [op])).toHaveLength(1);
    }
  });
});
