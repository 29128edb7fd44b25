import type { ExprNode, SqlTemplateNode, UnsafeSqlNode } from "./nodes";

/**
 * The brand of raw SQL nodes: the only nodes whose text is spliced into a
 * statement as it is. Membership is private to this module, so only the
 * factories below (used by sql``, sql.unsafe, sql.identifier, sql.join and
 * Strata's own code) can make a node the compiler will splice; an object of
 * the same shape from anywhere else (JSON from a request above all) is
 * refused by the compiler. A WeakSet rather than a symbol property keeps the
 * nodes plain data: equal to a look-alike in tests, and written to migration
 * files as they are.
 *
 * Not exported from lib/sql's index: internal to Strata.
 */
const MADE_BY_STRATA = new WeakSet<object>();

/** A sql`` node: literal text between values (already nodes). Freezes what it is given. */
export function sqlTemplateNode(strings: readonly string[], values: readonly ExprNode[]): SqlTemplateNode {
  const node: SqlTemplateNode = Object.freeze({ kind: "sql", strings: Object.freeze([...strings]), values: Object.freeze([...values]) });
  MADE_BY_STRATA.add(node);
  return node;
}

/** A node whose text is spliced in as it is: sql.unsafe(), and SQL Strata writes or reads back itself (catalog defaults). */
export function unsafeSqlNode(text: string): UnsafeSqlNode {
  const node: UnsafeSqlNode = Object.freeze({ kind: "unsafe", text });
  MADE_BY_STRATA.add(node);
  return node;
}

/** Whether a raw SQL node was made by the factories above (and so may be spliced into SQL). */
export function isRawSqlNodeOfStrata(node: SqlTemplateNode | UnsafeSqlNode): boolean {
  return MADE_BY_STRATA.has(node);
}
