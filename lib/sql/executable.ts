import type { SqlTemplateNode, StatementNode, UnsafeSqlNode } from "./nodes";

/** What a statement tree can be: a built statement or raw SQL from the `sql` template. */
export type ExecutableNode = StatementNode | SqlTemplateNode | UnsafeSqlNode;

/** Something `conn.execute()` can run. `TRow` is the type of its result rows. */
export interface Executable<TRow = Record<string, unknown>> {
  readonly __row?: TRow;
  toStatementNode(): ExecutableNode;
}

export function isExecutable(value: unknown): value is Executable {
  return typeof value === "object" && value !== null && typeof (value as Executable).toStatementNode === "function";
}
