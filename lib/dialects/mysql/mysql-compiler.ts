import type { InsertNode, OnConflictNode } from "../../sql/nodes";
import { type CompileContext, SqlCompiler } from "../base/sql-compiler";

/** The largest LIMIT MySQL accepts: how it spells "no limit" when only OFFSET is given. */
const NO_LIMIT = "18446744073709551615";

export class MysqlCompiler extends SqlCompiler {
  quoteIdentifier(name: string): string {
    return `\`${name.replace(/`/g, "``")}\``;
  }

  protected limitOffset(limit: number | undefined, offset: number | undefined, ctx: CompileContext): string {
    if (limit === undefined && offset !== undefined) return ` LIMIT ${NO_LIMIT} OFFSET ${this.param(offset, ctx)}`;
    return super.limitOffset(limit, offset, ctx);
  }

  protected excluded(name: string): string {
    return `VALUES(${this.quoteIdentifier(name)})`;
  }

  /** MySQL has one upsert form for every unique key; DO NOTHING is an update that changes nothing. */
  protected onConflict(node: OnConflictNode, ctx: CompileContext, insert: InsertNode): string {
    if (!node.set) {
      const col = this.quoteIdentifier(node.target[0] ?? insert.columns[0].name);
      return ` ON DUPLICATE KEY UPDATE ${col} = ${col}`;
    }
    return ` ON DUPLICATE KEY UPDATE ${this.assignments(node.set, ctx)}`;
  }

  protected insertDefaultValuesRow(): string {
    return " () VALUES ()";
  }
}
