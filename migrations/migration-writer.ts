import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { MigrationFileError } from "../lib/errors";
import type { SchemaOperation } from "../lib/schema";
import type { ColumnSchema, IndexSchema, TableSchema } from "../lib/sql";
import { type ColumnInput, columnChanges, type IndexInput, type TableInput } from "./migration-builder";
import { tsLiteral } from "./ts-literal";

/** Where migration files import their types from: the package's public migrations entry point. */
const TYPES_FROM = "strata-orm/migrations";

/** Keys introspection adds to the schema shapes that a migration does not need. */
const INTROSPECTION_ONLY = new Set(["sqlType", "defaultReferentialAction"]);

function withoutIntrospectionKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIntrospectionKeys);
  if (value === null || typeof value !== "object" || value instanceof Date || Buffer.isBuffer(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !INTROSPECTION_ONLY.has(k))
      .map(([k, v]) => [k, withoutIntrospectionKeys(v)]),
  );
}

/**
 * One builder call, laid out as a formatter would: on one line when it
 * fits; else with only its last argument broken over lines when that is the
 * only long one (`m.createTable({` ... `});`); else one argument a line.
 */
function call(method: string, ...args: unknown[]): string {
  const indent = "  ";
  const plain = args.map((a) => withoutIntrospectionKeys(a));
  const rendered = plain.map((a) => tsLiteral(a, indent));
  const line = `${indent}m.${method}(${rendered.join(", ")});`;
  if (!line.includes("\n") && line.length <= 120) return line;
  const head = rendered.slice(0, -1);
  if (head.every((r) => !r.includes("\n")) && !`${indent}m.${method}(${head.join(", ")}, {`.includes("\n")) {
    const last = rendered.at(-1) as string;
    const hugged = `${indent}m.${method}(${[...head, last].join(", ")});`;
    if (!head.some((r) => r.length > 40) && hugged.split("\n")[0].length <= 120) return hugged;
  }
  const inner = `${indent}  `;
  return `${indent}m.${method}(\n${plain.map((a) => `${inner}${tsLiteral(a, inner)},`).join("\n")}\n${indent});`;
}

/** A column as the builder takes it: what equals the builder's assumption (NOT NULL, not generated) left out. */
function columnInput(c: ColumnSchema): ColumnInput {
  const { nullable, autoIncrement, ...rest } = c;
  return { ...rest, ...(nullable ? { nullable } : {}), ...(autoIncrement ? { autoIncrement } : {}) };
}

function indexInput(i: IndexSchema): IndexInput {
  const { unique, ...rest } = i;
  return unique ? i : rest;
}

/** A table as the builder takes it: no empty lists, columns and indexes shortened. */
function tableInput(t: TableSchema): TableInput {
  return {
    name: t.name,
    columns: t.columns.map(columnInput),
    ...(t.primaryKey.length > 0 ? { primaryKey: t.primaryKey } : {}),
    ...(t.foreignKeys.length > 0 ? { foreignKeys: t.foreignKeys } : {}),
    ...(t.uniques.length > 0 ? { uniques: t.uniques } : {}),
    ...(t.indexes.length > 0 ? { indexes: t.indexes.map(indexInput) } : {}),
    ...(t.comment !== undefined ? { comment: t.comment } : {}),
  };
}

const sameChanges = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * One schema operation as the MigrationBuilder call that records it, as
 * short as the builder allows: drops name what they drop (down() recreates
 * it in full), defaults the builder assumes are left out, and an
 * alterColumn's list of changes only where it is not every difference.
 */
function operationCall(op: SchemaOperation): string {
  switch (op.kind) {
    case "createTable":
      return call("createTable", tableInput(op.table));
    case "dropTable":
      return call("dropTable", op.table.name);
    case "renameTable":
      return call("renameTable", op.from, op.to);
    case "addColumn":
      return call("addColumn", op.table, columnInput(op.column));
    case "dropColumn":
      return call("dropColumn", op.table, op.column.name);
    case "renameColumn":
      return call("renameColumn", op.table, op.from, op.to);
    case "alterColumn": {
      const changes = sameChanges(op.changes, columnChanges(op.from, op.to)) ? [] : [op.changes];
      return call("alterColumn", op.table, columnInput(op.from), columnInput(op.to), ...changes);
    }
    case "addIndex":
      return call("createIndex", op.table, indexInput(op.index));
    case "dropIndex":
      return call("dropIndex", op.table, op.index.name);
    case "addUnique":
      return call("addUnique", op.table, op.unique);
    case "dropUnique":
      return call("dropUnique", op.table, op.unique.name);
    case "addForeignKey":
      return call("addForeignKey", op.table, op.foreignKey);
    case "dropForeignKey":
      return op.foreignKey.name === ""
        ? call("dropForeignKey", op.table, op.foreignKey)
        : call("dropForeignKey", op.table, op.foreignKey.name);
    case "setTableComment":
      return call("setTableComment", op.table, ...(op.comment === undefined ? [] : [op.comment]));
    case "rebuildTable":
      return call("rebuildTable", tableInput(op.from), tableInput(op.to));
  }
}

function body(lines: readonly string[]): string {
  return lines.length > 0 ? lines.join("\n") : "  // nothing to do";
}

/** A migration's file text: up() and down() as builder calls. */
export function migrationSource(header: string, up: readonly string[], down: readonly string[]): string {
  return `import type { MigrationBuilder } from "${TYPES_FROM}";

${header}
export function up(m: MigrationBuilder): void {
${body(up)}
}

export function down(m: MigrationBuilder): void {
${body(down)}
}
`;
}

/** The text of a generated migration: `up` applies the operations, `down` their reversal. */
export function generatedMigrationSource(name: string, up: readonly SchemaOperation[], down: readonly SchemaOperation[]): string {
  const header = `/** ${name}: generated by "strata migration:generate" from the difference between the entities and the database. Review it before running it. */`;
  return migrationSource(header, up.map(operationCall), down.map(operationCall));
}

/** The text of an empty migration, with the builder's calls shown as a reminder. */
export function emptyMigrationSource(name: string): string {
  const header = `/**
 * ${name}. Describe the change with m.createTable(), m.addColumn(), m.createIndex(), ...
 * or raw SQL with m.sql("..."); down() undoes what up() does.
 */`;
  return migrationSource(header, [], []);
}

/** A UTC timestamp that sorts in creation order: 20240131235959. */
export function migrationTimestamp(now = new Date()): string {
  return now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/**
 * Write `<folder>/<timestamp>-<name>.ts`, creating the folder. The name is
 * kept to letters, digits, `-` and `_` so it is a safe file name everywhere.
 */
export function writeMigrationFile(folder: string, name: string, source: string, now = new Date()): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) {
    throw new MigrationFileError(`The migration name "${name}" may hold only letters, digits, "-" and "_" (e.g. add-due-date).`);
  }
  const dir = resolve(folder);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${migrationTimestamp(now)}-${name}.ts`);
  if (existsSync(path)) throw new MigrationFileError(`${path} already exists; wait a second or pick another name.`);
  writeFileSync(path, source);
  return path;
}
