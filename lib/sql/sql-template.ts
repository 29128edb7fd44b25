import { InvalidValueError } from "../errors";
import type { Executable } from "./executable";
import { Expression, isSubqueryLike, Labeled } from "./expression";
import type { ExprNode, SqlTemplateNode, UnsafeSqlNode } from "./nodes";
import { Table } from "./table";

/** Something that can name a table inside the `sql` template. */
export interface TableLike {
  readonly name: string;
  readonly alias?: string;
}

/**
 * A piece of raw SQL from the `sql` template tag. It can be executed as a
 * statement (rows typed `TRow`), or used wherever an expression goes.
 */
// biome-ignore lint/suspicious/noExplicitAny: a raw fragment compares with a value of any type.
export class SqlFragment<TRow = Record<string, unknown>> extends Expression<any> implements Executable<TRow> {
  declare readonly __row?: () => TRow;
  declare readonly node: SqlTemplateNode | UnsafeSqlNode;

  constructor(node: SqlTemplateNode | UnsafeSqlNode) {
    super(node);
  }

  toStatementNode(): SqlTemplateNode | UnsafeSqlNode {
    return this.node;
  }
}

export function isSqlFragment(value: unknown): value is SqlFragment {
  return value instanceof SqlFragment;
}

function templateValue(value: unknown): ExprNode {
  if (value instanceof Expression) return value.node;
  if (value instanceof Labeled) return value.expression.node;
  // Only a real Table becomes an identifier: a look-alike object from user input ({ name, c }) must stay a value (and be refused).
  if (value instanceof Table) return { kind: "identifier", names: [value.alias ?? value.name] };
  if (isSubqueryLike(value)) return { kind: "subquery", query: value.toSelectNode() };
  if (value === undefined) {
    throw new InvalidValueError("undefined was interpolated into sql``. Pass null for SQL NULL.");
  }
  return { kind: "param", value };
}

/**
 * Raw SQL with every `${value}` bound as a parameter. Columns, tables and
 * other expressions interpolate as SQL (quoted identifiers); nothing a user
 * passes as a value ever becomes SQL text.
 *
 * ```ts
 * sql`select * from ${users} where ${users.c.id} = ${id}`
 * ```
 */
// NoInfer: inline in execute(sql`...`), TRow would otherwise be inferred from the call around it (as undefined).
export function sql<TRow = Record<string, unknown>>(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment<NoInfer<TRow>> {
  return new SqlFragment<TRow>({ kind: "sql", strings: [...strings], values: values.map(templateValue) });
}

/** Text spliced into SQL exactly as given. Never pass user input here. */
sql.unsafe = function unsafe<TRow = Record<string, unknown>>(text: string): SqlFragment<NoInfer<TRow>> {
  if (typeof text !== "string") throw new InvalidValueError("sql.unsafe() takes a string.");
  return new SqlFragment<TRow>({ kind: "unsafe", text });
};

/** A quoted identifier (`sql.identifier("users")`, or `("public", "users")` for a qualified one). */
sql.identifier = function identifier(...names: string[]): SqlFragment {
  if (names.length === 0 || names.some((n) => typeof n !== "string" || n.length === 0)) {
    throw new InvalidValueError("sql.identifier() takes one or more non-empty names.");
  }
  return new SqlFragment({ kind: "sql", strings: ["", ""], values: [{ kind: "identifier", names }] });
};

/** Fragments joined by a separator (default `, `), e.g. for a dynamic column list. */
sql.join = function join(fragments: readonly unknown[], separator = ", "): SqlFragment {
  const strings = fragments.length === 0 ? [""] : ["", ...fragments.slice(1).map(() => separator), ""];
  return new SqlFragment({ kind: "sql", strings, values: fragments.map(templateValue) });
};
