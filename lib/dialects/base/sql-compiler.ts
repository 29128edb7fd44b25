import { InvalidStatementError } from "../../errors";
import type { ExecutableNode } from "../../sql/executable";
import { describeValue } from "../../sql/expression";
import type {
  DeleteNode,
  ExprNode,
  InsertColumnNode,
  InsertNode,
  InsertRowNode,
  OnConflictNode,
  OrderByNode,
  SelectionNode,
  SelectNode,
  SqlTemplateNode,
  StatementNode,
  UnsafeSqlNode,
  UpdateNode,
  ValuesRowNode,
} from "../../sql/nodes";
import { isRawSqlNodeOfStrata } from "../../sql/raw-sql";
import type { DialectCapabilities } from "../dialect-capabilities";
import type { TypeCodec } from "./type-codec";

/** SQL text and its bound parameters (already converted for the driver). */
export interface CompiledQuery {
  readonly sql: string;
  readonly params: readonly unknown[];
  /** The typed result columns of a select or RETURNING, in order; undefined for raw SQL and plain writes. */
  readonly selection?: readonly SelectionNode[];
  /** Which kind of built statement this is; undefined for raw SQL. */
  readonly statement?: StatementNode["kind"];
}

/** Per-compilation state: the parameter list and whether column references carry their table name. */
export interface CompileContext {
  readonly params: unknown[];
  qualify: boolean;
}

/** How many VALUES placeholder texts a compiler keeps (the biggest are a few hundred KB). */
const PLACEHOLDER_TEXTS_KEPT = 16;

function isValuesRow(row: InsertRowNode): row is ValuesRowNode {
  return (row as ValuesRowNode).kind === "values";
}

/*
 * Every enumerated field the compiler writes as text is checked against its
 * fixed set (a Map, so a key such as "constructor" finds nothing): a node
 * that did not come from Strata's builders can never add SQL text by naming
 * an operator, function or direction. The checks are a lookup each, and none
 * is on the INSERT values path.
 */
const BINARY_SQL: ReadonlyMap<string, string> = new Map([
  ["=", "="],
  ["<>", "<>"],
  ["<", "<"],
  ["<=", "<="],
  [">", ">"],
  [">=", ">="],
  ["like", "LIKE"],
  ["notLike", "NOT LIKE"],
]);
const FUNCTION_NAMES: ReadonlySet<string> = new Set(["count", "sum", "avg", "min", "max", "lower", "upper", "coalesce"]);
const ORDER_SQL: ReadonlyMap<string, string> = new Map([
  ["asc", "ASC"],
  ["desc", "DESC"],
]);
const JOIN_SQL: ReadonlyMap<string, string> = new Map([
  ["inner", "INNER JOIN"],
  ["left", "LEFT JOIN"],
]);
const LOGICAL_SQL: ReadonlyMap<string, string> = new Map([
  ["and", " AND "],
  ["or", " OR "],
]);

/** The SQL of an enumerated field, or an InvalidStatementError naming the field, the value and the values allowed. */
function known(table: ReadonlyMap<string, string>, value: unknown, field: string): string {
  const sql = typeof value === "string" ? table.get(value) : undefined;
  if (sql === undefined) {
    throw new InvalidStatementError(
      `Cannot compile ${field} ${describeValue(value)}: it is one of ${[...table.keys()].map((k) => JSON.stringify(k)).join(", ")}. Statements are built with Strata's builders (select(), users.c.name.desc(), ...), never from objects of their shape.`,
    );
  }
  return sql;
}

/**
 * The shared compiler: turns a statement tree into SQL text and parameters.
 * It does nearly everything; a dialect overrides the few hooks where its SQL
 * differs (identifier quotes, placeholders, LIMIT, upsert, ILIKE).
 */
export abstract class SqlCompiler {
  /** VALUES placeholder texts by shape: a cache of what valuesPlaceholders computes, not state the output depends on. */
  private readonly placeholderTexts = new Map<string, string>();

  /** The dialect's own capabilities: RETURNING compiles only where the dialect says it has it. */
  constructor(
    protected readonly codec: TypeCodec,
    protected readonly capabilities: DialectCapabilities,
  ) {}

  compile(node: ExecutableNode): CompiledQuery {
    const ctx: CompileContext = { params: [], qualify: true };
    switch (node.kind) {
      case "select":
        return { sql: this.select(node, ctx), params: ctx.params, selection: node.selection, statement: "select" };
      case "insert":
        return {
          sql: this.insert(node, ctx),
          params: ctx.params,
          statement: "insert",
          ...(node.returning ? { selection: node.returning } : {}),
        };
      case "update":
        return {
          sql: this.update(node, ctx),
          params: ctx.params,
          statement: "update",
          ...(node.returning ? { selection: node.returning } : {}),
        };
      case "delete":
        return {
          sql: this.delete(node, ctx),
          params: ctx.params,
          statement: "delete",
          ...(node.returning ? { selection: node.returning } : {}),
        };
      case "sql":
        return { sql: this.template(node, ctx), params: ctx.params };
      case "unsafe":
        return { sql: this.unsafe(node), params: [] };
      default:
        throw new InvalidStatementError(
          `Cannot compile a statement of kind ${describeValue((node as { kind?: unknown }).kind)}; execute statements built by select(), insert(), update(), del() or sql\`\`.`,
        );
    }
  }

  /** Quote an identifier, doubling any quote character inside it. */
  quoteIdentifier(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
  }

  /** The placeholder for the parameter at this 1-based position. */
  protected placeholder(_position: number): string {
    return "?";
  }

  protected param(value: unknown, ctx: CompileContext): string {
    ctx.params.push(value);
    return this.placeholder(ctx.params.length);
  }

  protected limitOffset(limit: number | undefined, offset: number | undefined, ctx: CompileContext): string {
    let out = "";
    if (limit !== undefined) out += ` LIMIT ${this.param(limit, ctx)}`;
    if (offset !== undefined) out += ` OFFSET ${this.param(offset, ctx)}`;
    return out;
  }

  /** Case-insensitive LIKE; where the database has no ILIKE, both sides are lowered. */
  protected ilike(left: string, right: string): string {
    return `lower(${left}) LIKE lower(${right})`;
  }

  /**
   * The ESCAPE clause that makes a backslash LIKE's escape character, as it is
   * by default on PostgreSQL (SQLite, and MySQL in NO_BACKSLASH_ESCAPES mode,
   * have none): `\%`, `\_` and `\\` then match literally on every database
   * (see escapeLike). A bound pattern without a backslash means the same
   * either way, so it is compiled without the clause.
   */
  protected likeEscape(pattern: ExprNode): string {
    if (pattern.kind === "param" && typeof pattern.value === "string" && !pattern.value.includes("\\")) return "";
    return " ESCAPE '\\'";
  }

  protected excluded(name: string): string {
    return `excluded.${this.quoteIdentifier(name)}`;
  }

  protected onConflict(node: OnConflictNode, ctx: CompileContext, _insert: InsertNode): string {
    const target = node.target.length ? ` (${node.target.map((c) => this.quoteIdentifier(c)).join(", ")})` : "";
    if (!node.set) return ` ON CONFLICT${target} DO NOTHING`;
    if (!target) throw new InvalidStatementError("An upsert that updates needs the conflicting columns as target.");
    return ` ON CONFLICT${target} DO UPDATE SET ${this.assignments(node.set, ctx)}`;
  }

  /** What stands in a VALUES row for a column the row leaves out. */
  protected insertDefault(_column: InsertColumnNode, _ctx: CompileContext): string {
    return "DEFAULT";
  }

  /** An INSERT that gives no column at all. */
  protected insertDefaultValuesRow(): string {
    return " DEFAULT VALUES";
  }

  protected forUpdateClause(): string {
    return " FOR UPDATE";
  }

  protected returning(items: readonly SelectionNode[] | undefined, ctx: CompileContext): string {
    if (!items) return "";
    if (!this.capabilities.returning) {
      throw new InvalidStatementError(
        "This database has no RETURNING clause. Read generated keys from result.insertId, or select the rows after writing them.",
      );
    }
    const qualify = ctx.qualify;
    ctx.qualify = false;
    const sql = ` RETURNING ${this.selectionList(items, ctx)}`;
    ctx.qualify = qualify;
    return sql;
  }

  protected select(node: SelectNode, ctx: CompileContext): string {
    let sql = `SELECT ${node.distinct ? "DISTINCT " : ""}${this.selectionList(node.selection, ctx)}`;
    if (node.from) sql += ` FROM ${this.tableRef(node.from)}`;
    for (const j of node.joins) {
      sql += ` ${known(JOIN_SQL, j.type, "the join type")} ${this.tableRef(j.table)} ON ${this.expr(j.on, ctx)}`;
    }
    if (node.where) sql += ` WHERE ${this.expr(node.where, ctx)}`;
    if (node.groupBy.length) sql += ` GROUP BY ${node.groupBy.map((g) => this.expr(g, ctx)).join(", ")}`;
    if (node.having) sql += ` HAVING ${this.expr(node.having, ctx)}`;
    if (node.orderBy.length) sql += ` ORDER BY ${node.orderBy.map((o) => this.orderBy(o, ctx)).join(", ")}`;
    sql += this.limitOffset(node.limit, node.offset, ctx);
    if (node.forUpdate) sql += this.forUpdateClause();
    return sql;
  }

  protected insert(node: InsertNode, ctx: CompileContext): string {
    let sql = `INSERT INTO ${this.tableRef(node.table)}`;
    if (node.columns.length === 0) {
      if (node.rows.length !== 1) throw new InvalidStatementError("Several rows with no columns cannot be inserted in one statement.");
      sql += this.insertDefaultValuesRow();
    } else {
      sql += ` (${node.columns.map((c) => this.quoteIdentifier(c.name)).join(", ")}) VALUES ${this.valuesRows(node, ctx)}`;
    }
    if (node.onConflict) sql += this.onConflict(node.onConflict, ctx, node);
    return sql + this.returning(node.returning, ctx);
  }

  /**
   * The rows after VALUES. Rows of plain values take a fast path: one encoder
   * per column, parameters pushed in a tight loop, and the placeholder text
   * made once per shape (see valuesPlaceholders).
   */
  protected valuesRows(node: InsertNode, ctx: CompileContext): string {
    const columns = node.columns;
    const encoders = columns.map((c) => this.codec.encoderFor(c.type, `${node.table.name}.${c.name}`));
    const width = columns.length;
    const rows = node.rows;
    let plain = true;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const length = isValuesRow(row) ? row.values.length : row.length;
      if (length !== width) {
        throw new InvalidStatementError(`Row ${r} of this INSERT has ${length} values for ${width} columns.`);
      }
      if (!isValuesRow(row)) plain = false;
    }
    if (plain) {
      const first = ctx.params.length;
      const params = ctx.params;
      let at = first;
      // Sized once rather than grown by push: a big INSERT binds tens of thousands of values.
      params.length = first + rows.length * width;
      for (const row of rows as readonly ValuesRowNode[]) {
        const values = row.values;
        for (let i = 0; i < width; i++) params[at++] = encoders[i](values[i]);
      }
      return this.valuesPlaceholders(first, width, rows.length);
    }
    return rows
      .map((row) => {
        const cells = isValuesRow(row)
          ? row.values.map((v, i) => this.param(encoders[i](v), ctx))
          : row.map((v, i) => (v.kind === "default" ? this.insertDefault(columns[i], ctx) : this.expr(v, ctx)));
        return `(${cells.join(", ")})`;
      })
      .join(", ");
  }

  /** `(p, p, ...), (p, p, ...)` for rows x columns parameters after the first `before`; kept per shape, as big INSERTs repeat. */
  protected valuesPlaceholders(before: number, columns: number, rows: number): string {
    const key = `${before}:${columns}:${rows}`;
    let text = this.placeholderTexts.get(key);
    if (text === undefined) {
      const parts = new Array<string>(rows);
      let position = before;
      for (let r = 0; r < rows; r++) {
        let row = "(";
        for (let c = 0; c < columns; c++) row += c === 0 ? this.placeholder(++position) : `, ${this.placeholder(++position)}`;
        parts[r] = `${row})`;
      }
      text = parts.join(", ");
      if (this.placeholderTexts.size >= PLACEHOLDER_TEXTS_KEPT)
        this.placeholderTexts.delete(this.placeholderTexts.keys().next().value as string);
      this.placeholderTexts.set(key, text);
    }
    return text;
  }

  protected update(node: UpdateNode, ctx: CompileContext): string {
    let sql = `UPDATE ${this.tableRef(node.table)} SET ${this.assignments(node.set, ctx)}`;
    if (node.where) sql += ` WHERE ${this.expr(node.where, ctx)}`;
    return sql + this.returning(node.returning, ctx);
  }

  protected delete(node: DeleteNode, ctx: CompileContext): string {
    let sql = `DELETE FROM ${this.tableRef(node.table)}`;
    if (node.where) sql += ` WHERE ${this.expr(node.where, ctx)}`;
    return sql + this.returning(node.returning, ctx);
  }

  protected assignments(set: readonly (readonly [string, ExprNode])[], ctx: CompileContext): string {
    return set.map(([name, value]) => `${this.quoteIdentifier(name)} = ${this.expr(value, ctx)}`).join(", ");
  }

  protected template(node: SqlTemplateNode, ctx: CompileContext): string {
    this.checkRawNode(node);
    let sql = node.strings[0];
    for (let i = 0; i < node.values.length; i++) sql += this.expr(node.values[i], ctx) + node.strings[i + 1];
    return sql;
  }

  protected unsafe(node: UnsafeSqlNode): string {
    this.checkRawNode(node);
    return node.text;
  }

  /**
   * Raw SQL text is spliced in only from nodes made by sql``, sql.unsafe()
   * and Strata itself (see raw-sql.ts): a node-shaped object from anywhere
   * else, such as JSON from a request, is refused here even if some public
   * API let it through.
   */
  private checkRawNode(node: SqlTemplateNode | UnsafeSqlNode): void {
    if (!isRawSqlNodeOfStrata(node)) {
      throw new InvalidStatementError(
        `Refusing to compile raw SQL (a node of kind "${node.kind}") that Strata did not make: raw SQL is only ever created by the sql\`...\` tag (every \${value} bound as a parameter) or sql.unsafe(text). An object of the same shape, e.g. parsed from JSON, is never SQL.`,
      );
    }
  }

  protected tableRef(ref: { name: string; alias?: string }): string {
    const name = this.quoteIdentifier(ref.name);
    return ref.alias === undefined ? name : `${name} AS ${this.quoteIdentifier(ref.alias)}`;
  }

  protected selectionList(items: readonly SelectionNode[], ctx: CompileContext): string {
    return items
      .map((s) => {
        const e = this.expr(s.expr, ctx);
        return s.expr.kind === "column" && s.expr.name === s.key ? e : `${e} AS ${this.quoteIdentifier(s.key)}`;
      })
      .join(", ");
  }

  protected orderBy(o: OrderByNode, ctx: CompileContext): string {
    return `${this.expr(o.expr, ctx)} ${known(ORDER_SQL, o.direction, "the order direction")}`;
  }

  protected expr(node: ExprNode, ctx: CompileContext): string {
    switch (node.kind) {
      case "column":
        return ctx.qualify ? `${this.quoteIdentifier(node.table)}.${this.quoteIdentifier(node.name)}` : this.quoteIdentifier(node.name);
      case "param":
        return this.param(this.codec.encode(node.value, node.type, node.target), ctx);
      case "sql":
        return this.template(node, ctx);
      case "unsafe":
        return this.unsafe(node);
      case "identifier":
        return node.names.map((n) => this.quoteIdentifier(n)).join(".");
      case "binary": {
        const left = this.expr(node.left, ctx);
        const right = this.expr(node.right, ctx);
        if (node.op === "ilike") return this.ilike(left, right) + this.likeEscape(node.right);
        const sql = `${left} ${known(BINARY_SQL, node.op, "the comparison operator")} ${right}`;
        return node.op === "like" || node.op === "notLike" ? sql + this.likeEscape(node.right) : sql;
      }
      case "logical": {
        const separator = known(LOGICAL_SQL, node.op, "the logical operator");
        if (node.items.length === 0) return node.op === "and" ? "1 = 1" : "1 = 0";
        return `(${node.items.map((i) => this.expr(i, ctx)).join(separator)})`;
      }
      case "not":
        return `NOT (${this.expr(node.expr, ctx)})`;
      case "in": {
        const left = this.expr(node.expr, ctx);
        const op = node.negated ? "NOT IN" : "IN";
        if (!Array.isArray(node.list)) return `${left} ${op} (${this.select(node.list as SelectNode, ctx)})`;
        // An empty list matches nothing (NOT IN: everything); SQL has no empty IN ().
        if (node.list.length === 0) return node.negated ? "1 = 1" : "1 = 0";
        return `${left} ${op} (${(node.list as readonly ExprNode[]).map((v) => this.expr(v, ctx)).join(", ")})`;
      }
      case "nullCheck":
        return `${this.expr(node.expr, ctx)} IS ${node.negated ? "NOT NULL" : "NULL"}`;
      case "between":
        return `${this.expr(node.expr, ctx)} BETWEEN ${this.expr(node.low, ctx)} AND ${this.expr(node.high, ctx)}`;
      case "function":
        if (!FUNCTION_NAMES.has(node.name)) {
          throw new InvalidStatementError(
            `Cannot compile the function ${describeValue(node.name)}: Strata calls only ${[...FUNCTION_NAMES].join(", ")}. For another function write sql\`name(\${arg})\`.`,
          );
        }
        return `${node.name}(${node.distinct ? "DISTINCT " : ""}${node.args.map((a) => this.expr(a, ctx)).join(", ")})`;
      case "exists":
        return `EXISTS (${this.select(node.query, ctx)})`;
      case "subquery":
        return `(${this.select(node.query, ctx)})`;
      case "excluded":
        return this.excluded(node.name);
      case "star":
        return "*";
      default:
        throw new InvalidStatementError(
          `Cannot compile an expression of kind ${describeValue((node as { kind?: unknown }).kind)}; expressions are built with Strata's builders (users.c.id.eq(1), sql\`...\`), never from objects of their shape.`,
        );
    }
  }
}
