import { type Engine, type Executable, StrataError } from "../../lib";
import type { CompiledQuery } from "../../lib/dialects";
import type { TestDialect } from "./servers";

// biome-ignore lint/suspicious/noExplicitAny: matches the constructor of any error class.
type ErrorClass<E> = abstract new (...args: any[]) => E;

/**
 * Run `action` (a promise or a function) and check that it fails with
 * `errorClass`, a StrataError with this `code`, whose message contains every
 * part given (the "what went wrong" and the "how to fix it"). Returns the
 * error for further checks.
 */
export async function expectStrataError<E extends StrataError>(
  action: Promise<unknown> | (() => unknown),
  errorClass: ErrorClass<E>,
  code: string,
  ...messageParts: (string | RegExp)[]
): Promise<E> {
  let thrown = false;
  let caught: unknown;
  try {
    if (typeof action === "function") await action();
    else await action;
  } catch (error) {
    thrown = true;
    caught = error;
  }
  if (!thrown) throw new Error(`Expected ${errorClass.name} (${code}), but nothing was thrown.`);
  expect(caught).toBeInstanceOf(StrataError);
  expect(caught).toBeInstanceOf(errorClass);
  const error = caught as E;
  expect(error.code).toBe(code);
  for (const part of messageParts) expect(error.message).toMatch(part);
  return error;
}

/** The SQL text and parameters a statement compiles to on this engine's dialect. */
export function compiled(engine: Engine, statement: Executable<unknown>): Pick<CompiledQuery, "sql" | "params"> {
  const { sql, params } = engine.dialect.compiler.compile(statement.toStatementNode());
  return { sql, params };
}

/**
 * PostgreSQL-spelled SQL as another dialect spells it, for statements where
 * the dialects differ only in identifier quotes ("x" vs `x`) and placeholders
 * ($1 vs ?). Statements that differ in more are written out per dialect.
 */
export function inDialect(dialect: TestDialect, postgresSql: string): string {
  if (dialect === "postgres") return postgresSql;
  const placeholders = postgresSql.replace(/\$\d+/g, "?");
  return dialect === "mysql" ? placeholders.replace(/"/g, "`") : placeholders;
}

/**
 * Check that `cause` is a driver's own error, not one of ours. (Not
 * `instanceof Error`: native drivers keep the Error class of the first test
 * file that loaded them, so their errors may come from another realm.)
 */
export function expectDriverError(cause: unknown): void {
  expect(typeof cause).toBe("object");
  expect(typeof (cause as Error).message).toBe("string");
  expect((cause as Error).message.length).toBeGreaterThan(0);
  expect(cause).not.toBeInstanceOf(StrataError);
}
