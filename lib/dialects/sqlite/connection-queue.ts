/**
 * A FIFO lock around SQLite's one connection: whoever holds it runs alone, so
 * two transactions never interleave on the connection; everyone else waits
 * in arrival order.
 */
export class ConnectionQueue {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}
