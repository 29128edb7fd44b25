import type { InsertColumnNode } from "../../sql/nodes";
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
