import type { EchoEvent } from "../../../lib";

const TRANSACTION_CONTROL = /^(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SET TRANSACTION|SAVEPOINT|RELEASE|SELECT @@)/i;

/** The statements that read or write data: transaction control and server-variable probes left out. */
export function dataStatements(statements: readonly EchoEvent[]): EchoEvent[] {
  return statements.filter((s) => !TRANSACTION_CONTROL.test(s.sql.trimStart()));
}

/** The statements of one kind (INSERT, UPDATE, DELETE, SELECT) on one table, quoted either way. */
export function statementsOn(
  statements: readonly EchoEvent[],
  kind: "INSERT" | "UPDATE" | "DELETE" | "SELECT",
  table: string,
): EchoEvent[] {
  const target = kind === "INSERT" ? "INSERT INTO" : kind === "UPDATE" ? "UPDATE" : kind === "DELETE" ? "DELETE FROM" : "SELECT";
  const quoted = `["\`]${table}["\`]`;
  const pattern = kind === "SELECT" ? new RegExp(`^SELECT .* FROM ${quoted}`, "s") : new RegExp(`^${target} ${quoted}`);
  return statements.filter((s) => pattern.test(s.sql));
}

/** The first word of each data statement, for asserting on the shape of a flush. */
export function statementKinds(statements: readonly EchoEvent[]): string[] {
  return dataStatements(statements).map((s) => s.sql.split(/\s+/, 1)[0].toUpperCase());
}

/** The columns an UPDATE sets, in order: `UPDATE "t" SET "a" = $1, "b" = $2 WHERE ...` gives ["a", "b"]. */
export function updatedColumns(sqlText: string): string[] {
  const set = /\bSET (.*?) WHERE /s.exec(sqlText)?.[1] ?? "";
  return [...set.matchAll(/["`]([^"`]+)["`] = /g)].map((m) => m[1]);
}
