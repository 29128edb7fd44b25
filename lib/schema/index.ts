import type { Dialect, IntrospectedTable } from "../dialects";
import type { Engine } from "../engine";
import { UsageError } from "../errors";
import type { SchemaOperation } from "../dialects/base/schema-change";

export type * from "../dialects/base/schema-change";

/** What a sync would do: the operations, their SQL in run order, and what was found but left alone. */
export interface SyncPlan {
  readonly operations: SchemaOperation[];
  readonly statements: string[];
  readonly warnings: string[];
}

/** Introspect the database, diff it against the engine's entities and compile the operations. Runs nothing. */
export function planSync(_engine: Engine, _options?: { allowDrop?: boolean }): Promise<SyncPlan> {
  throw new UsageError("planSync is not implemented yet.");
}

/** Run a plan's statements (in one transaction where the dialect has transactional DDL). */
export function applySync(_engine: Engine, _plan: SyncPlan, _options?: { onStatement?: (sql: string) => void }): Promise<void> {
  throw new UsageError("applySync is not implemented yet.");
}

/** The SQL for operations, in the order given (used for migration up/down). */
export function compileOperations(_dialect: Dialect, _operations: SchemaOperation[]): string[] {
  throw new UsageError("compileOperations is not implemented yet.");
}

/** The operations that undo the given ones, in reverse order (a generated migration's down()). */
export function reverseOperations(_operations: SchemaOperation[], _live: IntrospectedTable[]): SchemaOperation[] {
  throw new UsageError("reverseOperations is not implemented yet.");
}
