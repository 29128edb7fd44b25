import { ConnectionError, type Engine, sql } from "../../../lib";
import { sleep, timeToRecover, within } from "./crash-watch";

/** What a throwaway server offers a restart test. */
interface RestartableServer {
  stop(mode: "fast" | "immediate"): Promise<void>;
  startServer(): Promise<void>;
}

export interface RestartOutcome {
  readonly ok: number;
  readonly connectionErrors: number;
  /** Anything other than a ConnectionError: there should be none. */
  readonly other: unknown[];
  /** From the server being up again to the first query that succeeds. */
  readonly recoveryMillis: number;
}

/**
 * Stops the server while four workers query through the engine, starts it
 * again, and reports what the workers saw. Every worker must end (a hung
 * promise fails the wait) and every error must be a ConnectionError.
 */
export async function restartUnderLoad(engine: Engine, server: RestartableServer, probe: () => Promise<unknown>): Promise<RestartOutcome> {
  let stop = false;
  const outcome = { ok: 0, connectionErrors: 0, other: [] as unknown[], recoveryMillis: 0 };
  const worker = async () => {
    while (!stop) {
      try {
        await engine.execute(sql`SELECT 1`);
        outcome.ok++;
      } catch (error) {
        if (error instanceof ConnectionError) outcome.connectionErrors++;
        else outcome.other.push(error);
        await sleep(20);
      }
    }
  };
  const workers = [1, 2, 3, 4].map(worker);
  await sleep(300);
  await server.stop("fast");
  await sleep(500);
  const upAt = performance.now();
  await server.startServer();
  outcome.recoveryMillis = (await timeToRecover(probe, 10_000)) + (performance.now() - upAt);
  await sleep(200);
  stop = true;
  await within(Promise.all(workers), 10_000, "the query workers");
  return outcome;
}
