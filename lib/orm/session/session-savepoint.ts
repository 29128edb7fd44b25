import type { TransactionSql } from "../../dialects";
import type { Connection } from "../../engine";
import { ConnectionError, SessionStateError } from "../../errors";
import type { SavepointMark } from "../unit-of-work/savepoint-mark";
import type { UnitOfWork } from "../unit-of-work/unit-of-work";

/** What a session's savepoints need of it. */
export interface SavepointSession {
  readonly uow: UnitOfWork;
  /** Write pending changes (a savepoint's commit flushes before its RELEASE). */
  flush(): Promise<void>;
  /** Roll the whole transaction back after this error; the session then refuses work until rollback(). */
  abort(error: Error): Promise<void>;
  /** Throw if the session is running an operation: a rollback must not run under a flush. */
  assertIdle(operation: string): void;
}

/** Run `fn` in an open savepoint: commit it when `fn` resolves, roll back to it when `fn` throws (a no-op if a failed flush did). */
export async function runInSavepoint<T>(
  savepoint: { commit(): Promise<void>; rollback(): Promise<void> },
  fn: () => Promise<T>,
): Promise<T> {
  try {
    const value = await fn();
    await savepoint.commit();
    return value;
  } catch (error) {
    await savepoint.rollback();
    throw error;
  }
}

/**
 * One savepoint of a session's transaction, and the handle beginNested()
 * gives for it: commit() flushes and releases it, rollback() rolls back to
 * it. Either is a no-op once it has ended, but commit() of a savepoint
 * that was rolled back (by its rollback(), a failed flush inside it, an
 * enclosing savepoint's rollback, or with the whole transaction) throws.
 */
export class Savepoint {
  /** @internal Why it ended, once it has; `rolledBack` false: released or committed, its work kept. */
  ended?: { readonly rolledBack: boolean; readonly why: string };

  constructor(
    private readonly savepoints: SessionSavepoints,
    /** @internal Its name in SQL. */
    readonly name: string,
    /** @internal The transaction's connection. */
    readonly conn: Connection,
    /** @internal The tracked objects as it began, which rolling back to it restores. */
    readonly mark: SavepointMark,
  ) {}

  /** Flush, then RELEASE SAVEPOINT: its work becomes part of the enclosing transaction (or savepoint). */
  commit(): Promise<void> {
    return this.savepoints.commit(this);
  }

  /** ROLLBACK TO SAVEPOINT, then RELEASE it; the tracked objects are as they were when it began. */
  rollback(): Promise<void> {
    return this.savepoints.rollback(this);
  }
}

/**
 * The savepoints open in a session's transaction, innermost last. Each
 * holds a mark of the unit of work taken as it began (after the flush that
 * begins it, so every tracked object is clean), and rolling back to it puts
 * the objects back as of that mark (see savepoint-mark.ts). A mark records
 * every object tracked at its savepoint's start, so the enclosing
 * savepoint's mark already holds what it must restore: releasing an inner
 * savepoint merges nothing and just drops its mark.
 */
export class SessionSavepoints {
  private readonly open: Savepoint[] = [];
  private count = 0;

  constructor(
    private readonly sql: TransactionSql,
    private readonly session: SavepointSession,
  ) {}

  /** SAVEPOINT, after the session flushed: the objects are marked as they are now. */
  async begin(conn: Connection): Promise<Savepoint> {
    const savepoint = new Savepoint(this, `strata_session_sp_${++this.count}`, conn, this.session.uow.mark());
    await conn.runSql(this.sql.savepoint(savepoint.name));
    this.open.push(savepoint);
    return savepoint;
  }

  async commit(savepoint: Savepoint): Promise<void> {
    if (savepoint.ended?.rolledBack) {
      throw new SessionStateError(
        `This savepoint was rolled back ${savepoint.ended.why}, so commit() has nothing to write: its changes are not in the database and the session's objects are as they were when it began. Make the changes again (in a new beginNested() or session.transaction()) and commit that.`,
      );
    }
    if (savepoint.ended) return;
    await this.session.flush();
    // A failed flush rolled back the innermost savepoint and threw; one that succeeded leaves this one open.
    try {
      await savepoint.conn.runSql(this.sql.releaseSavepoint(savepoint.name));
    } catch (error) {
      // Only a lost connection fails a RELEASE: the transaction cannot go on.
      await this.session.abort(error as Error);
      throw error;
    }
    this.endFrom(savepoint, false, "released");
  }

  async rollback(savepoint: Savepoint): Promise<void> {
    if (savepoint.ended) return;
    this.session.assertIdle("rollback");
    await this.rollBackTo(savepoint, "by its rollback()");
  }

  /**
   * A flush failed inside a savepoint: roll back to the innermost one, in
   * the database and in memory, so that the error undoes only its work and
   * the session goes on. False when none is open, the connection is lost,
   * or the ROLLBACK TO SAVEPOINT fails: the caller ends the whole transaction.
   */
  async recover(error: Error): Promise<boolean> {
    const savepoint = this.open.at(-1);
    if (savepoint === undefined || error instanceof ConnectionError) return false;
    try {
      await this.rollBackTo(savepoint, `after an error in a flush inside it (${error.message})`, true);
    } catch {
      return false;
    }
    return true;
  }

  /** The transaction ended (COMMIT, ROLLBACK): every savepoint still open ends with it. */
  endAll(rolledBack: boolean, why: string): void {
    if (this.open.length > 0) this.endFrom(this.open[0], rolledBack, why, why);
    this.count = 0;
  }

  /**
   * ROLLBACK TO SAVEPOINT and RELEASE it (with the savepoints inside it),
   * then restore the objects as of its mark. If that SQL fails, the whole
   * transaction is rolled back (unless `quiet`, when the caller does it)
   * and the error is thrown.
   */
  private async rollBackTo(savepoint: Savepoint, why: string, quiet = false): Promise<void> {
    try {
      await savepoint.conn.runSql(this.sql.rollbackToSavepoint(savepoint.name));
      await savepoint.conn.runSql(this.sql.releaseSavepoint(savepoint.name));
    } catch (error) {
      if (!quiet) await this.session.abort(error as Error);
      throw error;
    }
    this.endFrom(savepoint, true, why);
    this.session.uow.restore(savepoint.mark);
  }

  /** End this savepoint and those opened inside it (the database released or rolled them back with it). */
  private endFrom(savepoint: Savepoint, rolledBack: boolean, why: string, innerWhy = "with an enclosing savepoint"): void {
    const at = this.open.indexOf(savepoint);
    if (at < 0) return;
    for (let i = at; i < this.open.length; i++) this.open[i].ended = { rolledBack, why: i === at ? why : innerWhy };
    this.open.length = at;
  }
}
