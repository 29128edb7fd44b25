import type { StatementOptions, TransactionOptions } from "../../engine";
import type { TransactionMode } from "./session-transaction";

export interface SessionOptions extends StatementOptions {
  /** Flush pending changes before running a query, so the query sees them (default true). */
  readonly autoflush?: boolean;
  /** Isolation level of the transactions this session begins; with one, reads run in the transaction too. */
  readonly isolation?: TransactionOptions["isolation"];
  /**
   * When the transaction begins: "lazy" (default) at the first flush,
   * begin(), savepoint or forUpdate(), reads before it in autocommit;
   * "eager" at the first statement, so all reads see one snapshot.
   */
  readonly transaction?: TransactionMode;
}
