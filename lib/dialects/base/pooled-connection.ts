import type { DriverConnection, DriverQuery, DriverResult } from "../driver";

/** Where a pooled connection goes back to. */
export interface ConnectionHome<C> {
  release(connection: C, broken: boolean): void;
}

/**
 * A driver connection that lives in a ConnectionPool and is lent to one
 * caller at a time. Giving it back twice (a release in a finally after an
 * error already did) gives it back once. A connection that saw its server go
 * away marks itself `broken`, and the pool closes it instead of lending it again.
 */
export abstract class PooledConnection implements DriverConnection {
  private lent = false;
  broken = false;

  constructor(private readonly home: ConnectionHome<PooledConnection>) {}

  abstract run(query: DriverQuery): Promise<DriverResult>;
  abstract cancel(): Promise<void>;
  abstract destroy(): void;
  /** Close the connection for good (the pool's close hook). */
  abstract close(): Promise<void> | void;

  /** Hand the connection to a caller (the driver's acquire). */
  lend(): this {
    this.lent = true;
    return this;
  }

  release(broken?: boolean): void {
    if (!this.lent) return;
    this.lent = false;
    this.home.release(this, broken === true || this.broken);
  }
}

/** The pool hooks of a driver whose connections are PooledConnections. */
export function pooledConnectionHooks<C extends PooledConnection>(open: () => Promise<C>) {
  return {
    open,
    close: (connection: C) => connection.close(),
    usable: (connection: C) => !connection.broken,
  };
}
