import type { Driver, DriverConnection } from "../driver";
import { ConnectionPool, type PoolSettings, type PoolStats } from "./connection-pool";
import { type ConnectionHome, type PooledConnection, pooledConnectionHooks } from "./pooled-connection";

/**
 * A driver whose connections live in one ConnectionPool: acquire() lends a
 * pooled connection, and the pool's counts and its end are the driver's.
 * A dialect's driver says only how to open one connection.
 */
export abstract class PooledDriver<C extends PooledConnection> implements Driver {
  protected readonly pool: ConnectionPool<C>;

  /** `open` makes one connection that goes back to `home` when released. */
  protected constructor(settings: PoolSettings, open: (home: ConnectionHome<PooledConnection>) => Promise<C>) {
    this.pool = new ConnectionPool(
      pooledConnectionHooks(() => open(this.pool)),
      settings,
    );
  }

  async acquire(): Promise<DriverConnection> {
    return (await this.pool.acquire()).lend();
  }

  stats(): PoolStats {
    return this.pool.stats();
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}

/**
 * A new connection once `setUp` (connecting, session settings) has run on it;
 * one whose set-up fails is closed by `discard` and never reaches the pool.
 */
export async function setUpOrDiscard<C>(connection: C, setUp: () => Promise<unknown> | unknown, discard: () => unknown): Promise<C> {
  try {
    await setUp();
  } catch (error) {
    discard();
    throw error;
  }
  return connection;
}
