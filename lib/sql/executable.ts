import type { SqlTemplateNode, StatementNode, UnsafeSqlNode } from "./nodes";

/** What a statement tree can be: a built statement or raw SQL from the `sql` template. */
export type ExecutableNode = StatementNode | SqlTemplateNode | UnsafeSqlNode;

/** Something `conn.execute()` can run. `TRow` is the type of its result rows. */
export interface Executable<TRow = Record<string, unknown>> {
  /**
   * Phantom, types only: the row type, inferred by execute(). A function type
   * so that `never` (a write without RETURNING has no rows) survives inference;
   * an optional property of type `never` would read as `undefined`.
   */
  readonly __row?: () => TRow;
  /** @internal */
  toStatementNode(): ExecutableNode;
}

export function isExecutable(value: unknown): value is Executable {
  return typeof value === "object" && value !== null && typeof (value as Executable).toStatementNode === "function";
}
