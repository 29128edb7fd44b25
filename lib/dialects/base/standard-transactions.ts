import type { IsolationLevel, TransactionSql } from "../dialect";

/** Transaction SQL as the SQL standard spells it; dialects override `begin` where they differ. */
export class StandardTransactions implements TransactionSql {
  readonly commit = "COMMIT";
  readonly rollback = "ROLLBACK";

  constructor(private readonly quote: (name: string) => string) {}

  begin(isolation?: IsolationLevel): readonly string[] {
    return [isolation ? `BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}` : "BEGIN"];
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
