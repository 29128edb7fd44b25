import { randomUUID } from "node:crypto";
import { InvalidValueError } from "../errors";
import type { Column } from "./column";
import type { Selectable } from "./expression";
import { Expression, toOperandNode } from "./expression";
import type { ExprNode, SelectionNode } from "./nodes";
import type { Table } from "./table";

// biome-ignore lint/suspicious/noExplicitAny: any table shape.
export type AnyTable = Table<string, any>;

/** The column a key names, or a clear error listing the table's keys. */
export function columnByKey(table: AnyTable, key: string, statement: string): Column<string, unknown> {
  const column = (table.c as Record<string, Column<string, unknown>>)[key];
  if (!column || !Object.hasOwn(table.c, key)) {
    throw new InvalidValueError(
      `${statement}: table ${table.name} has no column "${key}". Its columns are: ${Object.keys(table.c).join(", ")}.`,
    );
  }
  return column;
}

/** A written value (INSERT/UPDATE) as a typed parameter, or an expression as is. */
export function writeValueNode(column: Column<string, unknown>, value: unknown, statement: string): ExprNode {
  if (value === undefined) {
    throw new InvalidValueError(
      `${statement}: undefined was given for ${column.table.name}.${column.name}. Leave the key out to use the column default, or pass null.`,
    );
  }
  if (value instanceof Expression) return value.node;
  return toOperandNode(value, column.config.type, `${column.table.name}.${column.name}`);
}

/** A value Strata generates itself when an INSERT leaves the column out (uuid keys). */
export function generatedValue(column: Column<string, unknown>): unknown {
  return column.config.primaryKey && column.config.generated === "uuid" ? randomUUID() : undefined;
}

/** RETURNING items: nothing given means every column of the table. */
export function returningSelection(table: AnyTable, items: readonly Selectable[]): SelectionNode[] {
  const chosen = items.length === 0 ? table.columns : items;
  return chosen.map((i) => i.toSelectionNode());
}
