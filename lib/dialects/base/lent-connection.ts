import type { DriverConnection, DriverQuery, DriverResult } from "../driver";

/**
 * A driver connection lent to one caller until released: giving it back
 * twice (a release in a finally after an error already did) gives it back
 * once. Each driver says how to run a statement and how to give it back.
 */
export abstract class LentConnection implements DriverConnection {
  private isReleased = false;

  abstract run(query: DriverQuery): Promise<DriverResult>;

  release(broken?: boolean): void {
    if (this.isReleased) return;
    this.isReleased = true;
    this.giveBack(broken === true);
  }

  /** Return the connection to its pool, or discard it when `broken`. */
  protected abstract giveBack(broken: boolean): void;
}
