import { ConfigError } from "../../errors";
import type { IsolationLevel, TransactionSql } from "../dialect";

const ISOLATION_LEVELS: readonly IsolationLevel[] = ["read uncommitted", "read committed", "repeatable read", "serializable"];

/** Transaction SQL as the SQL standard spells it; dialects override `begin` where they differ. */
export class StandardTransactions implements TransactionSql {
  readonly commit = "COMMIT";
  readonly rollback = "ROLLBACK";

  constructor(private readonly quote: (name: string) => string) {}

  begin(isolation?: IsolationLevel): readonly string[] {
    const level = this.isolationSql(isolation);
    return [level ? `BEGIN ISOLATION LEVEL ${level}` : "BEGIN"];
  }

  /** The isolation level as SQL (`READ COMMITTED`), after checking it is one: it is written into the SQL text. */
  protected isolationSql(isolation: IsolationLevel | undefined): string | undefined {
    if (isolation === undefined) return undefined;
    if (!ISOLATION_LEVELS.includes(isolation)) {
      throw new ConfigError(
        `Unknown transaction isolation level ${JSON.stringify(isolation)}; use one of: ${ISOLATION_LEVELS.join(", ")}.`,
      );
    }
    return isolation.toUpperCase();
  }

  savepoint(name: string): string {
    return `SAVEPOINT ${this.quote(name)}`;
  }

  releaseSavepoint(name: string): string {
    return `RELEASE SAVEPOINT ${this.quote(name)}`;
  }

  rollbackToSavepoint(name: string): string {
    return `ROLLBACK TO SAVEPOINT ${this.quote(name)}`;
  }
}
