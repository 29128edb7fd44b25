import type { InsertColumnNode, SelectionNode } from "../../sql/nodes";
import { type CompileContext, SqlCompiler } from "../base/sql-compiler";

export class SqliteCompiler extends SqlCompiler {
  protected limitOffset(limit: number | undefined, offset: number | undefined, ctx: CompileContext): string {
    // SQLite has no OFFSET without LIMIT; -1 means no limit.
    if (limit === undefined && offset !== undefined) return ` LIMIT -1 OFFSET ${this.param(offset, ctx)}`;
    return super.limitOffset(limit, offset, ctx);
  }

  /** SQLite accepts no DEFAULT inside VALUES: write the column's default (or NULL, which numbers an INTEGER PRIMARY KEY). */
  protected insertDefault(column: InsertColumnNode, ctx: CompileContext): string {
    const d = column.default;
    if (!d || column.autoIncrement) return "NULL";
    if (d.kind === "expression") return this.expr(d.expr, ctx);
    return this.param(this.codec.encode(d.value, column.type, column.name), ctx);
  }

  /** SQLite locks the whole database for a write transaction; FOR UPDATE does not exist. */
  protected forUpdateClause(): string {
    return "";
  }
}

/**
 * The compiler of an engine on the sqlite3 driver, which reads every
 * integer as a double (exact only up to 2^53) and has no way to ask for
 * bigints: a bigint column is selected as its decimal text, which the codec
 * reads back as the exact bigint. better-sqlite3 asks for bigints instead
 * (safeIntegers), so its SQL has no CAST.
 */
export class Sqlite3Compiler extends SqliteCompiler {
  protected selectionList(items: readonly SelectionNode[], ctx: CompileContext): string {
    if (!items.some((s) => s.type?.kind === "bigint")) return super.selectionList(items, ctx);
    return items
      .map((s) => {
        const e = this.expr(s.expr, ctx);
        if (s.type?.kind === "bigint") return `CAST(${e} AS TEXT) AS ${this.quoteIdentifier(s.key)}`;
        return s.expr.kind === "column" && s.expr.name === s.key ? e : `${e} AS ${this.quoteIdentifier(s.key)}`;
      })
      .join(", ");
  }
}
