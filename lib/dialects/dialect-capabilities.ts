/** What a database can do. Code asks these flags; it never branches on the dialect's name. */
export interface DialectCapabilities {
  /** INSERT/UPDATE/DELETE ... RETURNING. */
  readonly returning: boolean;
  /** DDL inside a transaction rolls back with it. */
  readonly transactionalDdl: boolean;
  /** Most bound parameters in one statement. */
  readonly maxParameters: number;
  /** Foreign keys can be added to an existing table (else they must be part of CREATE TABLE). */
  readonly alterTableAddForeignKey: boolean;
  /**
   * How the generated keys of a multi-row INSERT are learned: from RETURNING
   * (in VALUES order), or from the id the driver reports, which is the first
   * (MySQL) or the last (SQLite) of a consecutive run.
   */
  readonly generatedKeys: "returning" | "first-insert-id" | "last-insert-id";
}
