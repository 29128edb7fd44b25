import { Engine as CoreEngine, type EngineOptions, engineParts, type StatementOptions, type TransactionOptions } from "../../engine";
import { DeadlockError, SerializationError, UsageError } from "../../errors";
import { schemaStartupCheck } from "../../schema";
import { Session } from "./session";
import { runInSession } from "./session-context";

export interface EngineTransactionOptions extends TransactionOptions, StatementOptions {
  /**
   * How many times to run `fn` again when the database aborts the
   * transaction as a serialization failure or a deadlock (PostgreSQL
   * 40001/40P01, MySQL 1213), waiting a little longer each time. Default 0.
   */
  readonly retries?: number;
}

const MAX_BACKOFF_MS = 1000;

/**
 * The engine applications use: a Core engine (connections, Core statements,
 * createAll) with the ORM's entry point, transaction(). It is the Core
 * Engine class extended, so the Core layer knows nothing of sessions and
 * Core code takes it as any engine.
 */
export class Engine extends CoreEngine {
  /**
   * Run `fn` with a new Session whose transaction begins at its first
   * statement (reads included): commit when it resolves, roll back when it
   * throws, close either way. Active Record calls inside join this
   * transaction. With `retries`, serialization failures and deadlocks run
   * `fn` again in a fresh session (so `fn` must be safe to repeat).
   * `statementTimeoutMillis` limits each statement; `signal` cancels the
   * one running when it aborts, and refuses the ones after.
   *
   * ```ts
   * await engine.transaction(async (s) => { (await s.getOrFail(User, 1)).name = "Ayaan"; }, { isolation: "serializable", retries: 3 });
   * ```
   */
  async transaction<T>(fn: (session: Session) => Promise<T>, options: EngineTransactionOptions = {}): Promise<T> {
    const retries = options.retries ?? 0;
    if (!Number.isSafeInteger(retries) || retries < 0)
      throw new UsageError(`retries must be a whole number, 0 or more; got ${options.retries}.`);
    for (let attempt = 0; ; attempt++) {
      // Eager: the callback asked for a transaction, so its reads run in it too (a read-modify-write sees one snapshot).
      const session = new Session(this, {
        isolation: options.isolation,
        transaction: "eager",
        statementTimeoutMillis: options.statementTimeoutMillis,
        signal: options.signal,
      });
      try {
        const value = await runInSession(session, () => fn(session));
        await session.commit();
        return value;
      } catch (error) {
        await session.close();
        const retryable = error instanceof SerializationError || error instanceof DeadlockError;
        if (!retryable || attempt >= retries) throw error;
        // Jittered exponential backoff, so transactions that collided do not collide again in step.
        const delay = Math.min(MAX_BACKOFF_MS, 5 * 2 ** attempt) * (0.5 + Math.random());
        await new Promise((resolve) => setTimeout(resolve, delay));
      } finally {
        await session.close();
      }
    }
  }
}

/**
 * Create an engine for a database URL. Nothing connects until the first
 * statement; a bad URL, a missing driver package or a bad entity mapping
 * (MappingError) fails here, at once.
 *
 * ```ts
 * const engine = createEngine("sqlite:///tasks.db", { echo: true });
 * const pg = createEngine("postgresql://user:password@localhost:5432/app", { pool: { max: 10 }, statementTimeoutMillis: 5000 });
 * ```
 */
export function createEngine(url: string, options: EngineOptions = {}): Engine {
  const parts = engineParts(url, options);
  // The schema check (schemaCheck) is the schema layer's, which the engine layer below it cannot import: handed in from here.
  return new Engine(options.schemaCheck ? { ...parts, startupCheck: schemaStartupCheck(options.schemaCheck) } : parts);
}
