import { SqlCompiler } from "../base/sql-compiler";

export class PostgresCompiler extends SqlCompiler {
  protected placeholder(position: number): string {
    return `$${position}`;
  }

  protected ilike(left: string, right: string): string {
    return `${left} ILIKE ${right}`;
  }

  /** A backslash is already PostgreSQL's LIKE escape character. */
  protected likeEscape(): string {
    return "";
  }
}
