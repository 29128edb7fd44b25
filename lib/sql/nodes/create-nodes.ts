import type { ColumnType } from "../column-type";
import type {
  AggregateName,
  BetweenNode,
  BinaryNode,
  ColumnRefNode,
  ComparisonOperator,
  ExcludedNode,
  ExistsNode,
  ExprNode,
  FunctionNode,
  IdentifierNode,
  InNode,
  LogicalNode,
  NotNode,
  NullCheckNode,
  OrderByNode,
  ParamNode,
  StarNode,
  SubqueryNode,
} from "./expression-nodes";
import type {
  DefaultValueNode,
  DeleteNode,
  InsertColumnNode,
  InsertNode,
  InsertRowNode,
  JoinNode,
  SelectionNode,
  SelectNode,
  TableRefNode,
  UpdateNode,
  ValuesRowNode,
} from "./statement-nodes";

/*
 * The one way a node of the SQL tree is made: a factory per node kind, each
 * giving a frozen object (so a half-built statement is safe to share). Raw
 * SQL nodes have factories of their own in raw-sql.ts, which brand them.
 */

/** A column of a table (or of a table alias) in the FROM clause. */
export function columnNode(table: string, name: string, type: ColumnType): ColumnRefNode {
  return Object.freeze({ kind: "column", table, name, type });
}

/** A bound parameter, typed by the column it is written to or compared with (`target` names that column in messages). */
export function paramNode(value: unknown, type?: ColumnType, target?: string): ParamNode {
  return Object.freeze({ kind: "param", value, type, target });
}

export function binaryNode(op: ComparisonOperator, left: ExprNode, right: ExprNode): BinaryNode {
  return Object.freeze({ kind: "binary", op, left, right });
}

/** `a AND b AND ...` (an empty AND is true) or `a OR b ...` (an empty OR is false). */
export function logicalNode(op: "and" | "or", items: readonly ExprNode[]): LogicalNode {
  return Object.freeze({ kind: "logical", op, items: Object.freeze([...items]) });
}

/** `left AND right`, or just `right` when there is no left: how repeated where() calls combine. */
export function andNode(left: ExprNode | undefined, right: ExprNode): ExprNode {
  return left === undefined ? right : logicalNode("and", [left, right]);
}

export function notNode(expr: ExprNode): NotNode {
  return Object.freeze({ kind: "not", expr });
}

/** `expr IN (list)` or `expr IN (subquery)`; `negated`: NOT IN. */
export function inNode(expr: ExprNode, list: readonly ExprNode[] | SelectNode, negated: boolean): InNode {
  return Object.freeze({ kind: "in", expr, list: Array.isArray(list) ? Object.freeze([...list]) : list, negated });
}

/** `expr IS NULL`; `negated`: IS NOT NULL. */
export function nullCheckNode(expr: ExprNode, negated: boolean): NullCheckNode {
  return Object.freeze({ kind: "nullCheck", expr, negated });
}

export function betweenNode(expr: ExprNode, low: ExprNode, high: ExprNode): BetweenNode {
  return Object.freeze({ kind: "between", expr, low, high });
}

export function functionNode(
  name: AggregateName | "lower" | "upper" | "coalesce",
  args: readonly ExprNode[],
  distinct = false,
): FunctionNode {
  return Object.freeze({ kind: "function", name, args: Object.freeze([...args]), distinct });
}

/** `*`, as in count(*). */
export function starNode(): StarNode {
  return STAR;
}

const STAR: StarNode = Object.freeze({ kind: "star" });

export function existsNode(query: SelectNode): ExistsNode {
  return Object.freeze({ kind: "exists", query });
}

/** A SELECT used as a value. */
export function subqueryNode(query: SelectNode): SubqueryNode {
  return Object.freeze({ kind: "subquery", query });
}

/** In an upsert's SET: the value the conflicting INSERT proposed for a column. */
export function excludedNode(name: string): ExcludedNode {
  return Object.freeze({ kind: "excluded", name });
}

/** A quoted identifier, possibly qualified: `"schema"."table"`. */
export function identifierNode(names: readonly string[]): IdentifierNode {
  return Object.freeze({ kind: "identifier", names: Object.freeze([...names]) });
}

/** One ORDER BY item. */
export function orderByNode(expr: ExprNode, direction: "asc" | "desc"): OrderByNode {
  return Object.freeze({ expr, direction });
}

/** A table in FROM, a join, or the target of a write; `alias` names it in the statement. */
export function tableNode(name: string, alias?: string): TableRefNode {
  return Object.freeze(alias === undefined ? { kind: "table", name } : { kind: "table", name, alias });
}

/** One output column of a SELECT or RETURNING: its expression, its key in result rows, and how to decode it. */
export function selectionNode(expr: ExprNode, key: string, type?: ColumnType): SelectionNode {
  return Object.freeze(type === undefined ? { expr, key } : { expr, key, type });
}

export function joinNode(type: JoinNode["type"], table: TableRefNode, on: ExprNode): JoinNode {
  return Object.freeze({ type, table, on });
}

/** A SELECT: what it selects and from where; everything else optional (no joins, grouping or ordering, not distinct, no lock). */
export function selectNode(parts: {
  readonly selection: readonly SelectionNode[];
  readonly from?: TableRefNode;
  readonly joins?: readonly JoinNode[];
  readonly where?: ExprNode;
  readonly groupBy?: readonly ExprNode[];
  readonly having?: ExprNode;
  readonly orderBy?: readonly OrderByNode[];
  readonly limit?: number;
  readonly offset?: number;
  readonly distinct?: boolean;
  readonly forUpdate?: boolean;
}): SelectNode {
  const { from, where, having, limit, offset } = parts;
  return Object.freeze({
    kind: "select",
    selection: parts.selection,
    ...(from !== undefined ? { from } : {}),
    joins: parts.joins ?? NONE,
    ...(where !== undefined ? { where } : {}),
    groupBy: parts.groupBy ?? NONE,
    ...(having !== undefined ? { having } : {}),
    orderBy: parts.orderBy ?? NONE,
    ...(limit !== undefined ? { limit } : {}),
    ...(offset !== undefined ? { offset } : {}),
    distinct: parts.distinct ?? false,
    forUpdate: parts.forUpdate ?? false,
  });
}

const NONE: readonly never[] = Object.freeze([]);

/** A row of plain values for an INSERT, bound as parameters of their columns' types. Its array becomes part of the node as it is. */
export function valuesRowNode(values: readonly unknown[]): ValuesRowNode {
  return { kind: "values", values };
}

/** The DEFAULT keyword in an INSERT row. */
export function defaultValueNode(): DefaultValueNode {
  return DEFAULT;
}

const DEFAULT: DefaultValueNode = Object.freeze({ kind: "default" });

export function insertNode(table: TableRefNode, columns: readonly InsertColumnNode[], rows: readonly InsertRowNode[]): InsertNode {
  return Object.freeze({ kind: "insert", table, columns, rows });
}

export function updateNode(table: TableRefNode, set: UpdateNode["set"], where?: ExprNode): UpdateNode {
  return Object.freeze(where === undefined ? { kind: "update", table, set } : { kind: "update", table, set, where });
}

export function deleteNode(table: TableRefNode, where?: ExprNode): DeleteNode {
  return Object.freeze(where === undefined ? { kind: "delete", table } : { kind: "delete", table, where });
}
