import type { ColumnType } from "../column-type";
import type { SelectNode } from "./statement-nodes";

/**
 * The SQL expression tree: plain, frozen data with a `kind` tag. Builders
 * create these; each dialect's compiler turns them into SQL text and
 * parameters. Nothing here knows about any database.
 */
export type ExprNode =
  | ColumnRefNode
  | ParamNode
  | SqlTemplateNode
  | UnsafeSqlNode
  | BinaryNode
  | LogicalNode
  | NotNode
  | InNode
  | NullCheckNode
  | BetweenNode
  | FunctionNode
  | ExistsNode
  | SubqueryNode
  | ExcludedNode
  | IdentifierNode
  | StarNode;

/** A column of a table (or of a table alias) in the FROM clause. */
export interface ColumnRefNode {
  readonly kind: "column";
  /** The name or alias by which the table is referenced in the statement. */
  readonly table: string;
  readonly name: string;
  readonly type: ColumnType;
}

/** A bound parameter. `type` is the column type the value is written to or compared with. */
export interface ParamNode {
  readonly kind: "param";
  readonly value: unknown;
  readonly type?: ColumnType;
  /** `table.column` the value belongs to, for error messages. */
  readonly target?: string;
}

/** sql`...`: literal text between interpolated expressions, every value bound as a parameter. */
export interface SqlTemplateNode {
  readonly kind: "sql";
  readonly strings: readonly string[];
  readonly values: readonly ExprNode[];
}

/** sql.unsafe(text): text spliced in as it is, by explicit request. */
export interface UnsafeSqlNode {
  readonly kind: "unsafe";
  readonly text: string;
}

export type ComparisonOperator = "=" | "<>" | "<" | "<=" | ">" | ">=" | "like" | "ilike" | "notLike";

export interface BinaryNode {
  readonly kind: "binary";
  readonly op: ComparisonOperator;
  readonly left: ExprNode;
  readonly right: ExprNode;
}

export interface LogicalNode {
  readonly kind: "logical";
  readonly op: "and" | "or";
  readonly items: readonly ExprNode[];
}

export interface NotNode {
  readonly kind: "not";
  readonly expr: ExprNode;
}

export interface InNode {
  readonly kind: "in";
  readonly expr: ExprNode;
  readonly list: readonly ExprNode[] | SelectNode;
  readonly negated: boolean;
}

export interface NullCheckNode {
  readonly kind: "nullCheck";
  readonly expr: ExprNode;
  readonly negated: boolean;
}

export interface BetweenNode {
  readonly kind: "between";
  readonly expr: ExprNode;
  readonly low: ExprNode;
  readonly high: ExprNode;
}

export type AggregateName = "count" | "sum" | "avg" | "min" | "max";

export interface FunctionNode {
  readonly kind: "function";
  readonly name: AggregateName | "lower" | "upper" | "coalesce";
  readonly args: readonly ExprNode[];
  readonly distinct: boolean;
}

export interface ExistsNode {
  readonly kind: "exists";
  readonly query: SelectNode;
}

/** A SELECT used as a value: `(SELECT max(x) FROM t)`. */
export interface SubqueryNode {
  readonly kind: "subquery";
  readonly query: SelectNode;
}

/** In an upsert's SET: the value the conflicting INSERT proposed for `name`. */
export interface ExcludedNode {
  readonly kind: "excluded";
  readonly name: string;
}

/** A quoted identifier, possibly qualified: `"schema"."table"`. */
export interface IdentifierNode {
  readonly kind: "identifier";
  readonly names: readonly string[];
}

/** `*`, as in count(*). */
export interface StarNode {
  readonly kind: "star";
}

export interface OrderByNode {
  readonly expr: ExprNode;
  readonly direction: "asc" | "desc";
}
