import { createEngine, type Engine, sql } from "../../../lib";
import { Note } from "../../fixtures/notes/note";
import { CrashWatch } from "./crash-watch";

/** What a connection-loss test needs of its throwaway server. */
interface ThrowawayServer {
  readonly url: string;
  destroy(): Promise<void>;
}

/** The server, the engine on it (notes table created) and the recovery times a suite measured. */
export interface ConnectionLossHarness<S extends ThrowawayServer> {
  server: S;
  engine: Engine;
  /** Milliseconds from a fault to the first query that succeeds again, by fault; printed after the suite. */
  readonly recoveries: Record<string, number>;
  /** Rows in notes: the probe that the database is answering again. */
  noteCount(): Promise<number>;
}

/**
 * Registers the hooks every connection-loss suite shares: start the server
 * and an engine of four connections on it, fail any test during which the
 * process saw an unhandled error or rejection (a crash in production), and
 * tear everything down after, printing the recovery times.
 */
export function connectionLossHarness<S extends ThrowawayServer>(label: string, start: () => Promise<S>): ConnectionLossHarness<S> {
  const watch = new CrashWatch();
  const harness = {
    recoveries: {},
    async noteCount() {
      return Number((await harness.engine.execute(sql<{ n: number | string }>`SELECT count(*) AS n FROM notes`)).one().n);
    },
  } as ConnectionLossHarness<S>;

  beforeAll(async () => {
    harness.server = await start();
    harness.engine = createEngine(harness.server.url, { entities: [Note], pool: { max: 4, acquireTimeoutMillis: 5_000 } });
    await harness.engine.createAll();
  }, 60_000);

  afterAll(async () => {
    await harness.engine?.dispose();
    await harness.server?.destroy();
    console.log(`${label} recovery times (ms): ${JSON.stringify(harness.recoveries)}`);
  });

  beforeEach(() => watch.start());
  afterEach(() => {
    watch.stop();
    expect(watch.crashes).toEqual([]);
  });

  return harness;
}
