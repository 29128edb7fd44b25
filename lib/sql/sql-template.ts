import { InvalidValueError } from "../errors";
import type { Executable } from "./executable";
import { describeValue, Expression, isSubqueryLike, Labeled } from "./expression";
import type { ExprNode, SqlTemplateNode, UnsafeSqlNode } from "./nodes";
import { identifierNode, paramNode, subqueryNode } from "./nodes/create-nodes";
import { sqlTemplateNode, unsafeSqlNode } from "./raw-sql";
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
  /** @internal */
  declare readonly node: SqlTemplateNode | UnsafeSqlNode;

  /** @internal */
  constructor(node: SqlTemplateNode | UnsafeSqlNode) {
    super(node);
  }

  /** @internal */
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
  if (value instanceof Table) return identifierNode([value.alias ?? value.name]);
  if (isSubqueryLike(value)) return subqueryNode(value.toSelectNode());
  if (value === undefined) {
    throw new InvalidValueError("undefined was interpolated into sql``. Pass null for SQL NULL.");
  }
  return paramNode(value);
}

/**
 * Whether `strings` is what JavaScript passes to a tag function: a frozen
 * array of strings with a frozen `raw` array of the same length. An array
 * from JSON or built in code is none of these, so `sql(JSON.parse(input))`
 * cannot make SQL text out of data.
 */
function isTemplateStrings(strings: unknown, valueCount: number): strings is TemplateStringsArray {
  if (!Array.isArray(strings) || !Object.isFrozen(strings) || strings.length !== valueCount + 1) return false;
  const raw = (strings as { raw?: unknown }).raw;
  return Array.isArray(raw) && Object.isFrozen(raw) && raw.length === strings.length;
}

/**
 * Raw SQL with every `${value}` bound as a parameter. Columns, tables and
 * other expressions interpolate as SQL (quoted identifiers); nothing a user
 * passes as a value ever becomes SQL text.
 *
 * ```ts
 * sql`select * from ${users} where ${users.c.id} = ${id}`
 * ```
 *
 * Only ever a tag: called as a function with an array (`sql(["..."])`) it
 * throws, as that array could come from data.
 */
// NoInfer: inline in execute(sql`...`), TRow would otherwise be inferred from the call around it (as undefined).
export function sql<TRow = Record<string, unknown>>(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment<NoInfer<TRow>> {
  if (!isTemplateStrings(strings, values.length)) {
    throw new InvalidValueError(
      `sql was called as a function with ${describeValue(strings)}; use it as a tagged template, sql\`select ... where id = \${id}\` (every \${} a bound parameter), or sql.unsafe(text) for SQL text you wrote yourself (never user input).`,
    );
  }
  // A tag gets undefined for the text around an invalid escape sequence (\u without hex digits).
  const bad = strings.findIndex((s) => typeof s !== "string");
  if (bad !== -1) {
    throw new InvalidValueError(
      `This sql\`\` template has an invalid escape sequence in ${JSON.stringify(strings.raw[bad])}; write a backslash as \\\\.`,
    );
  }
  return new SqlFragment<TRow>(sqlTemplateNode(strings, values.map(templateValue)));
}

/** Text spliced into SQL exactly as given. Never pass user input here. */
sql.unsafe = function unsafe<TRow = Record<string, unknown>>(text: string): SqlFragment<NoInfer<TRow>> {
  if (typeof text !== "string") throw new InvalidValueError(`sql.unsafe() takes a string of SQL, got ${describeValue(text)}.`);
  return new SqlFragment<TRow>(unsafeSqlNode(text));
};

/** A quoted identifier (`sql.identifier("users")`, or `("public", "users")` for a qualified one). */
sql.identifier = function identifier(...names: string[]): SqlFragment {
  if (names.length === 0 || names.some((n) => typeof n !== "string" || n.length === 0)) {
    throw new InvalidValueError("sql.identifier() takes one or more non-empty names.");
  }
  return new SqlFragment(sqlTemplateNode(["", ""], [identifierNode(names)]));
};

/**
 * Fragments joined by a separator (default `, `), e.g. for a dynamic column
 * list. Each item interpolates as in sql`` (values bound); the separator is
 * SQL text, spliced like sql.unsafe(): never user input.
 */
sql.join = function join(fragments: readonly unknown[], separator = ", "): SqlFragment {
  if (!Array.isArray(fragments))
    throw new InvalidValueError(`sql.join() takes an array of fragments or values, got ${describeValue(fragments)}.`);
  if (typeof separator !== "string") throw new InvalidValueError(`sql.join() takes a string separator, got ${describeValue(separator)}.`);
  const strings = fragments.length === 0 ? [""] : ["", ...fragments.slice(1).map(() => separator), ""];
  return new SqlFragment(sqlTemplateNode(strings, fragments.map(templateValue)));
};
