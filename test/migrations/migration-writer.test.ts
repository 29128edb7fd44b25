import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  bigint,
  blob,
  boolean,
  date,
  datetime,
  decimal,
  defineTable,
  enumOf,
  float,
  integer,
  json,
  sql,
  text,
  timestamptz,
  uuid,
  varchar,
} from "../../lib";
import { dialectFor } from "../../lib/dialects";
import { buildMetadata } from "../../lib/metadata";
import type { SchemaOperation } from "../../lib/schema";
import { generatedMigrationSource, type MigrationBuilder } from "../../migrations";
import { RecordingMigrationBuilder } from "../../migrations/migration-builder";
import { seedEntities } from "../fixtures/seed-models";
import { migrationFolder } from "./migration-files";

/**
 * An operation as a generated file records it: a drop names only what it
 * drops (down() holds the full definition to recreate it).
 */
function asRecorded(op: SchemaOperation): SchemaOperation {
  switch (op.kind) {
    case "dropTable":
      return { kind: "dropTable", table: { name: op.table.name, columns: [], primaryKey: [], foreignKeys: [], uniques: [], indexes: [] } };
    case "dropColumn":
      return {
        kind: "dropColumn",
        table: op.table,
        column: { name: op.column.name, type: { kind: "text" }, nullable: true, autoIncrement: false },
      };
    case "dropIndex":
      return { kind: "dropIndex", table: op.table, index: { name: op.index.name, columns: [], unique: false } };
    case "dropUnique":
      return { kind: "dropUnique", table: op.table, unique: { name: op.unique.name, columns: [] } };
    case "dropForeignKey":
      return {
        kind: "dropForeignKey",
        table: op.table,
        foreignKey: { name: op.foreignKey.name, columns: [], referencedTable: "", referencedColumns: [] },
      };
    default:
      return op;
  }
}

/** The operations a migration function records on a builder. */
function recorded(fn: (m: MigrationBuilder) => void): SchemaOperation[] {
  const builder = new RecordingMigrationBuilder(dialectFor("sqlite"));
  fn(builder);
  return builder.operations();
}

const STARTS = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));

const everyType = defineTable(
  "every_type",
  {
    id: integer().primaryKey(),
    count: integer().notNull().default(-42),
    big: bigint().default(9007199254740993n),
    ratio: float().default(1.5),
    price: decimal(10, 2).notNull().default("12.30"),
    title: varchar(100).notNull().default('it\'s "quoted"\n'),
    body: text(),
    active: boolean().notNull().default(true),
    due: date().default("2024-01-31"),
    starts: datetime().default(STARTS),
    created: timestamptz().notNull().default(sql`CURRENT_TIMESTAMP`),
    meta: json<{ a: (number | string)[] }>().default({ a: [1, "x"] }),
    ref: uuid(),
    data: blob().default(Buffer.from([1, 2, 255])),
    status: enumOf(["pending", "done"]).notNull().default("pending"),
  },
  { indexes: [{ columns: ["count", "title"] }, { columns: ["ref"], unique: true }], comment: "every column type" },
);

describe("generated migration files", () => {
  it("evaluate to the operations they were written from, for every column type, default and table shape", () => {
    const tables = [everyType.schema, ...buildMetadata(seedEntities).tableSchemas];
    const column = everyType.schema.columns[1];
    const up: SchemaOperation[] = [
      ...tables.map((table): SchemaOperation => ({ kind: "createTable", table })),
      { kind: "addColumn", table: "every_type", column: everyType.schema.columns[2] },
      { kind: "alterColumn", table: "every_type", from: column, to: { ...column, nullable: true }, changes: ["nullable"] },
      { kind: "addIndex", table: "every_type", index: { name: "ix_x", columns: ["due"], unique: false } },
      { kind: "rebuildTable", from: everyType.schema, to: { ...everyType.schema, columns: everyType.schema.columns.slice(0, 3) } },
    ];
    const down: SchemaOperation[] = [{ kind: "dropTable", table: everyType.schema }];

    const path = join(migrationFolder(), "generated.ts");
    writeFileSync(path, generatedMigrationSource("every-type", up, down));
    const module = require(path) as { up(m: MigrationBuilder): void; down(m: MigrationBuilder): void };

    expect(recorded(module.up)).toEqual(up.map(asRecorded));
    expect(recorded(module.down)).toEqual(down.map(asRecorded));
  });
});
