import type { ColumnType } from "../column-type";
import type { ExprNode, OrderByNode } from "./expression-nodes";
import type { ColumnDefault } from "./schema-nodes";

export interface TableRefNode {
  readonly kind: "table";
  readonly name: string;
  readonly alias?: string;
}

/** One output column of a SELECT or RETURNING: its expression, result key and decoded type. */
export interface SelectionNode {
  readonly expr: ExprNode;
  /** The key of this value in result rows; also its SQL alias when it differs from a column name. */
  readonly key: string;
  /** How to decode the driver's value; undefined means take it as the driver gives it. */
  readonly type?: ColumnType;
}

export interface JoinNode {
  readonly type: "inner" | "left";
  readonly table: TableRefNode;
  readonly on: ExprNode;
}

export interface SelectNode {
  readonly kind: "select";
  readonly selection: readonly SelectionNode[];
  readonly from?: TableRefNode;
  readonly joins: readonly JoinNode[];
  readonly where?: ExprNode;
  readonly groupBy: readonly ExprNode[];
  readonly having?: ExprNode;
  readonly orderBy: readonly OrderByNode[];
  readonly limit?: number;
  readonly offset?: number;
  readonly distinct: boolean;
  readonly forUpdate: boolean;
}

export interface InsertColumnNode {
  readonly name: string;
  readonly type: ColumnType;
  /** Used where a dialect cannot write DEFAULT inside VALUES (SQLite). */
  readonly default?: ColumnDefault;
  readonly autoIncrement: boolean;
}

export interface OnConflictNode {
  /** Column names of the unique key the conflict is on (PostgreSQL and SQLite need them). */
  readonly target: readonly string[];
  /** undefined: DO NOTHING. */
  readonly set?: readonly (readonly [string, ExprNode])[];
}

export interface InsertNode {
  readonly kind: "insert";
  readonly table: TableRefNode;
  readonly columns: readonly InsertColumnNode[];
  /** One entry per row, each with one entry per column. */
  readonly rows: readonly InsertRowNode[];
  readonly onConflict?: OnConflictNode;
  readonly returning?: readonly SelectionNode[];
}

/**
 * A VALUES row: one expression per column (DEFAULT where absent), or, for a
 * row of plain values (the usual case), the values themselves, each bound as
 * a parameter of its column's type, so a 5,000-row INSERT is not 35,000 nodes.
 */
export type InsertRowNode = readonly (ExprNode | DefaultValueNode)[] | ValuesRowNode;

/** A row of plain values (no expressions, no DEFAULT), in the order of the INSERT's columns. */
export interface ValuesRowNode {
  readonly kind: "values";
  readonly values: readonly unknown[];
}

/** The DEFAULT keyword in an INSERT row. */
export interface DefaultValueNode {
  readonly kind: "default";
}

export interface UpdateNode {
  readonly kind: "update";
  readonly table: TableRefNode;
  readonly set: readonly (readonly [string, ExprNode])[];
  readonly where?: ExprNode;
  readonly returning?: readonly SelectionNode[];
}

export interface DeleteNode {
  readonly kind: "delete";
  readonly table: TableRefNode;
  readonly where?: ExprNode;
  readonly returning?: readonly SelectionNode[];
}

export type StatementNode = SelectNode | InsertNode | UpdateNode | DeleteNode;
