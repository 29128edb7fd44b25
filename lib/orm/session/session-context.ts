import { AsyncLocalStorage } from "node:async_hooks";
import type { Engine } from "../../engine";
import type { Session } from "./session";

/**
 * The session of the engine.transaction() whose callback is running, so
 * that Active Record calls made anywhere inside it join its transaction
 * instead of opening their own.
 */
const current = new AsyncLocalStorage<Session>();

export function runInSession<T>(session: Session, fn: () => Promise<T>): Promise<T> {
  return current.run(session, fn);
}

/** The session of the enclosing engine.transaction() on this engine, if any. */
export function currentSession(engine?: Engine): Session | undefined {
  const session = current.getStore();
  return session && (engine === undefined || session.engine === engine) ? session : undefined;
}
