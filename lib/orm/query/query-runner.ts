import type { StatementOptions } from "../../engine";
import type { UnitOfWork } from "../unit-of-work/unit-of-work";
import type { LoadContext } from "./entity-query";

/** How a session operation runs: inside the transaction (beginning it), or as a read, and with which statement limits. */
export interface RunOptions {
  readonly transactional?: boolean;
  readonly statement?: StatementOptions;
  /** false: run without flushing pending changes first (refresh() discards them). */
  readonly autoflush?: boolean;
}

/**
 * What queries and loads need of their session (a Session is one): its unit
 * of work, and a way to run an operation on a connection (the transaction's,
 * or one for a read) after an autoflush.
 */
export interface QueryRunner {
  readonly uow: UnitOfWork;
  run<T>(operation: string, fn: (ctx: LoadContext) => Promise<T>, options?: RunOptions): Promise<T>;
  /** Throws SessionStateError naming `operation` when the session is closed or failed. */
  assertUsable(operation: string): void;
}
