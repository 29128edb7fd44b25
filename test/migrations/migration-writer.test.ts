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
import { buildMetadata } from "../../lib/metadata";
import type { SchemaOperation } from "../../lib/schema";
import { generatedMigrationSource, type MigrationBuilder } from "../../migrations";
import { seedEntities } from "../fixtures/seed-models";
import { migrationFolder } from "./migration-files";

/** A builder that keeps the calls a migration makes, to compare with the operations it was written from. */
function recordCalls(): { builder: MigrationBuilder; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const builder = new Proxy({} as MigrationBuilder, {
    get: (_target, method) => (method === "dialect" ? "sqlite" : (...args: unknown[]) => calls.push([method, ...args])),
  });
  return { builder, calls };
}

/** The builder call each operation kind is written as, with its arguments. */
function expectedCall(op: SchemaOperation): unknown[] {
  switch (op.kind) {
    case "createTable":
    case "dropTable":
      return [op.kind, op.table];
    case "addColumn":
    case "dropColumn":
      return [op.kind, op.table, op.column];
    case "alterColumn":
      return [op.kind, op.table, op.from, op.to, op.changes];
    case "addIndex":
      return ["createIndex", op.table, op.index];
    case "dropIndex":
      return [op.kind, op.table, op.index];
    case "addUnique":
    case "dropUnique":
      return [op.kind, op.table, op.unique];
    case "addForeignKey":
    case "dropForeignKey":
      return [op.kind, op.table, op.foreignKey];
    case "rebuildTable":
      return [op.kind, op.from, op.to];
  }
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

    const upCalls = recordCalls();
    module.up(upCalls.builder);
    expect(upCalls.calls).toEqual(up.map(expectedCall));
    const downCalls = recordCalls();
    module.down(downCalls.builder);
    expect(downCalls.calls).toEqual(down.map(expectedCall));
  });
});
