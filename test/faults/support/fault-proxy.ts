import { connect, createServer, type Server, type Socket } from "node:net";
import { freePort } from "./free-port";

interface Pair {
  readonly client: Socket;
  readonly server: Socket;
  /** Bytes the server sent since cutAfter() was last called. */
  sentByServer: number;
}

/**
 * A TCP proxy between Strata and a database server, for faults a real
 * network has: added latency, every connection cut at once, a connection
 * cut after the server has sent some bytes (mid-result), and a black hole
 * (sockets stay open, nothing passes: a half-open connection, as a dead
 * host or a dropped route leaves it).
 */
export class FaultProxy {
  private readonly pairs = new Set<Pair>();
  private latencyMillis = 0;
  private blackholed = false;
  private cutAfterServerBytes?: number;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number, targetHost = "127.0.0.1"): Promise<FaultProxy> {
    const port = await freePort();
    let proxy!: FaultProxy;
    const server = createServer((client) => proxy.accept(client, targetHost, targetPort));
    proxy = new FaultProxy(server, port);
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    return proxy;
  }

  /** The same URL, through the proxy. */
  rewrite(url: string): string {
    return url.replace(/@127\.0\.0\.1:\d+/, `@127.0.0.1:${this.port}`);
  }

  /** Delay every chunk in both directions by this much. */
  setLatency(ms: number): void {
    this.latencyMillis = ms;
  }

  /** Stop passing bytes (both ways) while keeping every socket open; new connections hang too. false lets traffic through again. */
  setBlackhole(on: boolean): void {
    this.blackholed = on;
  }

  /** Cut a connection once the server has sent it this many more bytes (a result cut short); undefined turns it off. */
  cutAfter(serverBytes: number | undefined): void {
    this.cutAfterServerBytes = serverBytes;
    for (const pair of this.pairs) pair.sentByServer = 0;
  }

  /** Reset every open connection now, as a failover or a dropped route does. */
  cutAll(): void {
    for (const pair of this.pairs) this.destroy(pair);
  }

  get openConnections(): number {
    return this.pairs.size;
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, host: string, port: number): void {
    const server = connect(port, host);
    const pair: Pair = { client, server, sentByServer: 0 };
    this.pairs.add(pair);
    const forward = (from: Socket, to: Socket, fromServer: boolean) => {
      from.on("data", (chunk: Buffer) => {
        if (this.blackholed) return;
        if (fromServer && this.cutAfterServerBytes !== undefined) {
          pair.sentByServer += chunk.length;
          if (pair.sentByServer > this.cutAfterServerBytes) {
            to.write(chunk.subarray(0, chunk.length - (pair.sentByServer - this.cutAfterServerBytes)));
            this.destroy(pair);
            return;
          }
        }
        if (this.latencyMillis > 0) setTimeout(() => to.writable && to.write(chunk), this.latencyMillis);
        else to.write(chunk);
      });
    };
    forward(client, server, false);
    forward(server, client, true);
    const end = () => this.destroy(pair);
    client.on("error", end);
    server.on("error", end);
    client.on("close", end);
    server.on("close", end);
  }

  private destroy(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.destroy();
    pair.server.destroy();
  }
}
